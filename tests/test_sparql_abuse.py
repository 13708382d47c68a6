"""SPARQL abuse against a real `boussole serve` on the seed corpus (time limit 5 s): every
abusive query is refused or stopped at its limit with a clear status, and meanwhile another
client still gets its answers.

The refusals of SERVICE, updates, LOAD and remote FROM are tested in depth (every protocol form)
in test_sparql_protocol.py; here they are checked once more against the served product.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

import httpx
import pytest

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEEP_PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type)* ?b . ?b (!rdf:type)* ?c }"
# 600 KB of literal: under the 1 MB query limit, so it is parsed and run
HUGE_LITERAL = 'SELECT ?s WHERE { ?s ?p "' + "x" * 600_000 + '" }'
ONE_MB = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_001

ABUSE = [
    # (name, method, payload, status, words the answer must contain)
    ("cartesian product", "get", CARTESIAN, 503, "time limit"),
    ("deep property paths", "get", DEEP_PATH, 503, "time limit"),
    ("huge literal", "post", HUGE_LITERAL, 200, ""),
    ("1 MB query in a POST body", "post", ONE_MB, 413, "over 1000000 bytes"),
    ("SERVICE", "get", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 400, "SERVICE"),
    ("remote FROM", "get", "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", 400, "never fetches"),
    ("LOAD", "post-update", "LOAD <http://example.org/data.ttl>", 400, "read-only"),
    ("INSERT DATA", "post-update", "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", 400, "read-only"),
    ("DROP ALL as a query", "get", "DROP ALL", 400, "read-only"),
]


def _send(c: httpx.Client, method: str, payload: str) -> httpx.Response:
    if method == "get":
        return c.get("/sparql", params={"query": payload})
    if method == "post":
        return c.post("/sparql", content=payload.encode(), headers={"content-type": "application/sparql-query"})
    return c.post("/sparql", content=payload.encode(), headers={"content-type": "application/sparql-update"})


@pytest.mark.parametrize("name,method,payload,status,words", ABUSE, ids=[a[0] for a in ABUSE])
def test_abusive_queries_are_refused_or_stopped_with_a_clear_status(live_server, name, method, payload, status, words):
    with httpx.Client(base_url=live_server, timeout=60) as c:
        r = _send(c, method, payload)
        assert r.status_code == status, (name, r.status_code, r.text[:300])
        assert words in r.text, (name, r.text[:300])
        if status == 503:
            assert r.headers["x-boussole-timeout"] == "5"
        # the server answers the next query normally
        ok = c.get(
            "/sparql", params={"query": "ASK { ?s a bsl:Plan }"}, headers={"accept": "application/sparql-results+json"}
        )
        assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_one_megabyte_query_in_the_url_is_refused(live_server):
    # sent on a raw socket: HTTP client libraries refuse to build a URL this long
    url = urlsplit(live_server)
    target = "/sparql?" + urlencode({"query": ONE_MB})
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: close\r\n\r\n".encode())
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else None
    # the HTTP layer refuses a request line this long before Boussole parses anything
    assert status in (400, 414, 431), head[:200]
    with httpx.Client(base_url=live_server, timeout=60) as c:
        assert c.get("/health").status_code == 200


def test_an_abusive_client_does_not_hold_the_workers_of_another(live_server):
    """One client sends two overrunning queries at once; another client's light query is answered
    while they run, long before the 5 s limit that frees a worker."""
    results: dict[str, list] = {"abuser": [], "other": []}

    def abuse():
        with httpx.Client(
            base_url=live_server, timeout=60, transport=httpx.HTTPTransport(local_address="127.0.0.2")
        ) as c:
            results["abuser"].append(c.get("/sparql", params={"query": CARTESIAN}).status_code)

    threads = [threading.Thread(target=abuse) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # both abusive queries have been received; one runs, the other waits its turn
    with httpx.Client(base_url=live_server, timeout=60, transport=httpx.HTTPTransport(local_address="127.0.0.3")) as c:
        t0 = time.monotonic()
        r = c.get(
            "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?o a bsl:Objective }"},
            headers={"accept": "application/sparql-results+json"},
        )
        elapsed = time.monotonic() - t0
        still_running = any(t.is_alive() for t in threads)
    for t in threads:
        t.join()
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0
    # answered while the abuser still held a worker: it did not wait for a time limit to free one
    assert still_running, "the abusive queries ended before the other client's query was answered"
    assert elapsed < 4.0, elapsed
    # the abuser's first query hit the limit; its second waited its turn, then ran or was told to retry
    assert 503 in results["abuser"] and set(results["abuser"]) <= {503, 429}, results
