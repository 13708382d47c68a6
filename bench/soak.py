"""A bounded soak on loopback: a real `boussole serve` under a steady mixed load for a fixed
time, with the memory of the server and of its SPARQL worker processes sampled every second.

What the clients send, interleaved in one stream (each client has its own loopback address,
as distinct users would: the SPARQL endpoint shares its workers per client address):
  - search: GET /search, the public queries (French and English) rotated through unseen
    phrasings, so the query-vector cache does not answer;
  - sparql: SELECT of several shapes (listing, aggregate, property path, OPTIONAL, FILTER),
    ASK and CONSTRUCT;
  - chat:   POST /chat, French and English questions, each followed by follow-ups in the
    same conversation;
  - entity: GET /entities/{id} for nodes of every main type (listed once before the soak).

Prints, per kind: requests, req/s, p50, p99, errors; then the memory (RSS summed over the
server process and all its descendants) at start, after the warm-up and at the end, and the
least-squares slope in MB per minute over the samples after the warm-up, with a verdict.

Tolerance: the memory is called flat when the growth the slope projects over the judged window
(slope × window) stays within ALLOWANCE_MB (12 MB), i.e. the slope is at most 12 MB divided by
the window in minutes (14.7 MB/min for the default 60 s run with a 10 s warm-up, 2.5 MB/min for
--seconds 300). Why: the server's caches that grow with new requests are bounded (2 048 query
vectors, about 4 MB when full; 1 000 chat conversations) and the SPARQL workers' store caches warm
up too; measured on the seed corpus under this load, server + workers grow by about 10 MB in the
first 70-80 s and then level off (+1 MB over the next 160 s), and Python's allocator moves RSS
by a MB or two either way. So a healthy server never grows by more than ~12 MB over any window,
while a leak grows without bound: the longer the run, the tighter the tolerance. A 60 s run
catches leaks above ~15 MB/min (about 4.5 kB per request at ~55 req/s); a run of 5 minutes or
more catches leaks above ~2.5 MB/min. A verdict needs at least MIN_JUDGED_S seconds of samples
after the warm-up: a shorter run reports "too short to judge".

Exit status: 1 if any request failed (non-2xx or transport error) or the memory grew beyond
the tolerance, else 0.

    python bench/soak.py [--data DIR] [--clients 6] [--seconds 60] [--warmup 10] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

import httpx
import numpy as np

try:
    import psutil
except ImportError:  # /proc is read directly instead
    psutil = None

from boussole.serve_process import served

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "eval" / "queries.jsonl"
ENTITY_BASE = "https://w3id.org/boussole/id/"
ALLOWANCE_MB = 12.0  # the most a healthy server grows over any window (see above)
MIN_JUDGED_S = 30.0
KINDS = ("search", "sparql", "chat", "entity")
# One client's rotation: search and SPARQL dominate, as on the page with a console open; chat and
# entity lookups come in between. Clients start at different offsets so the mix is even at once.
PATTERN = ("search", "sparql", "entity", "search", "chat", "sparql", "search", "entity")
VARIANTS = ("", " ?", " dans l'académie", " in schools", " — plan", " projets", " 2024")

PREFIX = (
    "PREFIX bsl: <https://w3id.org/boussole/ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
)
SPARQL = [
    "SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label } LIMIT 50",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
    "ASK { ?p a bsl:Project }",
    "SELECT ?i ?top WHERE { ?i a bsl:Indicator ; skos:broader+ ?top . ?top a bsl:Axis }",
    "SELECT ?theme (COUNT(?s) AS ?n) WHERE { ?s dcterms:subject ?theme } GROUP BY ?theme ORDER BY DESC(?n)",
    "SELECT ?p ?label ?device WHERE { ?p a bsl:Project ; rdfs:label ?label OPTIONAL { ?p bsl:device ?device } }",
    'SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "internat")) }',
    "CONSTRUCT { ?e ?p ?o } WHERE { ?e a bsl:Engagement ; ?p ?o } LIMIT 200",
]
# Each conversation: an opening question, then follow-ups that reuse its topic.
CHATS = [
    ("Which devices fight bullying?", "and in Amiens?", "only the projects"),
    ("Combien d'internats d'excellence ?", "et à Clermont-Ferrand ?"),
    ("What do the plans say about boarding schools of excellence?", "what indicators measure it?"),
    ("Où se déroulent les projets CNR ?", "and in Amiens?"),
    ("Which projects support rural access to culture?", "only the projects"),
    ("Quels projets pour l'apprentissage des langues ?", "what indicators measure it?"),
    ("Que disent les plans sur l'orientation des élèves ?", "et à Amiens ?"),
]
ENTITY_TYPES = (
    "Plan",
    "Axis",
    "Objective",
    "Engagement",
    "Indicator",
    "Action",
    "Project",
    "Figure",
    "Device",
    "Commune",
    "School",
)


# -- requests ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    path: str
    params: dict | None = None
    body: dict | None = None


def search_calls() -> Iterator[Call]:
    queries = [json.loads(l)["q"] for l in QUERIES.read_text(encoding="utf-8").splitlines() if l.strip()]
    n = len(VARIANTS)
    # round r asks every query with a pair of variants: 49 phrasings of each before any repeats
    for r in itertools.count():
        for q in queries:
            yield Call("search", "GET", "/search", {"q": q + VARIANTS[r % n] + VARIANTS[(r // n) % n], "k": 10})


def sparql_calls() -> Iterator[Call]:
    for q in itertools.cycle(SPARQL):
        yield Call("sparql", "GET", "/sparql", {"query": PREFIX + q})


def entity_calls(ids: list[str]) -> Iterator[Call]:
    for i in itertools.cycle(ids):
        yield Call("entity", "GET", "/entities/" + i)


def entity_ids(base: str) -> list[str]:
    """Nodes of every main type, interleaved by type: a path under the id base, or the whole IRI
    for nodes outside it (devices and themes live under their own schemes)."""
    by_type = []
    with httpx.Client(base_url=base, timeout=60) as c:
        for t in ENTITY_TYPES:
            q = f"SELECT ?s WHERE {{ ?s a bsl:{t} }} ORDER BY ?s LIMIT 40"
            r = c.get("/sparql", params={"query": PREFIX + q}, headers={"accept": "application/sparql-results+json"})
            r.raise_for_status()
            iris = [b["s"]["value"] for b in r.json()["results"]["bindings"]]
            by_type.append([i.removeprefix(ENTITY_BASE) for i in iris])
    ids = [i for group in itertools.zip_longest(*by_type) for i in group if i]
    if not ids:
        raise RuntimeError(f"no entities of types {', '.join(ENTITY_TYPES)} in the store behind {base}")
    return ids


# -- memory --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemorySample:
    t: float  # seconds since the soak started
    rss_mb: float  # summed over the server and its descendants
    server_mb: float  # the server process alone (the rest: its SPARQL workers)
    processes: int


def _children_proc() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:  # gone between listdir and read
                continue
            # the command name (field 2) may contain spaces and parentheses: parse after the last ')'
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    return children


def _rss_proc(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0  # exited (a SPARQL worker being replaced) or a zombie: holds no memory


def tree_rss(pid: int) -> tuple[int, int, int]:
    """(RSS bytes of `pid` and all its descendants, RSS bytes of `pid` alone, process count)."""
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0, 0, 0
        rss = []
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                rss.append(p.memory_info().rss)
        return sum(rss), rss[0] if rss else 0, len(procs)
    children = _children_proc()
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(children.get(p, []))
    rss = [_rss_proc(p) for p in pids]
    return sum(rss), rss[0], len(pids)


def server_pid(port: int) -> int:
    """The `boussole serve` child of this process listening on `port` (served() keeps its Popen)."""
    me = os.getpid()
    for pid in _children_proc().get(me, []):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv and str(port).encode() in argv:
            return pid
    raise RuntimeError(f"no `boussole serve --port {port}` child of process {me}")


class Sampler(threading.Thread):
    def __init__(self, pid: int, interval_s: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.interval_s = pid, interval_s
        self.samples: list[MemorySample] = []
        self._stop_event = threading.Event()
        self.t0 = time.perf_counter()

    def run(self) -> None:
        while True:
            rss, server, n = tree_rss(self.pid)
            self.samples.append(MemorySample(round(time.perf_counter() - self.t0, 2), rss / 2**20, server / 2**20, n))
            if self._stop_event.wait(self.interval_s):
                return

    def stop(self) -> list[MemorySample]:
        self._stop_event.set()
        self.join()
        return self.samples


@dataclass(frozen=True)
class MemoryReport:
    start_mb: float
    warm_mb: float
    end_mb: float
    peak_mb: float
    processes: tuple[int, int]  # fewest and most processes seen (server + workers)
    slope_mb_per_min: float | None  # None: fewer than two samples after the warm-up
    judged_s: float  # seconds of samples the slope is fitted on
    tolerance_mb_per_min: float | None  # ALLOWANCE_MB spread over the judged window
    verdict: str  # "flat", "leak" or "too short to judge"
    samples: int


def memory_report(
    samples: list[MemorySample], warmup_s: float, allowance_mb: float = ALLOWANCE_MB, min_judged_s: float = MIN_JUDGED_S
) -> MemoryReport:
    if not samples:
        raise ValueError("no memory samples")
    after = [s for s in samples if s.t >= warmup_s] or samples[-1:]
    slope = None
    if len(after) >= 2:
        t = np.array([s.t for s in after]) / 60.0
        slope = float(np.polyfit(t, np.array([s.rss_mb for s in after]), 1)[0])
    judged = after[-1].t - after[0].t
    tolerance = allowance_mb / (judged / 60.0) if judged > 0 else None
    if slope is None or tolerance is None or judged < min_judged_s:
        verdict = "too short to judge"
    else:
        verdict = "flat" if slope <= tolerance else "leak"
    counts = [s.processes for s in samples]
    return MemoryReport(
        samples[0].rss_mb,
        after[0].rss_mb,
        samples[-1].rss_mb,
        max(s.rss_mb for s in samples),
        (min(counts), max(counts)),
        slope,
        judged,
        tolerance,
        verdict,
        len(samples),
    )


# -- load ----------------------------------------------------------------------------------------
@dataclass
class KindStats:
    kind: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self, wall_s: float) -> dict:
        ms = np.array(self.latencies) * 1000
        return {
            "kind": self.kind,
            "requests": len(self.latencies),
            "errors": len(self.errors),
            "rps": len(self.latencies) / wall_s,
            "p50_ms": float(np.percentile(ms, 50)) if len(ms) else None,
            "p99_ms": float(np.percentile(ms, 99)) if len(ms) else None,
            "error_samples": self.errors[:5],
        }


def soak(base: str, clients: int, seconds: float, ids: list[str]) -> tuple[dict[str, KindStats], float]:
    streams = {"search": search_calls(), "sparql": sparql_calls(), "entity": entity_calls(ids)}
    stats = {k: KindStats(k) for k in KINDS}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(n: int) -> None:
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{n + 2}")
        chats = itertools.cycle(CHATS[n % len(CHATS) :] + CHATS[: n % len(CHATS)])
        turns: list[str] = []
        cid = None
        with httpx.Client(base_url=base, timeout=60, transport=transport) as c:
            for kind in itertools.islice(itertools.cycle(PATTERN), n, None):
                if time.perf_counter() >= stop:
                    return
                if kind == "chat":
                    if not turns:
                        turns, cid = list(next(chats)), None
                    call = Call("chat", "POST", "/chat", body={"message": turns.pop(0), "conversation_id": cid})
                else:
                    with lock:
                        call = next(streams[kind])
                t0 = time.perf_counter()
                try:
                    r = c.request(call.method, call.path, params=call.params, json=call.body)
                    ok = r.status_code < 300
                    msg = "" if ok else f"{r.status_code} {call.path} {r.text[:160]}"
                    if ok and call.kind == "chat":
                        cid = r.json()["conversation_id"]
                except (httpx.HTTPError, ValueError, KeyError) as e:
                    ok, msg = False, f"{type(e).__name__} {call.path}: {e}"
                dt = time.perf_counter() - t0
                with lock:
                    stats[kind].latencies.append(dt) if ok else stats[kind].errors.append(msg)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats, time.perf_counter() - t0


def _ingest(data: Path) -> None:
    # In a child of its own, so the server's memory is that of a plain start, not an ingest's.
    print(f"ingesting the bundled corpus into {data}…", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "boussole.cli", "ingest", "--data", str(data), "--quiet"], check=True)


def data_dir(stack: contextlib.ExitStack, data: Path | None, ap: argparse.ArgumentParser, prefix: str) -> Path:
    """The given data directory (it must hold a store), or the bundled corpus ingested into a
    temporary one that the stack removes."""
    if data is None:
        data = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
        _ingest(data)
    elif not (data / "store").exists():
        ap.error(f"no graph store in {data}: run `boussole ingest --data {data}` first")
    return data


def run(data: Path, clients: int, seconds: float, warmup_s: float) -> dict:
    with served(data, "--no-ingest", log=data / "soak-serve.log", startup_s=900) as base:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        ids = entity_ids(base)
        health = httpx.get(base + "/health", timeout=10).json()
        print(
            f"server {base} (pid {pid}): {health.get('units')} units, engines {health.get('engines')}; "
            f"{clients} clients for {seconds:g} s, {len(ids)} entities to look up",
            file=sys.stderr,
        )
        sampler = Sampler(pid)
        sampler.start()
        stats, wall = soak(base, clients, seconds, ids)
        samples = sampler.stop()
    mem = memory_report(samples, warmup_s)
    kinds = [stats[k].summary(wall) for k in KINDS]
    total = sum(k["requests"] for k in kinds)
    return {
        "clients": clients,
        "seconds": seconds,
        "wall_s": wall,
        "warmup_s": warmup_s,
        "requests": total,
        "rps": total / wall,
        "errors": sum(k["errors"] for k in kinds),
        "kinds": kinds,
        "memory": asdict(mem),
        "samples": [asdict(s) for s in samples],
    }


def print_report(rep: dict) -> None:
    f = lambda x: "–" if x is None else f"{x:.1f}"  # noqa: E731
    print(
        f"{rep['clients']} clients, {rep['wall_s']:.1f} s, {rep['requests']} requests, "
        f"{rep['rps']:.1f} req/s, {rep['errors']} errors\n"
    )
    print("| kind | requests | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for k in rep["kinds"]:
        print(
            f"| {k['kind']} | {k['requests']} | {k['rps']:.1f} | {f(k['p50_ms'])} | {f(k['p99_ms'])} | {k['errors']} |"
        )
    m = rep["memory"]
    slope = "–" if m["slope_mb_per_min"] is None else f"{m['slope_mb_per_min']:+.2f}"
    print(
        f"\nmemory (RSS of the server + SPARQL workers, {m['processes'][0]}–{m['processes'][1]} processes, "
        f"{m['samples']} samples, 1 per second):"
    )
    print("| start MB | after warm-up MB | end MB | peak MB | slope MB/min | tolerance MB/min | verdict |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {m['start_mb']:.1f} | {m['warm_mb']:.1f} | {m['end_mb']:.1f} | {m['peak_mb']:.1f} | {slope} | "
        f"{f(m['tolerance_mb_per_min'])} | {m['verdict']} |"
    )
    print(
        f"(slope: least squares over the {m['judged_s']:.0f} s after a {rep['warmup_s']:g} s warm-up; "
        f"tolerance: {ALLOWANCE_MB:g} MB over that window, the most the bounded caches explain)"
    )
    for k in rep["kinds"]:
        for e in k["error_samples"]:
            print("error:", e)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data",
        type=Path,
        help="data directory with an ingested store (default: a temporary one, "
        "where the bundled corpus is ingested first; about a minute on two cores)",
    )
    ap.add_argument("--clients", type=int, default=6, help="concurrent clients, each on its own 127.0.0.N (default 6)")
    ap.add_argument("--seconds", type=float, default=60, help="duration of the soak (default 60)")
    ap.add_argument("--warmup", type=float, default=10, help="seconds left out of the memory slope (default 10)")
    ap.add_argument("--json", type=Path, help="also write the full report (with every memory sample) to this file")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= 250:  # one loopback address per client: 127.0.0.2 … 127.0.0.251
        ap.error("--clients must be between 1 and 250")
    if args.seconds <= 0 or args.warmup < 0:
        ap.error("--seconds must be positive and --warmup not negative")

    with contextlib.ExitStack() as stack:
        data = data_dir(stack, args.data, ap, "boussole-soak-")
        rep = run(data, args.clients, args.seconds, args.warmup)
    print_report(rep)
    if args.json:
        args.json.write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if rep["errors"] or rep["memory"]["verdict"] == "leak" else 0


if __name__ == "__main__":
    raise SystemExit(main())
