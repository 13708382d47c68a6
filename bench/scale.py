#!/usr/bin/env python
"""Boussole at scale, in one run: N generated plans read and stored, the store on an Oxigraph
server against the embedded one, embedding in-process against a local Dask cluster, and the
search and SPARQL latencies at that size.

  1. read + store: the N plans of bench/ingest.py's generator ingested into the embedded store
     by a child process (`ingest(workers=W)`, what `boussole ingest --workers W` runs), with the
     search index, links and dumps left out: wall time, seconds per stage (summed over the
     reader processes), triples/s, peak memory of the process tree, store size on disk.
  2. the store stage on an Oxigraph server on loopback: every plan graph of (1) written to the
     server with the call the ingest makes (GraphStore.replace_document), timed, against the
     embedded store stage of (1). Reading is the same code whatever the store, so it is read once.
  3. embedding: M passages of these plans with an empty cache, e5 in this process (2 threads)
     against DaskEmbedder on a LocalCluster of 2 single-threaded workers: passages/s, and the
     hours the N plans' passages would take at that rate.
  4. the search index at 2 and at N plans. Embedding every passage of N plans is out of reach
     on two cores (3.), so the vectors of the units are the M real ones of (3.), each unit
     taking one of them plus small noise: the sizes are real (units, vectors, BM25 over the real
     texts), the neighbours are not; only latency is measured on it. Build time (nothing to
     embed), then warm `/search` p50 of `boussole serve` at 2 and at N plans.
  5. SPARQL p50 of the same queries on both stores at N plans (GraphStore.query, warm).

    python bench/scale.py [--plans 200] [--workers 2] [--passages 256] [--keep] [--out FILE]

`--only search` runs the search index part alone, in minutes instead of the N-plan ingest: two
generated plans are read and stored, and their units repeated to N plans' worth (every copy
under its own plan, académie and unit IRIs: N plans' units, texts, BM25 postings and vectors;
what repeats is the wording, as across generated plans). The vectors are M real ones (M passages
of these plans embedded here) plus noise, as in (4). The index is written by the index build
and searched in-process through the body of GET /search (ranking + JSON encoding, no HTTP):
p50 at 2 plans, at N plans with every search exact, and at N plans with the inverted-file index
(search/index.py, APPROX_FROM), side by side; then what the approximate index changes: dense
recall@10/@100 against the exact scan and the share of queries whose ten results are unchanged.
    python bench/scale.py --only search [--plans 200] [--passages 256] [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
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
# the ingest as `boussole ingest --workers W` runs it, without the derived data (index, links,
# dumps: measured apart below); a `-c` program, so that spawned reader processes re-import nothing
CHILD = """
import json, sys, time
from pathlib import Path
from boussole.jobs import Source, eprint, ingest
data, workers, *paths = sys.argv[1:]
stages = {}
report = ingest([Source(Path(p), Path(p).name) for p in paths], Path(data), index=False, links=False,
                dumps=False, workers=int(workers) or None, stages=stages, progress=eprint)
print(json.dumps({"stages": stages, "ingested": sum(o.status == "ingested" for o in report.outcomes),
                  "failed": [[o.path, o.detail[:200]] for o in report.failed]}))
"""


def _tree_rss_mb(pid: int) -> float:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def ingest_child(data: Path, plans: list[Path], workers: int) -> dict:
    """The ingest in a child; peak RSS of the child and its reader processes, sampled."""
    cmd = [sys.executable, "-c", CHILD, str(data), str(workers), *map(str, plans)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]
    stop = threading.Event()

    def sample():
        while not stop.wait(0.5):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    err: list[str] = []
    threads = [
        threading.Thread(target=sample, daemon=True),
        threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True),
    ]
    for t in threads:
        t.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"ingest failed:\n{''.join(err[-30:])}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall=wall, rss_mb=max(peak[0], usage.ru_maxrss / 1024), log=err)
    return result


def stats(data: Path, store: str | None) -> dict:
    cmd = [sys.executable, "-m", "boussole.cli", "stats", "--json", "--data", str(data)] + (
        ["--store", store] if store else []
    )
    return json.loads(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout)


def sparql_p50(locations: dict[str, object], rounds: int) -> dict[str, dict[str, float]]:
    """p50 (ms) per store and query; each round runs every query on every store in turn, so the
    load of a shared machine falls on all alike."""
    from boussole.graph.store import GraphStore

    stores = {name: GraphStore(loc, read_only=True) for name, loc in locations.items()}
    times: dict[str, dict[str, list[float]]] = {name: {q: [] for q in SPARQL} for name in stores}
    try:
        for r in range(rounds + 1):
            for q, text in SPARQL.items():
                for name, s in stores.items():
                    t = time.perf_counter()
                    s.query(text)
                    if r:  # round 0 warms
                        times[name][q].append(time.perf_counter() - t)
    finally:
        for s in stores.values():
            s.close()
    return {name: {q: statistics.median(v) * 1000 for q, v in per.items()} for name, per in times.items()}


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


def load_units(data: Path) -> list:
    from boussole.graph.store import GraphStore
    from boussole.search.units import load_units as units_of

    with GraphStore(data / "store", read_only=True) as store:
        return units_of(store)


def embed_rates(units: list, n: int, tmp: Path) -> tuple[dict[str, float], dict[str, dict]]:
    """passages/s for the first n passages of `units`, empty cache: in-process (2 threads) vs a
    LocalCluster of 2 single-threaded workers; returns the rates and, per engine, the real
    vectors embedded (hash → vector), the pool the index of step 4 draws from."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    from boussole.search.cache import EmbeddingCache
    from boussole.search.distributed import DaskEmbedder
    from boussole.search.engines import load_engine
    from boussole.search.index import IndexStore
    from boussole.search.service import engine_specs

    sample = units[:n]
    rates: dict[str, float] = {}
    pools: dict[str, dict] = {}
    for spec in engine_specs():
        engine = {spec: load_engine(spec, threads=2)}
        variants = ("in-process", "dask 2 workers") if spec == "e5" else ("in-process",)
        for name in variants:
            cache = tmp / f"cache-{spec}-{name.replace(' ', '-')}"
            os.environ["BOUSSOLE_CACHE"] = str(cache)
            runner = DaskEmbedder.start(workers=2) if name.startswith("dask") else None
            if runner is not None:
                runner.warm(spec)  # as the in-process engine above: loaded before the clock starts
            try:
                t = time.perf_counter()
                report = IndexStore(tmp / f"embed-{spec}-{name.replace(' ', '-')}").build(sample, engine, embed=runner)
                rates[f"{spec} {name}"] = report.embedded[spec] / (time.perf_counter() - t)
            finally:
                if runner is not None:
                    runner.close()
            if name == "in-process":
                db = EmbeddingCache(cache / "embeddings.sqlite")
                eid = engine[spec].id
                hashes = [u.content_hash for u in sample] + [u.body_hash for u in sample]
                pools[spec] = {"id": eid, "vectors": list(db.get_many(eid, hashes).values())}
                db.close()
    return rates, pools


def passages_to_embed(units: list) -> int:
    """Distinct texts an index of these units embeds per engine (in context and own words)."""
    return len({u.content_hash for u in units} | {u.body_hash for u in units})


def fill_cache(cache_dir: Path, units: list, pools: dict[str, dict]) -> None:
    """Give every unit a vector in the embedding cache: one of the real vectors of the pool
    (chosen by the unit's hash), plus noise of 1/20 of its norm, renormalised."""
    import numpy as np

    from boussole.search.cache import EmbeddingCache

    db = EmbeddingCache(cache_dir / "embeddings.sqlite")
    try:
        for pool in pools.values():
            base = np.vstack(pool["vectors"]).astype(np.float32)
            items = {}
            for h in {u.content_hash for u in units} | {u.body_hash for u in units}:
                seed = int(hashlib.sha256(h.encode()).hexdigest()[:8], 16)
                rng = np.random.default_rng(seed)
                v = base[seed % len(base)] + rng.normal(0, 0.05 / np.sqrt(base.shape[1]), base.shape[1])
                items[h] = (v / np.linalg.norm(v)).astype(np.float32)
                if len(items) >= 5000:
                    db.put_many(pool["id"], items)
                    items = {}
            db.put_many(pool["id"], items)
    finally:
        db.close()


def build_index(data: Path) -> tuple[float, int]:
    """The search index of `data` (every vector already in the cache): seconds, units."""
    from boussole.graph.store import GraphStore
    from boussole.search.index import ensure_index
    from boussole.search.service import engine_specs

    t = time.perf_counter()
    with GraphStore(data / "store", read_only=True) as store:
        _, report = ensure_index(store, data, engine_specs(), progress=lambda m: None)
    assert sum(report.embedded.values()) == 0, report.embedded  # the cache held every vector
    return time.perf_counter() - t, report.units


# -- --only search: the search index at N plans without the N-plan ingest -------------------------
def repeated_units(units: list, plans: int) -> list:
    """`units` (of a few plans) repeated until they make `plans` plans: copy j of plan k is plan
    k + j·len(plans), its académie name and every IRI of its units renamed."""
    from dataclasses import replace

    from boussole.search.units import Ref

    base = sorted({u.plan.id for u in units})
    names = {p: f"Testville{i + 1}" for i, p in enumerate(base)}
    out = list(units)
    for j in range(1, -(-plans // len(base))):
        for u in units:
            k = base.index(u.plan.id) + j * len(base)
            if k >= plans:
                continue
            old, new, tag = names[u.plan.id], f"Testville{k + 1}", f"-r{j}"

            def txt(t, old=old, new=new):
                return t.replace(old, new) if t else t

            def ref(r, tag=tag, txt=txt):
                return Ref(r.id + tag, txt(r.label)) if r else None

            out.append(
                replace(
                    u,
                    id=u.id + tag,
                    label=txt(u.label),
                    text=txt(u.text),
                    context=txt(u.context),
                    plan=ref(u.plan),
                    academy=ref(u.academy),
                    axis=ref(u.axis),
                    objective=ref(u.objective),
                    parent=u.parent + tag if u.parent else None,
                )
            )
    return out


def vector_pool(units: list, n: int) -> dict[str, dict]:
    """Per engine, the real vectors of the first n passages (in context) of `units`."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import numpy as np

    from boussole.search.engines import load_engine
    from boussole.search.service import engine_specs

    pools = {}
    for spec in engine_specs():
        engine = load_engine(spec, threads=2)
        vecs = engine.encode_passages([u.passage for u in units[:n]])
        pools[spec] = {"id": engine.id, "vectors": list(np.asarray(vecs, dtype=np.float32))}
    return pools


def search_only(args, emit, table, say) -> None:
    from boussole.search.expand import default_tagger, default_thesaurus
    from boussole.search.hybrid import Searcher, Weights
    from boussole.search.index import APPROX_FROM, IndexStore, load_engines
    from boussole.search.service import engine_specs

    tmp = Path(tempfile.mkdtemp(prefix="boussole-scale-search-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        two_data = tmp / "two"
        say("[units] two generated plans read and stored …")
        ingest_child(two_data, make_plans(2, corpus), 0)
        units_2 = load_units(two_data)
        units_n = repeated_units(units_2, args.plans)
        say(f"[vectors] {args.passages} real passages embedded, {len(units_n)} units given one each + noise …")
        pools = vector_pool(units_2, args.passages)
        os.environ["BOUSSOLE_CACHE"] = str(tmp / "cache")
        fill_cache(tmp / "cache", units_n, pools)
        specs = engine_specs()
        engines = load_engines(specs)
        built = {}
        for name, units in (("2", units_2), (str(args.plans), units_n)):
            say(f"[index] {len(units)} units …")
            t = time.perf_counter()
            report = IndexStore(tmp / f"index-{name}").build(units, engines, approx_from=APPROX_FROM)
            assert sum(report.embedded.values()) == 0, report.embedded
            built[name] = (time.perf_counter() - t, IndexStore(tmp / f"index-{name}").open(specs))
        thesaurus, tagger = default_thesaurus(), default_tagger()
        big = built[str(args.plans)][1]
        half = {spec: Probed(ivf, max(1, ivf.nprobe // 2)) for spec, ivf in big.approx.items()}
        searchers = {
            "2": Searcher(built["2"][1], engines, thesaurus, tagger, Weights()),
            "exact": Searcher(replace_approx(big, {}), engines, thesaurus, tagger, Weights()),
            "ivf": Searcher(big, engines, thesaurus, tagger, Weights()),
            "ivf/2": Searcher(replace_approx(big, half), engines, thesaurus, tagger, Weights()),
        }
        say("[search] in-process p50, interleaved …")
        p50 = inprocess_p50(searchers, 5)
        say("[recall] the inverted-file index against the exact scan …")
        rec = {name: ivf_agreement(searchers["exact"], searchers[name]) for name in ("ivf", "ivf/2")}
        say("[rebuild] one plan changed …")
        first = units_n[0].plan.id
        changed = [replace_text(u, " (version révisée)") if u.plan.id == first else u for u in units_n]
        fill_cache(tmp / "cache", [u for u in changed if u.plan.id == first], pools)
        t = time.perf_counter()
        IndexStore(tmp / f"index-{args.plans}").build(changed, engines, approx_from=APPROX_FROM)
        rebuild = time.perf_counter() - t
        reused = IndexStore(tmp / f"index-{args.plans}").open(specs).approx
        same_cells = all(reused[sp].nlist == big.approx[sp].nlist for sp in reused)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    n_idx = built[str(args.plans)][1]
    meta = next(iter(n_idx.manifest["engines"].values()))
    emit(
        f"## search index at {args.plans} plans without their ingest (--only search: 2 generated plans' units "
        f"repeated; vectors: {args.passages} real ones + noise) and /search in-process p50"
    )
    base = p50["2"]
    table(
        ["plans, dense search", "units", "index build s", "/search p50 ms", "× two plans"],
        [
            ["2, exact (flat)", len(units_2), f"{built['2'][0]:.1f}", f"{base:.1f}", "1.00"],
            [
                f"{args.plans}, exact (flat)",
                len(units_n),
                f"{built[str(args.plans)][0]:.1f}",
                f"{p50['exact']:.1f}",
                f"{p50['exact'] / base:.2f}",
            ],
            [
                f"{args.plans}, IVF {meta.get('nlist')} cells, {meta.get('nprobe')} probed (shipped)",
                len(units_n),
                "(same build)",
                f"{p50['ivf']:.1f}",
                f"{p50['ivf'] / base:.2f} (target ≤ 2)",
            ],
            [
                f"{args.plans}, IVF {meta.get('nlist')} cells, {max(1, meta.get('nprobe', 2) // 2)} probed",
                len(units_n),
                "(same build)",
                f"{p50['ivf/2']:.1f}",
                f"{p50['ivf/2'] / base:.2f}",
            ],
        ],
    )
    for name, label in (("ivf", "shipped"), ("ivf/2", "half the cells probed")):
        r = rec[name]
        emit(
            f"IVF ({label}) against exact on these synthetic vectors, {r['queries']} queries (bench + public): "
            f"dense recall@10 {r['r10']:.3f}, recall@100 {r['r100']:.3f}; same ten results "
            f"{r['same10']}/{r['queries']}, same first result {r['same1']}/{r['queries']}"
        )
    emit(
        f"rebuild after one plan changed (its vectors cached; the index part only, not reading the units "
        f"back): {rebuild:.1f} s, IVF cells {'reused' if same_cells else 'trained anew'}"
    )


class Probed:
    """An IVF index searched with another number of probed cells (FAISS's per-call parameter)."""

    def __init__(self, ivf, nprobe: int):
        import faiss

        self.ivf, self.nprobe, self.ntotal = ivf, nprobe, ivf.ntotal
        self._params = faiss.SearchParametersIVF(nprobe=nprobe)

    def search(self, query, k):
        return self.ivf.search(query, k, params=self._params)


def replace_text(unit, suffix: str):
    from dataclasses import replace

    return replace(unit, text=unit.text + suffix)


def replace_approx(index, approx: dict):
    from dataclasses import replace

    return replace(index, approx=approx)


def inprocess_p50(searchers: dict, rounds: int) -> dict[str, float]:
    """p50 (ms) of the body of GET /search per searcher; every round runs each query on every
    searcher in turn (the load of a shared machine falls on all alike); round 0 warms, later
    rounds vary the words so that no query cache answers."""
    times: dict[str, list[float]] = {name: [] for name in searchers}
    for r in range(rounds + 1):
        for q in SEARCHES:
            for name, s in searchers.items():
                t = time.perf_counter()
                json.dumps(s.search(f"{q} {r}" if r else q, k=10).to_json(), ensure_ascii=False)
                if r:
                    times[name].append(time.perf_counter() - t)
    return {name: statistics.median(v) * 1000 for name, v in times.items()}


def ivf_agreement(exact, approx) -> dict:
    """Dense recall of the IVF against the exact scan, and how often the ranking's ten results
    stay the same, over the bench's and the public queries."""
    queries = list(SEARCHES)
    public = ROOT / "tests" / "data" / "eval" / "queries.jsonl"
    queries += [json.loads(line)["q"] for line in public.read_text(encoding="utf-8").splitlines() if line.strip()]
    r10 = r100 = 0.0
    same10 = same1 = 0
    for q in queries:
        de, da = exact._dense_ranks(q, None), approx._dense_ranks(q, None)
        for spec in de:
            r10 += len(set(de[spec][:10]) & set(da[spec][:10])) / 10 / len(de)
            r100 += len(set(de[spec][:100]) & set(da[spec][:100])) / max(1, min(100, len(de[spec]))) / len(de)
        he = [h.unit.id for h in exact.search(q, k=10).hits]
        ha = [h.unit.id for h in approx.search(q, k=10).hits]
        same10 += he == ha
        same1 += he[:1] == ha[:1]
    n = len(queries)
    return {"queries": n, "r10": r10 / n, "r100": r100 / n, "same10": same10, "same1": same1}


def copy_to_server(data: Path, url: str) -> tuple[float, int]:
    """Every plan graph of the embedded store written to the server as the ingest writes it
    (vocabularies first, then one replace_document per plan): seconds of the writes, triples."""
    from boussole.graph.store import GraphStore

    with GraphStore(data / "store", read_only=True) as src, GraphStore(url) as dst:
        dst.load_vocabularies()
        spent, triples = 0.0, 0
        for g in src.graphs():
            if "/id/graph/" not in str(g):
                continue
            graph = src.graph(g)
            t = time.perf_counter()
            triples += dst.replace_document(g, graph)
            spent += time.perf_counter() - t
    return spent, triples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=200, help="generated plans (default 200)")
    ap.add_argument("--workers", type=int, default=2, help="reader processes of the ingest (default 2; 0: one process)")
    ap.add_argument("--passages", type=int, default=256, help="passages embedded for the rates (default 256)")
    ap.add_argument("--rounds", type=int, default=20, help="timed SPARQL runs per query (default 20)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directories")
    ap.add_argument("--out", type=Path, help="also write the tables to this file")
    ap.add_argument("--only", choices=["search"], help="run only this part (see the docstring)")
    args = ap.parse_args()

    from boussole.graph.backends.server import oxigraph_server

    lines: list[str] = []

    def emit(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say = lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True)  # noqa: E731

    def table(head, rows):
        widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
        emit(" | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(head, widths))))
        emit("-+-".join("-" * w for w in widths))
        for r in rows:
            emit(" | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))

    if args.only == "search":
        search_only(args, emit, table, say)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="boussole-scale-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        plans = make_plans(args.plans, corpus)
        say(f"[read+store] {len(plans)} plans into the embedded store, {args.workers} reader processes …")
        emb_data = tmp / "embedded"
        emb = ingest_child(emb_data, plans, args.workers)
        emb_stats = stats(emb_data, None)
        emb_mb = dir_mb(emb_data / "store")
        say(f"  {emb['ingested']} ingested in {emb['wall']:.0f} s; two plans for the baseline …")
        two_data = tmp / "two"
        ingest_child(two_data, plans[:2], 0)
        with oxigraph_server(tmp / "oxigraph", log=tmp / "oxigraph.log") as url:
            say(f"[server] writing the {emb_stats['documents']} plan graphs to {url} …")
            srv_s, srv_triples = copy_to_server(emb_data, url)
            say("[sparql] timing queries on both stores …")
            sp = sparql_p50({"embedded": emb_data / "store", "server": url}, args.rounds)
            sp_emb, sp_srv = sp["embedded"], sp["server"]
        srv_mb = dir_mb(tmp / "oxigraph")
        say("[units] reading the units back …")
        units_n, units_2 = load_units(emb_data), load_units(two_data)
        say(f"[embedding] {args.passages} passages, empty cache, in-process vs Dask …")
        rates, pools = embed_rates(units_2, args.passages, tmp)
        say("[index] vectors into the cache, then the index at 2 and at N plans …")
        cache = tmp / "cache"
        os.environ["BOUSSOLE_CACHE"] = str(cache)
        fill_cache(cache, units_n + units_2, pools)
        idx_2 = build_index(two_data)
        idx_n = build_index(emb_data)
        say("[search] warm /search p50 …")
        search = {
            "2 plans": search_p50(two_data, None, 3),
            f"{emb_stats['documents']} plans": search_p50(emb_data, None, 3),
        }
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    st = emb["stages"]
    n_ok = emb["ingested"]
    emit(f"## read + store: {len(plans)} generated plans, {n_ok} stored, {args.workers} reader processes")
    emit(
        f"wall {emb['wall']:.1f} s ({emb['wall'] / 60:.1f} min; target 10 min), {emb['wall'] / max(n_ok, 1):.2f} s per plan"
    )
    table(
        ["stage (summed over processes)", "s", "s per plan"],
        [
            [k, f"{st[k]:.1f}", f"{st[k] / max(n_ok, 1):.3f}"]
            for k in ("reading", "NER", "graph", "SHACL", "store")
            if k in st
        ],
    )
    if emb["failed"]:
        emit(f"failed: {emb['failed']}")
    emit()
    emit(f"## the store stage, {emb_stats['quads']} quads ({srv_triples} plan triples)")
    table(
        ["store", "store stage s", "triples/s", "store MB"],
        [
            ["embedded (in the ingest)", f"{st['store']:.1f}", f"{srv_triples / st['store']:.0f}", f"{emb_mb:.0f}"],
            ["oxigraph server", f"{srv_s:.1f}", f"{srv_triples / srv_s:.0f}", f"{srv_mb:.0f}"],
        ],
    )
    emit(f"peak RSS of the ingest (main + reader processes): {emb['rss_mb']:.0f} MB")
    emit()
    emit(f"## SPARQL p50 (ms) at {emb_stats['quads']} quads, {args.rounds} interleaved warm runs each")
    rows = [[n, f"{sp_emb[n]:.2f}", f"{sp_srv[n]:.2f}", f"{sp_srv[n] / sp_emb[n]:.2f}"] for n in SPARQL]
    tot_e, tot_s = sum(sp_emb.values()), sum(sp_srv.values())
    rows.append(["all (sum of p50)", f"{tot_e:.2f}", f"{tot_s:.2f}", f"{tot_s / tot_e:.2f} (target ≤ 1.3)"])
    table(["query", "embedded", "server", "server/embedded"], rows)
    emit()
    emit(f"## embedding, {args.passages} passages, empty cache")
    need_n = passages_to_embed(units_n)
    rows = []
    for name, rate in rates.items():
        rows.append([name, f"{rate:.1f}", f"{need_n / rate / 3600:.1f}"])
    table(["engine, where", "passages/s", f"hours for the {need_n} texts of {n_ok} plans"], rows)
    emit()
    emit(f"## search index (vectors: {args.passages} real ones + noise, see the docstring) and warm /search")
    base = search["2 plans"]
    at_n = search[f"{emb_stats['documents']} plans"]
    table(
        ["plans", "units", "index build s", "/search p50 ms", "× two plans"],
        [
            ["2", idx_2[1], f"{idx_2[0]:.1f}", f"{base:.1f}", "1.00"],
            [str(n_ok), idx_n[1], f"{idx_n[0]:.1f}", f"{at_n:.1f}", f"{at_n / base:.2f} (target ≤ 2)"],
        ],
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
