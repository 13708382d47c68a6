"""SPARQL 1.1 Protocol over HTTP, without the web framework: which operation a request asks for
(§2.1: GET query=, POST form, POST direct) and the service description served without a query.
Errors are QueryOutcome values, so the router only translates them into responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qsl

import pyoxigraph as ox

from .formats import FORMATS, negotiate, write_triples
from .guard import READ_ONLY_MESSAGE
from .worker import QueryOutcome, error

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
_UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format_name: str | None = None


def parse_protocol(
    method: str, url_params: list[tuple[str, str]], content_type: str | None, body: bytes
) -> ProtocolRequest | QueryOutcome:
    """SPARQL 1.1 Protocol §2.1: the three ways of sending a query; an error outcome otherwise."""
    params = list(url_params)
    direct_query: str | None = None
    if method == "POST":
        if not content_type:
            return error(415, f"POST needs Content-Type {FORM} (query=…) or {SPARQL_QUERY} (query as body)")
        header = EmailMessage()
        header["content-type"] = content_type
        mtype = header.get_content_type()
        charset = header.get_param("charset")
        if mtype == SPARQL_UPDATE:
            return error(400, READ_ONLY_MESSAGE)
        if mtype not in (FORM, SPARQL_QUERY):
            return error(415, f"unsupported Content-Type {mtype}: use {FORM} or {SPARQL_QUERY}")
        if isinstance(charset, str) and charset.lower() not in ("utf-8", "utf8"):
            return error(415, f"unsupported charset {charset}: queries must be UTF-8")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return error(400, "the request body is not valid UTF-8")
        if mtype == FORM:
            params += parse_qsl(text, keep_blank_values=True)
        else:
            direct_query = text
    if any(k in _UPDATE_PARAMS for k, _ in params):
        return error(400, READ_ONLY_MESSAGE)
    queries = [v for k, v in params if k == "query"]
    if direct_query is not None:
        queries.append(direct_query)
    if len(queries) > 1:
        return error(400, "more than one query in the request: send exactly one")
    formats = [v for k, v in params if k == "format"]
    if len(formats) > 1:
        return error(400, "more than one format parameter")
    if method == "POST" and not queries:
        return error(400, "no query: send query=… or a body with Content-Type " + SPARQL_QUERY)
    return ProtocolRequest(
        query=queries[0] if queries else None,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        format_name=formats[0] if formats else None,
    )


# -- service description ---------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")


def service_description(endpoint: str, accept: str | None, comment: str) -> QueryOutcome:
    """sd:Service for `endpoint`, in the RDF format `accept` prefers; `comment` states the limits."""
    fmt = negotiate("graph", accept)
    if fmt is None:
        return error(
            406, "the service description is available as " + ", ".join(f.media_type for f in FORMATS["graph"])
        )
    node = ox.BlankNode("service")
    sd = lambda local: ox.NamedNode(SD + local)  # noqa: E731
    triples = [
        ox.Triple(node, RDF_TYPE, sd("Service")),
        ox.Triple(node, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(node, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(node, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(node, RDFS_COMMENT, ox.Literal(comment, language="en")),
    ]
    seen = set()
    for kind in ("solutions", "graph"):
        for f in FORMATS[kind]:  # type: ignore[index]
            # pyoxigraph names JSON-LD .../formats/data/JSON-LD; W3C's registry says .../formats/JSON-LD
            iri = FORMATS_NS + "JSON-LD" if f.writer == ox.RdfFormat.JSON_LD else f.writer.iri
            if iri not in seen:
                seen.add(iri)
                triples.append(ox.Triple(node, sd("resultFormat"), ox.NamedNode(iri)))
    body = write_triples(
        fmt, triples, {"sd": SD, "formats": FORMATS_NS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    )
    return QueryOutcome(200, fmt.media_type, body, {})
