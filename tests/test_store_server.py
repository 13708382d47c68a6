"""The store seam on both backends: bound values, versions, dumps, and the Boussole commands and
/sparql endpoint on a real Oxigraph server (`oxigraph serve` on loopback), side by side with the
embedded store over the same corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from boussole.graph.backends import StoreConfig
from boussole.graph.build import build_plan_graph, plan_ids
from boussole.graph.dump import nquads_bytes
from boussole.graph.sample import mini_tagger, sample_plan
from boussole.graph.store import GraphStore

EX = Namespace("http://example.org/")
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def store(store_backend):
    with GraphStore(store_backend) as s:
        yield s


def _rows(result) -> list[dict[str, str]]:
    return [{str(k): str(v) for k, v in row.items()} for row in result.bindings]


def test_values_are_bound_not_pasted(store):
    hostile = Literal('x" } } ; DROP ALL ; INSERT DATA { <http://e/a> <http://e/b> "c')
    store.replace_document(
        EX.g, [(EX.a, EX.p, hostile), (EX.a, EX.p, Literal("plain")), (EX.b, EX.p, Literal("other"))]
    )
    rows = _rows(store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"o": hostile}))
    assert [r["s"] for r in rows] == [str(EX.a)]
    # several values: one solution each; FILTERs and aggregates of the query see the bound value
    rows = _rows(
        store.query(
            "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?s = ?want) } GROUP BY ?s ORDER BY ?s",
            bindings={"want": [EX.a, EX.b]},
        )
    )
    assert [(r["s"], int(r["n"])) for r in rows] == [(str(EX.a), 2), (str(EX.b), 1)]
    with pytest.raises(ValueError):
        store.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": URIRef("http://e/x> } ; DROP ALL ; #")})
    with pytest.raises(ValueError):
        store.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s } ; DROP ALL": EX.a})
    assert len(store) == 3 and store.graphs() == [EX.g]


def test_version_changes_on_every_write(store):
    seen = [store.version()]
    g = build_plan_graph(sample_plan(), tagger=mini_tagger())
    ids = plan_ids(sample_plan().meta)
    store.replace_document(ids.graph, g)
    seen.append(store.version())
    edited = Graph()
    edited += g
    edited.set((ids.source, URIRef("https://w3id.org/boussole/ns#sha256"), Literal("0" * 64)))
    store.replace_document(ids.graph, edited)
    seen.append(store.version())
    store.remove_document(ids.graph)
    seen.append(store.version())
    # each write moves it (the server's is a digest of the content markers: removing the one
    # document brings back the empty store's version, which is right for a reader to reload on)
    assert all(a != b for a, b in zip(seen, seen[1:])), seen
    assert store.version() == seen[-1]  # and stays put without a write


def test_both_backends_hold_and_dump_the_same_dataset(tmp_path, oxigraph_url):
    from conftest import clear_server

    clear_server(oxigraph_url)
    g = build_plan_graph(sample_plan(), tagger=mini_tagger())
    ids = plan_ids(sample_plan().meta)
    dumps, stats = [], []
    for location in (tmp_path / "store", oxigraph_url):
        with GraphStore(location) as s:
            s.load_vocabularies()
            s.replace_document(ids.graph, g)
            dumps.append(nquads_bytes(s))
            stats.append(s.stats())
            assert set(s.graph(ids.graph)) == set(g)
    lines = [d.splitlines() for d in dumps]
    assert len(lines[0]) == len(lines[1]) == stats[0]["quads"]
    # identical but for blank node labels (the vocabularies have some: each store names its own)
    assert [x for x in lines[0] if b"_:" not in x] == [x for x in lines[1] if b"_:" not in x]
    assert stats[0] == stats[1]


# -- Boussole on the server: the seed corpus in both stores -------------------------------------


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "boussole.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.mark.server
def test_stats_and_sparql_commands_give_the_same_answers_on_both_stores(seed_data, server_seed_data):
    data, url = server_seed_data
    embedded = json.loads(_cli("stats", "--json", "--data", str(seed_data)).stdout)
    on_server = json.loads(_cli("stats", "--json", "--data", str(data), "--store", url).stdout)
    via_env = json.loads(_cli("stats", "--json", "--data", str(data), env={"BOUSSOLE_STORE": url}).stdout)
    assert embedded == on_server == via_env and embedded["documents"] == 2
    q = "SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label } ORDER BY ?o"
    a = _cli("sparql", q, "--format", "csv", "--data", str(seed_data))
    b = _cli("sparql", q, "--format", "csv", "--data", str(data), "--store", url)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout and len(a.stdout.splitlines()) > 10
    refused = _cli("sparql", "DROP ALL", "--data", str(data), "--store", url)
    assert refused.returncode == 2 and "refused" in refused.stderr


@pytest.fixture(scope="module")
def sparql_pair(live_server, live_server_on_oxigraph):
    with (
        httpx.Client(base_url=live_server, timeout=60) as a,
        httpx.Client(base_url=live_server_on_oxigraph, timeout=60) as b,
    ):
        yield a, b


SAME_QUERIES = [
    "SELECT ?p ?label WHERE { ?p a bsl:Plan ; rdfs:label ?label } ORDER BY ?p",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type",
    "ASK { ?s a bsl:Indicator }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
]


@pytest.mark.server
@pytest.mark.parametrize("query", SAME_QUERIES)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_sparql_endpoint_answers_the_same_from_the_server(sparql_pair, query, fmt):
    a, b = (c.get("/sparql", params={"query": query, "format": fmt}) for c in sparql_pair)
    assert a.status_code == b.status_code == (406 if fmt == "csv" and query.startswith("ASK") else 200)
    assert a.headers["content-type"] == b.headers["content-type"]
    assert a.content == b.content


@pytest.mark.server
def test_sparql_guards_apply_before_forwarding(sparql_pair):
    _, b = sparql_pair
    for query in ("DELETE WHERE { ?s ?p ?o }", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"):
        r = b.post("/sparql", data={"query": query})
        assert r.status_code == 400, r.text
    r = b.get("/sparql", params={"query": "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "not in this store" in r.text
    r = b.get("/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "format": "json"})
    assert r.status_code == 200 and r.headers["X-Boussole-Truncated"] == "rows=10000"
    assert len(r.json()["results"]["bindings"]) == 10000
    started = time.monotonic()
    r = b.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 503 and r.headers["X-Boussole-Timeout"] == "5"
    assert time.monotonic() - started < 15


@pytest.mark.server
def test_both_answer_search_and_chat_alike(sparql_pair):
    a, b = sparql_pair
    for params in ({"q": "internats d'excellence", "k": 5}, {"q": "rural access to culture", "k": 5}):
        ra, rb = (c.get("/search", params=params).json() for c in (a, b))
        assert [h["id"] for h in ra["results"]] == [h["id"] for h in rb["results"]] and ra["results"]
    msg = {"message": "Quels projets soutiennent l'accès à la culture en zone rurale ?"}
    ca, cb = (c.post("/chat", json=msg).json() for c in (a, b))
    assert ca["answer"] == cb["answer"] and ca["citations"] == cb["citations"]
    ea, eb = (c.get("/entities/" + ca["citations"][0]["id"]).json() for c in (a, b))
    assert ea == eb


def test_an_unreachable_server_store_is_one_clear_error(tmp_path):
    from boussole.serve_process import free_port

    r = _cli("stats", "--data", str(tmp_path), "--store", f"http://127.0.0.1:{free_port()}")
    assert (
        r.returncode == 2
        and r.stderr.startswith("error: cannot reach the SPARQL server")
        and "Traceback" not in r.stderr
    )


@pytest.mark.server
@pytest.mark.parametrize("graphs", ["/store", None])
def test_any_sparql_server_through_the_three_standard_endpoints(oxigraph_url, graphs):
    """The `sparql+http:` form names the endpoints itself (as for Virtuoso, Fuseki, GraphDB):
    here Oxigraph's, with the union default graph asked for on the query URL; without a Graph
    Store endpoint the graphs are read by query."""
    from conftest import clear_server

    clear_server(oxigraph_url)
    g = build_plan_graph(sample_plan(), tagger=mini_tagger())
    ids = plan_ids(sample_plan().meta)
    with GraphStore(oxigraph_url) as reference:
        reference.replace_document(ids.graph, g)
        expected = reference.stats()
    with GraphStore(
        f"sparql+{oxigraph_url}/query?union-default-graph",
        update=oxigraph_url + "/update",
        graphs=oxigraph_url + graphs if graphs else None,
    ) as s:
        assert set(s.graph(ids.graph)) == set(g) and s.stats() == expected
        edited = [t for t in g if t[1] != URIRef("http://www.w3.org/2004/02/skos/core#notation")]
        s.replace_document(ids.graph, edited)  # the difference, computed from the graph read back
        assert set(s.graph(ids.graph)) == set(edited)
        plans = _rows(s.query("SELECT ?p WHERE { ?p a bsl:Plan }"))
        assert [r["p"] for r in plans] == [str(ids.plan)]


@pytest.mark.server
def test_mcp_tools_answer_the_same_from_the_server(seed_data, server_seed_data):
    from boussole.api.mcp_server import McpSettings, compare_tool, entity_tool, open_backend, sparql_tool

    data, url = server_seed_data
    backends = [open_backend(McpSettings(seed_data)), open_backend(McpSettings(data, store=StoreConfig(url)))]
    try:
        query = "SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label } ORDER BY ?o"
        a, b = (sparql_tool(x, query) for x in backends)
        assert a == b and a["result"]["results"]["bindings"]
        assert compare_tool(backends[0], "culture", None) == compare_tool(backends[1], "culture", None)
        first = a["result"]["results"]["bindings"][0]["o"]["value"]
        assert entity_tool(backends[0], first) == entity_tool(backends[1], first)
    finally:
        for x in backends:
            x.close()
