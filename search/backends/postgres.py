"""The search index in PostgreSQL + pgvector, shared by every `boussole serve` replica.

Layout (one schema per build, as the file index has one directory per build):

    boussole_index_live(name, build, previous, manifest)  the build each index name serves
    boussole_index_builds(build, name)                     every build written, for pruning
    <build>.units(pos, id, unit jsonb, passage, fts)       fts = to_tsvector('french', passage), GIN
    <build>.vec_<engine>(pos, vec, own)                    pgvector; HNSW (inner product) on vec
    <build>.bm25(context, term, pos, score)                the BM25 model's columns, one row a term

A build is written in one transaction that ends by pointing the live row at it: a reader (any
replica) sees the previous build or the new one, and a killed build leaves nothing behind.
The previous build is kept until the next one, so a replica still answering from it while it
reloads never finds its tables gone.

Ranking is search/hybrid.py's, unchanged: the dense lists come from pgvector (ef_search high
enough that, at the depth the ranking reads, HNSW returns what the exact FAISS scan returns),
and the lexical list from the BM25 columns bm25s computed at build time, stored as rows and
summed exactly as search/lexical.py sums them, so both backends produce the same candidates
and scores. The French full-text column serves SQL users and the comparison in
bench/index_compare.py; its stemmer and ts_rank are not BM25, so the ranking does not use it.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from ..engines import Engine
from ..index import FORMAT, BuildReport, IndexCorrupt, IndexMissing, LoadedIndex, Progress, embed_units, fingerprint
from ..lexical import LexicalIndex, PostingsLexical
from ..units import Unit

# pgvector's HNSW returns at most ef_search candidates per scan; the ranking reads the best 100
# (Weights.depth). 1000 is pgvector's ceiling and keeps HNSW's answers equal to the exact scan
# on the public queries (bench/index_compare.py); filtered searches scan on until they have k.
EF_SEARCH = 1000
TIE_MARGIN = 16  # rows read past k so that ties at the cut are ordered like FAISS's
_TERM_CACHE = 4096  # BM25 columns kept per opened build (a build never changes once written)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def _slug(spec: str) -> str:
    return spec if spec.isalnum() else hashlib.sha1(spec.encode()).hexdigest()[:10]


def _connect(url: str, autocommit: bool = True):
    import psycopg
    from pgvector.psycopg import register_vector

    conn = psycopg.connect(url, autocommit=autocommit)
    register_vector(conn)
    return conn


def _setup(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=False) as conn:
        # two processes creating the tables at once would race on the catalog
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('boussole_index'))")
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS boussole_index_live (name text PRIMARY KEY, build text NOT NULL, "
            "previous text, manifest jsonb NOT NULL)"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS boussole_index_builds (build text PRIMARY KEY, name text NOT NULL)")


class PostgresIndex:
    """The index named `name` in one PostgreSQL database."""

    def __init__(self, url: str, data: Path, name: str = "index"):
        import os

        self.url = url
        self.name = name
        cache = os.environ.get("BOUSSOLE_CACHE")
        self.cache_path = (Path(cache) if cache else Path(data) / "cache") / "embeddings.sqlite"
        self._ready = False

    def __str__(self) -> str:
        return f"{_redact(self.url)} ({self.name})"

    def _ensure(self) -> None:
        if not self._ready:
            _setup(self.url)
            self._ready = True

    # -- reading --------------------------------------------------------------------------
    def open(self, specs: tuple[str, ...]) -> LoadedIndex:
        from psycopg import sql

        self._ensure()
        conn = _connect(self.url)
        try:
            row = conn.execute(
                "SELECT build, manifest FROM boussole_index_live WHERE name = %s", [self.name]
            ).fetchone()
            if row is None:
                raise IndexMissing(f"no search index {self.name!r} in {_redact(self.url)}")
            build, manifest = row
            if manifest.get("format") != FORMAT:
                raise IndexCorrupt(f"search index {build} has format {manifest.get('format')}, expected {FORMAT}")
            if tuple(manifest.get("engines", {})) != tuple(specs):
                raise IndexMissing(
                    f"search index {build} was built for engines "
                    f"{','.join(manifest.get('engines', {}))}, not {','.join(specs)}"
                )
            units = [
                Unit.from_json(u)
                for (u,) in conn.execute(
                    sql.SQL("SELECT unit FROM {}.units ORDER BY pos").format(sql.Identifier(build))
                )
            ]
            if len(units) != manifest["units"]:
                raise IndexCorrupt(f"search index {build} holds {len(units)} units, its manifest {manifest['units']}")
            conn.execute(f"SET hnsw.ef_search = {EF_SEARCH}")
            conn.execute("SET hnsw.iterative_scan = strict_order")
        except BaseException:
            conn.close()
            raise
        vectors = {s: _Vectors(conn, build, m["table"], "vec", len(units)) for s, m in manifest["engines"].items()}
        own = {s: _Vectors(conn, build, m["table"], "own", len(units)) for s, m in manifest["engines"].items()}
        return PostgresLoadedIndex(
            PurePosixPath("postgresql") / build, manifest, units, vectors, own, conn=conn, build=build
        )

    # -- building -------------------------------------------------------------------------
    def build(
        self,
        units: list[Unit],
        engines: dict[str, Engine],
        *,
        progress: Progress | None = None,
        batch: int = 64,
        embed=None,
    ) -> BuildReport:
        from psycopg import sql
        from psycopg.types.json import Jsonb

        t0 = time.perf_counter()
        say = progress or (lambda _m: None)
        self._ensure()
        specs = tuple(engines)
        fp = fingerprint(units, specs, {s: e.id for s, e in engines.items()})
        # embedding first, outside the transaction: it is the slow part and its cache resumes
        mats, embedded, reused = embed_units(units, engines, self.cache_path, progress=say, batch=batch, embed=embed)
        build = f"bsx_{fp[:8]}_{uuid.uuid4().hex[:8]}"
        schema = sql.Identifier(build)
        engines_meta = {}
        with _connect(self.url, autocommit=False) as conn, conn.transaction():
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
            conn.execute(
                sql.SQL(
                    "CREATE TABLE {}.units (pos int4 PRIMARY KEY, id text NOT NULL, unit jsonb NOT NULL, "
                    "passage text NOT NULL, fts tsvector GENERATED ALWAYS AS (to_tsvector('french', passage)) STORED)"
                ).format(schema)
            )
            with conn.cursor().copy(sql.SQL("COPY {}.units (pos, id, unit, passage) FROM STDIN").format(schema)) as cp:
                for i, u in enumerate(units):
                    cp.write_row((i, u.id, Jsonb(u.to_json()), u.passage))
            conn.execute(sql.SQL("CREATE INDEX ON {}.units USING gin (fts)").format(schema))
            for spec, engine in engines.items():
                table = f"vec_{_slug(spec)}"
                t = sql.SQL("{}.{}").format(schema, sql.Identifier(table))
                conn.execute(
                    sql.SQL("CREATE TABLE {} (pos int4 PRIMARY KEY, vec vector({}), own vector({}))").format(
                        t, sql.Literal(engine.dim), sql.Literal(engine.dim)
                    )
                )
                vec, own = mats[spec]
                with conn.cursor().copy(
                    sql.SQL("COPY {} (pos, vec, own) FROM STDIN WITH (FORMAT BINARY)").format(t)
                ) as cp:
                    cp.set_types(["int4", "vector", "vector"])
                    for i in range(len(units)):
                        cp.write_row((i, vec[i], own[i]))
                conn.execute(sql.SQL("CREATE INDEX ON {} USING hnsw (vec vector_ip_ops)").format(t))
                engines_meta[spec] = {"id": engine.id, "dim": engine.dim, "table": table}
            conn.execute(
                sql.SQL(
                    "CREATE TABLE {}.bm25 (context bool, term text, pos bytea NOT NULL, "
                    "score bytea NOT NULL, PRIMARY KEY (context, term))"
                ).format(schema)
            )
            with conn.cursor().copy(sql.SQL("COPY {}.bm25 FROM STDIN").format(schema)) as cp:
                for context in (True, False):
                    lex = LexicalIndex([u.passage if context else u.body for u in units])
                    for term, pos, score in lex.postings():
                        cp.write_row((context, term, pos.tobytes(), score.tobytes()))
            manifest = {
                "format": FORMAT,
                "fingerprint": fp,
                "engines": engines_meta,
                "units": len(units),
                "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            conn.execute("INSERT INTO boussole_index_builds VALUES (%s, %s)", [build, self.name])
            conn.execute(
                "INSERT INTO boussole_index_live AS l VALUES (%s, %s, NULL, %s) ON CONFLICT (name) DO UPDATE "
                "SET build = EXCLUDED.build, previous = l.build, manifest = EXCLUDED.manifest",
                [self.name, build, Jsonb(manifest)],
            )
        self._prune()
        return BuildReport(
            PurePosixPath("postgresql") / build, len(units), embedded, reused, time.perf_counter() - t0, True
        )

    def _prune(self) -> None:
        """Drop builds that are neither live nor the one before (replicas may still read it)."""
        from psycopg import sql

        with _connect(self.url, autocommit=False) as conn, conn.transaction():
            old = [
                b
                for (b,) in conn.execute(
                    "SELECT build FROM boussole_index_builds WHERE name = %s AND build NOT IN "
                    "(SELECT build FROM boussole_index_live UNION "
                    " SELECT previous FROM boussole_index_live WHERE previous IS NOT NULL)",
                    [self.name],
                )
            ]
            for b in old:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(b)))
                conn.execute("DELETE FROM boussole_index_builds WHERE build = %s", [b])


class _Vectors:
    """One engine's vectors of one build: what LoadedIndex.unit_vectors reads for derive/links.py (`ntotal`, `reconstruct_n`)."""

    def __init__(self, conn, build: str, table: str, column: str, ntotal: int):
        self.conn, self.build, self.table, self.column, self.ntotal = conn, build, table, column, ntotal

    def reconstruct_n(self, start: int, n: int) -> np.ndarray:
        from psycopg import sql

        rows = self.conn.execute(
            sql.SQL("SELECT {} FROM {}.{} WHERE pos >= %s AND pos < %s ORDER BY pos").format(
                sql.Identifier(self.column), sql.Identifier(self.build), sql.Identifier(self.table)
            ),
            [start, start + n],
        ).fetchall()
        # pgvector's type comes back as a Vector unless the connection registered numpy arrays
        vecs = [v.to_numpy() if hasattr(v, "to_numpy") else v for (v,) in rows]
        return np.vstack([np.asarray(v, dtype=np.float32) for v in vecs]) if vecs else np.zeros((0, 0), np.float32)


class PostgresLoadedIndex(LoadedIndex):
    """A build opened from PostgreSQL. Holds one connection (psycopg serialises its use across
    threads); the units are read once, the vectors and BM25 columns are queried per search."""

    def __init__(self, path, manifest, units, vectors, own_vectors, *, conn, build: str):
        super().__init__(path, manifest, units, vectors, own_vectors)
        self.conn = conn
        self.build = build
        self._terms: dict[tuple[bool, str], tuple[np.ndarray, np.ndarray] | None] = {}
        self._lock = threading.Lock()

    def search(
        self, spec: str, query: np.ndarray, k: int, allowed: np.ndarray | None = None, own: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        from psycopg import sql

        v = self.vectors[spec]
        col = sql.Identifier("own" if own else "vec")  # the own words' column has no HNSW index: a scan
        t = sql.SQL("{}.{}").format(sql.Identifier(self.build), sql.Identifier(v.table))
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        # Units saying the same thing have the same vector: FAISS orders such ties by position,
        # the larger first. pgvector's order among ties is arbitrary, so a few more rows are
        # read and sorted the same way (by distance only, the HNSW index still serves the scan).
        n = k + TIE_MARGIN
        if allowed is None:
            rows = self.conn.execute(
                sql.SQL("SELECT pos, {} <#> %s AS d FROM {} ORDER BY d LIMIT %s").format(col, t), [q, n]
            ).fetchall()
        else:
            rows = self.conn.execute(
                sql.SQL("SELECT pos, {} <#> %s AS d FROM {} WHERE pos = ANY(%s) ORDER BY d LIMIT %s").format(col, t),
                [q, [int(i) for i in allowed], n],
            ).fetchall()
        rows.sort(key=lambda r: (r[1], -r[0]))
        rows = rows[:k]
        # `<#>` is the negated inner product: FAISS's similarity is its opposite
        return (
            np.fromiter((p for p, _ in rows), dtype=np.int64, count=len(rows)),
            np.fromiter((-d for _, d in rows), dtype=np.float32, count=len(rows)),
        )

    def lexical_index(self, context: bool):
        return PostingsLexical(len(self.units), lambda terms: self._postings(context, terms))

    def _postings(self, context: bool, terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        from psycopg import sql

        with self._lock:
            known = {t: self._terms[(context, t)] for t in terms if (context, t) in self._terms}
        todo = [t for t in terms if t not in known]
        if todo:
            rows = self.conn.execute(
                sql.SQL("SELECT term, pos, score FROM {}.bm25 WHERE context = %s AND term = ANY(%s)").format(
                    sql.Identifier(self.build)
                ),
                [context, todo],
            ).fetchall()
            got = {t: (np.frombuffer(p, dtype=np.int32), np.frombuffer(s, dtype=np.float32)) for t, p, s in rows}
            with self._lock:
                if len(self._terms) > _TERM_CACHE:
                    self._terms.clear()
                for t in todo:
                    self._terms[(context, t)] = known[t] = got.get(t)
        return {t: v for t, v in known.items() if v is not None}

    def close(self) -> None:
        self.conn.close()

    def __del__(self):  # a replaced snapshot's index lets its connection go
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 — interpreter shutdown
            pass
