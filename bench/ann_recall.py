#!/usr/bin/env python
"""The file index's inverted-file (IVF) search against its exact scan, on real vectors only.

Above `search.index.APPROX_FROM` units an unfiltered dense search scans the cells of an IVF
index nearest to the query instead of every vector. Its recall must be judged on real vectors:
copies of a few hundred vectors plus noise (bench/scale.py, bench/hnsw_recall.py) make clusters
no real corpus has. Real here means every distinct e5 vector this machine can produce in
minutes: the units of the bundled corpus (in context and in their own words, read from its
index) and every sentence of six words or more of the real plans (corpus/ and bench/plans/),
embedded as passages (through the embedding cache, so a second run embeds nothing). Queries:
the public, own and unseen evaluation queries, encoded by e5. For each shape (cells = c·√n,
cells probed = cells / s) it prints recall@10 and @100 against the exact top 100 (FAISS flat),
and the share of the vectors a query is compared with. The shape the index ships is marked.

    python bench/ann_recall.py [--data DIR] [--out FILE]

Without --data the bundled corpus is ingested into a temporary directory (its vectors come from
the embedding cache, $BOUSSOLE_CACHE, when it holds them).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = (
    ROOT / "tests" / "data" / "eval" / "queries.jsonl",
    ROOT / "bench" / "queries_own.jsonl",
    ROOT / "bench" / "queries_blind.jsonl",
)
CELLS = (4, 8, 16)
SHARES = (16, 8, 4, 2)


def sentences() -> list[str]:
    """Distinct sentences of six words or more of the real plans in the repository."""
    out = []
    for f in sorted([*(ROOT / "corpus").glob("*.txt"), *(ROOT / "bench" / "plans").glob("*/*.txt")]):
        raw = f.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace")
        for para in re.split(r"\n\s*\n|\n(?=[-•*\d])", text):
            for s in re.split(r"(?<=[.!?;:])\s+", " ".join(para.split())):
                if len(s.split()) >= 6:
                    out.append(s[:600])
    return list(dict.fromkeys(out))


def real_vectors(data: Path) -> np.ndarray:
    from boussole.search.cache import EmbeddingCache
    from boussole.search.engines import load_engine
    from boussole.search.index import IndexStore
    from boussole.search.service import engine_specs
    from boussole.search.units import content_hash

    index = IndexStore(data).open(engine_specs())
    parts = [index.vectors["e5"].reconstruct_n(0, index.vectors["e5"].ntotal)]
    if "e5" in index.own_vectors:
        parts.append(index.own_vectors["e5"].reconstruct_n(0, index.own_vectors["e5"].ntotal))
    texts = sentences()
    engine = load_engine("e5")
    cache = EmbeddingCache(IndexStore(data).cache_path)
    try:
        hashes = [content_hash(t) for t in texts]
        have = cache.get_many(engine.id, hashes)
        todo = [(h, t) for h, t in zip(hashes, texts) if h not in have]
        print(f"{len(texts)} sentences, {len(todo)} to embed …", file=sys.stderr)
        for i in range(0, len(todo), 32):
            batch = todo[i : i + 32]
            new = dict(zip((h for h, _ in batch), engine.encode_passages([t for _, t in batch])))
            cache.put_many(engine.id, new)
            have.update(new)
        parts.append(np.vstack([have[h] for h in hashes]))
    finally:
        cache.close()
    return np.unique(np.vstack(parts).astype(np.float32), axis=0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="a data directory with the bundled corpus ingested")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    args = ap.parse_args()

    import faiss

    from boussole.search.engines import load_engine
    from boussole.search.index import IVF_CELLS_PER_ROOT, IVF_PROBE_SHARE

    faiss.omp_set_num_threads(1)
    tmp = None
    data = args.data
    if data is None:
        from boussole.jobs import bundled_sources, ingest

        tmp = tempfile.TemporaryDirectory(prefix="boussole-ann-")
        data = Path(tmp.name)
        report = ingest(bundled_sources(), data, links=False, dumps=False)
        if report.failed:
            sys.exit(f"seed ingest failed: {report.failed}")
    X = real_vectors(data)
    queries = [
        json.loads(line)["q"]
        for f in QUERY_FILES
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    Q = load_engine("e5").encode_queries(queries).astype(np.float32)
    n, dim = X.shape
    flat = faiss.IndexFlatIP(dim)
    flat.add(X)
    _, exact = flat.search(Q, 100)

    lines = [
        f"## IVF against exact, real e5 vectors only: {n} distinct vectors (seed units in context and own "
        f"words, sentences of the real plans), {len(Q)} real queries",
        "cells | probed | vectors compared | recall@10 | recall@100 | build s | p50 ms",
        "------+--------+------------------+-----------+------------+---------+-------",
    ]
    for c in CELLS:
        nlist = min(n, int(c * math.sqrt(n)))
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        ivf.cp.spherical, ivf.cp.niter = True, 10
        t = time.perf_counter()
        ivf.train(X)
        ivf.add(X)
        build = time.perf_counter() - t
        for s in SHARES:
            ivf.nprobe = max(1, nlist // s)
            times, found = [], []
            for q in Q:
                t = time.perf_counter()
                found.append(ivf.search(q[None], 100)[1][0])
                times.append(time.perf_counter() - t)

            def recall(k: int, found=found) -> float:
                return float(np.mean([len(set(a[:k]) & set(b[:k])) / k for a, b in zip(found, exact)]))

            mark = "  ← shipped" if (c, s) == (IVF_CELLS_PER_ROOT, IVF_PROBE_SHARE) else ""
            lines.append(
                f"{c}·√n = {nlist} | {ivf.nprobe} | 1/{s} | {recall(10):.3f} | {recall(100):.3f} | {build:.1f} | "
                f"{np.median(times) * 1000:.2f}{mark}"
            )
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
