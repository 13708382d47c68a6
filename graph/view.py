"""networkx view of a Boussole graph, for analytics (centrality, paths, components).

Nodes are IRIs (blank nodes keep their id) with attributes `type` (the most specific Boussole
class as a CURIE, else the first class), `types` (all classes) and `label`. Edges go between
resources only, keyed and named by the predicate's local name (`key` and `predicate` attributes:
"hasIndicator", "device", …); literals are skipped and rdf:type becomes the node attributes.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .namespaces import BSL, SCHEMA, curie
from .store import GraphStore

_LABELS = (RDFS.label, SKOS.prefLabel, SCHEMA.name, DCTERMS.title)


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri


def _triples(source: GraphStore | Graph) -> Iterable[tuple]:
    if isinstance(source, GraphStore):
        seen = set()
        for s, p, o, _g in source.quads():  # union: a triple present in two graphs is one edge
            t = (s, p, o)
            if t not in seen:
                seen.add(t)
                yield t
    else:
        yield from source.triples((None, None, None))


def to_networkx(source: GraphStore | Graph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    types: dict = {}
    labels: dict = {}
    for s, p, o in _triples(source):
        if p == RDF.type:
            types.setdefault(str(s), set()).add(str(o))
            continue
        if isinstance(o, Literal):
            if p in _LABELS:
                rank = _LABELS.index(p)
                cur = labels.get(str(s))
                # prefer rdfs:label, then French, then lexical order: stable whatever the input order
                key = (rank, 0 if o.language == "fr" else 1, str(o))
                if cur is None or key < cur[0]:
                    labels[str(s)] = (key, str(o))
            continue
        name = local_name(str(p))
        g.add_edge(str(s), str(o), key=name, predicate=name, iri=str(p))
    for node in set(types) | set(labels):
        if node not in g:
            g.add_node(node)
    for node in g.nodes:
        ts = sorted(types.get(node, ()))
        bsl = [t for t in ts if t.startswith(str(BSL))]
        g.nodes[node]["types"] = [curie(t) for t in ts]
        g.nodes[node]["type"] = curie((bsl or ts or [""])[0]) if ts else None
        g.nodes[node]["label"] = labels[node][1] if node in labels else None
    return g
