"""Search latency and index build times, side by side in one run.

Prints, for engine threads = 1 and 2 (each in a fresh process, since OpenMP fixes its thread
count at load):
  - warm single-query latency p50/p95 of Boussole's default (e5 + BM25 fused by normalised
    scores, glossary, boosts), of the previous default (reciprocal-rank fusion), of the default
    with each candidate of bench/relevance.py switched on (dense feedback, the own-words list,
    glossary labels in the dense query), and of baselines in the same process: the e5 query encoding alone (the
    floor: no search can answer before its query is encoded), e5 search alone, USE alone, BM25
    alone; each p50 and p95 as a ratio to the e5 encoding's (targets: default p50 ≤ 1.2×,
    p95 ≤ 2×);
  - cold start: process start → first answer (imports, engine load, index open);
  - resident memory (peak RSS) of the searching process;
and index build: cold (empty embedding cache), unchanged corpus (check only), forced rebuild
from the cache.

    python bench/latency.py [--data DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "eval" / "queries.jsonl"
# Extra unseen phrasings so that the query-vector cache never answers.
VARIANTS = ("", " ?", " dans l'académie", " in schools", " — plan")


def _pct(xs, p):
    import numpy as np

    return float(np.percentile(xs, p)) if xs else float("nan")


def worker(data: Path, threads: int, rounds: int) -> dict:
    t0 = time.perf_counter()
    os.environ["OMP_NUM_THREADS"] = str(threads)
    from boussole.graph.store import GraphStore
    from boussole.search.hybrid import Weights
    from boussole.search.service import open_searcher

    with GraphStore(data / "store", read_only=True) as store:
        searcher, _ = open_searcher(store, data, ("e5", "use"), threads=threads)
    queries = [json.loads(l)["q"] for l in QUERIES.read_text(encoding="utf-8").splitlines() if l.strip()]
    searcher.search(queries[0])
    cold = time.perf_counter() - t0
    # every engine at weight 1: the default weighs USE 0, which would skip it
    off = Weights(engine=(), lexical=0.0, device=0.0, theme=0.0, child=0.0, glossary=0.0, expansion=False)
    configs = {
        "boussole (default)": searcher,
        # the opt-in of search.service.ENV_USE (a held-out gain in bench/relevance.py)
        "default with USE at 0.25 (opt-in)": searcher.with_weights(replace(searcher.weights, engine=(("use", 0.25),))),
        # the default before score fusion: reciprocal ranks, BM25 over the contextual text
        "previous default (rrf)": searcher.with_weights(
            replace(searcher.weights, fusion="rrf", lexical=0.5, glossary=1.0, lexical_context=True)
        ),
        # candidates bench/relevance.py measures (off by default): what each would cost
        "with dense feedback (0.5, 5 hits)": searcher.with_weights(
            replace(searcher.weights, dense_prf=0.5, dense_prf_docs=5)
        ),
        "with the own-words list (0.5)": searcher.with_weights(replace(searcher.weights, own_words=0.5)),
        "with glossary labels in the dense query": searcher.with_weights(replace(searcher.weights, translate="term")),
        "e5 alone": searcher.with_engines(("e5",)).with_weights(off),
        "use alone": searcher.with_engines(("use",)).with_weights(off),
        "bm25 alone": searcher.with_engines(()).with_weights(Weights(device=0.0, theme=0.0, child=0.0)),
    }
    e5 = searcher.engines["e5"]
    times = {name: [] for name in ("e5 query encoding", *configs)}
    for r in range(rounds):
        for q in queries:
            qq = q + VARIANTS[r % len(VARIANTS)] + (" " * (r // len(VARIANTS)))
            t = time.perf_counter()
            e5.encode_queries([qq])
            times["e5 query encoding"].append((time.perf_counter() - t) * 1000)
            for name, s in configs.items():  # interleaved: machine noise hits every config alike
                s._qcache.clear()
                s._rcache.clear()
                t = time.perf_counter()
                s.search(qq, k=10)
                times[name].append((time.perf_counter() - t) * 1000)
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "threads": threads,
        "cold_s": cold,
        "rss_mb": rss,
        "n": len(times["boussole (default)"]),
        "latency": {name: {"p50": _pct(v, 50), "p95": _pct(v, 95)} for name, v in times.items()},
    }


def index_builds(data: Path) -> dict:
    """Cold build with an empty cache, then an unchanged check, then a forced rebuild."""
    from boussole.graph.store import GraphStore
    from boussole.search.index import ensure_index

    with tempfile.TemporaryDirectory(prefix="boussole-bench-index-") as tmp:
        os.environ["BOUSSOLE_CACHE"] = str(Path(tmp) / "cache")
        with GraphStore(data / "store", read_only=True) as store:
            t = time.perf_counter()
            _, cold = ensure_index(store, Path(tmp), ("e5", "use"), progress=lambda m: None)
            cold_s = time.perf_counter() - t
            t = time.perf_counter()
            _, same = ensure_index(store, Path(tmp), ("e5", "use"), progress=lambda m: None)
            same_s = time.perf_counter() - t
            t = time.perf_counter()
            _, forced = ensure_index(store, Path(tmp), ("e5", "use"), progress=lambda m: None, force=True)
            forced_s = time.perf_counter() - t
    return {
        "units": cold.units,
        "cold_s": cold_s,
        "embedded": cold.embedded,
        "unchanged_s": same_s,
        "unchanged_rebuilt": same.rebuilt,
        "forced_from_cache_s": forced_s,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data",
        type=Path,
        help="data directory with a corpus ingested (default: the seed "
        "corpus, ingested now into a temporary directory)",
    )
    ap.add_argument("--rounds", type=int, default=5, help="passes over the query set (default 5)")
    ap.add_argument("--worker", type=int, metavar="THREADS", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.data, args.worker, args.rounds)))
        return 0

    tmp = None
    data = args.data
    if data is None:
        tmp = tempfile.TemporaryDirectory(prefix="boussole-latency-")
        data = Path(tmp.name)
        print(f"ingesting the seed corpus into {data}…", file=sys.stderr)
        from boussole import jobs

        jobs.ingest(jobs.bundled_sources(), data, dumps=False, progress=lambda m: None)
    builds = index_builds(data)
    runs = []
    for threads in (1, 2):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(threads), "--data", str(data), "--rounds", str(args.rounds)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))

    print(
        f"index: {builds['units']} units; cold build {builds['cold_s']:.1f} s "
        f"(embedded {builds['embedded']}); unchanged corpus {builds['unchanged_s']:.2f} s "
        f"(rebuilt: {builds['unchanged_rebuilt']}); forced rebuild from cache {builds['forced_from_cache_s']:.2f} s\n"
    )
    print(
        "| threads | configuration | p50 ms | p95 ms | p50 / encoding p50 | p95 / encoding p95 | p95 / encoding p50 |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        enc = r["latency"]["e5 query encoding"]
        for name, lat in r["latency"].items():
            print(
                f"| {r['threads']} | {name} | {lat['p50']:.1f} | {lat['p95']:.1f} | "
                f"{lat['p50'] / enc['p50']:.2f}x | {lat['p95'] / enc['p95']:.2f}x | {lat['p95'] / enc['p50']:.2f}x |"
            )
    print()
    for r in runs:
        print(
            f"threads={r['threads']}: cold start {r['cold_s']:.2f} s, peak RSS {r['rss_mb']:.0f} MB, "
            f"{r['n']} queries per configuration"
        )
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
