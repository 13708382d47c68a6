"""Other clients' latency while the SPARQL endpoint is abused, side by side in one run.

The endpoint runs queries in 2 worker processes under a time limit, and shares them per client
address: one address may run at most workers - 1 queries at once (`--sparql-per-client`), its
other queries wait their turn. This benchmark shows what that buys, on a real `boussole serve`
over loopback (the bundled corpus, ingested first into a temporary directory unless --data).

Polite clients, each on its own 127.0.0.N, loop on three connections at once: SELECTs of several
shapes, /search (public queries in unseen phrasings, so the query-vector cache does not answer)
and /health. Abusive clients loop queries that all run into the time limit: a cartesian
product, a deep property path `(!rdf:type)*`, a catastrophic FILTER regex over a join, a 900 KB
literal compared against every pair of triples. Variants, one after the other, each for --seconds:

  baseline         the polite clients alone;
  abuse-many       the same, plus A abusers each on its own address (127.0.1.N);
  abuse-one        the same, plus A abusers all on one address (127.0.1.1);
  no-share-one     abuse-one on a second server started with `--sparql-per-client 2`
                   (= the workers: the share is off, one address may hold both).

Prints, per variant and kind: requests, p50, p99 (over every answered request, refusals
included: a refusal after waiting is latency the user sees), the ratio of p50/p99 to the
baseline's, and answers by status ("503 limit": stopped by the time limit; "503 busy": no worker
freed up in time, Retry-After; "429": the address's share was full for a whole time limit).

Exit status 1 on a transport error or a 5xx that is not one of the endpoint's documented
refusals: an abusive query stopped by the time limit (or the memory cap), a polite query refused
with "503 busy". A polite query stopped by the time limit, a 500, or an unmarked 503 fail the run.

    python bench/sparql_abuse.py [--data DIR] [--clients 4] [--abusers 4] [--seconds 20]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

from boussole.serve_process import served
from soak import PREFIX, SPARQL, data_dir, search_calls  # the soak's polite SPARQL shapes and search stream

WORKERS = 2  # the server's default --sparql-workers; variant no-share lets one address hold them all
POLITE_KINDS = ("sparql", "search", "health")
BIG = "x" * 900_000  # a 900 KB literal: under the endpoint's 1 MB request cap, so it runs
ABUSIVE = {
    "cartesian": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
    "path": "SELECT (COUNT(*) AS ?n) WHERE { ?s (!rdf:type)* ?o }",
    "regex": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d "
    'FILTER(REGEX(CONCAT(STR(?b), STR(?d)), "(a|b|c|d|e)*(.*)+z$", "i")) }',
    "literal": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d "
    'FILTER(CONTAINS(CONCAT(STR(?b), STR(?d)), "' + BIG + '")) }',
}


@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    path: str
    params: dict | None = None
    body: bytes | None = None


@dataclass(frozen=True)
class Answer:
    kind: str
    seconds: float
    outcome: str  # "200", "503 limit", "503 busy", "429", …, or "transport <Error>"


@dataclass(frozen=True)
class Variant:
    name: str
    abusers: int
    one_address: bool


@dataclass(frozen=True)
class Row:
    variant: str
    kind: str
    requests: int
    p50_ms: float
    p99_ms: float
    outcomes: dict[str, int]


# -- requests -------------------------------------------------------------------------------------
def polite_calls(kind: str, offset: int) -> Iterator[Call]:
    if kind == "sparql":
        # clients start at different shapes: an even mix at once
        for q in itertools.islice(itertools.cycle(SPARQL), offset % len(SPARQL), None):
            yield Call("sparql", "GET", "/sparql", {"query": PREFIX + q})
    elif kind == "search":
        for s in itertools.islice(search_calls(), offset * 7, None):
            yield Call("search", "GET", s.path, s.params)
    else:
        while True:
            yield Call("health", "GET", "/health")


def abusive_calls(offset: int) -> Iterator[Call]:
    # POSTed as the query itself: a 900 KB query does not fit in a URL
    queries = list(ABUSIVE.values())
    for q in itertools.islice(itertools.cycle(queries), offset % len(queries), None):
        yield Call("abusive", "POST", "/sparql", body=q.encode())


def outcome(status: int, headers: httpx.Headers) -> str:
    if status == 503:
        if "x-boussole-timeout" in headers:
            return "503 limit"
        if "x-boussole-memory-limit" in headers:
            return "503 memory"
        if "retry-after" in headers:
            return "503 busy"
    return str(status)


def unexpected(kind: str, out: str) -> bool:
    """Whether an answer fails the run: see the module docstring."""
    if out.startswith("transport"):
        return True
    if out in ("503 limit", "503 memory"):
        return kind != "abusive"
    if out == "503 busy":
        return False
    return out[:1] == "5"


# -- load -----------------------------------------------------------------------------------------
def _loop(base: str, address: str, calls: Iterator[Call], stop: float, out: list[Answer], lock: threading.Lock):
    # each client has its own source address, as distinct users would: the endpoint shares its
    # workers per client address
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=base, timeout=120, transport=transport) as c:
        for call in calls:
            if time.perf_counter() >= stop:
                return
            t0 = time.perf_counter()
            try:
                headers = {"content-type": "application/sparql-query"} if call.body is not None else None
                r = c.request(call.method, call.path, params=call.params, content=call.body, headers=headers)
                got = outcome(r.status_code, r.headers)
            except httpx.HTTPError as e:
                got = f"transport {type(e).__name__}"
            answer = Answer(call.kind, time.perf_counter() - t0, got)
            with lock:
                out.append(answer)


def run_variant(base: str, variant: Variant, clients: int, seconds: float) -> list[Answer]:
    answers: list[Answer] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    # a polite client is a page with three connections from one address: its SPARQL console, its
    # search box and its status poll, each waiting only for its own answers (so a SPARQL query
    # held up by the abuse does not also stop the same client's searches from being measured)
    jobs = [(f"127.0.0.{2 + n}", polite_calls(kind, n)) for n in range(clients) for kind in POLITE_KINDS]
    jobs += [
        ("127.0.1.1" if variant.one_address else f"127.0.1.{1 + n}", abusive_calls(n)) for n in range(variant.abusers)
    ]
    threads = [threading.Thread(target=_loop, args=(base, addr, calls, stop, answers, lock)) for addr, calls in jobs]
    for t in threads:
        t.start()
    # an abusive request sent just before the stop may run a whole time limit (plus its wait) after it
    for t in threads:
        t.join()
    return answers


def settle(base: str, timeout_s: float) -> None:
    """Wait until the workers killed by the last variant's time limits are replaced: a trivial
    query answers quickly again (two in a row, so that both workers are back)."""
    deadline = time.monotonic() + 60
    fast = 0
    with httpx.Client(base_url=base, timeout=60) as c:
        while fast < WORKERS and time.monotonic() < deadline:
            t0 = time.perf_counter()
            r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            fast = fast + 1 if r.status_code == 200 and time.perf_counter() - t0 < min(1.0, timeout_s / 3) else 0
            if not fast:
                time.sleep(0.5)


# -- report ---------------------------------------------------------------------------------------
def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summarise(variant: str, answers: list[Answer]) -> list[Row]:
    rows = []
    for kind in (*POLITE_KINDS, "abusive"):
        mine = [a for a in answers if a.kind == kind]
        if not mine:
            continue
        secs = [a.seconds for a in mine]
        rows.append(
            Row(
                variant,
                kind,
                len(mine),
                percentile(secs, 50) * 1000,
                percentile(secs, 99) * 1000,
                dict(sorted(Counter(a.outcome for a in mine).items())),
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    base = {r.kind: r for r in rows if r.variant == "baseline"}
    lines = [
        "| variant | kind | requests | p50 ms | p99 ms | p50 × baseline | p99 × baseline | answers |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        b = base.get(r.kind)
        ratio50 = f"{r.p50_ms / b.p50_ms:.1f}" if b and r.variant != "baseline" else "–"
        ratio99 = f"{r.p99_ms / b.p99_ms:.1f}" if b and r.variant != "baseline" else "–"
        answers = ", ".join(f"{k}: {v}" for k, v in r.outcomes.items())
        lines.append(
            f"| {r.variant} | {r.kind} | {r.requests} | {r.p50_ms:.0f} | {r.p99_ms:.0f} | "
            f"{ratio50} | {ratio99} | {answers} |"
        )
    return "\n".join(lines)


# -- main -----------------------------------------------------------------------------------------
def _measure(data: Path, serve_args: list[str], variants: list[Variant], args, log: Path) -> list[Row]:
    rows = []
    with served(
        data, "--no-ingest", "--sparql-timeout", f"{args.sparql_timeout:g}", *serve_args, log=log, startup_s=300
    ) as base:
        for v in variants:
            print(
                f"running {v.name} ({args.clients} polite, {v.abusers} abusive) for {args.seconds:g} s…",
                file=sys.stderr,
            )
            settle(base, args.sparql_timeout)
            rows += summarise(v.name, run_variant(base, v, args.clients, args.seconds))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data",
        type=Path,
        help="data directory with an ingested store (default: a temporary one, "
        "where the bundled corpus is ingested first; about a minute on two cores)",
    )
    ap.add_argument("--clients", type=int, default=4, help="polite clients, each on its own address (default 4)")
    ap.add_argument("--abusers", type=int, default=4, help="abusive clients (default 4)")
    ap.add_argument("--seconds", type=float, default=20, help="duration of each variant (default 20)")
    ap.add_argument("--sparql-timeout", type=float, default=3, help="the server's SPARQL time limit (default 3 s)")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= 250 or not 1 <= args.abusers <= 250:
        ap.error("--clients and --abusers must be between 1 and 250 (one loopback address each)")
    if args.seconds <= 0 or args.sparql_timeout <= 0:
        ap.error("--seconds and --sparql-timeout must be positive")

    with contextlib.ExitStack() as stack:
        data = data_dir(stack, args.data, ap, "boussole-abuse-")
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="boussole-abuse-logs-")))
        a = args.abusers
        rows = _measure(
            data,
            [],
            [Variant("baseline", 0, False), Variant("abuse-many", a, False), Variant("abuse-one", a, True)],
            args,
            logs / "share.log",
        )
        rows += _measure(
            data, ["--sparql-per-client", str(WORKERS)], [Variant("no-share-one", a, True)], args, logs / "no-share.log"
        )

    print(
        f"\n{args.clients} polite clients, {args.abusers} abusive, {args.seconds:g} s per variant, "
        f"SPARQL time limit {args.sparql_timeout:g} s, {WORKERS} workers\n"
    )
    print(table(rows))
    bad = [(r.variant, r.kind, o, n) for r in rows for o, n in r.outcomes.items() if unexpected(r.kind, o)]
    for variant, kind, o, n in bad:
        print(f"unexpected: {variant} {kind}: {n} × {o}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
