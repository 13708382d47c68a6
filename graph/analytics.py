"""Graph analytics for advisers: a node's neighbourhood, a plan as a tree, why two nodes are
related, the central devices and themes of a plan, and communities of related projects.

All but `plan_tree` work on the networkx view (graph/view.py). `view_of(store)` builds it once
per store content (keyed on the stored documents' hashes, the named graphs and the quad count)
and keeps it, so the API does not rebuild it on every request.

Two derived graphs are used:
- the *display* graph (neighbourhood): the view without bookkeeping nodes (text spans, theme
  assignments, source documents, datasets, link qualification nodes, ontology classes and
  properties, concept schemes) and without bookkeeping edges (`inPlan`, `wasDerivedFrom`,
  `inScheme`…), undirected, one edge per pair of nodes;
- the *path* graph (why_related): the display graph without generic hubs (plans and
  académies), so that a path says something: "both name the device Cordées de la réussite",
  not "both belong to the same plan".
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import networkx as nx
from rdflib import URIRef

from .view import to_networkx

# Node types (CURIEs as the view writes them) that never appear in a neighbourhood or a path.
HIDDEN_TYPES = frozenset(
    {
        "bsl:TextSpan",
        "bsl:ThemeAssignment",
        "bsl:SourceDocument",
        "bsl:Link",
        "qb:DataSet",
        "qb:DataStructureDefinition",
        "qb:DimensionProperty",
        "qb:MeasureProperty",
        "qb:AttributeProperty",
        "qb:ComponentSpecification",
        "skos:ConceptScheme",
        "owl:Class",
        "owl:ObjectProperty",
        "owl:DatatypeProperty",
        "owl:FunctionalProperty",
        "owl:Ontology",
        "rdfs:Class",
        "rdf:Property",
    }
)
# Hubs every element of a plan hangs from: true for every pair of nodes of a plan, so a path
# through them explains nothing.
HUB_TYPES = frozenset({"bsl:Plan", "bsl:Academy"})
# Bookkeeping predicates (local names): provenance, membership, scheme structure, ontology.
HIDDEN_PREDICATES = frozenset(
    {
        "inPlan",
        "wasDerivedFrom",
        "document",
        "themeAssignment",
        "theme",
        "dataSet",
        "structure",
        "inScheme",
        "topConceptOf",
        "hasTopConcept",
        "isDefinedBy",
        "source",
        "isPartOf",
        "seeAlso",
        "domain",
        "range",
        "subClassOf",
        "subPropertyOf",
        "domainIncludes",
        "rangeIncludes",
        "component",
        "linkSource",
        "linkTarget",
    }
)
# When two nodes are joined by several predicates, the most specific one names the edge.
_PREDICATE_RANK = {"narrower": 3, "broader": 2, "related": 1}

# Display order of types, used to keep the most relevant nodes of a large neighbourhood.
TYPE_ORDER = (
    "Plan",
    "Axis",
    "Objective",
    "Engagement",
    "Indicator",
    "Project",
    "Device",
    "Theme",
    "Action",
    "Focus",
    "Figure",
    "Passage",
    "Commune",
    "Departement",
    "Place",
    "School",
    "Organisation",
    "Academy",
)


class UnknownNode(LookupError):
    """The IRI is not a node of the graph (the API answers 404)."""


@dataclass
class View:
    full: nx.MultiDiGraph  # the whole view (graph/view.py)
    display: nx.Graph  # bookkeeping removed, one edge per pair
    paths: nx.Graph  # display without generic hubs

    def node_json(self, n: str) -> dict:
        d = self.full.nodes[n] if n in self.full else {}
        return {"id": n, "label": d.get("label") or _local(n), "type": short_type(d.get("type"))}


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def short_type(curie: str | None) -> str:
    """ "bsl:Objective" → "Objective"; untyped nodes are "Resource"."""
    return curie.split(":", 1)[-1] if curie else "Resource"


def _hidden(data: dict) -> bool:
    return bool(set(data.get("types") or ()) & HIDDEN_TYPES) or data.get("type") is None


def derive(full: nx.MultiDiGraph) -> View:
    """Pure: the display and path graphs of a view."""
    display = nx.Graph()
    for n, d in full.nodes(data=True):
        if not _hidden(d):
            display.add_node(n)
    for s, o, key in full.edges(keys=True):
        if key in HIDDEN_PREDICATES or s == o or s not in display or o not in display:
            continue
        prev = display.edges[s, o]["predicate"] if display.has_edge(s, o) else None
        if (
            prev is None
            or _PREDICATE_RANK.get(key, 0) < _PREDICATE_RANK.get(prev, 0)
            or (_PREDICATE_RANK.get(key, 0) == _PREDICATE_RANK.get(prev, 0) and key < prev)
        ):
            display.add_edge(s, o, source=s, target=o, predicate=key)
    hubs = [n for n in display if full.nodes[n].get("type") in HUB_TYPES]
    paths = display.copy()
    paths.remove_nodes_from(hubs)
    return View(full, display, paths)


# -- the cached view ---------------------------------------------------------------------------
_cache: dict[int, tuple[tuple, View]] = {}
_lock = threading.Lock()


def store_version(store) -> tuple:
    """What identifies the content of a store: its documents (graph + SHA-256), its named graphs
    (vocabularies, link graphs) and its size."""
    return (tuple((str(d.graph), d.sha256) for d in store.documents()), tuple(map(str, store.graphs())), len(store))


def view_of(store_or_nx) -> View:
    """The derived view of a store (built once per store version) or of a networkx view."""
    if isinstance(store_or_nx, View):
        return store_or_nx
    if isinstance(store_or_nx, nx.Graph):
        return derive(store_or_nx)
    key = store_version(store_or_nx)
    with _lock:
        hit = _cache.get(id(store_or_nx))
        if hit is not None and hit[0] == key:
            return hit[1]
        view = derive(to_networkx(store_or_nx))
        _cache[id(store_or_nx)] = (key, view)
        return view


def _require(view: View, iri: str, graph: nx.Graph | None = None) -> None:
    if iri not in view.full:
        raise UnknownNode(f"no node {iri} in the graph")
    if iri not in (graph if graph is not None else view.display):
        raise UnknownNode(
            f"{iri} is bookkeeping (provenance, schema or theme assignment), not a node of the graph view"
        )


def _edge_json(g: nx.Graph, a: str, b: str) -> dict:
    d = g.edges[a, b]
    return {"source": d["source"], "target": d["target"], "predicate": d["predicate"]}


def _rank(view: View, n: str) -> tuple:
    t = short_type(view.full.nodes[n].get("type"))
    return (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), -view.display.degree(n), n)


# -- neighbourhood -----------------------------------------------------------------------------
def neighbourhood(store_or_nx, iri: str, depth: int = 1, limit: int = 60) -> dict:
    """Nodes within `depth` hops of `iri` (at most `limit`, centre included) and the edges
    between them. Nearer nodes first; among equally near ones, structure (axis, objective…)
    before devices and themes before actions, figures and passages; then the better connected."""
    view = view_of(store_or_nx)
    _require(view, iri)
    if depth < 1 or limit < 1:
        raise ValueError("depth and limit must be at least 1")
    dist = nx.single_source_shortest_path_length(view.display, iri, cutoff=depth)
    kept = sorted(dist, key=lambda n: (dist[n],) + _rank(view, n))[:limit]
    sub = view.display.subgraph(kept)
    edges = sorted(
        (_edge_json(sub, a, b) for a, b in sub.edges), key=lambda e: (e["source"], e["target"], e["predicate"])
    )
    return {
        "center": iri,
        "nodes": [view.node_json(n) for n in kept],
        "edges": edges,
        "truncated": len(dist) > limit,
        "total": len(dist),
    }


# -- why two nodes are related -----------------------------------------------------------------
def why_related(store_or_nx, a: str, b: str, k: int = 3) -> dict:
    """Up to `k` shortest paths from `a` to `b` through meaningful nodes (devices, themes,
    objectives, places, schools, cross-plan links…), never through a plan, an académie, a text
    span, a document, a class or a scheme. Every edge keeps its predicate and RDF direction."""
    view = view_of(store_or_nx)
    for x in (a, b):
        _require(view, x, view.paths if view.full.nodes.get(x, {}).get("type") not in HUB_TYPES else None)
        if view.full.nodes[x].get("type") in HUB_TYPES:
            raise ValueError(f"{x} is a plan or an académie: everything in it is related to it; pick an element")
    if a == b:
        raise ValueError("a and b are the same node")
    paths = []
    try:
        for p in islice(nx.shortest_simple_paths(view.paths, a, b), max(k, 0)):
            paths.append(
                {
                    "length": len(p) - 1,
                    "nodes": [view.node_json(n) for n in p],
                    "edges": [_edge_json(view.paths, x, y) for x, y in zip(p, p[1:])],
                }
            )
    except nx.NetworkXNoPath:
        pass
    return {"a": view.node_json(a), "b": view.node_json(b), "paths": paths}


# -- central devices and themes of a plan ------------------------------------------------------
def plan_nodes(view: View, plan: str | None) -> set[str]:
    """The elements of a plan (nodes with `inPlan` it), or of every plan when None."""
    full = view.full
    return {s for s, o, key in full.edges(keys=True) if key == "inPlan" and (plan is None or o == plan)}


def resolve_plan_node(view: View, plan: str) -> str:
    """A plan IRI, slug or académie name → plan IRI (same rules as coverage.resolve_plan)."""
    from .coverage import PlanRef, resolve_plan

    refs = []
    for n, d in view.full.nodes(data=True):
        if d.get("type") == "bsl:Plan":
            academy = next(
                (
                    view.full.nodes[o].get("label") or ""
                    for _s, o, key in view.full.out_edges(n, keys=True)
                    if key == "publisher"
                ),
                "",
            )
            refs.append(PlanRef(n, d.get("label") or n, academy, _local(n)))
    return resolve_plan(sorted(refs, key=lambda r: r.id), plan).id


def central(store_or_nx, plan: str | None = None, top: int = 10) -> dict:
    """The devices and themes the elements of a plan (or of all plans) point to most.

    Score = degree centrality in the bipartite graph elements → devices/themes: the share of the
    plan's elements that name the device (or carry the theme). An element hangs in a tree, so
    PageRank or betweenness over the whole view mostly reward where a concept sits in the tree
    and how many other plans use it; "how much of this plan is about it" is what an adviser
    reads as central, and it is what this measures. The plan node itself (its plan-wide device
    list) is not an element and does not count.
    """
    view = view_of(store_or_nx)
    plan_iri = resolve_plan_node(view, plan) if plan else None
    elements = plan_nodes(view, plan_iri)
    full = view.full
    counts: dict[str, Counter] = {"device": Counter(), "subject": Counter()}
    for s in elements:
        for _s, o, key in full.out_edges(s, keys=True):
            if key in counts:
                counts[key][o] += 1
    n = max(len(elements), 1)

    def ranked(c: Counter) -> list[dict]:
        best = sorted(c.items(), key=lambda kv: (-kv[1], view.node_json(kv[0])["label"], kv[0]))[:top]
        return [
            {**{k: v for k, v in view.node_json(x).items() if k != "type"}, "score": round(m / n, 4), "count": m}
            for x, m in best
        ]

    return {
        "plan": plan_iri,
        "elements": len(elements),
        "central_devices": ranked(counts["device"]),
        "central_themes": ranked(counts["subject"]),
    }


# -- communities of projects -------------------------------------------------------------------
_SHARED_KEYS = ("device", "subject", "place", "carriedBy")
_LINK_KEYS = ("relatedProject",)


def project_features(view: View) -> dict[str, set[str]]:
    """Project IRI → the devices, themes, places and schools it is linked to."""
    full = view.full
    out: dict[str, set[str]] = {}
    for n, d in full.nodes(data=True):
        if d.get("type") == "bsl:Project":
            out[n] = {o for _s, o, key in full.out_edges(n, keys=True) if key in _SHARED_KEYS}
    return out


def project_graph(view: View) -> nx.Graph:
    """Projects joined by what they share. A concept shared by few projects says more than one
    every project has: each shared concept adds 1/log2(1 + number of projects carrying it)."""
    feats = project_features(view)
    df = Counter(c for fs in feats.values() for c in fs)
    g = nx.Graph()
    g.add_nodes_from(sorted(feats))
    names = sorted(feats)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = feats[a] & feats[b]
            w = sum(1.0 / math.log2(1 + df[c]) for c in shared)
            if w > 0:
                g.add_edge(a, b, weight=w)
    for s, o, key in view.full.edges(keys=True):  # explicit project links, when the graph has them
        if key in _LINK_KEYS and s in feats and o in feats and s != o:
            w = g.edges[s, o]["weight"] if g.has_edge(s, o) else 0.0
            g.add_edge(s, o, weight=w + 1.0)
    return g


def project_communities(store_or_nx, seed: int = 7) -> dict:
    """Communities of related projects (Louvain modularity, fixed seed, over project_graph).
    `shared` lists what at least two projects of the community have in common (with how many
    carry it), most shared first. A project related to no other is left out."""
    view = view_of(store_or_nx)
    g = project_graph(view)
    feats = project_features(view)
    comms = [sorted(c) for c in nx.community.louvain_communities(g, weight="weight", seed=seed) if len(c) > 1]
    comms.sort(key=lambda c: (-len(c), c[0]))
    out = []
    for i, members in enumerate(comms):
        carried = Counter(c for m in members for c in feats[m])
        shared = sorted(
            (c for c, m in carried.items() if m >= 2), key=lambda c: (-carried[c], view.node_json(c)["label"], c)
        )
        out.append(
            {
                "id": i,
                "projects": [_id_label(view, m) for m in members],
                "shared": [
                    {**_id_label(view, c), "type": view.node_json(c)["type"], "count": carried[c]} for c in shared
                ],
            }
        )
    return {"communities": out}


def _id_label(view: View, n: str) -> dict:
    j = view.node_json(n)
    return {"id": j["id"], "label": j["label"]}


def analytics(store_or_nx, plan: str | None = None) -> dict:
    """What GET /analytics returns: central devices and themes (of a plan or of all plans) and
    communities of related projects (over all plans: a community may cross plans)."""
    c = central(store_or_nx, plan)
    return {
        "plan": c["plan"],
        "central_devices": c["central_devices"],
        "central_themes": c["central_themes"],
        **project_communities(store_or_nx),
    }


# -- a plan as a tree --------------------------------------------------------------------------
_TREE = """
SELECT ?parent ?child ?type ?label ?notation ?start WHERE {
  { ?plan bsl:hasAxis ?child . BIND(?plan AS ?parent) BIND(bsl:Axis AS ?type) }
  UNION { ?plan bsl:hasAxis ?parent . ?parent bsl:hasObjective ?child . BIND(bsl:Objective AS ?type) }
  UNION { ?plan bsl:hasAxis/bsl:hasObjective ?parent .
          VALUES (?p ?type) { (bsl:hasEngagement bsl:Engagement) (bsl:hasIndicator bsl:Indicator) (bsl:hasAction bsl:Action) }
          ?parent ?p ?child }
  OPTIONAL { ?child rdfs:label ?label }
  OPTIONAL { ?child skos:notation ?notation }
  OPTIONAL { ?child prov:wasDerivedFrom/bsl:startLine ?start }
}"""


def plan_tree(store, plan: str) -> dict:
    """Plan → axes → objectives → engagements, indicators and actions, in reading order."""
    from .coverage import list_plans, resolve_plan

    p = resolve_plan(list_plans(store), plan)
    rows = [
        {str(k): str(v) for k, v in r.items()} for r in store.query(_TREE, bindings={"plan": URIRef(p.id)}).bindings
    ]
    return build_tree(p.id, p.label, rows)


def build_tree(plan_iri: str, plan_label: str, rows: Iterable[dict]) -> dict:
    """Pure: SPARQL rows (parent, child, type, label, notation, start) → nested dicts."""
    nodes: dict[str, dict] = {}
    order: dict[str, tuple] = {}
    children: dict[str, list[str]] = {}
    for r in rows:
        c = r["child"]
        start = int(r["start"]) if r.get("start") else 1 << 30
        if c not in nodes:
            nodes[c] = {
                "id": c,
                "label": r.get("label") or _local(c),
                "type": r["type"].rsplit("#", 1)[-1],
                "notation": r.get("notation"),
            }
            children.setdefault(r["parent"], []).append(c)
            order[c] = (start, c)
        order[c] = min(order[c], (start, c))

    def build(n: str, seen: frozenset) -> list[dict]:
        kids = sorted(set(children.get(n, ())) - seen, key=lambda c: order[c])
        return [{**nodes[c], "children": build(c, seen | {c})} for c in kids]

    return {"id": plan_iri, "label": plan_label, "type": "Plan", "children": build(plan_iri, frozenset({plan_iri}))}
