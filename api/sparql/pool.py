"""A small pool of query worker processes with a hard per-query time limit.

A query that overruns is stopped by killing its process (SIGKILL: pyoxigraph offers no
cancellation, and a thread cannot be stopped); a fresh worker is started in the background and
joins the pool once it has imported its modules and opened the store, so the next query never
pays for the start-up inside its own time limit.

Workers are fresh interpreters (subprocess, never fork: the API server is multi-threaded, and
forking a multi-threaded process can copy a lock held by another thread and deadlock the
child) that import only the worker module. multiprocessing's "spawn" was tried first: it re-runs
the parent's main script in every child, which breaks any launcher script without a
`__main__` guard and costs its imports on every respawn. Jobs and answers travel pickled over
a socket pair (multiprocessing.connection framing).
"""

from __future__ import annotations

import json
import logging
import pickle
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .worker import READY, QueryJob, QueryOutcome, worker_main

log = logging.getLogger(__name__)

# The child puts the parent's import path first, registers the worker's package without running
# its __init__ (the web app's package may import the whole search stack: a worker needs none of
# it), then runs worker_main on the inherited socket.
_BOOTSTRAP = (
    "import importlib, json, sys, types; a = json.loads(sys.argv[1]); sys.path[:0] = a['path']; "
    "pkg = types.ModuleType(a['package']); pkg.__path__ = [a['package_dir']]; "
    "sys.modules.setdefault(a['package'], pkg); "
    "from multiprocessing.connection import Connection; "
    "importlib.import_module(a['module']).worker_main(Connection(a['fd']), a['store'], a['prefixes'], a['memory_mb'])"
)
ANSWER_MARGIN = 1 << 20  # headers and pickling around a body of at most max_bytes
START_TIMEOUT_S = 60.0  # importing rdflib + opening a large store on a loaded machine


class QueryTimeout(Exception):
    pass


class PoolBusy(Exception):
    pass


class AnswerTooLarge(Exception):
    pass


class WorkerCrashed(Exception):
    def __init__(self, returncode: int | None):
        super().__init__(f"SPARQL worker stopped unexpectedly (exit code {returncode})")
        self.returncode = returncode  # negative: killed by that signal (-6 = abort, e.g. out of memory)


@dataclass(eq=False)  # identity semantics: workers live in a set
class _Worker:
    process: subprocess.Popen
    conn: Connection

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.error("SPARQL worker %s did not exit after SIGKILL", self.pid)
        self.conn.close()


@dataclass(frozen=True)
class PoolStats:
    size: int
    idle: int
    respawns: int
    timeouts: int
    last_respawn_s: float | None  # kill → replacement ready, seconds


class WorkerPool:
    def __init__(self, store_path: Path, prefixes: dict[str, str], size: int = 2, memory_mb: int | None = None):
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.store_path = Path(store_path)
        self.prefixes = dict(prefixes)
        self.size = size
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()  # idle, busy and starting: what close() must stop
        self._lock = threading.Lock()
        self._closed = True
        self.respawns = 0
        self.timeouts = 0
        self.last_respawn_s: float | None = None
        self._start_failures = 0  # consecutive: spaces out retries of a worker that cannot start
        self.confinement: str | None = None  # what the workers said of their network confinement

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self, wait: bool = True) -> None:
        with self._lock:
            if not self._closed:
                return
            self._closed = False
        starters = [self._start_worker() for _ in range(self.size)]
        if wait:
            for t in starters:
                if t is not None:
                    t.join()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.conn.send(None)  # polite stop for idle workers; busy ones are killed below
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 1.0
        for w in workers:
            try:
                w.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            w.kill()
        while not self._idle.empty():
            self._idle.get_nowait()

    @property
    def closed(self) -> bool:
        return self._closed

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all)

    def stats(self) -> PoolStats:
        return PoolStats(self.size, self._idle.qsize(), self.respawns, self.timeouts, self.last_respawn_s)

    # -- workers --------------------------------------------------------------------------------
    def _start_worker(self, since: float | None = None) -> threading.Thread | None:
        """Start a process now; a thread waits for its READY and hands it to the pool."""
        parent_sock, child_sock = socket.socketpair()
        module = worker_main.__module__
        args = {
            "path": [p for p in sys.path if p],
            "module": module,
            "package": module.rpartition(".")[0],
            "package_dir": str(Path(__file__).parent),
            "fd": child_sock.fileno(),
            "store": str(self.store_path),
            "prefixes": self.prefixes,
            "memory_mb": self.memory_mb,
        }
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP, json.dumps(args)],
                pass_fds=(child_sock.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        finally:
            child_sock.close()
        worker = _Worker(proc, Connection(parent_sock.detach()))
        with self._lock:
            if self._closed:
                worker.kill()
                return None
            self._all.add(worker)
        t = threading.Thread(
            target=self._await_ready, args=(worker, since), daemon=True, name="boussole-sparql-starter"
        )
        t.start()
        return t

    def _await_ready(self, worker: _Worker, since: float | None) -> None:
        ok = False
        try:
            if worker.conn.poll(START_TIMEOUT_S):
                hello = worker.conn.recv()
                ok = isinstance(hello, tuple) and hello[0] == READY
                if ok:
                    self.confinement = hello[1]
        except (EOFError, OSError):
            ok = False
        with self._lock:
            if self._closed or worker not in self._all:
                worker.kill()
                return
            if not ok:
                self._all.discard(worker)
        if not ok:
            self._start_failures += 1
            delay = min(30.0, 2.0**self._start_failures)
            log.error(
                "SPARQL worker %s did not start (exit code %s); retrying in %.0f s",
                worker.pid,
                worker.process.poll(),
                delay,
            )
            worker.kill()
            time.sleep(delay)
            if not self._closed:
                self._start_worker(since)
            return
        self._start_failures = 0
        if since is not None:
            self.last_respawn_s = time.monotonic() - since
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        t0 = time.monotonic()
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        self.respawns += 1
        if not self._closed:
            self._start_worker(since=t0)

    # -- queries --------------------------------------------------------------------------------
    def run(self, job: QueryJob, timeout_s: float, wait_s: float | None = None) -> QueryOutcome:
        """Run `job` in a worker; QueryTimeout after `timeout_s` (the worker is killed),
        PoolBusy when no worker frees up within `wait_s` (default: timeout_s)."""
        if self._closed:
            raise PoolBusy("the SPARQL service is not running")
        deadline = time.monotonic() + (timeout_s if wait_s is None else wait_s)
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise PoolBusy(f"all {self.size} SPARQL workers are busy") from None
            if worker.process.poll() is None:
                break
            self._replace(worker)  # died while idle (out-of-memory killer, parent watch): not this query's fault
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout_s):
                self.timeouts += 1
                self._replace(worker)
                raise QueryTimeout(timeout_s)
            # bounded read: the worker caps its answers, and the parent never holds more than that
            data = worker.conn.recv_bytes(job.max_bytes + ANSWER_MARGIN)
        except OSError as e:
            if "bad message length" in str(e):
                self._replace(worker)  # the stream is out of step now: the worker cannot be reused
                raise AnswerTooLarge(job.max_bytes) from e
            self._replace(worker)
            raise WorkerCrashed(worker.process.returncode) from e
        except EOFError as e:
            # the worker died (out of memory, crash) or was killed by close()
            self._replace(worker)
            raise WorkerCrashed(worker.process.returncode) from e
        outcome = pickle.loads(data)
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)
        return outcome
