"""Namespaces of the Boussole vocabulary and of the vocabularies it reuses.

The IRIs here are the contract written down in ontology/README.md; every other module
imports them from here so that a typo cannot create a second, silently different term.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BSL = Namespace("https://w3id.org/boussole/ns#")
BSLD = Namespace("https://w3id.org/boussole/device/")
BSLT = Namespace("https://w3id.org/boussole/theme/")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")

# Data IRIs (plans, elements, places…) live under a configurable base; this is the default.
DEFAULT_BASE = "https://w3id.org/boussole/id/"

# Prefix table shared by dumps, the store (so SPARQL may omit PREFIX lines) and JSON-LD.
PREFIXES: dict[str, str] = {
    "bsl": str(BSL),
    "bsld": str(BSLD),
    "bslt": str(BSLT),
    "qb": str(QB),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

__all__ = [
    "BSL",
    "BSLD",
    "BSLT",
    "QB",
    "SCHEMA",
    "ORG",
    "SH",
    "SKOS",
    "PROV",
    "DCTERMS",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "DEFAULT_BASE",
    "PREFIXES",
    "bind_prefixes",
    "curie",
]


def bind_prefixes(graph, base: str | None = None) -> None:
    """Bind the Boussole prefixes on an rdflib graph (serialisations become readable)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    if base:
        graph.bind("bsli", base, override=True, replace=True)


def curie(iri: str) -> str:
    """ "https://w3id.org/boussole/ns#Axis" → "bsl:Axis" (longest matching namespace); IRI if none."""
    best, pref = "", ""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, pref = ns, p
    return f"{pref}:{iri[len(best) :]}" if best else iri
