"""Query execution, in a worker process that can be killed.

pyoxigraph cannot cancel a running query, so the only way to stop one is to end the process
running it: each worker owns a read-only view of the store, runs one query at a time, and
sends back the serialised response (status, media type, body, headers). The parent
(pool.py) kills a worker that overruns its time limit and starts a new one.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .formats import FORMATS, ResultKind, negotiate, offered_media_types, write_boolean, write_solutions, write_triples
from .guard import SERVICE_MESSAGE, QueryCheck, check_query
from .sandbox import ConfinementError, confine
from .store import ReadOnlyStore, StoreUnavailable, is_store_error

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
    max_bytes: int = 16 << 20  # whole response body
    max_literal_bytes: int = 1 << 20  # one literal's value; longer ones are cut to this


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
            except PermissionError:
                # the sandbox refused a connection: only SERVICE makes Oxigraph open one
                return error(400, SERVICE_MESSAGE)
            except (OSError, RuntimeError, ValueError, TypeError) as e:
                if not is_store_error(e):
                    return error(400, f"query could not be evaluated: {e}")
                # files replaced under this read-only view while it ran
                if self.store.writer_active() or attempt > STORE_RETRIES:
                    # reopening in the middle of a write burst is what can hang (store.py)
                    return error(
                        503,
                        "the graph is being updated (ingest in progress); retry in a few seconds",
                        {"Retry-After": "2"},
                    )
                self.store.reset()
        raise AssertionError("unreachable")

    def _dataset(self, job: QueryJob, check: QueryCheck, store: ox.Store) -> dict | QueryOutcome:
        """pyoxigraph arguments for the RDF dataset the query runs on."""
        if job.default_graphs or job.named_graphs:
            # SPARQL 1.1 Protocol §2.1.4: protocol graphs replace FROM/FROM NAMED; a graph not in
            # the store is an empty graph (nothing is ever fetched). Unspecified half = empty.
            try:
                return {
                    "default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                    "named_graphs": [ox.NamedNode(g) for g in job.named_graphs],
                }
            except ValueError as e:
                return error(400, f"invalid graph IRI in default-graph-uri / named-graph-uri: {e}")
        if check.from_graphs or check.from_named:
            missing = [g for g in (*check.from_graphs, *check.from_named) if not _has_graph(store, g)]
            if missing:
                return error(
                    400,
                    "FROM / FROM NAMED graph not in this store: "
                    + ", ".join(f"<{g}>" for g in missing)
                    + ". This endpoint never fetches graphs from the web; list its graphs with "
                    "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
                )
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
            return error(
                406,
                f"no acceptable format for {_KIND_NAMES[kind]} ({wanted}); "
                f"available: {', '.join(offered_media_types(kind))}",
            )
        headers: dict[str, str] = {}
        cuts: dict[str, int] = {}
        if kind == "boolean":
            body = write_boolean(fmt, bool(result))
        elif kind == "solutions":
            variables = [v.value for v in result.variables]
            rows, cuts = _bounded(
                iter(result),
                job,
                "rows",
                lambda sol: tuple(sol),
                lambda row, lim: tuple(_cut_term(t, lim) for t in row),
            )
            body, cuts = _fit(lambda rs: write_solutions(fmt, variables, rs), rows, job.max_bytes, cuts)
        else:
            triples, cuts = _bounded(
                iter(result),
                job,
                "triples",
                lambda t: t,
                lambda t, lim: ox.Triple(t.subject, t.predicate, _cut_term(t.object, lim)),
            )
            body, cuts = _fit(lambda ts: write_triples(fmt, ts, self.prefixes), triples, job.max_bytes, cuts)
        if cuts:
            headers["X-Boussole-Truncated"] = ", ".join(f"{k}={v}" for k, v in cuts.items())
        return QueryOutcome(200, fmt.media_type, body, headers)


# -- bounded answers ----------------------------------------------------------------------------
# A query can build a literal of any size (nested CONCAT doubles it each time): rows are counted
# and their bytes added up as they come out of the engine, so no answer larger than the caps is
# ever held, serialised or sent to the parent.
_TERM_OVERHEAD = 48  # markup around one term in the bulkiest format (XML), bytes


def _text_bytes(text: str) -> int:
    return len(text) if len(text) < 1024 or text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _term_bytes(term) -> int:
    if term is None:
        return 0
    if isinstance(term, ox.Triple):
        return sum(_term_bytes(t) for t in (term.subject, term.predicate, term.object)) + _TERM_OVERHEAD
    size = _text_bytes(term.value) + _TERM_OVERHEAD
    if isinstance(term, ox.Literal) and not term.language:
        size += len(term.datatype.value)
    return size


class _Oversized(Exception):
    """A term that cannot be cut without changing what it is (an IRI, a blank node)."""


def _cut_term(term, limit: int):
    if not isinstance(term, ox.Literal) or _text_bytes(term.value) <= limit:
        if term is not None and not isinstance(term, ox.Literal) and _term_bytes(term) > limit + _TERM_OVERHEAD * 4:
            raise _Oversized
        return term
    cut = term.value.encode("utf-8", "surrogatepass")[:limit].decode("utf-8", "ignore")
    if term.language:
        return ox.Literal(cut, language=term.language)
    return ox.Literal(cut, datatype=term.datatype)


def _bounded(items, job: QueryJob, unit: str, as_item, cut):
    """At most max_rows items and about max_bytes of them, each literal at most
    max_literal_bytes; what was cut, as {reason: limit}."""
    out, cuts, total = [], {}, 0
    while True:
        try:
            raw = next(items)
        except StopIteration:
            return out, cuts
        if len(out) == job.max_rows:
            cuts[unit] = job.max_rows
            return out, cuts
        item = as_item(raw)
        try:
            capped = cut(item, job.max_literal_bytes)
        except _Oversized:
            cuts["bytes"] = job.max_bytes
            return out, cuts
        if capped != item:
            cuts["literal"] = job.max_literal_bytes
        terms = capped if isinstance(capped, tuple) else (capped,)
        size = sum(_term_bytes(t) for t in terms)
        if total + size > job.max_bytes:
            cuts["bytes"] = job.max_bytes
            return out, cuts
        total += size
        out.append(capped)


def _fit(write, items: list, max_bytes: int, cuts: dict) -> tuple[bytes, dict]:
    """Serialise, dropping items from the end while the body is over the byte cap (the
    estimate above is generous, so this rarely loops)."""
    body = write(items)
    while len(body) > max_bytes and items:
        keep = max(0, min(len(items) - 1, int(len(items) * max_bytes / len(body) * 0.9)))
        items = items[:keep]
        cuts = {**cuts, "bytes": max_bytes}
        body = write(items)
    return body, cuts


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
    return (
        f"query stopped: it needed more than the memory limit of {memory_mb} MB. Make it more "
        "selective (ORDER BY, GROUP BY and DISTINCT over many rows hold them all in memory)."
    )


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
    # First, before any thread exists: from here on this process cannot open a network
    # connection, whatever query it runs (SERVICE included). Fail closed if it cannot be done.
    try:
        confinement = confine()
    except ConfinementError as e:
        print(f"SPARQL worker refuses to start unconfined: {e}", file=sys.stderr, flush=True)
        os._exit(3)
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
    conn.send((READY, confinement.describe()))
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
