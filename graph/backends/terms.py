"""RDF terms between rdflib, pyoxigraph and SPARQL text, validated so that no value can change
the syntax of the request it is written into."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Union

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

XSD_STRING = str(XSD.string)

# IRIREF of SPARQL/Turtle: no control/space chars and none of <>"{}|^`\
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STR_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_STR_ESC_RE = re.compile(r'[\\"\n\r]')

Binding = Union[Identifier, Sequence[Identifier]]


class HasBlankNodes(Exception):
    """Blank nodes cannot be matched between two versions (nor appear in DELETE DATA)."""


def iri(term: str) -> str:
    if not term or _BAD_IRI.search(term):
        raise ValueError(f"invalid IRI for the store: {term!r}")
    return f"<{term}>"


def _escape(text: str) -> str:
    return '"' + _STR_ESC_RE.sub(lambda m: _STR_ESC[m.group()], text) + '"'


def sparql_term(term: Identifier) -> str:
    """A term in SPARQL syntax, validated (raises ValueError on anything that could not parse
    or could inject syntax)."""
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, Literal):
        lex = _escape(str(term))
        if term.language:
            if not _LANG.match(term.language):
                raise ValueError(f"invalid language tag: {term.language!r}")
            return f"{lex}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{lex}^^{iri(str(term.datatype))}"
        return lex
    if isinstance(term, BNode):
        # Labels are re-encoded so any rdflib bnode id is a legal SPARQL label; same id → same node.
        return "_:b" + str(term).encode("utf-8").hex()
    raise ValueError(f"unsupported RDF term: {term!r}")


def triple_text(t: tuple) -> str:
    s, p, o = t
    return f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ."


def ox_text(term) -> str:
    """A stored term in exactly the text form sparql_term gives the same rdflib term."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        lex = _escape(term.value)
        if term.language:
            return f"{lex}@{term.language}"
        dt = term.datatype.value
        return lex if dt == XSD_STRING else f"{lex}^^<{dt}>"
    raise HasBlankNodes


def from_ox(term) -> Identifier:
    """pyoxigraph term → rdflib term; xsd:string literals become plain literals, so what comes
    out of the store compares equal to what build_plan_graph put in."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise ValueError(f"unsupported term {term!r}")


def to_ox(term: Identifier):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise ValueError(f"unsupported term {term!r}")


_TOKENS = re.compile(
    r"""(?P<skip>\#[^\r\n]*|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'
               |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|[?$]\w+)
      |(?P<word>[A-Za-z]+)|(?P<brace>\{)""",
    re.VERBOSE | re.DOTALL,
)


def values_clause(bindings: Mapping[str, Binding] | None) -> str:
    """`VALUES (?a ?b) { (…) }` for `bindings` (variable → term, or → several terms: one row
    each; several variables: every combination); '' when there is nothing to bind."""
    if not bindings:
        return ""
    names, columns = [], []
    for name, value in bindings.items():
        if not _VAR.match(name):
            raise ValueError(f"invalid variable name {name!r}")
        terms = [value] if isinstance(value, (Identifier, str)) else list(value)
        names.append(f"?{name}")
        columns.append([sparql_term(t if isinstance(t, Identifier) else URIRef(str(t))) for t in terms])
    rows = " ".join("(" + " ".join(row) + ")" for row in itertools.product(*columns))
    return f"VALUES ({' '.join(names)}) {{ {rows} }}"


def bind(query: str, bindings: Mapping[str, Binding] | None) -> str:
    """`query` with `bindings` as a VALUES block opening its WHERE group: the values are joined
    first, so FILTERs, aggregates and sub-selects of the query see them (a trailing VALUES would
    be joined after grouping, and unlike Oxigraph's own substitution this needs no projected
    variable). The values are written as validated terms, never as raw text."""
    block = values_clause(bindings)
    if not block:
        return query
    construct = False
    for m in _TOKENS.finditer(query):
        if m.lastgroup == "word":
            word = m.group().upper()
            if word == "CONSTRUCT":
                construct = True  # its template comes first: the WHERE keyword names the group
            elif word == "WHERE" and construct:
                construct = False
        elif m.lastgroup == "brace" and not construct:
            return f"{query[: m.end()]} {block}\n{query[m.end() :]}"
    raise ValueError("cannot bind values: the query has no WHERE group")


_MARKERS = """SELECT ?g ?m WHERE { GRAPH ?g {
  { ?g <http://purl.org/dc/terms/identifier> ?m }
  UNION { ?d <https://w3id.org/boussole/ns#sha256> ?m } UNION { ?d <https://w3id.org/boussole/ns#pipeline> ?m } } }"""


def content_version(backend) -> str:
    """A digest of the version markers Boussole writes into every graph it stores (a document's
    SHA-256 and extraction-rules fingerprint, a vocabulary's or a link graph's
    dcterms:identifier): it moves whenever a graph is added, replaced or removed, is the same on
    both backends for the same content, and costs one indexed query."""
    rows = sorted(f"{s['g'].value} {s['m'].value}" for s in backend.query(_MARKERS, default_union=False))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
