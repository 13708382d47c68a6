"""The read-only SPARQL 1.1 service behind GET|POST /sparql (api/routers/sparql.py) and the
MCP `sparql` tool.

    service = SparqlService(SparqlSettings(store_path=DataDir(path).store)).start()
    answer = run_query(service, "ASK { ?s ?p ?o }")     # QueryResponse(status, media_type, body, headers)

Queries run in worker processes (pool.py) under a hard time limit, a heap cap and a row
cap, all reported when hit: 503 with a message and `X-Boussole-Timeout: <s>` or
`X-Boussole-Memory-Limit: <N>MB` when a query is stopped; `X-Boussole-Truncated: rows=N`
(SELECT) or `triples=N` (CONSTRUCT/DESCRIBE) when the answer is cut — a header, because the
SPARQL results formats have no place for it. Updates, SERVICE and FROM graphs that are not in the
store are refused with 400. Without a dataset in the request the default graph is the union
of all named graphs, as everywhere in Boussole; the Boussole prefixes (bsl:, skos:, …) may be
used without PREFIX lines. GET /sparql without a query returns a service description.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Sequence

from ..http_guard import ClientShare
from .guard import MAX_DEPTH, depth_message, max_depth
from .pool import AnswerTooLarge, PoolBusy, QueryTimeout, WorkerCrashed, WorkerPool
from .worker import QueryJob, error, memory_message

MAX_QUERY_BYTES = 1_000_000  # far above any hand-written query; stops accidental uploads
TOO_LARGE = f"query larger than {MAX_QUERY_BYTES} bytes"  # 413 over HTTP, a tool error over MCP


@dataclass(frozen=True)
class SparqlSettings:
    store_path: Path
    timeout_s: float = 10.0  # per query, hard: the worker running it is killed
    max_rows: int = 10000  # SELECT rows / CONSTRUCT triples returned
    workers: int = 2  # queries running at once (one process each)
    memory_mb: int | None = 2048  # heap cap per worker (None: none); an overrun stops the query
    per_client: int | None = None  # queries one client address may run at once (None: workers - 1, at least 1)
    max_bytes: int = 16 << 20  # response body; rows past it are cut (X-Boussole-Truncated: bytes=N)
    max_literal_bytes: int = 1 << 20  # one literal; longer values are cut (X-Boussole-Truncated: literal=N)
    public_url: str = "http://127.0.0.1:8000"  # base URL the service is reached at: never the Host header
    crash_limit: int = 3  # worker crashes one client may cause per crash_window_s before its queries get 429
    crash_window_s: float = 60.0
    store_url: str | None = None  # a SPARQL server store: queries are forwarded there (remote.py)
    store_endpoints: tuple[tuple[str, str | None], ...] = ()  # its update / graphs endpoints, if not Oxigraph's

    @property
    def client_limit(self) -> int:
        return self.per_client if self.per_client is not None else max(1, self.workers - 1)


class QueryResponse(NamedTuple):
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str]


class CrashThrottle:
    """A client whose queries keep crashing workers (each crash costs a process start, ~1 s of a
    core) is refused for a while, as a client over its share is: 429 with Retry-After."""

    def __init__(self, limit: int, window_s: float):
        self.limit = limit
        self.window_s = window_s
        self._crashes: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> list[float]:
        times = [t for t in self._crashes.get(client, ()) if now - t < self.window_s]
        if times:
            self._crashes[client] = times
        else:
            self._crashes.pop(client, None)
        return times

    def record(self, client: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._crashes[client] = [*self._recent(client, now), now]

    def retry_after(self, client: str) -> int | None:
        """Seconds until `client` may query again, or None when it may now."""
        with self._lock:
            now = time.monotonic()
            times = self._recent(client, now)
            if len(times) < self.limit:
                return None
            return max(1, int(self.window_s - (now - times[-self.limit])) + 1)


class SparqlService:
    """The worker pool behind /sparql. start()/close() are idempotent; run_query starts a
    service that was never started (CLI and chat tools may skip start()), not a closed one."""

    def __init__(self, settings: SparqlSettings, prefixes: dict[str, str] | None = None):
        if prefixes is None:
            from boussole.graph.namespaces import PREFIXES

            prefixes = dict(PREFIXES)
        self.settings = settings
        self.prefixes = prefixes
        self.pool = WorkerPool(settings.store_path, prefixes, size=settings.workers, memory_mb=settings.memory_mb)
        self.remote = None
        if settings.store_url is not None:
            from .remote import RemoteExecutor

            self.remote = RemoteExecutor(
                settings.store_url, prefixes, settings.timeout_s, **dict(settings.store_endpoints)
            )
        self._start_lock = threading.Lock()
        # a client waits at most one query time limit for its own earlier queries to finish
        self.clients = ClientShare(settings.client_limit, wait_s=settings.timeout_s)
        self.crashes = CrashThrottle(settings.crash_limit, settings.crash_window_s)
        self.stopped = False  # close() was called: no lazy restart behind the owner's back

    def start(self) -> "SparqlService":
        with self._start_lock:
            self.stopped = False
            if self.pool.closed and self.remote is None:
                self.pool.start(wait=True)
        return self

    def close(self) -> None:
        with self._start_lock:
            self.stopped = True
            self.pool.close()

    def __enter__(self) -> "SparqlService":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def describe_limits(self) -> str:
        s = self.settings
        memory = f" or {s.memory_mb} MB of memory" if s.memory_mb else ""
        return (
            f"Read-only SPARQL 1.1 Query endpoint of Boussole. Each query is stopped after {s.timeout_s:g} s"
            f"{memory} (503); at most {s.max_rows} rows or triples and {s.max_bytes} bytes are returned, "
            f"literals cut at {s.max_literal_bytes} bytes (header X-Boussole-Truncated when cut); queries "
            f"nested deeper than {MAX_DEPTH} groups are refused. SERVICE and SPARQL Update are refused, and "
            "the processes running queries cannot open network connections. Without FROM or "
            "default-graph-uri the default graph is the union of all named graphs, one per source "
            "document. Prefixes usable without declaration: " + ", ".join(f"{p}:" for p in self.prefixes) + "."
        )


def run_query(
    service: SparqlService,
    query: str,
    accept: str | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    *,
    base_iri: str | None = None,
    format_name: str | None = None,
    on_crash=None,
) -> QueryResponse:
    """Run one read-only query under the service's limits; never raises for query problems:
    the status code says what happened (200, 400, 406, 503) and the body explains."""
    depth = max_depth(query)
    if depth > MAX_DEPTH:  # refused here too: such a query would crash the worker's parser
        refused = error(400, depth_message(depth))
        return QueryResponse(refused.status, refused.media_type, refused.body, dict(refused.headers))
    s = service.settings
    job = QueryJob(
        query=query,
        accept=accept,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
        base_iri=base_iri,
        max_rows=s.max_rows,
        format_name=format_name,
        max_bytes=s.max_bytes,
        max_literal_bytes=s.max_literal_bytes,
    )
    if service.remote is not None:
        o = service.remote.execute(job)
        return QueryResponse(o.status, o.media_type, o.body, dict(o.headers))
    if service.pool.closed and not service.stopped:
        service.start()
    try:
        outcome = service.pool.run(job, s.timeout_s)
    except QueryTimeout:
        outcome = error(
            503,
            f"query stopped after the time limit of {s.timeout_s:g} s. Make it more "
            "selective (fewer unbound patterns, LIMIT, FILTER early) and try again.",
            {"X-Boussole-Timeout": f"{s.timeout_s:g}"},
        )
    except PoolBusy as e:
        outcome = error(503, f"{e}; retry in a moment", {"Retry-After": "1"})
    except AnswerTooLarge:
        outcome = error(
            503,
            f"the answer exceeded the byte limit of {s.max_bytes} bytes; add LIMIT or select fewer columns",
            {"X-Boussole-Truncated": f"bytes={s.max_bytes}"},
        )
    except WorkerCrashed as e:
        if on_crash is not None:
            on_crash()
        if s.memory_mb and e.returncode == -signal.SIGABRT:
            # Rust aborts when an allocation fails: the heap cap was hit
            outcome = error(503, memory_message(s.memory_mb), {"X-Boussole-Memory-Limit": f"{s.memory_mb}MB"})
        else:
            # the query crashed the engine: a fresh worker is starting; the client may retry
            outcome = error(
                503,
                f"{e} while running this query; a new worker is starting. If the query "
                "is very large or deeply nested, simplify it.",
                {"Retry-After": "2"},
            )
    return QueryResponse(outcome.status, outcome.media_type, outcome.body, dict(outcome.headers))
