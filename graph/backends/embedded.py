"""`oxigraph:DIR`: the embedded store, pyoxigraph on RocksDB files, in this process.

One process writes (RocksDB locks the directory: a second read-write open fails with OSError);
any number read through read-only opens, which see the files as of their opening. Whether a
writer is at work is told one way only, `writer_active`: RocksDB holds an fcntl lock on the
LOCK file while a process has the store open for writing, and probing that lock tells "an ingest
is running" apart from "nobody writes", which file times alone cannot.

`version()` is the content version both backends compute (terms.content_version). Whether a
read-only view must be reopened is told by the files instead (`fingerprint`): a view sees only
what was committed before it was opened.
"""

from __future__ import annotations

import fcntl
import gc
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .terms import Binding, bind, content_version


def fingerprint(path: Path) -> tuple | None:
    """Names, sizes and mtimes of the store's files (None: no store)."""
    entries = []
    try:
        with os.scandir(path) as it:
            for e in it:
                if e.name.startswith("LOG") or e.name == "LOCK":
                    continue  # RocksDB's info log also moves when a reader opens the store
                try:
                    st = e.stat()
                except FileNotFoundError:
                    continue  # compacted away during the scan
                entries.append((e.name, st.st_size, st.st_mtime_ns))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return tuple(sorted(entries))


def writer_active(path: Path) -> bool:
    """True while a process holds the store at `path` open for writing."""
    return lock_held(Path(path) / "LOCK")


INGEST_LOCK = "ingest.lock"  # in the data directory: held by an ingest into a server store


@contextmanager
def writer_lease(data: Path) -> Iterator[None]:
    """Held by an ingest for its whole run. A server store has no directory lock to probe, so
    the ingest takes the same kind of fcntl lock on DATA/ingest.lock, and readers that share the
    data directory (the index lives there) tell a running ingest the same way: lock_held."""
    Path(data).mkdir(parents=True, exist_ok=True)
    fd = os.open(Path(data) / INGEST_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def lock_held(file: Path) -> bool:
    """True while another process holds an fcntl lock on `file`."""
    try:
        fd = os.open(file, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)  # this process held no other lock on the file, so closing releases nothing


def is_store_error(exc: BaseException) -> bool:
    """An error from the files changing under a read-only view (worth reopening), as opposed to
    an error in the query. Measured: a writer's flush + compaction during a reopen gives
    `RuntimeError: Corruption: IO error: No such file or directory … .sst`."""
    if isinstance(exc, OSError):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and any(k in text for k in ("Corruption", "IO error", "No such file"))


class OxigraphBackend:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.url = f"oxigraph:{self.path}"
        if read_only:
            self.ox = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self.ox = ox.Store(str(self.path))
            except OSError as e:
                if "current process" not in str(e):
                    raise
                # A closed store of this process may still be referenced by a garbage cycle
                # (rdflib objects); collect it so RocksDB releases the lock, then retry once.
                gc.collect()
                self.ox = ox.Store(str(self.path))

    # -- reads ------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Binding] | None = None,
        default_union: bool = True,
        prefixes: Mapping[str, str] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ):
        kwargs: dict = {}
        if default_graph is not None or named_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph or ()]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        elif default_union:
            kwargs["use_default_graph_as_union"] = True
        return self.ox.query(bind(sparql, bindings), prefixes=dict(prefixes or {}), base_iri=base_iri, **kwargs)

    def triples(self, graph_iri: str) -> Iterator:
        return iter(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def quads(self) -> Iterator[ox.Quad]:
        return (q for q in self.ox.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph_iri: str) -> bool:
        try:
            return self.ox.contains_named_graph(ox.NamedNode(graph_iri))
        except ValueError:
            return False

    def is_empty(self, graph_iri: str) -> bool:
        return next(self.triples(graph_iri), None) is None

    def count(self) -> int:
        return len(self.ox)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self.ox.dump(format=fmt) or b""

    def version(self) -> str:
        return content_version(self)

    def writer_active(self) -> bool:
        return self.read_only and writer_active(self.path)

    # -- writes -----------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError("store opened read-only")

    def update(self, request: str) -> None:
        self._writable()
        self.ox.update(request)  # one RocksDB transaction

    def load(self, graph_iri: str, quads: list[ox.Quad]) -> None:
        """Oxigraph's bulk loader: it sorts the quads into one SST file per index and hands
        them all to RocksDB in ONE IngestExternalFiles call, which RocksDB records atomically
        in its MANIFEST (after a crash all the files are in the store or none is); Oxigraph's
        loader is atomic unless asked `without_atomicity`. `Store.extend` (a transaction)
        writes every key through the write-ahead log and the memtables instead, and its cost
        per quad grew with the store: 0.5 → 1.1 s per 16k-quad plan over the first 60 plans,
        against a flat ~0.1 s here, and a store a quarter of the size on disk
        (bench/store_write.py)."""
        self._writable()
        self.ox.bulk_extend(quads)

    def close(self) -> None:
        if not self.read_only:
            self.ox.flush()
        self.ox = None  # RocksDB releases the directory lock when the last reference goes


class ReadOnlyView:
    """A read-only embedded store reopened when its files change and no writer is at work.

    Oxigraph calls reading during writes undefined behaviour, and a stress run (a writer
    committing 2,000 quads every ~0.1 s, a reader reopening in a loop) shows what that means:
    ~20 % of opens fail with "Corruption: IO error: No such file" (an SST compacted away between
    reading the manifest and opening the file), a snapshot kept open meets the same error on ~1 %
    of queries, and about one reopen in twenty hangs inside `query()`. So the view reopens only
    when the files changed AND none was modified for SETTLE_S (the writer is between bursts: an
    ingest commits documents back to back); meanwhile the previous snapshot keeps answering.
    """

    OPEN_ATTEMPTS = 6

    def __init__(self, path: Path):
        self.path = Path(path)
        self._backend: OxigraphBackend | None = None
        self._stamp: tuple | None = None

    def get(self) -> OxigraphBackend:
        last: BaseException | None = None
        for attempt in range(self.OPEN_ATTEMPTS):
            stamp = fingerprint(self.path)
            if stamp is None:
                self._backend = None
                raise StoreUnavailable(f"no graph store at {self.path}: run `boussole ingest` first")
            if self._backend is not None and (stamp == self._stamp or _busy(stamp)):
                return self._backend  # unchanged, or a writer is active: keep the snapshot
            self._backend = None
            try:
                backend = OxigraphBackend(self.path, read_only=True)
            except (OSError, RuntimeError) as e:
                # the writer may be between writing a file and recording it: let it settle
                last = e
                time.sleep(0.05 * (attempt + 1))
                continue
            self._backend, self._stamp = backend, stamp
            return backend
        raise StoreUnavailable(f"graph store at {self.path} could not be opened: {last}")

    def writer_active(self) -> bool:
        """A write burst in progress (files modified within SETTLE_S)."""
        stamp = fingerprint(self.path)
        return stamp is not None and _busy(stamp)

    def reset(self) -> None:
        self._backend, self._stamp = None, None


class StoreUnavailable(Exception):
    pass


SETTLE_S = 1.0  # no file modified for this long: the writer is between commits


def _busy(stamp: tuple) -> bool:
    newest = max((mtime for _, _, mtime in stamp), default=0)
    return time.time() - newest / 1e9 < SETTLE_S
