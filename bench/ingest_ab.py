#!/usr/bin/env python
"""The ingest of this checkout against another one (e.g. a worktree of an earlier commit with
its own virtualenv), paired on the same plans in one run.

Each variant is bench/scale.py's child process (`ingest(workers=W)`, no index, links or dumps)
run by that checkout's interpreter; rounds alternate the variants, so the load of a shared
machine falls on both alike. Printed: wall time, seconds per stage (summed over the reader
processes), the ratios, and whether both stores hold the same plan triples (the pipeline
marker aside: it names the code that read the plan, which differs by construction).

    git worktree add /tmp/base COMMIT && (cd /tmp/base && python3 -m venv .venv && .venv/bin/pip install -e .)
    python bench/ingest_ab.py --before /tmp/base [--plans 20] [--workers 2] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import make_plans  # noqa: E402
from scale import CHILD  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("reading", "NER", "graph", "SHACL", "store")
# every plan graph's triples as N-Triples lines, the pipeline marker left out
DUMP = """
import json, sys
from boussole.graph.store import GraphStore
with GraphStore(sys.argv[1], read_only=True) as s:
    out = {str(g): sorted(f"{q.subject} {q.predicate} {q.object}" for q in s.backend.triples(str(g))
                          if not str(q.predicate).endswith("#pipeline>"))
           for g in s.graphs() if "/id/graph/" in str(g)}
print(json.dumps(out))
"""


def run(root: Path, data: Path, plans: list[Path], workers: int) -> dict:
    python = root / ".venv" / "bin" / "python"
    t0 = time.perf_counter()
    done = subprocess.run(
        [str(python), "-c", CHILD, str(data), str(workers), *map(str, plans)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"ingest in {root} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def triples(root: Path, store: Path) -> dict:
    python = root / ".venv" / "bin" / "python"
    out = subprocess.run([str(python), "-c", DUMP, str(store)], cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"reading {store} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="the other checkout (with .venv/)")
    ap.add_argument("--plans", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    roots = {"before": args.before.resolve(), "after": ROOT}
    tmp = Path(tempfile.mkdtemp(prefix="boussole-ab-"))
    try:
        (tmp / "corpus").mkdir()
        plans = make_plans(args.plans, tmp / "corpus")
        runs: dict[str, list[dict]] = {k: [] for k in roots}
        for r in range(args.rounds):
            order = list(roots) if r % 2 == 0 else list(roots)[::-1]
            for name in order:
                print(f"[round {r + 1}] {name}: {len(plans)} plans …", file=sys.stderr, flush=True)
                runs[name].append(run(roots[name], tmp / f"{name}-{r}", plans, args.workers))
        same = triples(ROOT, tmp / "before-0" / "store") == triples(ROOT, tmp / "after-0" / "store")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    n = len(plans)
    print(f"## {n} generated plans, {args.workers} reader processes, {args.rounds} round(s), median")
    print("variant | wall s | wall s/plan | " + " | ".join(f"{k} s/plan" for k in STAGES))
    med: dict[str, dict] = {}
    for name, rs in runs.items():
        med[name] = {"wall": statistics.median(r["wall"] for r in rs)}
        med[name].update({k: statistics.median(r["stages"].get(k, 0.0) for r in rs) / n for k in STAGES})
        m = med[name]
        print(f"{name:<7} | {m['wall']:6.1f} | {m['wall'] / n:11.2f} | " + " | ".join(f"{m[k]:10.3f}" for k in STAGES))
    ratio = {k: med["after"][k] / med["before"][k] if med["before"][k] else float("nan") for k in ("wall", *STAGES)}
    print("after/before | " + " | ".join(f"{k} {v:.2f}" for k, v in ratio.items()))
    print(f"same plan triples in both stores: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
