"""What the API answers from — store, search index, chat — swapped whole when an ingest ends.

The server never reads a half-ingested graph: while an ingest holds the embedded store
(`writer_active`, graph/backends/embedded.py) the previous snapshot keeps answering; once the
writer has let go and the store's version changed, a new snapshot (store + searcher over the
index the ingest wrote) is opened off the request path and replaces the old one in a single
assignment. On a server store every write is one transaction, so the snapshot follows the
server's version marker (a plan is then its old or its new version, never a mix). A request takes one snapshot at its start and uses it to the end, so each answer
comes from exactly one version, named by the X-Boussole-Version header.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from contextvars import ContextVar, Token
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from boussole.graph.backends import embedded_path, is_embedded, open_backend
from boussole.graph.backends.embedded import fingerprint, lock_held, writer_active

if TYPE_CHECKING:
    from boussole.graph.store import GraphStore
    from boussole.search.hybrid import Searcher
    from boussole.search.index import BuildReport

    from .chat import ChatService

log = logging.getLogger("boussole.api")


@dataclass(frozen=True)
class Snapshot:
    store: GraphStore  # read-only
    searcher: Searcher
    chat: ChatService
    report: BuildReport  # of the index opened
    stamp: tuple  # the store state it was opened from (embedded: its files; server: its version)
    version: str  # short hash of the documents' content hashes: what the answer reflects


class StoreWatch:
    """How the reloader sees a store change: `stamp()` (None: no store) and `writer_active()`."""

    def __init__(self, url: str, ingest_lock: Path | None = None, **endpoints):
        self.url = url
        self._path = embedded_path(url) if is_embedded(url) else None
        self._lock = ingest_lock
        self._endpoints = endpoints
        self._remote = None

    def stamp(self) -> tuple | None:
        if self._path is not None:
            return fingerprint(self._path)
        try:
            if self._remote is None:
                self._remote = open_backend(self.url, read_only=True, timeout_s=10.0, **self._endpoints)
            return (self._remote.version(),)
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning('{"event": "store-unreachable", "error": %r}', str(exc))
            return None

    def writer_active(self) -> bool:
        if self._path is not None:
            return writer_active(self._path)
        return self._lock is not None and lock_held(self._lock)


def graph_version(store) -> str:
    shas = sorted(r.sha256 for r in store.documents())
    return hashlib.sha256("\n".join(shas).encode()).hexdigest()[:12]


class LiveData:
    """Holds the current Snapshot and replaces it when a finished ingest changed the store."""

    def __init__(
        self,
        store: str | Path,
        open_snapshot: Callable[[tuple], Snapshot],
        check_s: float = 1.0,
        ingest_lock: Path | None = None,
        **endpoints,
    ):
        self.watch = StoreWatch(store if isinstance(store, str) else f"oxigraph:{store}", ingest_lock, **endpoints)
        self._open = open_snapshot
        self.check_s = check_s
        self.current: Snapshot | None = None
        self.reloads = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def load(self) -> Snapshot:
        self.current = self._open(self.watch.stamp() or ())
        return self.current

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="boussole-reload", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def check(self) -> bool:
        """Reload if the store changed and no writer holds it; True when a new snapshot is live."""
        cur = self.current
        stamp = self.watch.stamp()
        if cur is None or stamp is None or stamp == cur.stamp or self.watch.writer_active():
            return False
        try:
            new = self._open(stamp)
        except Exception as exc:  # keep answering from the old version rather than fail requests
            log.warning('{"event": "reload-failed", "error": %r}', str(exc))
            return False
        self.current = new  # one assignment: a request sees the old or the new snapshot, whole
        self.reloads += 1
        log.info('{"event": "reloaded", "version": "%s", "previous": "%s"}', new.version, cur.version)
        return True

    def _watch(self) -> None:
        while not self._stop.wait(self.check_s):
            self.check()


_request_snapshot: ContextVar[Snapshot | None] = ContextVar("boussole_snapshot", default=None)


def pin(live: LiveData) -> Token:
    """Fix the snapshot the current request reads (call at its start; `unpin` at its end)."""
    return _request_snapshot.set(live.current)


def unpin(token: Token) -> None:
    _request_snapshot.reset(token)


def snapshot(live: LiveData) -> Snapshot | None:
    """The request's snapshot, or the live one outside a request."""
    return _request_snapshot.get() or live.current
