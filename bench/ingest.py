#!/usr/bin/env python
"""Ingestion benchmark: cold, warm and scaled runs of `boussole ingest`, one table.

Scenarios
  cold    the bundled corpus into an empty data dir
  warm    the same command again on the same data dir (unchanged corpus: no work expected)
  scaled  N synthetic plans (page blocks of the two seed plans shuffled, académie renamed
          "Testville<k>") ingested in one command into an empty data dir

Each scenario runs `python -m boussole.cli ingest --quiet` as a child process; wall time is
measured around it and peak RSS comes from os.wait4 (ru_maxrss, KB on Linux).
Triples are the store's quad count (`boussole stats --json`).

  stages  N generated plans (tests/layoutgen.py, mixed house styles, ~20 pages each) ingested
          cold in this process, with the seconds of each stage: reading (layout passes, devices,
          figures), NER (within reading), graph, SHACL, store, embedding (the search index).
          `--before` runs the same plans through the previous checks for comparison: every
          passage through spaCy NER and SHACL with the whole vocabulary and thesauri.

Usage: python bench/ingest.py [--plans N] [--keep]
       python bench/ingest.py --stages 30 [--before] [--no-index]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BLOCK_SPLIT = re.compile(r"\n(?:[ \t]*\n){4,}")  # runs of 4+ blank lines
# every spelling, web addresses included ("www.ac-amiens.fr"): the reader names a plan's académie
# from them, so one left behind would file every generated plan under the same académie
ACADEMY_NAMES = re.compile(r"Clermont[-<]?\s*Ferrand|Amiens", re.I)


def run_ingest(data: Path, paths: list[Path] = ()) -> tuple[float, float, str]:
    """Run one ingest child; return (wall seconds, peak RSS MB, stdout)."""
    cmd = [sys.executable, "-m", "boussole.cli", "ingest", "--quiet", "--data", str(data), *map(str, paths)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # read output before reaping so the child never blocks on a full pipe
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"ingest failed ({proc.returncode}): {' '.join(cmd)}\n{out}{err}")
    return wall, usage.ru_maxrss / 1024, out.strip()


def count_triples(data: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "boussole.cli", "stats", "--json", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(json.loads(out)["quads"])


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def make_plans(n: int, dest: Path) -> list[Path]:
    seeds = [
        CORPUS / "amiens_ambitions-2025_bilan-etape.txt",
        CORPUS / "clermont-ferrand_projet-strategique_2023-2027.txt",
    ]
    blocks = [b for s in seeds for b in BLOCK_SPLIT.split(s.read_text(encoding="utf-8")) if b.strip()]
    paths = []
    for k in range(1, n + 1):
        name = f"Testville{k}"
        rng = random.Random(k)
        body = blocks[:]
        rng.shuffle(body)
        head = f"Projet académique de l'académie de {name} 2023-2027\n\n" + "".join(
            f"L'académie de {name} s'engage pour la réussite de tous les élèves.\n" for _ in range(5)
        )
        text = head + "\n\n\n\n\n".join(ACADEMY_NAMES.sub(name, b) for b in body)
        p = dest / f"plan_{k}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def stage_times(n: int, before: bool, index: bool) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from layoutgen import corpus, generate
    from rdflib import Graph

    from boussole import jobs
    from boussole.graph import validate_graph
    from boussole.ingest import pipeline

    if before:

        def full_check(graph):
            checked = Graph()
            checked += graph
            checked += jobs.reference_graph()
            return validate_graph(checked)

        jobs.document_check = full_check
        pipeline.needs_ner = lambda text: True
    pairs = corpus(n_mixed=max(n, 1), per_style=1)
    pairs = pairs[len(pairs) - n :] if n <= len(pairs) else pairs
    tmp = Path(tempfile.mkdtemp(prefix="boussole-stages-"))
    try:
        paths = []
        for k, (style, seed) in enumerate(pairs[:n]):
            text, _ = generate(style, seed, long=True)
            paths.append(tmp / f"plan_{k:02d}.txt")
            paths[-1].write_text(text, encoding="utf-8")
        stages: dict[str, float] = {}
        t0 = time.perf_counter()
        report = jobs.ingest(
            [jobs.Source(p, p.name) for p in paths], tmp / "data", index=index, links=False, dumps=False, stages=stages
        )
        wall = time.perf_counter() - t0
        size_kb = sum(p.stat().st_size for p in paths) / 1024 / max(len(paths), 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ok = [o for o in report.outcomes if o.status == "ingested"]
    print(
        f"{len(ok)}/{len(paths)} plans ingested{' (previous checks)' if before else ''}, "
        f"{size_kb:.0f} KB each, wall {wall:.1f} s"
    )
    for o in report.outcomes:
        if o.status != "ingested":
            print(f"  {o.path}: {o.status} {o.detail.splitlines()[0]}")
    print("stage      | total (s) | per plan (s)\n-----------+-----------+-------------")
    order = ["reading", "NER", "graph", "SHACL", "store", "embedding"]
    for name in order + sorted(set(stages) - set(order)):
        if name in stages:
            label = "  of which NER" if name == "NER" else name
            print(f"{label:<14} | {stages[name]:9.2f} | {stages[name] / max(len(paths), 1):8.3f}")
    per = (stages.get("reading", 0) + stages.get("graph", 0) + stages.get("SHACL", 0) + stages.get("store", 0)) / max(
        len(paths), 1
    )
    print(f"\nreading + graph (graph, SHACL, store) per plan: {per:.2f} s")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="Each synthetic plan takes ~17 s to ingest, plus embedding its new passages "
        "for the search index (~20 passages/s): the default of 200 plans runs for "
        "well over an hour; use e.g. --plans 20 or --plans 3 for a smoke test.",
    )
    ap.add_argument("--plans", type=int, default=200, help="synthetic plans for the scaled run (default 200)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and data dirs")
    ap.add_argument("--stages", type=int, metavar="N", help="time each stage on N generated plans instead")
    ap.add_argument("--before", action="store_true", help="with --stages: the previous NER and SHACL checks")
    ap.add_argument("--no-index", action="store_true", help="with --stages: leave out the search index")
    args = ap.parse_args()
    if args.stages:
        return stage_times(args.stages, args.before, not args.no_index)

    tmp = Path(tempfile.mkdtemp(prefix="boussole-bench-"))
    rows = []
    try:
        cold_dir = tmp / "data-cold"
        n_docs = len(json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["documents"])
        for scenario in ("cold", "warm"):
            print(f"[{scenario}] ingesting bundled corpus ...", file=sys.stderr, flush=True)
            wall, rss, out = run_ingest(cold_dir)
            rows.append((scenario, n_docs, wall, rss, count_triples(cold_dir), dir_mb(cold_dir / "store"), out))

        corpus_dir = tmp / "corpus"
        corpus_dir.mkdir()
        plans = make_plans(args.plans, corpus_dir)
        scaled_dir = tmp / "data-scaled"
        print(f"[scaled] ingesting {len(plans)} synthetic plans ...", file=sys.stderr, flush=True)
        wall, rss, out = run_ingest(scaled_dir, plans)
        rows.append(("scaled", len(plans), wall, rss, count_triples(scaled_dir), dir_mb(scaled_dir / "store"), out))
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    head = (
        "scenario",
        "documents",
        "wall time (s)",
        "peak RSS (MB)",
        "triples",
        "triples/s",
        "store (MB)",
        "ingest says",
    )
    table = [head] + [
        (s, str(d), f"{w:.2f}", f"{r:.0f}", str(t), f"{t / w:.0f}", f"{m:.1f}", o) for s, d, w, r, t, m, o in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for i, r in enumerate(table):
        print(" | ".join(c.ljust(w) if j in (0, 7) else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("-+-".join("-" * w for w in widths))
    cold, warm = rows[0][2], rows[1][2]
    print(f"\nwarm/cold time: {warm / cold:.3f}   scaled time per plan: {rows[2][2] / max(rows[2][1], 1):.2f} s")
    print("(warm: triples/s = triples already in the store / time; no new triples are written)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
