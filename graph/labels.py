"""The words of the ontology: node types, relations and search facets with their French and
English labels, read from ontology/boussole.ttl once per process. Code that names a type or a
facet to a person asks here instead of spelling the labels out again.

A type is keyed by its local name (the `type` field of search results and entities: "Objective"),
a property by its IRI (the `predicate` of an entity's neighbours). Each label is given in French
and English: the display name (skos:prefLabel, else rdfs:label), the plural (bsl:pluralLabel) and,
for properties, how a page heads either end of the relation (bsl:forwardLabel, bsl:inverseLabel).
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from . import vocab
from .namespaces import BSL, DEFAULT_BASE, PREFIXES

LANGS = ("fr", "en")
PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)


def _by_lang(g: Graph, node: Node, *predicates: URIRef) -> dict[str, str]:
    """{"fr": …, "en": …} from the first predicate that has a label in that language."""
    out: dict[str, str] = {}
    for lang in LANGS:
        for p in predicates:
            found = sorted(str(o) for o in g.objects(node, p) if isinstance(o, Literal) and o.language == lang)
            if found:
                out[lang] = found[0]
                break
    return out


def _local(iri: URIRef) -> str:
    s = str(iri)
    return s[max(s.rfind("#"), s.rfind("/")) + 1 :]


def build(g: Graph) -> dict:
    """The vocabulary document of one parsed ontology graph: types, properties, facets, prefixes."""
    types = {}
    for c in sorted({c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}):
        if (c, RDFS.label, None) not in g:
            continue
        types[_local(c)] = {
            "iri": str(c),
            "label": _by_lang(g, c, SKOS.prefLabel, RDFS.label),
            "plural": _by_lang(g, c, BSL.pluralLabel),
        }
    props = {p for t in PROPERTY_TYPES for p in g.subjects(RDF.type, t)}
    props |= set(g.subjects(BSL.forwardLabel, None)) | set(g.subjects(BSL.inverseLabel, None))
    properties = {}
    for p in sorted(x for x in props if isinstance(x, URIRef)):
        properties[str(p)] = {
            "label": _by_lang(g, p, SKOS.prefLabel, RDFS.label),
            "forward": _by_lang(g, p, BSL.forwardLabel),
            "inverse": _by_lang(g, p, BSL.inverseLabel),
        }
    facets = []
    head = g.value(BSL.searchFacets, SKOS.memberList)
    for f in Collection(g, head) if head is not None else ():
        facets.append({"name": str(g.value(f, SKOS.notation)), "label": _by_lang(g, f, SKOS.prefLabel, RDFS.label)})
    prefixes = dict(PREFIXES, bsli=DEFAULT_BASE)
    return {"types": types, "properties": properties, "facets": facets, "prefixes": prefixes}


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The vocabulary document of the packaged ontology (cached: callers must not mutate it)."""
    return build(vocab.parse_vocab(vocab.read_vocab(vocab.ONTOLOGY)))


def type_label(type_name: str, lang: str = "fr", plural: bool = False) -> str:
    """Label of a type ("Objective" → "Objectif", "Objectifs", "Objective", "Objectives"); the type name
    itself when the ontology does not label it."""
    entry = vocabulary()["types"].get(type_name, {})
    return entry.get("plural" if plural else "label", {}).get(lang, type_name)


def facet_names() -> tuple[str, ...]:
    """The search facets in display order ("type", "academy", "theme", "device")."""
    return tuple(f["name"] for f in vocabulary()["facets"])
