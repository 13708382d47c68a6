"""Relevance on queries nothing was tuned on: the shipped default ranking and the baselines,
measured as they are, with no cross-validation (tuning on these queries would defeat them).

`bench/relevance.py` chooses the ranking's weights by cross-validation over the public and own
queries; this script takes a query file written afterwards, without looking at results
(`bench/queries_blind.jsonl`), and reports what a user would get today.

    python bench/relevance_unseen.py [--data DIR] [--queries FILE ...] [--json] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from relevance import baselines, evaluate, load_queries, open_searchers, seed_data  # noqa: E402

DEFAULT_QUERIES = (ROOT / "bench" / "queries_blind.jsonl",)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="data directory with the seed corpus ingested (default: a temporary one)")
    ap.add_argument("--queries", type=Path, nargs="+", default=list(DEFAULT_QUERIES))
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the queries the default misses in its top 5")
    args = ap.parse_args(argv)

    queries = load_queries(args.queries)
    tmp = None if args.data else tempfile.TemporaryDirectory(prefix="boussole-relevance-")
    data = seed_data(args.data or Path(tmp.name))
    searchers = open_searchers(data)
    default = searchers[True]
    rows = {
        "boussole (shipped default)": evaluate(lambda q: [h.to_json() for h in default.search(q, k=10).hits], queries)
    }
    rows.update(baselines(searchers, queries))
    if args.json:
        print(json.dumps({"queries": len(queries), "rows": rows}, indent=1))
        return 0
    n_en = sum(q["lang"] == "en" for q in queries)
    print(f"{len(queries)} unseen queries ({n_en} English, {len(queries) - n_en} French), no tuning on them")
    print(f"{'ranking':46s} {'hit@1':>6s} {'hit@5':>6s} {'MRR@10':>7s} {'EN MRR':>7s} {'FR MRR':>7s}")
    for name, r in rows.items():
        a = r["all"]
        print(
            f"{name:46s} {a['hit@1']:6.3f} {a['hit@5']:6.3f} {a['mrr@10']:7.3f} "
            f"{r['en']['mrr@10']:7.3f} {r['fr']['mrr@10']:7.3f}"
        )
    if args.verbose:
        ranks = rows["boussole (shipped default)"]["ranks"]
        for q, r in zip(queries, ranks):
            if not r or r > 5:
                print(f"  miss {q['id']} ({q['lang']}) rank {r or '>10'}: {q['q']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
