"""Query execution, in a worker process that can be killed.

pyoxigraph cannot cancel a running query, so the only way to stop one is to end the process
running it: each worker owns a read-only view of the store, runs one query at a time, and
sends back the serialised response (status, media type, body, headers). The parent
(sparql_pool) kills a worker that overruns its time limit and starts a new one.
"""
from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .sparql_formats import (FORMATS, ResultKind, negotiate, offered_media_types, write_boolean,
                             write_solutions, write_triples)
from .sparql_guard import QueryCheck, check_query
from .sparql_store import ReadOnlyStore, StoreUnavailable, is_store_error

READY = "ready"
STORE_RETRIES = 2
TEXT = "text/plain"


@dataclass(frozen=True)
class QueryJob:
    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    max_rows: int = 10000
    format_name: str | None = None  # the `format=` parameter, overrides Accept


@dataclass(frozen=True)
class QueryOutcome:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> QueryOutcome:
    return QueryOutcome(status, TEXT, (message.rstrip() + "\n").encode("utf-8"), dict(headers or {}))


class Executor:
    """Runs one QueryJob against the store and serialises the answer."""

    def __init__(self, store_path: Path, prefixes: dict[str, str]):
        self.store = ReadOnlyStore(Path(store_path))
        self.prefixes = dict(prefixes)

    def warm_up(self) -> None:
        # the first rdflib parse builds pyparsing caches (~50 ms): pay it before the clock runs
        check_query("ASK {}", self.prefixes)
        try:
            self.store.get()
        except StoreUnavailable:
            pass

    def execute(self, job: QueryJob) -> QueryOutcome:
        check = check_query(job.query, self.prefixes)
        if check.refusal:
            return error(400, check.refusal)
        for attempt in range(1, STORE_RETRIES + 2):
            try:
                store = self.store.get()
            except StoreUnavailable as e:
                return error(503, str(e))
            try:
                dataset = self._dataset(job, check, store)
                if isinstance(dataset, QueryOutcome):
                    return dataset
                result = store.query(job.query, prefixes=self.prefixes, base_iri=job.base_iri, **dataset)
                return self._render(result, job)
            except SyntaxError as e:
                return error(400, f"malformed SPARQL query: {e}")
            except (OSError, RuntimeError, ValueError, TypeError) as e:
                if not is_store_error(e):
                    return error(400, f"query could not be evaluated: {e}")
                # files replaced under this read-only view while it ran
                if self.store.writer_active() or attempt > STORE_RETRIES:
                    # reopening in the middle of a write burst is what can hang (sparql_store)
                    return error(503, "the graph is being updated (ingest in progress); retry in a few seconds",
                                 {"Retry-After": "2"})
                self.store.reset()
        raise AssertionError("unreachable")

    def _dataset(self, job: QueryJob, check: QueryCheck, store: ox.Store) -> dict | QueryOutcome:
        """pyoxigraph arguments for the RDF dataset the query runs on."""
        if job.default_graphs or job.named_graphs:
            # SPARQL 1.1 Protocol §2.1.4: protocol graphs replace FROM/FROM NAMED; a graph not in
            # the store is an empty graph (nothing is ever fetched). Unspecified half = empty.
            try:
                return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                        "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}
            except ValueError as e:
                return error(400, f"invalid graph IRI in default-graph-uri / named-graph-uri: {e}")
        if check.from_graphs or check.from_named:
            missing = [g for g in (*check.from_graphs, *check.from_named) if not _has_graph(store, g)]
            if missing:
                return error(400, "FROM / FROM NAMED graph not in this store: " + ", ".join(f"<{g}>" for g in missing)
                             + ". This endpoint never fetches graphs from the web; list its graphs with "
                             "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            return {}  # Oxigraph applies the query's own dataset (the union flag would override it)
        if check.mentions_from:
            return {}
        # like the rest of Boussole: the default graph is the union of the named graphs
        return {"use_default_graph_as_union": True}

    def _render(self, result, job: QueryJob) -> QueryOutcome:
        kind: ResultKind
        if isinstance(result, ox.QueryBoolean):
            kind = "boolean"
        elif isinstance(result, ox.QuerySolutions):
            kind = "solutions"
        else:
            kind = "graph"
        fmt = negotiate(kind, job.accept, job.format_name)
        if fmt is None:
            wanted = f"format={job.format_name}" if job.format_name else f"Accept: {job.accept}"
            return error(406, f"no acceptable format for {_KIND_NAMES[kind]} ({wanted}); "
                              f"available: {', '.join(offered_media_types(kind))}")
        headers: dict[str, str] = {}
        cap = job.max_rows
        if kind == "boolean":
            body = write_boolean(fmt, bool(result))
        elif kind == "solutions":
            variables = [v.value for v in result.variables]
            rows = [tuple(sol) for sol in itertools.islice(result, cap + 1)]
            if len(rows) > cap:
                rows = rows[:cap]
                headers["X-Boussole-Truncated"] = f"rows={cap}"
            body = write_solutions(fmt, variables, rows)
        else:
            triples = list(itertools.islice(result, cap + 1))
            if len(triples) > cap:
                triples = triples[:cap]
                headers["X-Boussole-Truncated"] = f"triples={cap}"
            body = write_triples(fmt, triples, self.prefixes)
        return QueryOutcome(200, fmt.media_type, body, headers)


_KIND_NAMES = {"boolean": "ASK results", "solutions": "SELECT results", "graph": "CONSTRUCT/DESCRIBE results"}
assert set(_KIND_NAMES) == set(FORMATS)


def _has_graph(store: ox.Store, iri: str) -> bool:
    try:
        return store.contains_named_graph(ox.NamedNode(iri))
    except ValueError:  # relative or malformed IRI: cannot name a stored graph
        return False


def _exit_with_parent() -> None:
    """If the server dies without stopping its workers (SIGKILL, crash), a worker stuck in a long
    query would run on as an orphan: leave as soon as the parent is gone. pyoxigraph releases the
    GIL while it evaluates, so this thread runs during queries."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def memory_message(memory_mb: int) -> str:
    return (f"query stopped: it needed more than the memory limit of {memory_mb} MB. Make it more "
            "selective (ORDER BY, GROUP BY and DISTINCT over many rows hold them all in memory).")


def _limit_memory(memory_mb: int | None) -> None:
    """Cap the worker's heap (RLIMIT_DATA: heap and private anonymous mappings, not the mapped
    store files). A query that sorts or groups a huge intermediate result then fails an
    allocation and the worker aborts (Rust) or raises MemoryError (Python), instead of pushing
    the whole machine into the out-of-memory killer within seconds (measured: a two-pattern
    cartesian product with ORDER BY over the seed store allocates gigabytes)."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still applies
        return
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def worker_main(conn, store_path: str, prefixes: dict[str, str], memory_mb: int | None = None) -> None:
    """Entry point of a worker process: answer QueryJobs from `conn` until None or EOF."""
    # Ctrl-C reaches the whole process group; the parent decides when workers stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    _limit_memory(memory_mb)
    try:
        os.nice(5)  # ad-hoc SPARQL yields the CPU to the interactive search served by the parent
    except (AttributeError, OSError):
        pass
    executor = Executor(Path(store_path), prefixes)
    executor.warm_up()
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # parent gone
        if job is None:
            return
        try:
            outcome = executor.execute(job)
        except MemoryError:
            outcome = error(503, memory_message(memory_mb or 0), {"X-Boussole-Memory-Limit": f"{memory_mb}MB"})
        except Exception as e:  # noqa: BLE001 - a worker must answer, never die silently
            outcome = error(500, f"internal error while running the query: {type(e).__name__}: {e}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return
