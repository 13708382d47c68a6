#!/usr/bin/env python
"""Precision, recall and F1 of the cross-plan match score per threshold, on the gold set.

The gold set (tests/fixtures/links_gold.json) holds objective/engagement pairs of the two seed
plans judged by reading them: "same" (both pursue the same thing) or "different". A pair is
predicted linked when its score reaches the threshold. Printed for the score the graph uses
(blend of the e5/USE cosine and a lexical cosine, plus theme and device bonuses) and, side by
side, for the lexical fallback (no search index), so the thresholds in derive/links.py can be read off.

Usage: python bench/link_thresholds.py [--data DIR]   (default: ingest the seed corpus in a temp dir)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "links_gold.json"
GRID = [round(0.10 + 0.01 * i, 2) for i in range(51)]


def resolve(items, gold: dict) -> list[tuple[object, object, bool, str]]:
    """Gold pairs → (item a, item b, same, reason); raises if a label matches no item or several."""
    from boussole.derive.links import MATCH_TYPES
    from boussole.text import fold

    def find(plan: str, prefix: str):
        hits = [i for i in items if i.plan == plan and i.type in MATCH_TYPES and fold(i.label).startswith(fold(prefix))]
        if len(hits) != 1:
            raise ValueError(f"gold label {prefix!r} matches {len(hits)} nodes of {plan}")
        return hits[0]

    return [(find(gold["a"], p["a"]), find(gold["b"], p["b"]), bool(p["same"]), p["reason"]) for p in gold["pairs"]]


def scores(pairs, sim) -> list[tuple[float, bool]]:
    """The match score derive/links.py gives each gold pair."""
    from boussole.derive.links import _jaccard, _shared, match_score

    out = []
    for a, b, same, _ in pairs:
        m = sim.matrix([a], [b])
        out.append(
            (
                match_score(
                    float(m.value[0, 0]), _jaccard(a.themes, b.themes) or 0.0, len(_shared(a.devices, b.devices))
                ),
                same,
            )
        )
    return out


def prf(scored: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in scored if s >= threshold and y)
    fp = sum(1 for s, y in scored if s >= threshold and not y)
    fn = sum(1 for s, y in scored if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(data: Path):
    from boussole.graph import GraphStore
    from boussole.derive.links import Similarity, index_vectors, load_items, plan_slugs
    from boussole.search.index import IndexStore
    from boussole.search.service import engine_specs
    from boussole.search.units import load_units

    index = IndexStore(data).open(engine_specs())
    with GraphStore(data / "store", read_only=True) as store:
        units = load_units(store)
        items = load_items(store, units, plan_slugs(store))
    vectors, engines = index_vectors(index, {u.id: u for u in units})
    return items, Similarity(vectors, engines), Similarity()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="a data dir holding the ingested seed corpus")
    args = ap.parse_args()
    data = args.data
    if data is None:
        from boussole.jobs import bundled_sources, ingest

        data = Path(tempfile.mkdtemp(prefix="boussole-links-"))
        print(f"ingesting the seed corpus into {data} …", file=sys.stderr)
        ingest(bundled_sources(), data, dumps=False)
    items, cosine, lexical = load(data)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    pairs = resolve(items, gold)
    cos_scored, lex_scored = scores(pairs, cosine), scores(pairs, lexical)
    n_same = sum(1 for _, _, y, _ in pairs if y)
    print(f"gold pairs: {len(pairs)} ({n_same} same, {len(pairs) - n_same} different); method {cosine.method}")
    print(
        "score = similarity + theme Jaccard·THEME_WEIGHT + shared devices·DEVICE_BONUS; "
        "similarity = cosine/lexical blend (with index) or lexical alone (without)"
    )
    print(f"{'threshold':>9} | {'P blend':>7} {'R blend':>7} {'F1 blend':>8} | {'P lex':>5} {'R lex':>5} {'F1 lex':>6}")
    for t in GRID:
        pc, rc, fc = prf(cos_scored, t)
        pl, rl, fl = prf(lex_scored, t)
        print(f"{t:9.2f} | {pc:7.2f} {rc:7.2f} {fc:8.2f} | {pl:5.2f} {rl:5.2f} {fl:6.2f}")
    print("\nper pair (cosine score, judged):")
    for (a, b, y, why), (s, _) in sorted(zip(pairs, cos_scored), key=lambda x: -x[1][0]):
        print(f"  {s:.3f} {'SAME' if y else 'diff'}  {a.label[:45]!r} ~ {b.label[:45]!r}  ({why})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
