#!/usr/bin/env python
"""Where the SPARQL overhead of the server store goes: the same queries (bench/scale.py's) on
the embedded store and on an Oxigraph server holding a copy of it, measured interleaved (every
round runs every variant once, so the load of a shared machine falls on all alike):

- embedded: GraphStore.query on the embedded store (the baseline);
- server (json / tsv / xml): GraphStore.query through the server backend, results asked in
  that format (the backend's `accept`);
- raw HTTP: the same POST with httpx, the body not parsed (the floor of any client);
- ping: an ASK that matches nothing, the round trip alone.

    python bench/sparql_overhead.py [--data DIR] [--rounds 60]

--data: a data directory whose embedded store is copied into the server (default: the bundled
corpus ingested into a temporary directory).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import SPARQL  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--rounds", type=int, default=60)
    args = ap.parse_args(argv)

    import httpx

    from boussole.graph.backends.http import NTRIPLES, RESULTS_JSON, RESULTS_TSV, RESULTS_XML
    from boussole.graph.backends.server import oxigraph_server
    from boussole.graph.namespaces import PREFIXES
    from boussole.graph.store import GraphStore
    from boussole.jobs import bundled_sources, ingest

    queries = dict(SPARQL, ping="ASK { <urn:x:none> <urn:x:none> <urn:x:none> }")
    with tempfile.TemporaryDirectory(prefix="boussole-sparql-overhead-") as tmp:
        tmp = Path(tmp)
        data = args.data
        if data is None:
            data = tmp / "data"
            assert not ingest(bundled_sources(), data, index=False, links=False).failed
        shutil.copytree(data / "store", tmp / "server-db")  # same engine version: the server opens the files
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        with (
            GraphStore(data / "store", read_only=True) as emb,
            oxigraph_server(tmp / "server-db", log=tmp / "oxigraph.log") as url,
            GraphStore(url, read_only=True) as srv,
            httpx.Client(trust_env=False) as raw,
        ):
            backend = srv._backend

            def server(accept):
                def run(q):
                    backend.accept = accept
                    return srv.query(q)

                return run

            variants = {
                "embedded": emb.query,
                "server json": server(f"{RESULTS_JSON}, {NTRIPLES};q=0.9"),
                "server tsv": server(f"{RESULTS_TSV}, {NTRIPLES};q=0.9"),
                "server xml": server(f"{RESULTS_XML}, {NTRIPLES};q=0.9"),
                "raw HTTP (json)": lambda q: (
                    raw.post(
                        url + "/query",
                        data={"query": prologue + q},
                        params={"union-default-graph": ""},
                        headers={"Accept": RESULTS_JSON},
                    ).content
                ),
            }
            times = {(v, k): [] for v in variants for k in queries}
            for r in range(args.rounds + 1):
                for v, run in variants.items():
                    for k, q in queries.items():
                        t0 = time.perf_counter()
                        run(q)
                        if r:  # round 0 warms
                            times[(v, k)].append(time.perf_counter() - t0)
            triples = backend.count()

    names = list(queries)
    print(f"SPARQL p50 (ms), {args.rounds} interleaved rounds, {triples} triples")
    print(f"{'':18}" + "".join(f"{n[:14]:>15}" for n in names) + f"{'sum (no ping)':>15}{'× embedded':>12}")
    base = None
    for v in variants:
        p50 = [statistics.median(times[(v, k)]) * 1000 for k in names]
        total = sum(p50[:-1])
        base = base or total
        print(f"{v:18}" + "".join(f"{x:15.2f}" for x in p50) + f"{total:15.2f}{total / base:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
