"""An entity as the page and the API show it: literals, neighbours, provenance, breadcrumb."""

from __future__ import annotations

from pyoxigraph import NamedNode
from rdflib import Literal, URIRef

from boussole.graph.namespaces import DEFAULT_BASE

# Structural nodes shown as provenance or themes rather than as neighbours.
_HIDDEN_NEIGHBOUR_TYPES = {"https://w3id.org/boussole/ns#ThemeAssignment", "https://w3id.org/boussole/ns#TextSpan"}
_TYPE_ORDER = (
    "Plan",
    "Axis",
    "Objective",
    "Engagement",
    "Indicator",
    "Action",
    "Focus",
    "Passage",
    "Project",
    "Figure",
    "Device",
    "Theme",
    "Academy",
    "School",
    "Organisation",
    "Commune",
    "Departement",
    "SourceDocument",
)
MAX_NEIGHBOURS = 300


def resolve_id(value: str) -> str | None:
    """An entity reference → IRI: a full http(s) IRI, or a path under the data base IRI
    ("plan/clermont-ferrand-2023-2027"). Anything else (spaces, '..', control characters) is
    refused: an entity id is never a file path."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        iri = value
    else:
        iri = DEFAULT_BASE + value.lstrip("/")
    if any(c in iri for c in ' <>"{}|\\^`') or any(ord(c) < 32 for c in iri) or "/../" in iri or iri.endswith("/.."):
        return None
    try:  # the store's own IRI parser: C1 controls, bad %-escapes, a second '#' are not IRIs
        NamedNode(iri)
    except ValueError:
        return None
    return iri


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _main_type(types: list[str]) -> str | None:
    names = [_local(t) for t in types if t.startswith("https://w3id.org/boussole/ns#")]
    for name in _TYPE_ORDER:
        if name in names:
            return name
    return names[0] if names else (_local(types[0]) if types else None)


def describe(store, iri: str) -> dict | None:
    """The entity at `iri`, or None when the graph says nothing about it."""
    if resolve_id(iri) != iri:
        return None

    def q(text: str) -> list[dict]:
        return [{str(k): v for k, v in row.items()} for row in store.query(text, bindings={"s": URIRef(iri)}).bindings]

    out = q("SELECT ?p ?o WHERE { ?s ?p ?o }")
    if not out:
        return None
    types = sorted(str(r["o"]) for r in out if str(r["p"]) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    literals, label = [], None
    for r in out:
        o = r["o"]
        if isinstance(o, Literal):
            literals.append(
                {
                    "predicate": str(r["p"]),
                    "value": str(o),
                    "lang": o.language,
                    "datatype": str(o.datatype) if o.datatype else None,
                }
            )
            if str(r["p"]) in (
                "http://www.w3.org/2000/01/rdf-schema#label",
                "http://www.w3.org/2004/02/skos/core#prefLabel",
            ) and (label is None or o.language == "fr"):
                label = str(o)
    neighbours = []
    rows = q("""
        SELECT ?p ?o ?label ?type ?dir WHERE {
          { ?s ?p ?o . FILTER(isIRI(?o) && ?p != rdf:type) BIND("out" AS ?dir) }
          UNION { ?o ?p ?s . BIND("in" AS ?dir) }
          OPTIONAL { ?o rdfs:label ?l1 } OPTIONAL { ?o skos:prefLabel ?l2 FILTER(LANG(?l2) = "fr") }
          BIND(COALESCE(?l2, ?l1) AS ?label)
          OPTIONAL { ?o a ?type }
        } LIMIT 5000""")
    seen: dict[tuple[str, str, str], dict] = {}
    for r in rows:
        key = (str(r["p"]), str(r["o"]), str(r["dir"]))
        n = seen.get(key)
        if n is None:
            n = seen[key] = {
                "predicate": key[0],
                "direction": key[2],
                "id": key[1],
                "label": str(r["label"]) if r.get("label") is not None else None,
                "types": [],
            }
        if r.get("type") is not None and str(r["type"]) not in n["types"]:
            n["types"].append(str(r["type"]))
    for n in seen.values():
        if _HIDDEN_NEIGHBOUR_TYPES & set(n["types"]):
            continue
        n["type"] = _main_type(n.pop("types"))
        neighbours.append(n)
    neighbours.sort(key=lambda n: (n["direction"], n["predicate"], n["label"] or n["id"]))
    provenance = [
        {
            "document": str(r["doc"]) if r.get("doc") is not None else None,
            "lines": [int(r["start"]), int(r["end"])],
            "quote": str(r["quote"]),
        }
        for r in q("""
        SELECT ?doc ?start ?end ?quote WHERE {
          ?s prov:wasDerivedFrom ?span . ?span bsl:startLine ?start ; bsl:endLine ?end .
          OPTIONAL { ?span bsl:quote ?quote } OPTIONAL { ?span bsl:document/bsl:path ?doc }
        } ORDER BY ?start""")
    ]
    themes = [
        {"id": str(r["t"]), "label": str(r["label"]), "score": float(r["score"])}
        for r in q("""
        SELECT ?t ?label ?score WHERE {
          ?s bsl:themeAssignment ?a . ?a bsl:theme ?t ; bsl:score ?score .
          OPTIONAL { ?t skos:prefLabel ?label FILTER(LANG(?label) = "fr") }
        } ORDER BY DESC(?score)""")
    ]
    crumbs = [
        {"id": str(r["a"]), "label": str(r["label"]), "type": _local(str(r["type"]))}
        for r in q("""
        SELECT ?a ?label ?type (COUNT(?mid) AS ?depth) WHERE {
          ?s skos:broader+ ?a . ?a skos:broader* ?mid . ?a rdfs:label ?label ; a ?type .
          FILTER(STRSTARTS(STR(?type), STR(bsl:)))
        } GROUP BY ?a ?label ?type ORDER BY ?depth""")
    ]
    plan = q("SELECT ?p ?l WHERE { ?s bsl:inPlan ?p . ?p rdfs:label ?l }")
    if plan:
        crumbs.insert(0, {"id": str(plan[0]["p"]), "label": str(plan[0]["l"]), "type": "Plan"})
    return {
        "id": iri,
        "label": label,
        "type": _main_type(types),
        "types": types,
        "literals": literals,
        "neighbours": neighbours[:MAX_NEIGHBOURS],
        "neighbours_total": len(neighbours),
        "provenance": provenance,
        "themes": themes,
        "breadcrumb": crumbs,
    }
