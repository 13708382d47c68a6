#!/usr/bin/env python
"""Boussole at scale, side by side in one run: the embedded store vs an Oxigraph server, and
embedding in-process vs on a local Dask cluster of 2 workers.

  1. N synthetic plans (bench/ingest.py's generator) ingested by `boussole ingest` in a child
     process, once into the embedded store and once with `--store` on an Oxigraph server on
     loopback: wall time per stage (read + extract + build + SHACL + store; search index; links;
     dumps, from the ingest's progress lines), triples/s of the store stage, peak RSS of the
     ingest, store size on disk. One embedding cache serves both runs (the embedded run fills
     it, so its index stage includes embedding the new passages); the stage that compares the
     stores is read + store.
  2. SPARQL p50 of the same queries on both stores at that size (GraphStore.query, warm).
  3. Warm `/search` p50 of `boussole serve` at N plans and on the two seed plans.
  4. Embedding M passages of those plans with an empty cache: in this process (2 threads) vs
     DaskEmbedder on a LocalCluster of 2 single-threaded workers: passages/s.

    python bench/scale.py [--plans 200] [--passages 512] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import dir_mb, make_plans  # noqa: E402  (the generator of bench/ingest.py)

ROOT = Path(__file__).resolve().parent.parent
SPARQL = {
    "plans": "SELECT ?p ?label WHERE { ?p a bsl:Plan ; rdfs:label ?label } ORDER BY ?p",
    "count by class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "objectives + labels": "SELECT ?o ?l WHERE { ?o a bsl:Objective ; rdfs:label ?l } LIMIT 500",
    "figures 2-hop": "SELECT ?f ?v ?plan WHERE { ?f a bsl:Figure ; bsl:value ?v ; bsl:inPlan ?plan } LIMIT 500",
    "text filter": 'SELECT ?s WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "internat")) }',
}
SEARCHES = [
    "internats d'excellence",
    "rural access to culture",
    "harcèlement à l'école",
    "orientation des lycéens",
    "numérique éducatif",
    "inclusion des élèves handicapés",
    "cordées de la réussite",
    "santé des élèves",
]


def ingest_child(data: Path, plans: list[Path], store: str | None) -> dict:
    """`boussole ingest` in a child; stage times from its progress lines, peak RSS from wait4."""
    cmd = [sys.executable, "-m", "boussole.cli", "ingest", "--data", str(data), *map(str, plans)]
    if store:
        cmd += ["--store", store]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    marks: list[tuple[float, str]] = []

    def read_err():
        for line in proc.stderr:
            marks.append((time.perf_counter() - t0, line))

    reader = threading.Thread(target=read_err)
    reader.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    reader.join()
    wall = time.perf_counter() - t0
    # read + extract + build + SHACL + store ends with the last plan stored; the dumps are last;
    # between them the index (embedding) and the cross-plan links
    stored = max((t for t, line in marks if ": ingested (" in line), default=wall)
    dumps = next((t for t, line in marks if "writing dumps" in line), wall)
    stage_s = {"store": stored, "index+links": dumps - stored, "dumps": wall - dumps}
    return {
        "wall": wall,
        "rss_mb": usage.ru_maxrss / 1024,
        "stages": stage_s,
        "out": out.strip(),
        "rc": os.waitstatus_to_exitcode(status),
    }


def stats(data: Path, store: str | None) -> dict:
    cmd = [sys.executable, "-m", "boussole.cli", "stats", "--json", "--data", str(data)] + (
        ["--store", store] if store else []
    )
    return json.loads(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout)


def sparql_p50(location, rounds: int) -> dict[str, float]:
    from boussole.graph.store import GraphStore

    out = {}
    with GraphStore(location, read_only=True) as s:
        for name, q in SPARQL.items():
            s.query(q)  # warm
            times = []
            for _ in range(rounds):
                t = time.perf_counter()
                s.query(q)
                times.append(time.perf_counter() - t)
            out[name] = statistics.median(times) * 1000
    return out


def search_p50(data: Path, store: str | None, rounds: int) -> float:
    import httpx

    from boussole.serve_process import served

    args = ["--no-ingest"] + (["--store", store] if store else [])
    with served(data, *args, log=data / "serve.log") as base, httpx.Client(base_url=base, timeout=60) as c:
        times = []
        for r in range(rounds + 1):
            for q in SEARCHES:
                t = time.perf_counter()
                c.get("/search", params={"q": f"{q} {r}" if r else q, "k": 10}).raise_for_status()
                if r:  # round 0 warms; later rounds vary the words so no query cache answers
                    times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000


def embed_rates(data: Path, n: int, tmp: Path) -> dict[str, float]:
    """passages/s for n passages, empty cache: in-process (2 threads) vs LocalCluster(2 × 1 thread)."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    from boussole.search.distributed import DaskEmbedder
    from boussole.search.engines import load_engine
    from boussole.search.index import IndexStore

    units = [json.loads(line) for line in next((data / "index").glob("build-*/units.jsonl")).read_text().splitlines()]
    from boussole.search.units import Unit

    units = [Unit.from_json(u) for u in units][:n]
    out = {}
    engine = {"e5": load_engine("e5", threads=2)}
    for name in ("in-process", "dask 2 workers"):
        os.environ["BOUSSOLE_CACHE"] = str(tmp / f"cache-{name.replace(' ', '-')}")
        runner = DaskEmbedder.start(workers=2) if name.startswith("dask") else None
        if runner is not None:
            runner.warm("e5")  # as the in-process engine above: loaded before the clock starts
        try:
            t = time.perf_counter()
            report = IndexStore(tmp / f"embed-{name.replace(' ', '-')}").build(units, engine, embed=runner)
            out[name] = report.embedded["e5"] / (time.perf_counter() - t)
        finally:
            if runner is not None:
                runner.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=200, help="synthetic plans (default 200; ~17 s each to read)")
    ap.add_argument("--passages", type=int, default=512, help="passages for the embedding comparison (default 512)")
    ap.add_argument("--rounds", type=int, default=20, help="timed SPARQL runs per query (default 20)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = ap.parse_args()

    from boussole.graph.backends.server import oxigraph_server

    tmp = Path(tempfile.mkdtemp(prefix="boussole-scale-"))
    os.environ["BOUSSOLE_CACHE"] = str(tmp / "cache")  # shared by the ingests: see the docstring
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        plans = make_plans(args.plans, corpus)
        say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
        say("[seed] ingesting the two seed plans (the /search baseline) …")
        seed = tmp / "seed"
        ingest_child(seed, [], None)
        say(f"[embedded] ingesting {len(plans)} plans …")
        emb_data = tmp / "embedded"
        emb = ingest_child(emb_data, plans, None)
        emb_stats = stats(emb_data, None)
        emb_mb = dir_mb(emb_data / "store")
        with oxigraph_server(tmp / "oxigraph", log=tmp / "oxigraph.log") as url:
            say(f"[server] ingesting {len(plans)} plans into {url} …")
            srv_data = tmp / "server"
            srv = ingest_child(srv_data, plans, url)
            srv_stats = stats(srv_data, url)
            say("[sparql] timing queries on both stores …")
            sp_emb = sparql_p50(emb_data / "store", args.rounds)
            sp_srv = sparql_p50(url, args.rounds)
            say("[search] warm /search p50 …")
            search = {
                "seed (2 plans)": search_p50(seed, None, 3),
                f"embedded ({emb_stats['documents']} plans)": search_p50(emb_data, None, 3),
                f"server ({srv_stats['documents']} plans)": search_p50(srv_data, url, 3),
            }
        srv_mb = dir_mb(tmp / "oxigraph")
        say(f"[embedding] {args.passages} passages, empty cache, in-process vs Dask …")
        rates = embed_rates(emb_data, args.passages, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    def row(cells, widths):
        return " | ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    print(
        f"\n## ingest of {len(plans)} synthetic plans ({emb_stats['documents']} stored embedded, "
        f"{srv_stats['documents']} on the server)"
    )
    head = [
        "store",
        "read+store s",
        "index+links s",
        "dumps s",
        "total s",
        "triples",
        "triples/s (store)",
        "peak RSS MB",
        "store MB",
    ]
    rows = []
    for name, r, st, mb in (("embedded", emb, emb_stats, emb_mb), ("oxigraph server", srv, srv_stats, srv_mb)):
        s = r["stages"]
        rows.append(
            [name]
            + [f"{s.get(k, 0):.1f}" for k in ("store", "index+links", "dumps")]
            + [
                f"{r['wall']:.1f}",
                st["quads"],
                f"{st['quads'] / max(s.get('store', r['wall']), 1e-9):.0f}",
                f"{r['rss_mb']:.0f}",
                f"{mb:.1f}",
            ]
        )
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    print(row(head, widths))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(row(r, widths))
    print(f"(ingest says: embedded «{emb['out']}», server «{srv['out']}»)")

    print(f"\n## SPARQL p50 (ms) at that size, {args.rounds} warm runs each")
    head = ["query", "embedded", "server", "server/embedded"]
    rows = [[n, f"{sp_emb[n]:.2f}", f"{sp_srv[n]:.2f}", f"{sp_srv[n] / sp_emb[n]:.2f}"] for n in SPARQL]
    tot_e, tot_s = sum(sp_emb.values()), sum(sp_srv.values())
    rows.append(["all (sum of p50)", f"{tot_e:.2f}", f"{tot_s:.2f}", f"{tot_s / tot_e:.2f}"])
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    print(row(head, widths))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(row(r, widths))

    print("\n## warm /search p50 (ms), 8 queries × 3 rounds")
    base = search["seed (2 plans)"]
    for name, ms in search.items():
        print(f"{name:<24} {ms:8.1f}   ×{ms / base:.2f} of the two-plan figure")

    print(f"\n## embedding {args.passages} passages with e5, empty cache")
    for name, rate in rates.items():
        print(f"{name:<16} {rate:8.1f} passages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
