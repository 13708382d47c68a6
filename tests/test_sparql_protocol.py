"""The read-only SPARQL endpoint over real HTTP: the W3C SPARQL 1.1 Protocol tests from
tests/w3c/protocol/manifest.ttl (one case per manifest entry), then the limits (time, rows),
the refusals (SERVICE, updates, unknown FROM) and every result format.

The server is uvicorn on a free loopback port in a thread, serving the router the app includes
(api/routers/sparql.py) on its own: `app.include_router(sparql_router(service))`. The test store
is held open read-write by this process for the whole module, as an ingest would be, while the workers read it read-only.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import signal
import socket
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx
import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from boussole.api.routers.sparql import sparql_router
from boussole.api.sparql.service import SparqlService, SparqlSettings, run_query
from boussole.api.sparql.guard import READ_ONLY_MESSAGE as READ_ONLY, check_query, parse_check

W3C_DIR = Path(__file__).parent / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

TIMEOUT_S = 2.0
MAX_ROWS = 100
FILLER_GRAPH = "http://example.org/filler"
FILLER_TRIPLES = 200  # 200^4 rows for a four-pattern cartesian product: hours of work

_WRITABLE = "needs a writable endpoint: SPARQL Update is refused by this read-only endpoint"
NOT_APPLICABLE: dict[str, str] = {
    "update_dataset_default_graph": _WRITABLE + " (using-graph-uri, then ASK on the updated graph)",
    "update_dataset_default_graphs": _WRITABLE + " (using-graph-uri ×2, then ASK)",
    "update_dataset_named_graphs": _WRITABLE + " (using-named-graph-uri, then ASK)",
    "update_dataset_full": _WRITABLE + " (using-graph-uri + using-named-graph-uri, then ASK)",
    "update_post_form": _WRITABLE + " (update= form POST must succeed)",
    "update_post_direct": _WRITABLE + " (application/sparql-update POST must succeed)",
    "update_base_uri": _WRITABLE + " (INSERT DATA with a relative IRI, then ASK)",
}


# -- the manifest ------------------------------------------------------------------------------


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected_status: set[int]  # status classes: 2, 3, 4
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    id: str
    name: str
    graph_data: list[tuple[Path, str]] = field(default_factory=list)  # (file, graph IRI)
    requests: list[HttpRequest] = field(default_factory=list)


def _local_path(iri: URIRef) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def load_manifest(directory: Path = W3C_DIR) -> list[ProtocolTest]:
    g = Graph()
    g.parse(directory / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        t = ProtocolTest(id=str(entry).rsplit("#", 1)[1], name=str(g.value(entry, MF.name)))
        for gd in g.objects(entry, UT.graphData):
            t.graph_data.append((_local_path(g.value(gd, UT.graph)), str(g.value(gd, RDFS.label))))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            headers = {}
            hlist = g.value(req, HT.headers)
            if hlist is not None:
                for h in Collection(g, hlist):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            resp = g.value(req, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            t.requests.append(
                HttpRequest(
                    method=str(g.value(req, HT.methodName)),
                    # the manifest's paths start with /sparql/; this endpoint is /sparql
                    path=str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                    headers=headers,
                    body=body,
                    expected_status={int(str(s)[len(HTS)]) for s in g.objects(resp, MF.expectedStatus)},
                    expected_format=str(fmt) if fmt is not None else None,
                    expected_boolean=boolean.toPython() if boolean is not None else None,
                )
            )
        tests.append(t)
    return tests


MANIFEST = load_manifest()


# -- server -------------------------------------------------------------------------------------


class ThreadServer:
    """uvicorn serving `app` on a free loopback port, in a thread of this process."""

    def __init__(self, app):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "ThreadServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """The manifest's graph data in named graphs (ut:graphData: file → graph IRI), a filler graph
    for the limit tests; the writer stays open, like a running ingest."""
    path = tmp_path_factory.mktemp("sparql") / "store"
    writer = ox.Store(str(path))
    loaded = {}
    for t in MANIFEST:
        for file, iri in t.graph_data:
            assert loaded.setdefault(iri, file) == file, f"{iri} given two different files"
    for iri, file in sorted(loaded.items()):
        writer.load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    filler = ox.NamedNode(FILLER_GRAPH)
    writer.extend(
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(f"value {i}", language="fr"),
            filler,
        )
        for i in range(FILLER_TRIPLES)
    )
    writer.flush()
    yield path, writer
    del writer


@pytest.fixture(scope="module")
def service(store_path):
    return SparqlService(SparqlSettings(store_path[0], timeout_s=TIMEOUT_S, max_rows=MAX_ROWS, workers=2))


@pytest.fixture(scope="module")
def server(service):
    app = FastAPI()
    app.include_router(sparql_router(service))
    srv = ThreadServer(app)
    # the service names its configured public URL (never the request's Host): here, this server's
    service.settings = dataclasses.replace(service.settings, public_url=srv.url)
    with srv:
        yield srv
    assert service.pool.closed, "the router's lifespan must stop the workers with the app"


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


# -- response checks ----------------------------------------------------------------------------


def media_type(r: httpx.Response) -> str:
    return r.headers.get("content-type", "").split(";")[0].strip()


def parse_boolean(r: httpx.Response) -> bool:
    mt = media_type(r)
    if mt in ("application/sparql-results+json", "application/json"):
        return json.loads(r.content)["boolean"]
    if mt in ("application/sparql-results+xml", "application/xml"):
        el = ET.fromstring(r.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
        return el.text.strip() == "true"
    raise AssertionError(f"not a boolean results format: {mt}")


def parse_table(r: httpx.Response) -> tuple[list[str], list[dict]]:
    """(variables, rows as {var: lexical value}) for any of the four tabular formats."""
    mt = media_type(r)
    if mt == "application/sparql-results+json":
        data = json.loads(r.content)
        return data["head"]["vars"], [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    if mt == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(r.content)
        variables = [v.get("name") for v in root.find("r:head", ns)]
        rows = [{b.get("name"): "".join(b[0].itertext()) for b in res} for res in root.find("r:results", ns)]
        return variables, rows
    if mt == "text/csv":
        reader = csv.DictReader(io.StringIO(r.text, newline=""))
        return list(reader.fieldnames or []), [dict(row) for row in reader]
    if mt == "text/tab-separated-values":
        lines = r.text.split("\n")
        variables = [v.lstrip("?") for v in lines[0].split("\t")]
        return variables, [dict(zip(variables, line.split("\t"))) for line in lines[1:] if line]
    raise AssertionError(f"not a tabular results format: {mt}")


RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def parse_rdf(r: httpx.Response) -> Graph:
    fmt = RDF_PARSERS.get(media_type(r))
    assert fmt, f"not an RDF format: {media_type(r)}"
    return Graph().parse(data=r.content, format=fmt)


# -- W3C protocol tests -------------------------------------------------------------------------


@pytest.mark.parametrize("test", MANIFEST, ids=[t.id for t in MANIFEST])
def test_w3c_protocol(test: ProtocolTest, client: httpx.Client):
    if test.id in NOT_APPLICABLE:
        # As written these need a writable endpoint (NOT_APPLICABLE says why). What they can show
        # here: every update they send is refused with a 400 that says so, and nothing changes.
        _assert_updates_refused(test, client)
        return
    assert test.id.startswith(("query_", "bad_")), f"{test.id}: new manifest entry, classify it"
    for req in test.requests:
        r = client.request(req.method, req.path, headers=req.headers, content=req.body)
        assert r.status_code // 100 in req.expected_status, (test.id, r.status_code, r.text)
        if req.expected_format == "boolean":
            value = parse_boolean(r)
            if req.expected_boolean is not None:
                assert value is req.expected_boolean, test.id
        elif req.expected_format == "tabular":
            variables, _ = parse_table(r)
            assert variables
        elif req.expected_format == "RDF":
            parse_rdf(r)
        if r.status_code >= 400:
            assert r.text.strip(), "an error must say why"


COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def _is_update(req: HttpRequest) -> bool:
    ctype = req.headers.get("Content-Type", req.headers.get("content-type", ""))
    return "sparql-update" in ctype or (req.body or b"").lstrip().startswith(b"update=") or "update=" in req.path


def _assert_updates_refused(test: ProtocolTest, client: httpx.Client) -> None:
    def count() -> str:
        return client.get("/sparql", params={"query": COUNT_ALL}, headers={"Accept": "text/csv"}).text

    before = count()
    updates = [req for req in test.requests if _is_update(req)]
    assert updates, f"{test.id}: no update request found"
    for req in updates:
        r = client.request(req.method, req.path, headers=req.headers, content=req.body)
        assert r.status_code == 400 and READ_ONLY in r.text, (test.id, r.status_code, r.text)
    assert count() == before, f"{test.id}: the store changed"


def test_every_manifest_entry_is_classified():
    ids = {t.id for t in MANIFEST}
    assert len(ids) == 34
    assert set(NOT_APPLICABLE) <= ids
    assert all(i.startswith(("query_", "bad_")) for i in ids - set(NOT_APPLICABLE))


# -- limits -------------------------------------------------------------------------------------

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_idle(service: SparqlService) -> None:
    """Both workers started and idle (an earlier test may have had one replaced)."""
    deadline = time.monotonic() + 15
    while service.pool.stats().idle < service.settings.workers:
        assert time.monotonic() < deadline, service.pool.stats()
        time.sleep(0.05)


@pytest.mark.slow
def test_timeout_kills_the_worker_and_the_server_answers_right_after(client, service, capsys):
    _wait_idle(service)
    old_pids = service.pool.pids()
    assert len(old_pids) == 2
    results: list[tuple[httpx.Response, float]] = []

    def slow(address: str):
        t0 = time.monotonic()
        # two client addresses: one client alone may not hold both workers
        with httpx.Client(
            base_url=str(client.base_url), timeout=30, transport=httpx.HTTPTransport(local_address=address)
        ) as c:
            results.append((c.get("/sparql", params={"query": CARTESIAN}), time.monotonic() - t0))

    # occupy and overrun both workers
    threads = [threading.Thread(target=slow, args=(a,)) for a in ("127.0.0.2", "127.0.0.3")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r, elapsed in results:
        assert r.status_code == 503, r.text
        assert "time limit" in r.text and r.headers["x-boussole-timeout"] == f"{TIMEOUT_S:g}"
        assert TIMEOUT_S <= elapsed < TIMEOUT_S + 2.0
    assert all(_gone(pid) for pid in old_pids), "the overrunning workers must be killed"

    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    after = time.monotonic() - t0
    assert r.status_code == 200 and parse_boolean(r) is True
    new_pids = service.pool.pids()
    assert len(new_pids) == 2 and not set(new_pids) & set(old_pids)
    stats = service.pool.stats()
    assert stats.timeouts >= 2 and stats.respawns >= 2
    with capsys.disabled():
        print(
            f"\n[sparql] timeout {TIMEOUT_S:g}s → 503 after {max(e for _, e in results):.2f}s; "
            f"replacement worker ready {stats.last_respawn_s:.2f}s after kill; next query {after:.2f}s"
        )


def test_a_worker_that_died_while_idle_is_replaced_without_failing_a_query(client, service):
    _wait_idle(service)
    victim = service.pool.pids()[0]
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.2)
    for _ in range(3):
        r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 200, r.text
    deadline = time.monotonic() + 10
    while len(service.pool.pids()) < 2 or victim in service.pool.pids():
        assert time.monotonic() < deadline, "the dead worker was not replaced"
        time.sleep(0.05)


def test_row_cap_is_reported_in_a_header(client):
    r = client.get("/sparql", params={"query": f"SELECT ?s WHERE {{ GRAPH <{FILLER_GRAPH}> {{ ?s ?p ?o }} }}"})
    assert r.status_code == 200
    assert r.headers["x-boussole-truncated"] == f"rows={MAX_ROWS}"
    assert len(json.loads(r.content)["results"]["bindings"]) == MAX_ROWS

    r = client.get(
        "/sparql", params={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{FILLER_GRAPH}> {{ ?s ?p ?o }} }}"}
    )
    assert r.status_code == 200, r.text
    assert r.headers["x-boussole-truncated"] == f"triples={MAX_ROWS}"
    assert len(parse_rdf(r)) == MAX_ROWS

    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10"})
    assert "x-boussole-truncated" not in r.headers
    assert len(json.loads(r.content)["results"]["bindings"]) == 10


# -- refusals -----------------------------------------------------------------------------------


@pytest.fixture()
def listener():
    """A loopback socket that records any connection: SERVICE must never reach it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.3)
    yield "http://127.0.0.1:%d/sparql" % sock.getsockname()[1], sock
    sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "PREFIX remote: <{url}>\nSELECT * WHERE {{ SERVICE remote: {{ ?s ?p ?o }} }}  # a comment",
        "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_before_any_request(client, listener, template):
    url, sock = listener
    r = client.get("/sparql", params={"query": template.format(url=url)})
    assert r.status_code == 400 and "SERVICE" in r.text
    with pytest.raises(socket.timeout):
        sock.accept()


def test_parse_tree_check_finds_service_on_its_own():
    # the lexical scan runs first in check_query; this proves the parse-tree walk is a real second check
    assert parse_check("SELECT * { ?s ?p ?o . { SERVICE <http://x/> { ?s ?p ?o } } }", {}).refusal
    assert parse_check("SELECT * { ?s <http://x/serviceType> ?o }", {}).refusal is None
    assert check_query("SELECT * { ?s schema:serviceType ?o }", {"schema": "https://schema.org/"}).refusal is None


@pytest.mark.parametrize("how", ["get-update", "post-form-update", "post-sparql-update", "query-text"])
def test_updates_are_refused(client, how):
    insert = f"INSERT DATA {{ GRAPH <{FILLER_GRAPH}> {{ <http://example.org/x> <http://example.org/p> 1 }} }}"
    if how == "get-update":
        r = client.get("/sparql", params={"update": insert})
    elif how == "post-form-update":
        r = client.post("/sparql", data={"update": insert})
    elif how == "post-sparql-update":
        r = client.post("/sparql", content=insert, headers={"content-type": "application/sparql-update"})
    else:
        r = client.get("/sparql", params={"query": insert})
    assert r.status_code == 400 and "read-only" in r.text
    ask = client.get("/sparql", params={"query": "ASK { <http://example.org/x> ?p ?o }"})
    assert parse_boolean(ask) is False


def test_from_graphs_not_in_the_store_are_refused_and_known_ones_are_honoured(client):
    r = client.get("/sparql", params={"query": "SELECT * FROM <http://example.org/elsewhere.rdf> WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "<http://example.org/elsewhere.rdf>" in r.text and "never fetches" in r.text
    r = client.get(
        "/sparql", params={"query": "SELECT * FROM NAMED <http://example.org/nowhere> WHERE { GRAPH ?g { ?s ?p ?o } }"}
    )
    assert r.status_code == 400
    # FROM limits the default graph to that graph (the store's union default is not used)
    r = client.get(
        "/sparql", params={"query": "SELECT ?s FROM <http://kasei.us/2009/09/sparql/data/data1.rdf> WHERE { ?s ?p ?o }"}
    )
    assert r.status_code == 200
    assert [row["s"] for row in parse_table(r)[1]] == ["http://kasei.us/2009/09/sparql/data/data1.rdf"]


def test_malformed_query_says_why(client):
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert r.status_code == 400 and "malformed SPARQL query" in r.text


@pytest.mark.parametrize(
    "kind,query,accept",
    [
        ("select", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png"),
        ("select", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle"),
        ("ask", "ASK { ?s ?p ?o }", "text/csv"),
        ("construct", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json"),
    ],
)
def test_unsupported_accept_is_406(client, kind, query, accept):
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert r.status_code == 406 and "available:" in r.text


# -- formats ------------------------------------------------------------------------------------

SELECT_ALL = (
    f"SELECT ?s ?o WHERE {{ GRAPH <{FILLER_GRAPH}> {{ ?s ?p ?o }} FILTER(?s IN "
    f"(<http://example.org/s1>, <http://example.org/s2>)) }} ORDER BY ?s"
)


@pytest.mark.parametrize(
    "accept,expected",
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ],
)
def test_select_formats_parse(client, accept, expected):
    r = client.get("/sparql", params={"query": SELECT_ALL}, headers={"accept": accept} if accept else {})
    assert r.status_code == 200 and media_type(r) == expected
    variables, rows = parse_table(r)
    assert variables == ["s", "o"]
    assert [row["s"].strip("<>") for row in rows] == ["http://example.org/s1", "http://example.org/s2"]
    if expected == "text/tab-separated-values":
        assert rows[0]["o"] == '"value 1"@fr'  # TSV keeps terms in SPARQL syntax
    else:
        assert rows[0]["o"] == "value 1"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_formats_parse(client, accept):
    r = client.post(
        "/sparql", content="ASK { ?s ?p ?o }", headers={"content-type": "application/sparql-query", "accept": accept}
    )
    assert media_type(r) == accept and parse_boolean(r) is True


@pytest.mark.parametrize(
    "accept,expected",
    [
        (None, "text/turtle"),
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_graph_formats_parse(client, accept, expected):
    q = f"CONSTRUCT {{ ?s <http://example.org/p> ?o }} WHERE {{ GRAPH <{FILLER_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 5"
    r = client.post("/sparql", data={"query": q}, headers={"accept": accept} if accept else {})
    assert r.status_code == 200 and media_type(r) == expected
    g = parse_rdf(r)
    assert len(g) == 5 and all(str(p) == "http://example.org/p" for p in g.predicates())


def test_format_parameter_overrides_accept(client):
    r = client.get(
        "/sparql", params={"query": SELECT_ALL, "format": "csv"}, headers={"accept": "application/sparql-results+xml"}
    )
    assert media_type(r) == "text/csv"
    r = client.get("/sparql", params={"query": SELECT_ALL, "format": "turtle"})
    assert r.status_code == 406


def test_service_description(client, server):
    r = client.get("/sparql")
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    g = parse_rdf(r)
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(g.subjects(RDF.type, sd.Service))
    assert g.value(service, sd.endpoint) == URIRef(server.url + "/sparql")
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g


# -- store, embedding ---------------------------------------------------------------------------


def test_new_commits_of_the_writer_become_visible_once_it_settles(client, store_path):
    from boussole.api.sparql.store import SETTLE_S

    _, writer = store_path
    g = ox.NamedNode("http://example.org/late")
    writer.add(
        ox.Quad(ox.NamedNode("http://example.org/late-s"), ox.NamedNode("http://example.org/p"), ox.Literal("late"), g)
    )
    writer.flush()
    flushed = time.monotonic()
    ask = {"query": "ASK { GRAPH <http://example.org/late> { ?s ?p 'late' } }"}
    r = client.get("/sparql", params=ask)
    if time.monotonic() - flushed < SETTLE_S * 0.8:
        # writer active: the workers keep their snapshot rather than reopen mid-write
        assert r.status_code == 200 and parse_boolean(r) is False
    time.sleep(SETTLE_S + 0.1)
    for _ in range(2):  # both workers, whichever answers
        r = client.get("/sparql", params=ask)
        assert r.status_code == 200, r.text
        assert parse_boolean(r) is True


def test_run_query_without_http(service):
    status, mtype, body, headers = run_query(
        service, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % FILLER_GRAPH, accept="text/csv"
    )
    assert (status, mtype) == (200, "text/csv") and body.decode().split() == ["n", str(FILLER_TRIPLES)]
    # a protocol dataset: the default graph is exactly data1
    status, _, body, _ = run_query(
        service, "SELECT ?s WHERE { ?s ?p ?o }", default_graphs=["http://kasei.us/2009/09/sparql/data/data1.rdf"]
    )
    assert status == 200
    assert [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        "http://kasei.us/2009/09/sparql/data/data1.rdf"
    ]


def _worker_children() -> set[int]:
    """PIDs of this process's SPARQL worker children (Linux /proc)."""
    found = set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:")), None)
        if ppid == os.getpid() and b"boussole.api.sparql.worker" in cmd and "State:\tZ" not in status:
            found.add(int(d.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_sparql_router_lifespan_starts_and_stops_workers(store_path):
    from fastapi.testclient import TestClient

    before = _worker_children()
    app = FastAPI()
    app.include_router(sparql_router(SparqlSettings(store_path[0], workers=1)))
    with TestClient(app) as c:
        started = _worker_children() - before
        assert len(started) == 1
        r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 200 and parse_boolean(r) is True
    assert not (_worker_children() & started), "the app's shutdown must stop its workers"
    r = c.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 503 and "not running" in r.text  # no silent restart after shutdown
    assert not (_worker_children() - before)


@pytest.mark.slow
def test_memory_cap_stops_a_sorting_query(store_path):
    # 200^3 rows sorted: gigabytes if uncapped; the worker must die at its heap cap, not the machine
    with SparqlService(SparqlSettings(store_path[0], timeout_s=30, workers=1, memory_mb=300)) as svc:
        t0 = time.monotonic()
        status, _, body, headers = run_query(svc, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i")
        assert status == 503 and "memory limit of 300 MB" in body.decode(), body
        assert headers["X-Boussole-Memory-Limit"] == "300MB" and time.monotonic() - t0 < 20
        assert run_query(svc, "ASK { ?s ?p ?o }").status == 200  # the replacement worker answers
