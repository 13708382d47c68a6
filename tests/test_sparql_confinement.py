"""The SPARQL workers cannot reach the network, by construction: whatever query Oxigraph runs,
its process has no way to open a connection. Checked below the query guard, so that a guard
bypass (the next escape trick nobody has thought of) still reaches no host.

Each check runs in a fresh interpreter: a seccomp filter can never be removed, and must not
confine the test runner itself.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading

import pytest

from boussole.api.sparql.guard import MAX_DEPTH, SERVICE_MESSAGE, check_query, decode_escapes, max_depth


class Listener:
    """A loopback TCP listener that records every connection: the tests assert it has none."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.contacts: list[bytes] = []
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.contacts.append(conn.recv(4096) or b"<connected>")
            except OSError:
                self.contacts.append(b"<connected>")
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def _confined(code: str) -> dict:
    """Run `code` after confine() in a fresh interpreter; it prints one JSON object."""
    prog = "from boussole.api.sparql.sandbox import confine, can_connect\nc = confine()\n" + code
    run = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_a_confined_process_cannot_open_any_socket(listener):
    out = _confined(
        "import json, socket\n"
        f"res = {{'tcp': can_connect('127.0.0.1', {listener.port})}}\n"
        "for name, fam, kind in [('udp', socket.AF_INET, socket.SOCK_DGRAM), ('tcp6', socket.AF_INET6, socket.SOCK_STREAM),"
        " ('unix', socket.AF_UNIX, socket.SOCK_STREAM)]:\n"
        "    try:\n"
        "        socket.socket(fam, kind); res[name] = 'created'\n"
        "    except PermissionError: res[name] = 'denied'\n"
        "try:\n"
        "    socket.socketpair(); res['pair'] = 'created'\n"
        "except PermissionError: res['pair'] = 'denied'\n"
        "res['seccomp'] = c.seccomp\n"
        "print(json.dumps(res))\n"
    )
    assert out == {
        "tcp": "denied",
        "udp": "denied",
        "tcp6": "denied",
        "unix": "denied",
        "pair": "denied",
        "seccomp": True,
    }
    assert listener.contacts == []


def test_oxigraph_service_fails_inside_the_sandbox_without_the_guard(listener):
    """pyoxigraph called directly, no guard in front: SERVICE is attempted and fails."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    out = _confined(
        "import json, pyoxigraph as ox\n"
        "try:\n"
        f"    rows = list(ox.Store().query({query!r})); res = {{'rows': len(rows)}}\n"
        "except Exception as e: res = {'error': type(e).__name__}\n"
        "print(json.dumps(res))\n"
    )
    assert out == {"error": "PermissionError"}
    assert listener.contacts == []


def test_unconfined_oxigraph_would_reach_the_listener(listener):
    """The control: the same query outside the sandbox does reach the host. Without this, the two
    tests above could pass because Oxigraph had simply stopped supporting SERVICE."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    # The listener answers no SPARQL, so the query itself fails: the child reports how, and the
    # test asserts the failure was not the sandbox's (PermissionError) and that the unconfined
    # engine made the connection at all (listener.contacts below).
    code = (
        "import json, pyoxigraph as ox\n"
        "try:\n"
        f"    rows = list(ox.Store().query({query!r})); res = {{'rows': len(rows)}}\n"
        "except Exception as e: res = {'error': type(e).__name__}\n"
        "print(json.dumps(res))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], timeout=60, check=True, capture_output=True, text=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]).get("error") != "PermissionError"
    assert listener.contacts, "Oxigraph no longer contacts SERVICE endpoints: revisit this test"
    assert listener.contacts[0].startswith(b"POST") or listener.contacts[0].startswith(b"GET")


def test_pool_workers_report_their_confinement(seed_data):
    from boussole.api.sparql.service import SparqlService, SparqlSettings, run_query

    with SparqlService(SparqlSettings(store_path=seed_data / "store", workers=1)) as service:
        assert "seccomp" in service.pool.confinement
        ok = run_query(service, "ASK { ?s a bsl:Plan }")
        assert ok.status == 200 and json.loads(ok.body)["boolean"] is True


# -- the guard: a real parse after the escapes are decoded ----------------------------------------
BYPASSES = {
    "escaped IRI hides a comment": r"SELECT * WHERE { BIND(<urn:x\u0041#> AS ?i) SERVICE <http://127.0.0.1:1/sparql> { ?l ?p ?o } }",
    "VERSION 1.2": 'VERSION "1.2"\n'
    + r"SELECT * WHERE { BIND(<urn:x\u0041#> AS ?i) SERVICE <http://127.0.0.1:1/> { ?l ?p ?o } }",
    "LATERAL": "SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } } }",
    "triple term": "SELECT * WHERE { BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }",
    "escaped keyword": r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }",
    "SILENT, lower case": "select * where { service silent <http://127.0.0.1:1/> { ?a ?b ?c } }",
}


@pytest.mark.parametrize("query", BYPASSES.values(), ids=BYPASSES.keys())
def test_service_is_refused_whatever_its_disguise(query):
    assert check_query(query, {}).refusal == SERVICE_MESSAGE


def test_escapes_are_decoded_as_the_grammar_says():
    assert decode_escapes(r"<urn:x\u0041#>") == "<urn:xA#>"
    assert decode_escapes(r"'\U0001F600'") == "'\U0001f600'"
    assert decode_escapes(r"\uD800") == r"\uD800"  # a surrogate is no code point: left for the parser to refuse


def test_nesting_is_bounded_before_any_parser_sees_it():
    ok = "SELECT * WHERE " + "{" * MAX_DEPTH + " ?s ?p ?o " + "}" * MAX_DEPTH
    deep = "SELECT * WHERE " + "{" * (MAX_DEPTH + 1) + " ?s ?p ?o " + "}" * (MAX_DEPTH + 1)
    assert check_query(ok, {}).refusal is None
    assert "nested too deeply" in check_query(deep, {}).refusal
    # a comment or a string cannot hide brackets from the count
    assert max_depth('# {{\nSELECT * { ?s ?p "((" }') == 5
