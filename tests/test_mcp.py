"""`boussole mcp` driven by a real MCP client (the SDK's stdio client and ClientSession), on the
seed corpus, compared with what the HTTP API of a real `boussole serve` answers for the same input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import httpx
import pytest
from anyio.from_thread import start_blocking_portal
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from boussole.serve_process import stop

pytestmark = pytest.mark.slow  # starts `boussole mcp` processes

ROOT = Path(__file__).resolve().parents[1]
STARTUP_S = 180  # the index and both engines load before the first answer (a few seconds here)
CALL_S = 120  # per request: far above a search (~1 s) or the SPARQL time limit (10 s)
PREFIX = "Error executing tool {}: "  # how the SDK frames a tool's own error message


def _params(data: Path, *extra: str) -> StdioServerParameters:
    # stdio_client passes only a minimal environment: the test embedding cache must be given
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "boussole.cli", "mcp", "--data", str(data), *extra],
        env={"BOUSSOLE_CACHE": os.environ["BOUSSOLE_CACHE"]},
        cwd=str(ROOT),
    )


@asynccontextmanager
async def _session(data: Path):
    with open(data / "mcp-server.log", "a") as errlog:
        async with stdio_client(_params(data), errlog=errlog) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=CALL_S) as session:
                with anyio.fail_after(STARTUP_S):
                    init = await session.initialize()
                yield session, init


class Client:
    """Blocking calls into one live MCP session (the session runs in a portal's event loop)."""

    def __init__(self, portal, session, init):
        self.portal, self.session, self.init = portal, session, init

    def call(self, name: str, arguments: dict):
        return self.portal.call(self.session.call_tool, name, arguments)

    def ok(self, name: str, arguments: dict) -> dict:
        r = self.call(name, arguments)
        assert not r.is_error, r.content
        # the text block carries the same JSON, for clients that ignore structured content
        assert json.loads(r.content[0].text) == r.structured_content
        return r.structured_content

    def error(self, name: str, arguments: dict) -> str:
        r = self.call(name, arguments)
        assert r.is_error and r.structured_content is None
        text = r.content[0].text
        assert text.startswith(PREFIX.format(name))
        return text.removeprefix(PREFIX.format(name))


@pytest.fixture(scope="module")
def mcp(seed_data):
    with start_blocking_portal() as portal:
        with portal.wrap_async_context_manager(_session(seed_data)) as (session, init):
            yield Client(portal, session, init)


@pytest.fixture(scope="module")
def http(live_server):
    with httpx.Client(base_url=live_server, timeout=60) as c:
        yield c


def _http_search(http, query, k=10, types=(), academies=(), themes=(), devices=()):
    params = (
        [("q", query), ("k", k)]
        + [("type", t) for t in types]
        + [("academy", a) for a in academies]
        + [("theme", t) for t in themes]
        + [("device", d) for d in devices]
    )
    return http.get("/search", params=params)


# -- handshake and tool list ---------------------------------------------------------------------


def test_initialize_and_tool_schemas(mcp):
    assert mcp.init.server_info.name == "boussole"
    assert "search" in mcp.init.instructions and "sparql" in mcp.init.instructions
    tools = {t.name: t for t in mcp.portal.call(mcp.session.list_tools).tools}
    assert set(tools) == {"ask", "search", "entity", "compare", "sparql"}
    for t in tools.values():
        assert t.description and t.annotations.read_only_hint and not t.annotations.destructive_hint
        assert t.input_schema["type"] == "object" and t.output_schema is not None
    search = tools["search"].input_schema
    assert search["required"] == ["query"]
    assert set(search["properties"]) == {"query", "k", "types", "academies", "themes", "devices"}
    # the limits a client should respect are in the schema, and they are the HTTP API's
    assert (search["properties"]["k"]["maximum"], search["properties"]["query"]["maxLength"]) == (100, 500)
    assert "Engagement" in search["properties"]["types"]["description"]
    assert tools["entity"].input_schema["required"] == ["id"]
    assert tools["compare"].input_schema["required"] == ["theme"]
    assert tools["sparql"].input_schema["required"] == ["query"]


# -- search ---------------------------------------------------------------------------------------


def test_english_query_reaches_french_text_as_over_http(mcp, http):
    body = mcp.ok("search", {"query": "excellence boarding schools", "k": 5})
    assert body == _http_search(http, "excellence boarding schools", 5).json()
    top = body["results"][0]
    # the corpus is French only: the English words cannot have matched literally
    assert "internats d'excellence" in (top["label"] + " " + top["text"]).lower()
    assert "boarding" not in json.dumps(body["results"]).lower()


def test_search_filters_as_over_http(mcp, http):
    args = {"query": "inclusion", "k": 8, "types": ["Engagement"], "academies": ["Clermont-Ferrand"]}
    body = mcp.ok("search", args)
    assert body == _http_search(http, "inclusion", 8, ["Engagement"], ["Clermont-Ferrand"]).json()
    assert body["results"] and all(
        r["type"] == "Engagement" and r["context"]["academy"] == "Clermont-Ferrand" for r in body["results"]
    )
    themed = mcp.ok("search", {"query": "handicap", "k": 5, "themes": ["inclusion"]})
    assert themed == _http_search(http, "handicap", 5, themes=["inclusion"]).json()
    assert themed["results"] and all(
        any(t["id"].endswith("/inclusion") for t in r["themes"]) for r in themed["results"]
    )


@pytest.mark.parametrize(
    "arguments, params, status",
    [
        ({"query": "x", "k": 1000}, [("q", "x"), ("k", 1000)], 422),
        ({"query": "x", "k": 0}, [("q", "x"), ("k", 0)], 422),
        ({"query": "   "}, [("q", "   ")], 422),
        ({"query": "x" * 501}, [("q", "x" * 501)], 422),
        ({"query": "x", "types": ["Bogus"]}, [("q", "x"), ("type", "Bogus")], 400),
        ({"query": "x", "academies": ["Lyon"]}, [("q", "x"), ("academy", "Lyon")], 400),
        ({"query": "x", "themes": ["no-such-theme"]}, [("q", "x"), ("theme", "no-such-theme")], 400),
        ({"query": "x", "devices": ["no-such-device"]}, [("q", "x"), ("device", "no-such-device")], 400),
    ],
)
def test_bad_search_input_gives_the_http_error(mcp, http, arguments, params, status):
    r = http.get("/search", params=params)
    assert r.status_code == status
    assert mcp.error("search", arguments) == r.json()["detail"]


def test_bad_input_messages_name_the_problem(mcp):
    assert mcp.error("search", {"query": "x", "k": 1000}).startswith("k: ")
    assert "Bogus" in mcp.error("search", {"query": "x", "types": ["Bogus"]})
    msg = mcp.error("search", {"query": "x", "academies": ["Lyon"]})
    assert "'Lyon'" in msg and "Amiens" in msg and "Clermont-Ferrand" in msg


# -- entity ---------------------------------------------------------------------------------------


def test_entity_with_provenance_lines(mcp, http, seed_data):
    hit = mcp.ok("search", {"query": "Taux d'occupation des internats d'excellence", "k": 1, "types": ["Indicator"]})[
        "results"
    ][0]
    e = mcp.ok("entity", {"id": hit["id"]})
    assert e == http.get("/entities/" + hit["id"].removeprefix("https://w3id.org/boussole/id/")).json()
    assert e["type"] == "Indicator" and e["label"] == hit["label"]
    prov = e["provenance"][0]
    assert prov["lines"] == hit["source"]["lines"]
    # the quote is the text of those lines of the bundled source file (typographic quotes and
    # line breaks normalised by the ingest)
    first, last = prov["lines"]
    lines = (ROOT / hit["source"]["document"]).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    norm = lambda s: re.sub(r"\s+", " ", s.replace("’", "'")).strip().lstrip("o ").lower()  # noqa: E731
    assert norm(prov["quote"]) == norm(" ".join(lines))
    # a path under the base IRI names the same node
    assert mcp.ok("entity", {"id": hit["id"].removeprefix("https://w3id.org/boussole/id/")}) == e


@pytest.mark.parametrize("entity_id, status", [("plan/no-such-plan", 404), ("plan/a b", 400)])
def test_entity_errors_as_over_http(mcp, http, entity_id, status):
    r = http.get(f"/entities/{entity_id}")
    assert r.status_code == status
    assert mcp.error("entity", {"id": entity_id}) == r.json()["detail"]


# -- sparql ---------------------------------------------------------------------------------------


def test_sparql_select_returns_rows_like_the_endpoint(mcp, http, seed_store):
    query = "SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label } ORDER BY ?o"
    body = mcp.ok("sparql", {"query": query})
    assert body["media_type"] == "application/sparql-results+json" and body["truncated"] is None
    assert body["result"] == http.get("/sparql", params={"query": query}).json()
    rows = [(b["o"]["value"], b["label"]["value"]) for b in body["result"]["results"]["bindings"]]
    expected = [
        (str(r.o), str(r.label))
        for r in seed_store.query(
            "PREFIX bsl: <https://w3id.org/boussole/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label } ORDER BY ?o"
        )
    ]
    assert rows == expected and rows


def test_sparql_construct_answers_turtle(mcp, http):
    query = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a bsl:Plan ; rdfs:label ?l }"
    body = mcp.ok("sparql", {"query": query})
    assert body["media_type"] == "text/turtle"
    assert body["result"] == http.get("/sparql", params={"query": query}).text


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "LOAD <http://example.org/data.ttl>",
        "DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_sparql_refuses_what_the_endpoint_refuses(mcp, http, query):
    r = http.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert mcp.error("sparql", {"query": query}) == r.text.strip()


def test_sparql_row_cap_is_the_endpoints(mcp, seed_store):
    # 10 000 rows is the default cap of `boussole serve` and `boussole mcp` alike
    n = int(next(iter(seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])
    assert n > 10000, "the seed graph must be larger than the cap for this test to mean anything"
    body = mcp.ok("sparql", {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"})
    assert len(body["result"]["results"]["bindings"]) == 10000 and body["truncated"] == "rows=10000"


# -- compare --------------------------------------------------------------------------------------


def test_compare_is_the_coverage_function(mcp, seed_store):
    from boussole.graph.coverage import compare

    body = mcp.ok("compare", {"theme": "inclusion", "plans": ["Amiens", "Clermont-Ferrand"]})
    assert body == json.loads(json.dumps(compare(seed_store, "inclusion", ["Amiens", "Clermont-Ferrand"])))
    assert body["theme"]["id"] == "inclusion"
    assert [p["plan"]["academy"] for p in body["plans"]] == ["Amiens", "Clermont-Ferrand"]
    # no plans given = all plans
    assert mcp.ok("compare", {"theme": "inclusion"})["plans"] == body["plans"]


@pytest.mark.parametrize("arguments", [{"theme": "no-such-theme"}, {"theme": "inclusion", "plans": ["Atlantis"]}])
def test_compare_errors_are_the_http_errors(mcp, http, arguments):
    r = http.get(
        "/compare", params=[("theme", arguments["theme"])] + [("plans", p) for p in arguments.get("plans", [])]
    )
    assert r.status_code == 400
    msg = mcp.error("compare", arguments)
    assert msg == r.json()["detail"]
    assert msg.startswith("theme: " if "plans" not in arguments else "plans: ")
    assert ("no-such-theme" if "plans" not in arguments else "Atlantis") in msg


# -- process lifecycle and the command line ------------------------------------------------------


def _processes_using(path: Path) -> list[int]:
    """PIDs whose command line names `path`: the server and its SPARQL workers."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(path) in cmd and int(d.name) != os.getpid():
                found.append(int(d.name))
    return found


def test_closing_the_session_stops_the_server_and_its_workers(tmp_path, seed_data):
    # a data directory of its own (the seed store opened through a symlink), so that the other
    # session of this module is not counted
    data = tmp_path / "data"
    data.mkdir()
    for name in ("store", "index"):
        (data / name).symlink_to(seed_data / name)

    async def run() -> tuple[list[int], int]:
        async with _session(data) as (session, _):
            answer = await session.call_tool("sparql", {"query": "ASK { ?s a bsl:Plan }"})
            return _processes_using(data), answer.structured_content["result"]["boolean"]

    running, asked = anyio.run(run)
    assert asked is True
    assert len(running) >= 3  # the server and its two SPARQL workers
    deadline = time.time() + 15
    while _processes_using(data) and time.time() < deadline:
        time.sleep(0.2)
    assert _processes_using(data) == []


def test_cli_without_a_store_exits_2_with_a_hint(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "boussole.cli", "mcp", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 2 and r.stdout == ""
    assert "run `boussole ingest` first" in r.stderr and str(tmp_path) in r.stderr


def test_cli_help_shows_how_to_register(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "boussole.cli", "mcp", "--help"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0
    entry = json.loads(re.search(r"\{\"mcpServers\".*\}", r.stdout).group())
    assert entry["mcpServers"]["boussole"]["args"][:1] == ["mcp"]
    assert "--http PORT" in r.stdout and "--data DIR" in r.stdout


def test_streamable_http_on_loopback(seed_data, mcp):
    from mcp.client.streamable_http import streamable_http_client

    from boussole.serve_process import free_port

    port = free_port()
    with open(seed_data / "mcp-http.log", "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "boussole.cli", "mcp", "--data", str(seed_data), "--http", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
    try:
        url = f"http://127.0.0.1:{port}/mcp"
        deadline = time.time() + STARTUP_S
        while True:
            assert proc.poll() is None, (seed_data / "mcp-http.log").read_text()
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                assert time.time() < deadline, "the HTTP MCP server did not start"
                time.sleep(0.3)

        async def run() -> dict:
            async with streamable_http_client(url) as (read, write, *_):
                async with ClientSession(read, write, read_timeout_seconds=CALL_S) as session:
                    await session.initialize()
                    return (
                        await session.call_tool("search", {"query": "excellence boarding schools", "k": 3})
                    ).structured_content

        assert anyio.run(run) == mcp.ok("search", {"query": "excellence boarding schools", "k": 3})
        # a page on another site cannot drive the local server through DNS rebinding
        hostile = httpx.post(
            url,
            headers={
                "Host": "evil.example",
                "Content-Type": "application/json",
                "Accept": "application/json, text/event-stream",
            },
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            timeout=10,
        )
        assert hostile.status_code == 421 and "Host" in hostile.text
        # the same port again: a clear error, exit code 2
        busy = subprocess.run(
            [sys.executable, "-m", "boussole.cli", "mcp", "--data", str(seed_data), "--http", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert busy.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
    finally:
        stop(proc)
