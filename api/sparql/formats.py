"""Result formats of the SPARQL endpoint: content negotiation and serialisation.

Serialisation is pyoxigraph's. Rows are capped before they are written, and pyoxigraph can only
serialise a live `QuerySolutions`, so capped rows are written once as SPARQL JSON (the one format
whose term encoding is a dozen lines) and parsed back by pyoxigraph to produce XML, CSV or TSV:
every output byte still comes from the library's writers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

import pyoxigraph as ox

ResultKind = Literal["solutions", "boolean", "graph"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Format:
    media_type: str  # what the response says in Content-Type
    aliases: tuple[str, ...]  # other media types that select it, and short names for `format=`
    writer: ox.QueryResultsFormat | ox.RdfFormat

    @property
    def names(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


_JSON = Format("application/sparql-results+json", ("application/json", "json", "srj"), ox.QueryResultsFormat.JSON)
_XML = Format(
    "application/sparql-results+xml", ("application/xml", "text/xml", "xml", "srx"), ox.QueryResultsFormat.XML
)
_CSV = Format("text/csv", ("csv",), ox.QueryResultsFormat.CSV)
_TSV = Format("text/tab-separated-values", ("tsv",), ox.QueryResultsFormat.TSV)
_TURTLE = Format("text/turtle", ("application/x-turtle", "turtle", "ttl"), ox.RdfFormat.TURTLE)
_NTRIPLES = Format("application/n-triples", ("ntriples", "nt"), ox.RdfFormat.N_TRIPLES)
_JSONLD = Format("application/ld+json", ("jsonld", "json-ld"), ox.RdfFormat.JSON_LD)
_RDFXML = Format("application/rdf+xml", ("rdfxml", "rdf"), ox.RdfFormat.RDF_XML)

# First entry = the default when the client accepts anything. CSV/TSV define no boolean form,
# so an ASK answered in CSV would be a private convention: 406 instead.
FORMATS: dict[ResultKind, tuple[Format, ...]] = {
    "solutions": (_JSON, _XML, _CSV, _TSV),
    "boolean": (_JSON, _XML),
    "graph": (_TURTLE, _NTRIPLES, _JSONLD, _RDFXML),
}


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """-1 if this range does not match `media_type`, else 0 (*/*), 1 (type/*) or 2 (exact)."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def _parse_accept(accept: str) -> list[_Range]:
    ranges = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        mtype, _, sub = parts[0].lower().partition("/")
        if not mtype or not sub:
            continue  # a malformed range is ignored rather than failing the whole request
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(_Range(mtype, sub, q))
    return ranges


def negotiate(kind: ResultKind, accept: str | None, format_name: str | None = None) -> Format | None:
    """The format to answer with, or None (406). `format_name` (the `format=` parameter: a short
    name or a media type) wins over Accept, so a plain link can ask for CSV."""
    offered = FORMATS[kind]
    if format_name:
        wanted = format_name.strip().lower()
        return next((f for f in offered if wanted in f.names), None)
    if not accept or not accept.strip():
        return offered[0]
    ranges = _parse_accept(accept)
    if not ranges:
        return offered[0]
    best: tuple[float, int] | None = None
    chosen = None
    for rank, fmt in enumerate(offered):
        q = _quality(ranges, fmt)
        # RFC 9110 §12.5.1: the most specific range decides a type's quality; ties keep our order
        if q > 0 and (best is None or q > best[0]):
            best, chosen = (q, rank), fmt
    return chosen


def _quality(ranges: Sequence[_Range], fmt: Format) -> float:
    q, spec = 0.0, -1
    for media_type in (fmt.media_type, *(a for a in fmt.aliases if "/" in a)):
        for r in ranges:
            s = r.specificity(media_type)
            if s > spec or (s == spec and s >= 0 and r.q > q):
                q, spec = r.q, s
    return q if spec >= 0 else 0.0


def offered_media_types(kind: ResultKind) -> list[str]:
    return [f.media_type for f in FORMATS[kind]]


# -- serialisation ---------------------------------------------------------------------------


def _term_json(term) -> dict:
    """SPARQL 1.1 (and 1.2 for triple terms, base direction) JSON encoding of one term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction)  # "ltr" / "rtl"
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise ValueError(f"unsupported term in results: {term!r}")


def solutions_json(variables: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Rows (each aligned with `variables`, None = unbound) as SPARQL JSON results."""
    bindings = [{v: _term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps(
        {"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def write_solutions(fmt: Format, variables: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    body = solutions_json(variables, rows)
    if fmt.writer == ox.QueryResultsFormat.JSON:
        return body
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.writer)


def write_boolean(fmt: Format, value: bool) -> bytes:
    body = json.dumps({"head": {}, "boolean": bool(value)}, separators=(",", ":")).encode()
    if fmt.writer == ox.QueryResultsFormat.JSON:
        return body
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt.writer)


def write_triples(fmt: Format, triples: Sequence[ox.Triple], prefixes: dict[str, str] | None = None) -> bytes:
    # prefixes only make Turtle / RDF/XML shorter (N-Triples and JSON-LD ignore them); declare
    # just the ones the triples use, not the whole Boussole table on every answer
    used = _used_prefixes(triples, prefixes or {}) if fmt.writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    return ox.serialize(triples, format=fmt.writer, prefixes=used or None) or b""


def _used_prefixes(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object) if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}
