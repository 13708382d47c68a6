"""The W3C SPARQL 1.1 Protocol tests (tests/data/w3c-sparql11, as in test_sparql_protocol.py)
against /sparql on a server store: the same manifest data in a real Oxigraph server, queries
checked here and forwarded. What is specific to the embedded endpoint (its worker processes,
their timeout and memory limits) stays in test_sparql_protocol.py."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from fastapi import FastAPI

from boussole.api.routers.sparql import sparql_router
from boussole.api.sparql.service import SparqlService, SparqlSettings
from boussole.graph.backends.server import oxigraph_server
from test_sparql_protocol import (
    MANIFEST,
    MAX_ROWS,
    NOT_APPLICABLE,
    TIMEOUT_S,
    ProtocolTest,
    ThreadServer,
    _assert_updates_refused,
    parse_boolean,
    parse_rdf,
    parse_table,
)

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("sparql-server")
    with oxigraph_server(root / "db", log=root / "oxigraph.log") as url:
        loaded: dict[str, object] = {}
        for t in MANIFEST:
            for file, iri in t.graph_data:
                loaded.setdefault(iri, file)
        for iri, file in sorted(loaded.items()):  # the Graph Store protocol, as any server has it
            httpx.put(
                url + "/store",
                params={"graph": iri},
                content=file.read_bytes(),
                headers={"Content-Type": "application/n-triples"},
                timeout=60,
            ).raise_for_status()
        service = SparqlService(
            SparqlSettings(root / "unused-store", timeout_s=TIMEOUT_S, max_rows=MAX_ROWS, workers=1, store_url=url)
        )
        app = FastAPI()
        app.include_router(sparql_router(service))
        srv = ThreadServer(app)
        service.settings = dataclasses.replace(service.settings, public_url=srv.url)
        with srv, httpx.Client(base_url=srv.url, timeout=30) as c:
            yield c


@pytest.mark.parametrize("test", MANIFEST, ids=[t.id for t in MANIFEST])
def test_w3c_protocol_on_the_server_store(test: ProtocolTest, client: httpx.Client):
    if test.id in NOT_APPLICABLE:
        _assert_updates_refused(test, client)
        return
    for req in test.requests:
        r = client.request(req.method, req.path, headers=req.headers, content=req.body)
        assert r.status_code // 100 in req.expected_status, (test.id, r.status_code, r.text)
        if req.expected_format == "boolean":
            value = parse_boolean(r)
            if req.expected_boolean is not None:
                assert value is req.expected_boolean, test.id
        elif req.expected_format == "tabular":
            assert parse_table(r)[0]
        elif req.expected_format == "RDF":
            parse_rdf(r)
        if r.status_code >= 400:
            assert r.text.strip(), "an error must say why"
