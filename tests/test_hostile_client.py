"""Every attack of the hostile-client report, replayed against a real `boussole serve` on the
seed corpus, with a loopback listener that must never be contacted, and the store and the
server's memory checked afterwards.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import chat_bodies

from boussole.api.queries import bounded_topic
from test_sparql_confinement import Listener

MIB = 1 << 20


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def client(live_server):
    with httpx.Client(base_url=live_server, timeout=60) as c:
        yield c


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def state(c: httpx.Client) -> tuple:
    """What must not change: the graph version, the documents and the units served."""
    h = c.get("/health").json()
    return h["graph_version"], h["documents"], h["units"]


def strict_json(text: str):
    """Parse as a strict JSON reader would: NaN and Infinity are not JSON."""

    def refuse(token):
        raise ValueError(f"non-JSON token {token}")

    return json.loads(text, parse_constant=refuse)


# -- SSRF through SERVICE --------------------------------------------------------------------------
def ssrf_queries(port: int) -> dict[str, str]:
    target = f"<http://127.0.0.1:{port}/sparql>"
    return {
        "reported": rf"SELECT * WHERE {{ BIND(<urn:x\u0041#> AS ?i) SERVICE {target} {{ ?leak ?p ?o }} }}",
        "VERSION": 'VERSION "1.2"\n'
        + rf"SELECT * WHERE {{ BIND(<urn:x\u0041#> AS ?i) SERVICE {target} {{ ?leak ?p ?o }} }}",
        "LATERAL": f"SELECT * WHERE {{ ?s a bsl:Plan LATERAL {{ SERVICE {target} {{ ?leak ?p ?o }} }} }}",
        "triple term": f"SELECT * WHERE {{ BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) SERVICE {target} {{ ?l ?p ?o }} }}",
        "escaped keyword": rf"SELECT * WHERE {{ \u0053ERVICE {target} {{ ?leak ?p ?o }} }}",
        "plain": f"SELECT * WHERE {{ SERVICE SILENT {target} {{ ?leak ?p ?o }} }}",
        "ASK": f"ASK {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
    }


@pytest.mark.parametrize("form", ["get", "form", "direct"])
def test_no_query_reaches_another_host(client, listener, form):
    before = state(client)
    for name, q in ssrf_queries(listener.port).items():
        if form == "get":
            r = client.get("/sparql", params={"query": q})
        elif form == "form":
            r = client.post("/sparql", data={"query": q})
        else:
            r = client.post("/sparql", content=q.encode(), headers={"content-type": "application/sparql-query"})
        assert r.status_code == 400, (name, r.status_code, r.text[:300])
        assert "SERVICE" in r.text, (name, r.text[:300])
    time.sleep(0.5)
    assert listener.contacts == []
    assert state(client) == before


# -- parser crashes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
        "SELECT * WHERE { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }",
    ],
    ids=["3000 braces", "10000 parentheses"],
)
def test_deep_nesting_is_refused_before_the_engine(client, query):
    r = client.post("/sparql", data={"query": query})
    assert r.status_code == 400 and "nested too deeply" in r.text, r.text[:300]
    ok = client.get(
        "/sparql", params={"query": "ASK { ?s a bsl:Plan }"}, headers={"accept": "application/sparql-results+json"}
    )
    assert ok.status_code == 200 and ok.json()["boolean"] is True


# -- inputs that cannot be echoed -------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        b'{"message": 1e999}',
        b'{"message": NaN}',
        b'{"message": -Infinity}',
        b'{"message": "\\ud800"}',
        b'{"message": "a\\udfffb"}',
        b'{"message": "internats", "conversation_id": "\\ud800"}',
        b'{"message": "internats", "conversation_id": NaN}',
        b'{"message": [1e999, {"x": -Infinity}]}',
    ],
)
def test_unencodable_input_is_a_422_that_serialises(client, body):
    r = client.post("/chat", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, (body, r.status_code, r.text[:300])
    detail = strict_json(r.text)["detail"]
    assert detail and all("loc" in d for d in detail)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=chat_bodies())
def test_any_hostile_chat_body_gets_a_4xx_or_an_answer(client, body):
    r = client.post("/chat", content=body, headers={"content-type": "application/json"})
    assert r.status_code in (200, 422, 429), (body[:200], r.status_code, r.text[:300])
    strict_json(r.text)


# -- unbounded answers --------------------------------------------------------------------------------
def concat_query(doublings: int) -> str:
    binds = " ".join(f"BIND(CONCAT(?l{i}, ?l{i}) AS ?l{i + 1})" for i in range(doublings))
    return f'SELECT ?l WHERE {{ BIND("0123456789abcdef" AS ?l0) {binds} BIND(?l{doublings} AS ?l) }}'


def test_a_huge_literal_is_cut_and_the_server_memory_stays_bounded(live_server, client):
    before = rss_mb(live_server.pid)
    r = client.post("/sparql", data={"query": concat_query(22)})  # 16 B × 2^22 = 64 MiB literal
    assert r.status_code == 200, r.text[:300]
    assert "literal=1048576" in r.headers["x-boussole-truncated"]
    value = r.json()["results"]["bindings"][0]["l"]["value"]
    assert len(value.encode()) == MIB and value.startswith("0123456789abcdef")
    # the server forwarded at most the byte cap: far from the 64 MiB the query built
    assert rss_mb(live_server.pid) - before < 40, (before, rss_mb(live_server.pid))


def test_many_rows_are_cut_at_the_byte_cap(client):
    # 10 000 rows of 4 KiB each = 40 MiB: over the 16 MiB default cap, under the row cap
    q = (
        "SELECT ?v WHERE { VALUES ?a { 0 1 2 3 4 5 6 7 8 9 } VALUES ?b { 0 1 2 3 4 5 6 7 8 9 } "
        "VALUES ?c { 0 1 2 3 4 5 6 7 8 9 } VALUES ?d { 0 1 2 3 4 5 6 7 8 9 } "
        'BIND("0123456789abcdef" AS ?x0) BIND(CONCAT(?x0,?x0) AS ?x1) BIND(CONCAT(?x1,?x1) AS ?x2) '
        "BIND(CONCAT(?x2,?x2) AS ?x3) BIND(CONCAT(?x3,?x3) AS ?x4) BIND(CONCAT(?x4,?x4) AS ?x5) "
        "BIND(CONCAT(?x5,?x5) AS ?x6) BIND(CONCAT(?x6,?x6) AS ?x7) BIND(CONCAT(?x7,?x7) AS ?x8) "
        "BIND(CONCAT(STR(?a),STR(?b),STR(?c),STR(?d),?x8) AS ?v) }"
    )
    r = client.post("/sparql", data={"query": q}, headers={"accept": "text/csv"})
    assert r.status_code == 200, r.text[:300]
    assert "bytes=16777216" in r.headers["x-boussole-truncated"]
    assert len(r.content) <= 16 * MIB
    rows = r.text.strip().splitlines()[1:]
    assert 3000 < len(rows) < 10000  # cut by bytes, not by rows


# -- fair CPU ---------------------------------------------------------------------------------------
def test_chat_topics_are_bounded_like_search_queries(client):
    elisions = ("l'd's't'" * 250)[:2000]
    r = client.post("/chat", json={"message": elisions})
    assert r.status_code == 200
    assert len(r.json()["understood"]["topic"].split()) <= 64
    long_q = " ".join(["école"] * 65)
    r = client.get("/search", params={"q": long_q})
    assert r.status_code == 422 and "65 words; at most 64" in r.text


def test_one_client_cannot_queue_everyone_behind_it(live_server):
    """Client A sends 12 expensive searches at once (64 words each, the most a query may have):
    one runs at a time, the others wait their turn or get 429; client B (another loopback
    address) is answered before A's queue has drained."""
    words = (
        Path(__file__)
        .resolve()
        .parents[1]
        .joinpath("corpus", "clermont-ferrand_projet-strategique_2023-2027.txt")
        .read_text(encoding="utf-8")
        .split()
    )
    # distinct queries (no cache hit), each cut to the most a query may be
    heavy = [bounded_topic(" ".join(words[1000 + 64 * i : 1000 + 64 * (i + 1)]))[0] for i in range(12)]
    port = urlsplit(live_server).port
    b_transport = httpx.HTTPTransport(local_address="127.0.0.2")
    done: list[tuple[float, str, int]] = []

    def send(c: httpx.Client, who: str, method: str, url: str, **kw):
        r = c.request(method, url, **kw)
        done.append((time.monotonic(), who, r.status_code))
        return r

    with (
        httpx.Client(base_url=live_server, timeout=120) as a,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", transport=b_transport, timeout=120) as b,
    ):
        with ThreadPoolExecutor(12) as pool:
            futures = [pool.submit(send, a, "A", "GET", "/search", params={"q": q}) for q in heavy]
            time.sleep(0.2)
            other = send(b, "B", "GET", "/search", params={"q": "internats d'excellence"})
            assert other.status_code == 200 and other.json()["results"]
            for f in futures:
                f.result()
    order = [who for _, who, _ in sorted(done)]
    t0 = min(t for t, _, _ in done)
    assert order[-1] == "A", [
        (round(t - t0, 2), who, st) for t, who, st in sorted(done)
    ]  # B did not wait for A's queue to drain
    statuses = [st for _, who, st in done if who == "A"]
    assert set(statuses) <= {200, 429} and 200 in statuses, statuses


# -- HTTP hygiene -----------------------------------------------------------------------------------
def raw_exchange(base: str, payload: bytes, wait_s: float = 30) -> tuple[bytes, float]:
    """Send `payload` on a raw socket; everything the server sends until it closes, and when."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait_s) as s:
        started = time.monotonic()
        s.sendall(payload)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
        return data, time.monotonic() - started


def test_the_host_header_is_never_echoed(client):
    sd = client.get("/sparql", headers={"host": "attacker.example", "accept": "text/turtle"})
    assert sd.status_code == 200 and "attacker" not in sd.text and "/sparql>" in sd.text
    r = client.get("/dumps/boussole.ttl/", headers={"host": "attacker.example"}, follow_redirects=False)
    assert "attacker" not in r.headers.get("location", "") and r.status_code == 404


def test_slow_headers_and_bodies_are_cut_off(live_server):
    data, took = raw_exchange(live_server, b"GET /health HTTP/1.1\r\nHost: x\r\n")
    assert data.startswith(b"HTTP/1.1 408"), data[:100]
    assert took < 25  # the server closed it (the --header-timeout of 3 s), not the client's 30 s
    data, took = raw_exchange(
        live_server,
        b'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"message":',
    )
    assert data.startswith(b"HTTP/1.1 408"), data[:100]
    assert took < 25
    data, _ = raw_exchange(live_server, b"")  # a connection that never says anything
    assert data.startswith(b"HTTP/1.1 408"), data[:100]


def test_both_transfer_encoding_and_content_length_are_refused(live_server):
    data, _ = raw_exchange(
        live_server,
        b"POST /chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    )
    head = data.split(b"\r\n\r\n")[0].lower()
    assert head.startswith(b"http/1.1 400"), data[:200]
    assert b"connection: close" in head


def test_conversation_ids_are_issued_by_the_server(client):
    first = client.post("/chat", json={"message": "internats d'excellence", "conversation_id": "mine"}).json()
    cid = first["conversation_id"]
    assert cid != "mine" and len(cid) >= 20
    follow = client.post("/chat", json={"message": "and in Amiens?", "conversation_id": cid}).json()
    assert follow["conversation_id"] == cid and follow["understood"]["topic"] == first["understood"]["topic"]
    # a made-up id is a new conversation: nothing of the first one is reachable through it
    foreign = client.post("/chat", json={"message": "and in Amiens?", "conversation_id": cid[:-1] + "x"}).json()
    assert foreign["conversation_id"] not in (cid, cid[:-1] + "x")


# -- crashes ------------------------------------------------------------------------------------------
def test_a_client_whose_queries_crash_workers_is_throttled(seed_data):
    """Workers killed under a client's queries (as a parser crash kills them): 503 with
    Retry-After each time, then 429 for that client while another client is still served."""
    import os
    import signal

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from boussole.api.routers.sparql import sparql_router
    from boussole.api.sparql.service import SparqlService, SparqlSettings

    service = SparqlService(SparqlSettings(store_path=seed_data / "store", workers=2, timeout_s=20, crash_limit=3))
    app = FastAPI()
    app.include_router(sparql_router(service))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with TestClient(app) as c:

        def crash_once():
            def kill_busy():
                idle = {w.pid for w in list(service.pool._idle.queue)}
                for pid in set(service.pool.pids()) - idle:
                    os.kill(pid, signal.SIGSEGV)  # what a parser stack overflow does to the worker

            killer = threading.Timer(1.0, kill_busy)
            killer.start()
            try:
                return c.get("/sparql", params={"query": slow})
            finally:
                killer.join()
                deadline = time.time() + 60
                while service.pool.stats().idle < 2 and time.time() < deadline:
                    time.sleep(0.2)

        for _ in range(3):
            r = crash_once()
            assert r.status_code == 503 and r.headers["retry-after"], r.text
            assert "500" not in str(r.status_code)
        r = c.get("/sparql", params={"query": "ASK { ?s a bsl:Plan }"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "crashed" in r.text
    # another client address is not throttled
    with TestClient(app, client=("10.1.2.3", 5555)) as other:
        r = other.get("/sparql", params={"query": "ASK { ?s a bsl:Plan }"})
        assert r.status_code == 200, r.text
