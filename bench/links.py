#!/usr/bin/env python
"""Cross-plan links: recomputation after one plan changes vs a full recomputation.

On the scaled corpus of bench/ingest.py (N synthetic plans made from page blocks of the two
seed plans, académie renamed "Testville<k>"), in one run and on the same store:
  full      every pair of plans recomputed (N·(N+1)/2 link graphs)
  one plan  one plan's file edited and re-ingested (links off, not timed), then the links
            brought up to date: only the N graphs involving it are recomputed (their markers
            name its old hash)
  no change the same call again: markers checked, nothing recomputed
Each timing is the median of --rounds calls of derive.links.update_links, index vectors included.

Usage: python bench/links.py [--plans N] [--rounds R] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from ingest import make_plans  # noqa: E402  (the scaled corpus generator of the ingest benchmark)


def timed(fn, rounds: int):
    times, out = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=8, help="synthetic plans (default 8)")
    ap.add_argument("--rounds", type=int, default=3, help="timed calls per scenario (median; default 3)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and data dirs")
    args = ap.parse_args()

    from boussole.graph import GraphStore
    from boussole.derive.links import update_links
    from boussole.jobs import Source, ingest
    from boussole.search.index import IndexStore
    from boussole.search.service import engine_specs

    tmp = Path(tempfile.mkdtemp(prefix="boussole-links-bench-"))
    try:
        corpus, data = tmp / "corpus", tmp / "data"
        corpus.mkdir()
        plans = make_plans(args.plans, corpus)
        sources = [Source(p, p.name) for p in plans]
        print(f"ingesting {len(plans)} synthetic plans (index included) …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        report = ingest(sources, data, dumps=False, links=False)
        # a synthetic plan that fails to ingest is left out, as the ingest leaves it out, and
        # the table says how many plans remain
        for o in report.failed:
            print(f"  left out {o.path}: {o.detail.splitlines()[0]}", file=sys.stderr)
        kept = {o.path for o in report.outcomes if o.status == "ingested"}
        plans = [p for p in plans if p.name in kept]
        sources = [s for s in sources if s.display in kept]
        print(f"  {len(plans)} plans ingested in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

        def run(changed):
            # as in the ingest: the index was just brought in line with the graph, so its units
            # are current and the vectors come from it
            index = IndexStore(data).open(engine_specs())
            with GraphStore(data / "store") as store:
                return update_links(store, changed, index=index, units=index.units)

        full_s, full = timed(lambda: run(None), args.rounds)

        # each round: edit one plan, re-ingest it without links (not timed), then time the call
        # that lets the markers find the stale pairs (they name the plan's old document hash)
        edited = plans[0]
        one_times, one = [], None
        for r in range(args.rounds):
            edited.write_text(
                edited.read_text(encoding="utf-8") + f"\n\nFavoriser la lecture partagée ({r}).\n", encoding="utf-8"
            )
            ingest(sources, data, dumps=False, links=False)
            t0 = time.perf_counter()
            one = run(set())
            one_times.append(time.perf_counter() - t0)
        one_s = statistics.median(one_times)
        none_s, none = timed(lambda: run(set()), args.rounds)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    n_links = sum(full.links.values())
    rows = [
        ("full recomputation", len(full.pairs_recomputed), sum(full.links.values()), full_s),
        ("one plan changed", len(one.pairs_recomputed), sum(one.links.values()), one_s),
        ("nothing changed", len(none.pairs_recomputed), 0, none_s),
    ]
    print(
        f"{len(plans)} plans, {len(full.pairs_recomputed)} link graphs, {n_links} links "
        f"({', '.join(f'{k} {v}' for k, v in sorted(full.links.items()))}); method {full.method}; "
        f"median of {args.rounds}"
    )
    print(f"{'scenario':<20} | {'pairs recomputed':>16} | {'links written':>13} | {'seconds':>8}")
    print("-" * 20 + "-+-" + "-" * 16 + "-+-" + "-" * 13 + "-+-" + "-" * 8)
    for name, pairs, links, s in rows:
        print(f"{name:<20} | {pairs:>16} | {links:>13} | {s:>8.2f}")
    print(
        f"\none plan / full time: {one_s / full_s:.3f}   (pairs: {len(one.pairs_recomputed)}/{len(full.pairs_recomputed)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
