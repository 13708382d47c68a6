"""The HTTP surface under hostile input, on a real `boussole serve` over the seed corpus:
path traversal in every route that takes a name or an id, oversized bodies and URLs, where the
server listens, and that nothing can write.

Requests that must reach the server byte for byte (`../`, `%2e%2e`, backslashes, NUL) go
through `http.client`, which sends the request target as given: httpx and browsers would
normalise the dot segments away before sending.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from boussole.cli import build_parser

MAX_BODY = 1_000_000  # Settings.max_body_bytes, the documented 1 MB limit
# What would prove a traversal worked: lines of /etc/passwd, the source of the app, a TOML file.
LEAKS = re.compile(r"root:.*:0:0:|create_app|\[build-system\]")


@pytest.fixture(scope="module")
def client(live_server):
    with httpx.Client(base_url=live_server, timeout=60) as c:
        yield c


def raw(base: str, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
    """One request with `target` sent exactly as written; (status, headers, body text)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def detail(text: str) -> str:
    """The `detail` message of an error body: every refusal must say what was wrong."""
    body = json.loads(text)
    d = body["detail"]
    return d if isinstance(d, str) else json.dumps(d)


# -- path traversal -----------------------------------------------------------------------------
TRAVERSALS = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/pyproject.toml",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "..%5c..%5c..%5cetc%5cpasswd",
    "boussole.ttl%00.txt",
    "%00",
    "..%00/etc/passwd",
    "....//....//etc/passwd",
    "%252e%252e%252fetc%252fpasswd",
]


@pytest.mark.parametrize("route", ["/entities/", "/dumps/"])
@pytest.mark.parametrize("attack", TRAVERSALS)
def test_traversal_is_refused_with_a_message(live_server, route, attack):
    status, headers, text = raw(live_server, "GET", route + attack)
    assert status in (400, 404), (status, text[:300])
    assert headers["content-type"].startswith("application/json")
    assert detail(text).strip()
    assert not LEAKS.search(text), text[:300]


@pytest.mark.parametrize(
    "target",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/static/..%5capp.py",
        "/static/%00",
        "/static//etc/passwd",
    ],
)
def test_static_files_stay_in_their_directory(live_server, target):
    status, _, text = raw(live_server, "GET", target)
    assert status in (400, 404), (status, text[:300])
    assert not LEAKS.search(text), text[:300]


def test_the_real_files_are_served(live_server):
    """The refusals above are not a broken route: the legitimate names answer 200."""
    status, _, text = raw(live_server, "GET", "/static/app.js")
    assert status == 200 and "function" in text
    status, _, text = raw(live_server, "GET", "/dumps/boussole.ttl")
    assert status == 200 and "@prefix" in text
    status, _, text = raw(live_server, "GET", "/entities/plan/clermont-ferrand-2023-2027")
    assert status == 200 and json.loads(text)["type"] == "Plan"


def test_a_dotted_entity_id_is_a_400_naming_the_problem(live_server):
    status, _, text = raw(live_server, "GET", "/entities/plan/../../../etc/passwd")
    assert status == 400
    assert "not an entity id" in detail(text)


def test_an_unknown_dump_names_the_available_ones(live_server):
    status, _, text = raw(live_server, "GET", "/dumps/..%5c..%5cpyproject.toml")
    assert status == 404
    assert "boussole.ttl" in detail(text) and "boussole.nq" in detail(text)


# -- size limits -------------------------------------------------------------------------------
BIG = b"x" * (MAX_BODY + 1)


@pytest.mark.parametrize(
    "path,content_type",
    [
        ("/chat", "application/json"),
        ("/sparql", "application/sparql-query"),
        ("/sparql", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_over_1_mb_is_a_413(client, path, content_type):
    r = client.post(path, content=BIG, headers={"content-type": content_type})
    assert r.status_code == 413, r.text[:300]
    assert str(MAX_BODY) in r.json()["detail"]


@pytest.mark.parametrize("path,content_type", [("/chat", "application/json"), ("/sparql", "application/sparql-query")])
def test_a_streamed_body_over_1_mb_is_a_413(client, path, content_type):
    """Without Content-Length (chunked transfer) the limit still holds: the body is counted as it
    arrives, not trusted from a header."""

    def chunks():
        for _ in range(BIG.__len__() // 65536 + 1):
            yield b"y" * 65536

    r = client.post(path, content=chunks(), headers={"content-type": content_type})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert r.status_code == 413, r.text[:300]
    assert str(MAX_BODY) in r.json()["detail"]


def test_a_body_just_under_the_limit_is_read(client):
    """The limit is the limit: a chat body of 1 MB with an over-long message is a 422 about the
    message (read and validated), not a 413."""
    message = "é" * ((MAX_BODY - 100) // 2)
    body = json.dumps({"message": message}, ensure_ascii=False).encode()
    assert len(body) <= MAX_BODY
    r = client.post("/chat", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "message" in json.dumps(r.json()["detail"])


def test_an_over_long_search_query_is_a_422_naming_q(client):
    r = client.get("/search", params={"q": "mot " * 200})
    assert r.status_code == 422
    assert "q:" in r.json()["detail"] and "500" in r.json()["detail"]


@pytest.mark.parametrize(
    "path,param",
    [
        ("/graph/neighbourhood", "id"),
        ("/plans/tree", "plan"),
        ("/compare", "theme"),
        ("/why", "a"),
        ("/analytics", "plan"),
    ],
)
def test_over_long_view_parameters_are_a_422(client, path, param):
    params = {"a": "plan/x", "b": "plan/y"} if path == "/why" else {}
    r = client.get(path, params={**params, param: "a" * 2001})
    assert r.status_code == 422, r.text[:300]
    assert param in json.dumps(r.json()["detail"])


def test_an_over_long_entity_id_is_a_4xx(live_server):
    status, _, text = raw(live_server, "GET", "/entities/plan/" + "a" * 20_000)
    assert 400 <= status < 500, status


def test_a_url_beyond_the_server_limit_is_refused(live_server):
    """A 100 kB query string (a SPARQL query pasted into a URL, say) is refused by the HTTP layer
    before any route runs; the server stays up."""
    status, _, _ = raw(live_server, "GET", "/sparql?query=" + "a" * 100_000)
    assert 400 <= status < 500, status
    status, _, _ = raw(live_server, "GET", "/health")
    assert status == 200


# -- where it listens, and that nothing writes ---------------------------------------------------
def test_serve_binds_to_loopback_by_default():
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets listening on `port`, from the kernel's own table."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            addr, hexport = fields[1].split(":")
            if int(hexport, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(addr)[::-1]))
                else:
                    found.add(
                        socket.inet_ntop(
                            socket.AF_INET6, b"".join(bytes.fromhex(addr[i : i + 8])[::-1] for i in range(0, 32, 8))
                        )
                    )
    return found


def _outward_address() -> str | None:
    """This machine's address on its default route, if it has one (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.254", 9))
        except OSError:
            return None
        address = s.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_the_default_server_listens_on_loopback_only(live_server):
    # live_server runs `boussole serve` without --host, as a user does.
    port = urlsplit(live_server).port
    assert _listening_addresses(port) == {"127.0.0.1"}
    outward = _outward_address()
    if outward is not None:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((outward, port), timeout=5).close()


def test_the_api_has_no_write_routes(client):
    spec = client.get("/openapi.json").json()
    methods = {
        (path, m.upper())
        for path, ops in spec["paths"].items()
        for m in ops
        if m in ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    }
    assert not {m for _, m in methods} & {"PUT", "PATCH", "DELETE"}, sorted(methods)
    assert sorted(p for p, m in methods if m == "POST") == ["/chat", "/sparql"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search",
        "/entities/plan/clermont-ferrand-2023-2027",
        "/chat",
        "/sparql",
        "/dumps/boussole.ttl",
        "/static/app.js",
        "/plans",
        "/health",
    ],
)
def test_write_methods_are_refused_everywhere(live_server, method, path):
    status, _, _ = raw(live_server, method, path, body=b"{}", headers={"content-type": "application/json"})
    assert status in (404, 405), (method, path, status)


def test_sparql_post_cannot_change_the_graph(client):
    """The one POST that takes a query refuses updates, and the graph is unchanged afterwards."""
    triple = "<urn:x:s> <urn:x:p> <urn:x:o>"
    r = client.post(
        "/sparql", content=f"INSERT DATA {{ {triple} }}", headers={"content-type": "application/sparql-update"}
    )
    assert r.status_code in (400, 415), r.text[:300]
    r = client.post("/sparql", data={"update": f"INSERT DATA {{ {triple} }}"})
    assert r.status_code == 400, r.text[:300]
    r = client.post(
        "/sparql",
        content=f"ASK {{ {triple} }}",
        headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200 and r.json()["boolean"] is False


# -- found by the schema-driven fuzzing (tests/test_schemathesis.py) -------------------------------
def test_an_id_that_is_not_an_iri_is_a_400_not_a_crash(live_server):
    """A C1 control character, a broken %-escape, a second '#': the store's IRI parser refuses them,
    so they are refused as ids up front (they used to reach the SPARQL text and give a 500)."""
    for target in (
        "/entities/%C2%80",
        "/entities/plan/a%25zz",
        "/entities/plan/x%23y%23z",
        "/graph/neighbourhood?id=%C2%80",
        "/why?a=%C2%80&b=plan/x",
    ):
        status, _, text = raw(live_server, "GET", target)
        assert status == 400, (target, status, text[:300])
        assert "not" in detail(text) and "id" in detail(text)


def test_a_chat_body_that_is_not_utf8_is_a_400(client):
    r = client.post("/chat", content=b'{"message": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), r.text[:300]
    assert r.json()["detail"]
