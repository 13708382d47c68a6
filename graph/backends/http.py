"""`sparql+http:` — any SPARQL 1.1 server, through the standard protocols only.

- SPARQL 1.1 Query (POST form `query=`, results as TSV, JSON or XML, graphs as N-Triples),
  parsed by pyoxigraph into the same objects the embedded store returns;
- SPARQL 1.1 Update (POST application/sparql-update): every write is ONE request, which Oxigraph
  runs as one transaction (as do Virtuoso, Fuseki/TDB2 and GraphDB); a plan is replaced by
  `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }` or by its difference, never by
  the Graph Store `PUT` (one request too, but not documented as atomic by every server);
- SPARQL 1.1 Graph Store HTTP Protocol (GET `?graph=`): reading one graph whole, as N-Triples
  (without a Graph Store endpoint, the same triples come through a query).

Boussole reads the default graph as the union of the named graphs. That is a server setting:
Oxigraph takes the `union-default-graph` parameter on each query (sent for `http://HOST:PORT`
store URLs), Virtuoso and GraphDB do it by default, Fuseki with `tdb2:unionDefaultGraph true`.

`version()` (terms.content_version) is one cheap, indexed query: it tells every reader (another
`boussole serve`, on another machine) that a graph was added, replaced or removed. A marker
triple kept in a graph of its own was tried first: the union default graph then shows it to
every query.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import threading
from collections.abc import Iterator, Mapping
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from .terms import Binding, bind, content_version, iri

RESULTS_JSON = "application/sparql-results+json"
RESULTS_TSV = "text/tab-separated-values"
RESULTS_XML = "application/sparql-results+xml"

NTRIPLES = "application/n-triples"


class StoreError(RuntimeError):
    """The server refused a request (its message is kept)."""


class SparqlHttpBackend:
    # What a query asks for: SELECT/ASK results as TSV (terms in N-Triples syntax, lossless;
    # the least to write and to parse: bench/sparql_overhead.py), JSON from a server without it,
    # graphs as N-Triples.
    accept = f"{RESULTS_TSV}, {RESULTS_JSON};q=0.9, {NTRIPLES};q=0.8"

    def __init__(
        self,
        query: str,
        update: str | None,
        graphs: str | None,
        *,
        union_param: str | None = None,
        read_only: bool = False,
        timeout_s: float = 60.0,
        auth: tuple[str, str] | None = None,
    ):
        self.url = query
        self.query_url, self.update_url, self.graphs_url = query, update, graphs
        self.union_param = union_param
        self.read_only = read_only
        # userinfo in the URL (http://user:pass@host/…) is sent as Basic auth by httpx;
        # BOUSSOLE_STORE_AUTH=digest sends it as Digest (Virtuoso's /sparql-auth)
        self.timeout_s = timeout_s
        self.http = httpx.Client(timeout=timeout_s, auth=auth or _digest(query), trust_env=False)
        # Queries are the hot path (every /sparql request, every search unit load): they go
        # through the standard library's keep-alive connection, one per thread, which costs
        # ~0.15 ms a round trip here against ~0.45 ms through httpx's layers. Writes, Graph
        # Store reads and Digest auth stay on httpx.
        self._lean = _LeanPost(query, auth) if _digest(query) is None else None

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        read_only: bool = False,
        update: str | None = None,
        graphs: str | None = None,
        timeout_s: float = 60.0,
        auth: tuple[str, str] | None = None,
    ) -> "SparqlHttpBackend":
        if url.startswith("sparql+"):
            # any server: the URL is its query endpoint; update / Graph Store endpoints are given
            return cls(url.removeprefix("sparql+"), update, graphs, read_only=read_only, timeout_s=timeout_s, auth=auth)
        parts = urlsplit(url)
        root = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        # an Oxigraph server (`oxigraph serve`): its fixed endpoint paths
        return cls(
            root + "/query",
            update or root + "/update",
            graphs or root + "/store",
            union_param="union-default-graph",
            read_only=read_only,
            timeout_s=timeout_s,
            auth=auth,
        )

    # -- reads ------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Binding] | None = None,
        default_union: bool = True,
        prefixes: Mapping[str, str] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
        timeout_s: float | None = None,
    ):
        prologue = "".join(f"PREFIX {p}: {iri(ns)}\n" for p, ns in (prefixes or {}).items())
        if base_iri:
            prologue = f"BASE {iri(base_iri)}\n" + prologue
        form: dict[str, str | list[str]] = {"query": prologue + bind(sparql, bindings)}
        dataset = default_graph is not None or named_graphs is not None
        if dataset:
            form["default-graph-uri"] = list(default_graph or ())
            form["named-graph-uri"] = list(named_graphs or ())
        params = {self.union_param: ""} if default_union and self.union_param and not dataset else None
        headers = {"Accept": self.accept}
        if self._lean is not None:
            mtype, content = self._lean.post(form, params, headers, timeout_s or self.timeout_s)
        else:
            r = self._post(self.query_url, data=form, params=params, timeout_s=timeout_s, headers=headers)
            mtype, content = r.headers.get("content-type", ""), r.content
        mtype = mtype.split(";")[0].strip()
        return self._results(mtype, content)

    def _results(self, mtype: str, content: bytes):
        if mtype in (RESULTS_JSON, "application/json"):
            return ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
        if mtype == RESULTS_TSV:
            return ox.parse_query_results(content, format=ox.QueryResultsFormat.TSV)
        if mtype in (RESULTS_XML, "application/xml"):
            return ox.parse_query_results(content, format=ox.QueryResultsFormat.XML)
        if mtype == NTRIPLES or mtype == "text/plain":
            return _triples(content)
        raise StoreError(f"{self.query_url} answered with an unexpected media type {mtype!r}")

    def triples(self, graph_iri: str) -> Iterator:
        if self.graphs_url is None:  # no Graph Store endpoint: the same triples through a query
            res = self.query(
                "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                bindings={"g": _iri_term(graph_iri)},
                default_union=False,
            )
            return (ox.Triple(sol["s"], sol["p"], sol["o"]) for sol in res)
        r = self.http.get(self.graphs_url, params={"graph": graph_iri}, headers={"Accept": NTRIPLES})
        if r.status_code == 404:
            return iter(())
        self._check(r, self.graphs_url)
        return _triples(r.content)

    def quads(self) -> Iterator[ox.Quad]:
        for g in self.named_graphs():
            node = ox.NamedNode(g)
            for t in self.triples(g):
                yield ox.Quad(t.subject, t.predicate, t.object, node)

    def named_graphs(self) -> list[str]:
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_union=False)
        return sorted(s["g"].value for s in res)

    def has_graph(self, graph_iri: str) -> bool:
        return bool(
            self.query("ASK { GRAPH ?g { ?s ?p ?o } }", bindings={"g": _iri_term(graph_iri)}, default_union=False)
        )

    def is_empty(self, graph_iri: str) -> bool:
        return not self.has_graph(graph_iri)

    def count(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_union=False)
        return int(next(iter(res))["n"].value)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return ox.serialize(self.quads(), format=fmt) or b""

    def version(self) -> str:
        return content_version(self)

    def writer_active(self) -> bool:
        return False  # each write is one transaction on the server: nothing half-written is visible

    # -- writes -----------------------------------------------------------------------------
    def update(self, request: str) -> None:
        if self.read_only:
            raise PermissionError("store opened read-only")
        if self.update_url is None:
            raise PermissionError("no update endpoint configured for this store (--store-update)")
        self._post(
            self.update_url, content=request.encode("utf-8"), headers={"Content-Type": "application/sparql-update"}
        )

    def load(self, graph_iri: str, quads: list[ox.Quad]) -> None:
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        self.update(f"INSERT DATA {{ GRAPH {iri(graph_iri)} {{\n{body}\n}} }}")

    def close(self) -> None:
        self.http.close()
        if self._lean is not None:
            self._lean.close()

    # -- plumbing ---------------------------------------------------------------------------
    def _post(self, url: str, *, timeout_s: float | None = None, **kw) -> httpx.Response:
        try:
            r = self.http.post(url, timeout=timeout_s if timeout_s is not None else httpx.USE_CLIENT_DEFAULT, **kw)
        except httpx.TimeoutException as e:
            raise TimeoutError(f"{url} did not answer in time") from e
        except httpx.TransportError as e:
            raise ConnectionError(f"cannot reach the SPARQL server at {url}: {e}") from e
        self._check(r, url)
        return r

    @staticmethod
    def _check(r: httpx.Response, url: str) -> None:
        _refused(r.status_code, r.text, url)


def _refused(status: int, text: str, url: str) -> None:
    if status >= 400:
        text = text.strip()[:2000]
        if status == 400:
            raise ValueError(f"the SPARQL server refused the request: {text}")
        raise StoreError(f"{url} answered {status}: {text}")


class _LeanPost:
    """POST of a form to one URL over a persistent http.client connection per thread."""

    def __init__(self, url: str, auth: tuple[str, str] | None):
        parts = urlsplit(url)
        self.url = url
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        user, password = auth or (unquote(parts.username or ""), unquote(parts.password or ""))
        self.auth = ("Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()) if user else None
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _conn(self, timeout: float) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = self._local.conn = cls(self.host, self.port, timeout=timeout)
            with self._lock:
                self._all.append(conn)
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        conn.timeout = timeout
        return conn

    def post(self, form: dict, params: dict | None, headers: dict, timeout: float) -> tuple[str, bytes]:
        path = self.path + (("&" if "?" in self.path else "?") + urlencode(params) if params else "")
        body = urlencode(form, doseq=True).encode("utf-8")
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        if self.auth:
            headers["Authorization"] = self.auth
        for attempt in (0, 1):  # a keep-alive connection the server closed is reopened once
            conn = self._conn(timeout)
            try:
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
                content = resp.read()
                break
            except (TimeoutError, socket.timeout) as e:
                conn.close()
                raise TimeoutError(f"{self.url} did not answer in time") from e
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                conn.close()
                if attempt:
                    raise ConnectionError(f"cannot reach the SPARQL server at {self.url}: {e}") from e
            except OSError as e:
                conn.close()
                raise ConnectionError(f"cannot reach the SPARQL server at {self.url}: {e}") from e
        if resp.status >= 400:
            _refused(resp.status, content.decode("utf-8", "replace"), self.url)
        return resp.getheader("Content-Type", ""), content

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()


def _digest(url: str):
    parts = urlsplit(url)
    if os.environ.get("BOUSSOLE_STORE_AUTH", "").lower() == "digest" and parts.username:
        return httpx.DigestAuth(unquote(parts.username), unquote(parts.password or ""))
    return None


def _triples(body: bytes) -> Iterator[ox.Triple]:
    return (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))


def _iri_term(value: str):
    from rdflib import URIRef

    return URIRef(value)
