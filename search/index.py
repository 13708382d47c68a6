"""The persisted search index: units, one FAISS index per engine, and a manifest.

Layout under the data directory:

    index/CURRENT            name of the live build directory (replaced atomically)
    index/<build>/manifest.json   fingerprint, engines, sha256 of every file
    index/<build>/units.jsonl     the units, in vector order
    index/<build>/<engine>.faiss  inner-product index of L2-normalised vectors (contextual text)
    index/<build>/<engine>.own.faiss  the same of the units' own words (cross-plan links compare
                             what two nodes say, not the objectives they sit under)
    index/<build>/<engine>.ivf.faiss  above APPROX_FROM units only: an inverted-file index of the
                             searched vectors, what an unfiltered query scans instead of all of them
    cache/embeddings.sqlite  vectors by (engine id, content hash), shared by all builds

A build is written into a fresh directory and only then named in CURRENT, so a reader sees
either the previous complete build or the new one — never a half-written index. A build whose
files do not match the manifest's checksums is treated as corrupted and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import faiss
import numpy as np

from .cache import EmbeddingCache
from .engines import Engine, load_engine
from .lexical import LexicalIndex
from .units import Unit, load_units

FORMAT = 1
Progress = Callable[[str], None]

# Dense search is an exact scan of every vector (FAISS flat) up to this many units: at 50k e5
# vectors that scan costs ~6 ms on one free core, a third of encoding the query. Above it, each
# engine's searched vectors also get an inverted-file index (IVF: k-means cells, the query
# compared with the vectors of the cells nearest to it), which an unfiltered query scans
# instead; a filtered one, and the own-words vectors, stay exact. $BOUSSOLE_SEARCH_APPROX_FROM
# moves the threshold (a large value keeps every search exact). docs/scale.md: the recall.
APPROX_FROM = 50_000
ENV_APPROX_FROM = "BOUSSOLE_SEARCH_APPROX_FROM"
# nlist = 16·√n cells (FAISS's guideline: 4 to 16·√n), nprobe = nlist / 4. On real e5 vectors
# and queries the finer cells found more of the exact neighbours for the same vectors compared,
# and a quarter of the cells kept recall@10 at 1.00 and recall@100 at 0.97 where an eighth gave
# 0.99 and 0.87 (bench/ann_recall.py, docs/scale.md).
IVF_CELLS_PER_ROOT = 16
IVF_PROBE_SHARE = 4


def approx_threshold() -> int:
    """Units from which the index gets an inverted-file index: $BOUSSOLE_SEARCH_APPROX_FROM, else APPROX_FROM."""
    value = os.environ.get(ENV_APPROX_FROM, "").strip()
    try:
        return int(value) if value else APPROX_FROM
    except ValueError:
        raise ValueError(f"{ENV_APPROX_FROM} must be a number of units, not {value!r}") from None


def ivf_shape(n: int) -> tuple[int, int]:
    """(cells, cells probed per query) of the inverted-file index over n vectors."""
    nlist = max(1, min(n, int(IVF_CELLS_PER_ROOT * math.sqrt(n))))
    return nlist, max(1, nlist // IVF_PROBE_SHARE)


# A rebuild keeps the previous build's cells while the cell count its size calls for stays within
# this factor of theirs (n within ~1.5×): one plan more or less does not move k-means centroids
# that matter, and training them is most of the inverted file's build.
IVF_REUSE_WITHIN = 1.25


def build_ivf(mat: np.ndarray, trained: faiss.Index | None = None) -> faiss.Index:
    """An inverted-file index over L2-normalised rows, scored by inner product like the flat one
    (the scores of what it finds are exact; what it may miss lies in cells it does not probe).
    `trained`: an emptied index whose cells to reuse instead of training new ones."""
    # Queries keep FAISS on one thread (search.hybrid); k-means and the assignment of every
    # vector to its cell are matrix products that a build runs on every core.
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    try:
        if trained is not None:
            ivf = trained
        else:
            nlist, _ = ivf_shape(len(mat))
            dim = mat.shape[1]
            ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
            ivf.cp.spherical = True  # unit vectors: centroids kept on the sphere suit inner product
            # 10 k-means rounds instead of FAISS's 25: the same recall on real e5 vectors, 2.5× less build
            ivf.cp.niter = 10
            ivf.train(mat)
        ivf.add(mat)
    finally:
        faiss.omp_set_num_threads(threads)
    ivf.nprobe = max(1, ivf.nlist // IVF_PROBE_SHARE)
    return ivf


class IndexError_(RuntimeError):
    """Base of index problems that a rebuild fixes."""


class IndexMissing(IndexError_):
    pass


class IndexCorrupt(IndexError_):
    pass


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict
    units: list[Unit]
    vectors: dict[str, faiss.Index] = field(default_factory=dict)  # engine spec → index
    own_vectors: dict[str, faiss.Index] = field(default_factory=dict)  # …of the units' own words
    # engine spec → inverted-file index of `vectors` (large indexes only: APPROX_FROM)
    approx: dict[str, faiss.Index] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return self.manifest["fingerprint"]

    # What the ranking asks of an index (search.hybrid); search/backends/postgres.py answers
    # the same two questions from PostgreSQL.
    def search(
        self, spec: str, query: np.ndarray, k: int, allowed: np.ndarray | None = None, own: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, inner-product similarities) of the k units nearest to `query` for one
        engine, best first (only positions in `allowed` when given); `own`: among the vectors of
        the units' own words rather than those searched by default (with their context line).
        Exact, except an unfiltered search of a large index (APPROX_FROM)."""
        index = None if own or allowed is not None else self.approx.get(spec)
        if index is None:
            index = (self.own_vectors if own else self.vectors)[spec]
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))
            sims, ids = index.search(query, k, params=params)
        else:
            sims, ids = index.search(query, k)
        found = ids[0] >= 0
        return ids[0][found], sims[0][found]

    def lexical_index(self, context: bool):
        """BM25 over the units' passages (with their context line) or their own words."""
        return LexicalIndex([u.passage if context else u.body for u in self.units])

    def unit_vectors(self) -> dict[str, np.ndarray]:
        """engine spec → the stored unit vectors, one row per unit in `units` order: of the units'
        own words where the index holds them (the searched vectors carry the objective's title,
        which makes every pair under two similar objectives look alike), else as searched."""
        source = self.own_vectors or self.vectors
        return {spec: idx.reconstruct_n(0, idx.ntotal) for spec, idx in source.items()}


@dataclass(frozen=True)
class BuildReport:
    path: Path
    units: int
    embedded: dict[str, int]  # engine spec → passages embedded now (cache misses)
    reused: dict[str, int]  # engine spec → passages taken from the cache
    seconds: float
    rebuilt: bool  # False when the live index already matched the graph


def fingerprint(units: list[Unit], specs: tuple[str, ...], engine_ids: dict[str, str] | None = None) -> str:
    h = hashlib.sha256(f"format={FORMAT};engines={','.join(specs)}".encode())
    for spec in specs:
        h.update(f";{spec}={(engine_ids or {}).get(spec, '')}".encode())
    for u in units:
        h.update(json.dumps(u.to_json(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _slug(spec: str) -> str:
    return hashlib.sha1(spec.encode()).hexdigest()[:10] if not spec.isalnum() else spec


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class IndexStore:
    """The index directory of one data directory."""

    def __init__(self, data: Path, name: str = "index"):
        self.data = Path(data)
        self.root = self.data / name
        # BOUSSOLE_CACHE lets several data directories share one embedding cache.
        cache = os.environ.get("BOUSSOLE_CACHE")
        self.cache_path = (Path(cache) if cache else self.data / "cache") / "embeddings.sqlite"

    def __str__(self) -> str:
        return str(self.root)

    # -- reading --------------------------------------------------------------------------
    def current(self) -> Path | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return self.root / name if name else None

    def open(self, specs: tuple[str, ...]) -> LoadedIndex:
        """The live index, verified against its manifest. Raises IndexMissing / IndexCorrupt."""
        path = self.current()
        if path is None:
            raise IndexMissing(f"no search index in {self.root}")
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise IndexCorrupt(f"search index {path} has no readable manifest ({e})") from e
        if manifest.get("format") != FORMAT:
            raise IndexCorrupt(f"search index {path} has format {manifest.get('format')}, expected {FORMAT}")
        if tuple(manifest.get("engines", {})) != tuple(specs):
            raise IndexMissing(
                f"search index {path} was built for engines "
                f"{','.join(manifest.get('engines', {}))}, not {','.join(specs)}"
            )
        for name, digest in manifest["files"].items():
            f = path / name
            if not f.is_file():
                raise IndexCorrupt(f"search index {path} lacks {name}")
            if _sha256(f) != digest:
                raise IndexCorrupt(f"search index file {f} does not match its checksum")
        units = [
            Unit.from_json(json.loads(line))
            for line in (path / "units.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ]
        vectors, own, approx = {}, {}, {}
        for spec, meta in manifest["engines"].items():
            for key, into in (("file", vectors), ("own_file", own), ("ivf_file", approx)):
                if key not in meta:
                    continue
                idx = faiss.read_index(str(path / meta[key]))
                if idx.ntotal != len(units):
                    raise IndexCorrupt(f"{meta[key]} holds {idx.ntotal} vectors for {len(units)} units")
                into[spec] = idx
            if spec in approx:
                approx[spec].nprobe = int(meta["nprobe"])
        return LoadedIndex(path, manifest, units, vectors, own, approx)

    # -- building -------------------------------------------------------------------------
    def build(
        self,
        units: list[Unit],
        engines: dict[str, Engine],
        *,
        progress: Progress | None = None,
        batch: int = 64,
        embed=None,
        approx_from: int | None = None,
    ) -> BuildReport:
        """Write a complete new build for `units` and make it live. `embed`: a runner
        (search.distributed.DaskEmbedder) that encodes the missing batches elsewhere;
        `approx_from`: units from which the searched vectors get an inverted-file index
        (default: $BOUSSOLE_SEARCH_APPROX_FROM, else APPROX_FROM)."""
        t0 = time.perf_counter()
        say = progress or (lambda _m: None)
        specs = tuple(engines)
        fp = fingerprint(units, specs, {s: e.id for s, e in engines.items()})
        self.root.mkdir(parents=True, exist_ok=True)
        build = self.root / f"build-{time.strftime('%Y%m%dT%H%M%S')}-{fp[:8]}-{uuid.uuid4().hex[:8]}"
        tmp = build.with_name("." + build.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            files: dict[str, str] = {}
            engines_meta: dict[str, dict] = {}
            threshold = approx_threshold() if approx_from is None else approx_from
            mats, embedded, reused = embed_units(
                units, engines, self.cache_path, progress=say, batch=batch, embed=embed
            )
            for spec, engine in engines.items():
                engines_meta[spec] = {"id": engine.id, "dim": engine.dim}
                for key, mat, suffix in (("file", mats[spec][0], ""), ("own_file", mats[spec][1], ".own")):
                    index = faiss.IndexFlatIP(engine.dim)
                    if len(mat):
                        index.add(mat)
                    name = f"{_slug(spec)}{suffix}.faiss"
                    faiss.write_index(index, str(tmp / name))
                    engines_meta[spec][key] = name
                if len(units) >= threshold:
                    trained = self._trained_cells(spec, engine, len(units))
                    say(
                        f"inverted-file index of {len(units)} {spec} vectors ({'previous' if trained else 'new'} cells)…"
                    )
                    ivf = build_ivf(mats[spec][0], trained)
                    name = f"{_slug(spec)}.ivf.faiss"
                    faiss.write_index(ivf, str(tmp / name))
                    engines_meta[spec].update(ivf_file=name, nlist=ivf.nlist, nprobe=ivf.nprobe)
            lines = "".join(json.dumps(u.to_json(), ensure_ascii=False) + "\n" for u in units)
            (tmp / "units.jsonl").write_text(lines, encoding="utf-8")
            for f in tmp.iterdir():
                files[f.name] = _sha256(f)
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())
            manifest = {
                "format": FORMAT,
                "fingerprint": fp,
                "engines": engines_meta,
                "files": files,
                "units": len(units),
                "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            _fsync_dir(tmp)
            os.replace(tmp, build)
            _write_atomic(self.root / "CURRENT", build.name.encode())
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._prune(keep=build)
        return BuildReport(build, len(units), embedded, reused, time.perf_counter() - t0, True)

    def _trained_cells(self, spec: str, engine: Engine, n: int) -> faiss.Index | None:
        """The live build's inverted file for `spec`, emptied of its vectors, when its cells
        suit n vectors of the same engine (IVF_REUSE_WITHIN); else None (train new cells)."""
        path = self.current()
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
            meta = manifest["engines"][spec]
            if meta.get("id") != engine.id or "ivf_file" not in meta:
                return None
            ratio = ivf_shape(n)[0] / int(meta["nlist"])
            if not 1 / IVF_REUSE_WITHIN <= ratio <= IVF_REUSE_WITHIN:
                return None
            if _sha256(path / meta["ivf_file"]) != manifest["files"][meta["ivf_file"]]:
                return None
            ivf = faiss.read_index(str(path / meta["ivf_file"]))
        except (OSError, TypeError, ValueError, KeyError, RuntimeError):
            return None  # no live build, or one without usable cells: train new ones
        ivf.reset()
        return ivf

    def _prune(self, keep: Path) -> None:
        """Remove builds other than the live one. A reader that opened an older build keeps
        its open file handles; new readers follow CURRENT."""
        for p in self.root.iterdir():
            if p.is_dir() and p != keep and (p.name.startswith("build-") or p.name.endswith(".partial")):
                shutil.rmtree(p, ignore_errors=True)


def embed_units(
    units: list[Unit],
    engines: dict[str, Engine],
    cache_path: Path,
    *,
    progress: Progress | None = None,
    batch: int = 64,
    embed=None,
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict[str, int], dict[str, int]]:
    """Per engine, the vectors of the units in context and of their own words (float32, in unit
    order), embedding only what the cache lacks; every index backend stores these."""
    say = progress or (lambda _m: None)
    cache = EmbeddingCache(cache_path)
    mats: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    embedded, reused = {}, {}
    try:
        hashes = [u.content_hash for u in units]
        own_hashes = [u.body_hash for u in units]
        for spec, engine in engines.items():
            have = cache.get_many(engine.id, hashes + own_hashes)
            missing = [(h, u.passage) for h, u in zip(hashes, units) if h not in have] + [
                (h, u.body) for h, u in zip(own_hashes, units) if h not in have
            ]
            missing = list(dict(missing).items())
            reused[spec], embedded[spec] = len(have), len(missing)
            if missing:
                say(f"embedding {len(missing)} passages with {spec} ({len(have)} cached)…")
            chunks = [missing[i : i + batch] for i in range(0, len(missing), batch)]
            if embed is not None and chunks:  # batches on the cluster (search.distributed)
                results = embed.encode(spec, [[t for _, t in c] for c in chunks])
            else:
                results = ((n, engine.encode_passages([t for _, t in c])) for n, c in enumerate(chunks))
            done = 0
            for n, vecs in results:
                new = {h: v for (h, _), v in zip(chunks[n], vecs)}
                cache.put_many(engine.id, new)  # committed per batch: an interrupted build resumes
                have.update(new)
                done += len(new)
                if len(missing) > batch:
                    say(f"  {spec}: {done}/{len(missing)}")
            mats[spec] = tuple(
                np.vstack([have[h] for h in hs]).astype(np.float32) if hs else np.zeros((0, engine.dim), np.float32)
                for hs in (hashes, own_hashes)
            )
    finally:
        cache.close()
    return mats, embedded, reused


def _lacks_ivf(istore, live: LoadedIndex) -> bool:
    """A file index of the graph's units built without the inverted files its size now calls for
    (by an earlier version, or under a higher $BOUSSOLE_SEARCH_APPROX_FROM): rebuilt from the cache."""
    return isinstance(istore, IndexStore) and len(live.units) >= approx_threshold() and not live.approx


def load_engines(specs: tuple[str, ...], threads: int = 2) -> dict[str, Engine]:
    return {s: load_engine(s, threads) for s in specs}


def ensure_index(
    store,
    data: Path,
    specs: tuple[str, ...],
    *,
    progress: Progress | None = None,
    threads: int = 2,
    force: bool = False,
    name: str = "index",
    embed=None,
    build: bool = True,
) -> tuple[LoadedIndex, BuildReport]:
    """The live index for the graph in `store`, rebuilt when missing, corrupted or stale.

    build=False: never write; raise IndexMissing unless the live index matches the graph (a
    server reloading after an ingest waits for the ingest's own index instead of racing it).

    Only passages whose text changed are embedded again (the cache holds the rest), so
    re-indexing an unchanged corpus costs reading units and vectors back.
    """
    say = progress or (lambda m: print(m, file=sys.stderr))
    t0 = time.perf_counter()
    from .backends import index_store

    istore = index_store(data, name)
    units = load_units(store)
    engines = load_engines(specs, threads)
    fp = fingerprint(units, specs, {s: e.id for s, e in engines.items()})
    if not force:
        try:
            live = istore.open(specs)
        except IndexMissing:
            live = None
        except IndexCorrupt as e:
            say(f"search index is corrupted ({e}); rebuilding it")
            live = None
        if live is not None and live.fingerprint == fp and not _lacks_ivf(istore, live):
            return live, BuildReport(
                live.path,
                len(units),
                {s: 0 for s in specs},
                {s: len(units) for s in specs},
                time.perf_counter() - t0,
                False,
            )
    if not build:
        raise IndexMissing(f"the search index in {istore} does not match the graph yet")
    report = istore.build(units, engines, progress=say, embed=embed)
    return istore.open(specs), report
