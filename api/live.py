"""What the API answers from — store, search index, chat — swapped whole when an ingest ends.

The server never reads a half-ingested graph: while an ingest holds the store (RocksDB's LOCK
file is locked by the writing process) the previous snapshot keeps answering; once the writer
has let go and the store's files changed, a new snapshot (read-only store + searcher over the
index the ingest wrote) is opened off the request path and replaces the old one in a single
assignment. A request takes one snapshot at its start and uses it to the end, so each answer
comes from exactly one version, named by the X-Boussole-Version header.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
from contextvars import ContextVar, Token
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .sparql_store import _fingerprint

log = logging.getLogger("boussole.api")


@dataclass(frozen=True)
class Snapshot:
    store: Any        # GraphStore, read-only
    searcher: Any     # search.hybrid.Searcher
    chat: Any         # api.chat.ChatService
    report: Any       # search.index.BuildReport of the index opened
    stamp: tuple      # the store files it was opened from
    version: str      # short hash of the documents' content hashes: what the answer reflects


def writer_active(store_path: Path) -> bool:
    """True while a process holds the store open for writing (an ingest). RocksDB locks the LOCK
    file with fcntl; probing that lock tells "writer gone" apart from "writer between commits",
    which file times alone cannot."""
    try:
        fd = os.open(store_path / "LOCK", os.O_RDWR)
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


def graph_version(store) -> str:
    shas = sorted(r.sha256 for r in store.documents())
    return hashlib.sha256("\n".join(shas).encode()).hexdigest()[:12]


class LiveData:
    """Holds the current Snapshot and replaces it when a finished ingest changed the store."""

    def __init__(self, store_path: Path, open_snapshot: Callable[[tuple], Snapshot], check_s: float = 1.0):
        self.store_path = store_path
        self._open = open_snapshot
        self.check_s = check_s
        self.current: Snapshot | None = None
        self.reloads = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def load(self) -> Snapshot:
        self.current = self._open(_fingerprint(self.store_path) or ())
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
        stamp = _fingerprint(self.store_path)
        if cur is None or stamp is None or stamp == cur.stamp or writer_active(self.store_path):
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
