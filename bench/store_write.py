#!/usr/bin/env python
"""The store stage alone, as the store grows: one plan graph after another written into two
embedded stores side by side, one by a transaction (`Store.extend`, the ingest's write until
now) and one by Oxigraph's bulk loader (`Store.bulk_extend`, what `GraphStore.replace_document`
uses for a new graph now). Each plan goes to both stores in turn, so the load of a shared
machine falls on both alike. Seconds per plan over each tenth of the run, store size on disk,
the SPARQL queries of bench/scale.py on both stores at the end, and a check that both stores
hold the same plan triples.

The plans: `--read` generated plans of bench/ingest.py read, built and checked once (the
ingest's `_prepare`); plan k is one of them with its académie renamed "Testville<k>" in every
IRI and literal, so every graph is new and as large as a real generated plan (~16k triples).

    python bench/store_write.py [--plans 200] [--read 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import dir_mb, make_plans  # noqa: E402
from scale import SPARQL  # noqa: E402

NAME = re.compile(r"testville\d+", re.I)


def renamed(triples: list[tuple], k: int) -> list[tuple]:
    from rdflib import Literal, URIRef

    def term(x):
        if isinstance(x, URIRef):
            return URIRef(NAME.sub(f"testville{k}", x))
        if isinstance(x, Literal):
            return Literal(NAME.sub(f"Testville{k}", x), lang=x.language, datatype=x.datatype)
        return x

    return [tuple(map(term, t)) for t in triples]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=200, help="plan graphs written into each store (default 200)")
    ap.add_argument("--read", type=int, default=3, help="generated plans actually read (default 3)")
    args = ap.parse_args()

    from boussole import jobs
    from boussole.graph.store import GraphStore

    tmp = Path(tempfile.mkdtemp(prefix="boussole-store-write-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        docs = [jobs._prepare(jobs.Source(p, p.name)) for p in make_plans(args.read, corpus)]
        assert all(d.error is None for d in docs), [d.error for d in docs]
        stores = {
            "transaction (extend)": GraphStore(tmp / "extend"),
            "bulk loader (bulk_extend)": GraphStore(tmp / "bulk"),
        }
        transaction = stores["transaction (extend)"].backend
        transaction.load = lambda _g, quads, b=transaction: b.ox.extend(quads)  # the previous write
        for s in stores.values():
            s.load_vocabularies()
        spent: dict[str, list[float]] = {name: [] for name in stores}
        for k in range(1, args.plans + 1):
            doc = docs[k % len(docs)]
            graph, triples = NAME.sub(f"testville{k}", doc.graph_iri), renamed(doc.triples, k)
            for name, s in stores.items():
                t = time.perf_counter()
                s.replace_document(graph, triples)
                spent[name].append(time.perf_counter() - t)
            if k % max(args.plans // 10, 1) == 0:
                print(f"[{k}/{args.plans}]", file=sys.stderr, flush=True)
        quads = {name: len(s) for name, s in stores.items()}
        # plan graphs only: the vocabularies are written by the same update request into both,
        # each time with fresh blank nodes
        a, b = (s.backend for s in stores.values())
        same = all(set(a.triples(g)) == set(b.triples(g)) for g in a.named_graphs() if "/id/graph/" in g)
        same = same and [g for g in a.named_graphs() if "/id/graph/" in g] == [
            g for g in b.named_graphs() if "/id/graph/" in g
        ]
        for s in stores.values():
            s.close()
        sizes = {name: dir_mb(tmp / ("extend" if name.startswith("transaction") else "bulk")) for name in stores}
        step = max(args.plans // 10, 1)
        print(f"## {args.plans} plan graphs written into each store (~{len(docs[0].triples)} triples each)")
        print("plans written | " + " | ".join(f"{n} s/plan" for n in stores))
        for lo in range(0, args.plans, step):
            print(
                f"{lo + 1:>4}–{min(lo + step, args.plans):<4}     | "
                + " | ".join(f"{statistics.mean(spent[n][lo : lo + step]):>10.3f}" for n in stores)
            )
        tot = {n: sum(v) for n, v in spent.items()}
        a, b = tot.values()
        print(f"total          | {a:.1f} s | {b:.1f} s   (ratio {a / b:.2f})")
        print("store on disk  | " + " | ".join(f"{sizes[n]:.0f} MB" for n in stores))
        print("quads          | " + " | ".join(str(quads[n]) for n in stores) + f"   same plan triples: {same}")
        print("\n## SPARQL p50 (ms) on the two stores, reopened read-only, 10 warm runs")
        views = {
            n: GraphStore(tmp / ("extend" if n.startswith("transaction") else "bulk"), read_only=True) for n in stores
        }
        times = {n: {q: [] for q in SPARQL} for n in views}
        for r in range(11):
            for q, text in SPARQL.items():
                for n, v in views.items():
                    t = time.perf_counter()
                    v.query(text)
                    if r:
                        times[n][q].append(time.perf_counter() - t)
        for v in views.values():
            v.close()
        for q in SPARQL:
            print(f"{q:<20} | " + " | ".join(f"{statistics.median(times[n][q]) * 1000:8.1f}" for n in views))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
