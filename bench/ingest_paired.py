#!/usr/bin/env python
"""The ingest before and after the store-write change, paired on the same plans in one run.

"before" writes each new plan graph the previous way (a transaction, `Store.extend`); "after"
is the ingest as it is (Oxigraph's atomic bulk loader). Each variant is the child process of
bench/scale.py (`ingest(workers=W)`, no index, links or dumps), run in turn for `--rounds`
rounds, so the load of a shared machine falls on both alike. Printed: wall time, seconds per
stage (summed over the reader processes), store size, and whether the two stores hold exactly
the same plan triples (`--corpus seed` runs the bundled corpus instead of generated plans).

    python bench/ingest_paired.py [--plans 40] [--workers 2] [--rounds 1] [--corpus generated|seed]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import dir_mb, make_plans  # noqa: E402
from scale import CHILD, ingest_child  # noqa: E402

# the previous write of a new graph, patched into the child before it ingests anything
BEFORE = (
    "from boussole.graph.backends.embedded import OxigraphBackend\n"
    "OxigraphBackend.load = lambda self, graph_iri, quads: self.ox.extend(quads)\n"
)
STAGES = ("reading", "NER", "graph", "SHACL", "store")


def plan_triples(store_dir: Path) -> dict[str, set]:
    """Every plan graph's triples (document graphs only: vocabularies are written by the same
    update request in both variants, with fresh blank nodes each time)."""
    from boussole.graph.store import GraphStore

    with GraphStore(store_dir, read_only=True) as s:
        return {str(g): set(s.backend.triples(str(g))) for g in s.graphs() if "/id/graph/" in str(g)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=40, help="generated plans (default 40)")
    ap.add_argument("--workers", type=int, default=2, help="reader processes (default 2; 0: one process)")
    ap.add_argument("--rounds", type=int, default=1, help="before/after pairs (default 1)")
    ap.add_argument("--corpus", choices=("generated", "seed"), default="generated")
    args = ap.parse_args()

    import scale

    tmp = Path(tempfile.mkdtemp(prefix="boussole-paired-"))
    try:
        if args.corpus == "seed":
            from boussole.jobs import bundled_sources

            plans = [s.path for s in bundled_sources()]
        else:
            (tmp / "corpus").mkdir()
            plans = make_plans(args.plans, tmp / "corpus")
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for r in range(args.rounds):
            for name in runs:
                data = tmp / f"{name}-{r}"
                scale.CHILD = (BEFORE if name == "before" else "") + CHILD
                print(f"[round {r + 1}] {name}: {len(plans)} plans …", file=sys.stderr, flush=True)
                res = ingest_child(data, plans, args.workers)
                res["mb"] = dir_mb(data / "store")
                runs[name].append(res)
        same = plan_triples(tmp / "before-0" / "store") == plan_triples(tmp / "after-0" / "store")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = len(plans)
    print(
        f"## {n} {'seed' if args.corpus == 'seed' else 'generated'} plans, {args.workers} reader processes, "
        f"{args.rounds} round(s) of before/after (median)"
    )
    print("variant | wall s | s per plan | " + " | ".join(f"{k} s/plan" for k in STAGES) + " | store MB")
    med = {}
    for name, rs in runs.items():
        wall = statistics.median(r["wall"] for r in rs)
        med[name] = wall
        st = {k: statistics.median(r["stages"].get(k, 0.0) for r in rs) / n for k in STAGES}
        mb = statistics.median(r["mb"] for r in rs)
        print(
            f"{name:<7} | {wall:6.1f} | {wall / n:10.2f} | "
            + " | ".join(f"{st[k]:11.3f}" for k in STAGES)
            + f" | {mb:8.0f}"
        )
    print(f"after / before wall: {med['after'] / med['before']:.2f}")
    print(f"same plan triples in both stores: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
