"""A bounded load on loopback against a real `boussole serve`: N concurrent clients for a fixed
time, per workload, side by side in one run.

Workloads (each runs alone for --seconds, one after the other, on the same server):
  - health: GET /health, the framework's floor (no search, no store): the baseline;
  - search: GET /search with the public queries, rotated through unseen phrasings so that the
    query-vector cache does not answer;
  - sparql: a mix of SELECT / ASK / CONSTRUCT / aggregate queries on the SPARQL endpoint;
  - mixed: search and SPARQL interleaved (what a page with a console open does).
Prints throughput, p50/p99 latency, ratio of p50 to the baseline's, and errors (any non-2xx
or transport error; the run exits 1 if there is any).

    python bench/api_load.py [--data DIR | --url URL] [--clients 8] [--seconds 20]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
import time
from pathlib import Path

import httpx

from boussole.graph.namespaces import BSL
from boussole.serve_process import server_for_bench

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "eval" / "queries.jsonl"
VARIANTS = ("", " ?", " dans l'académie", " in schools", " — plan", " projets", " 2024")
# the real vocabulary namespace: a wrong one makes every query match nothing and measures no work
PREFIX = f"PREFIX bsl: <{BSL}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SPARQL = [
    PREFIX + "SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label } LIMIT 50",
    PREFIX + "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
    PREFIX + "ASK { ?p a bsl:Project }",
    PREFIX + "SELECT ?f ?value WHERE { ?f a bsl:Figure ; bsl:value ?value } ORDER BY DESC(?value) LIMIT 20",
    PREFIX + "CONSTRUCT { ?e ?p ?o } WHERE { ?e a bsl:Engagement ; ?p ?o } LIMIT 200",
    PREFIX + 'SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "internat")) }',
]


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def _requests(kind: str):
    """An endless stream of (method, path, params, headers) for one workload."""
    queries = [json.loads(l)["q"] for l in QUERIES.read_text(encoding="utf-8").splitlines() if l.strip()]
    # round r asks every query with a pair of variants: 49 phrasings of each before any repeats
    n = len(VARIANTS)
    searches = (
        ("/search", {"q": q + VARIANTS[r % n] + VARIANTS[(r // n) % n], "k": 10})
        for r in itertools.count()
        for q in queries
    )
    sparqls = (("/sparql", {"query": q}) for q in itertools.cycle(SPARQL))
    if kind == "health":
        return (("/health", {}) for _ in itertools.count())
    if kind == "search":
        return searches
    if kind == "sparql":
        return sparqls
    return (x for pair in zip(searches, sparqls) for x in pair)


def run(base: str, kind: str, clients: int, seconds: float) -> dict:
    stream = _requests(kind)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.perf_counter() + seconds

    def client(n: int) -> None:
        # each simulated client has its own loopback address, as distinct users would: the
        # SPARQL endpoint shares its workers per client address
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{n + 2}")
        with httpx.Client(base_url=base, timeout=60, transport=transport) as c:
            while True:
                with lock:
                    path, params = next(stream)
                if time.perf_counter() >= stop:
                    return
                t0 = time.perf_counter()
                try:
                    r = c.get(path, params=params)
                    ok = r.status_code < 300
                    if ok:
                        r.read()
                    else:
                        msg = f"{r.status_code} {path} {r.text[:120]}"
                except httpx.HTTPError as e:
                    ok, msg = False, f"{type(e).__name__} {path}"
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt) if ok else errors.append(msg)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {
        "kind": kind,
        "n": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall,
        "p50": _pct(latencies, 50) * 1000,
        "p99": _pct(latencies, 99) * 1000,
    }


def _workloads(base: str, args) -> list[dict]:
    health = httpx.get(base + "/health", timeout=10).json()
    print(
        f"server {base}: {health.get('units')} units, engines {health.get('engines')}; "
        f"{args.clients} clients, {args.seconds:g} s per workload\n"
    )
    results = [run(base, "health", args.clients, args.baseline_seconds)]
    for kind in ("search", "sparql", "mixed"):
        print(f"running {kind}…", file=sys.stderr)
        results.append(run(base, kind, args.clients, args.seconds))
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--url", help="a server already running (default: start `boussole serve` here)")
    where.add_argument(
        "--data",
        type=Path,
        help="data directory for the server started here (default: a "
        "temporary one, where the bundled corpus is ingested first)",
    )
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--seconds", type=float, default=20, help="duration of each workload (default 20)")
    ap.add_argument("--baseline-seconds", type=float, default=5, help="duration of the /health baseline (default 5)")
    args = ap.parse_args(argv)

    with server_for_bench(args.url, args.data, "api-load") as base:
        results = _workloads(base, args)

    floor = results[0]["p50"]
    print("| workload | requests | req/s | p50 ms | p99 ms | p50 vs /health | errors |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['kind']} | {r['n']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['p50'] / floor:.1f}x | {len(r['errors'])} |"
        )
    bad = [e for r in results for e in r["errors"]]
    for e in bad[:10]:
        print("error:", e)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
