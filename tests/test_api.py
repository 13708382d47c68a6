"""The HTTP API of a real `boussole serve` process over the seed corpus: on the embedded store,
and (the `server` parameter) with `--store` on a real Oxigraph server."""

from __future__ import annotations

import re

import httpx
import pytest
from rdflib import Graph

pytestmark = pytest.mark.slow  # every test talks to `boussole serve` on the seed corpus


@pytest.fixture(scope="module", params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def http(request):
    base = request.getfixturevalue("live_server" if request.param == "embedded" else "live_server_on_oxigraph")
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


def test_health_reports_what_is_loaded(http):
    h = http.get("/health").json()
    assert h["status"] == "ok" and h["documents"] == 2 and h["units"] > 500
    assert h["engines"] == ["e5", "use"]


def test_search_contract(http):
    r = http.get("/search", params={"q": "excellence boarding schools", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "excellence boarding schools" and len(body["results"]) == 3
    hit = body["results"][0]
    assert "internat" in (hit["label"] + hit["text"]).lower()
    assert hit["source"]["document"].startswith("corpus/") and len(hit["source"]["lines"]) == 2
    assert set(hit["context"]) >= {"plan", "axis", "objective"}
    assert {f["value"] for f in body["facets"]["type"]} and body["understood"]["devices"]
    # every counted result has exactly one type: the type facet adds up to what was counted
    assert sum(f["count"] for f in body["facets"]["type"]) == body["facets_over"] <= body["total"]


def test_search_filters_over_http(http):
    r = http.get("/search", params=[("q", "inclusion"), ("type", "Engagement"), ("academy", "Clermont-Ferrand")]).json()
    assert r["results"] and all(
        x["type"] == "Engagement" and x["context"]["academy"] == "Clermont-Ferrand" for x in r["results"]
    )


@pytest.mark.parametrize(
    "params, status",
    [
        ({"q": ""}, 422),
        ({}, 422),
        ({"q": "x", "k": 0}, 422),
        ({"q": "x", "k": 1000}, 422),
        ({"q": "x", "type": "Bogus"}, 400),
        ({"q": "x" * 600}, 422),
    ],
)
def test_search_rejects_bad_requests_with_4xx(http, params, status):
    r = http.get("/search", params=params)
    assert r.status_code == status
    assert r.json()["detail"]


def test_entity_has_literals_neighbours_and_provenance(http):
    hit = http.get(
        "/search", params={"q": "Taux d'occupation des internats d'excellence", "k": 1, "type": "Indicator"}
    ).json()["results"][0]
    path = hit["id"].removeprefix("https://w3id.org/boussole/id/")
    e = http.get(f"/entities/{path}").json()
    assert e["id"] == hit["id"] and e["type"] == "Indicator" and e["label"] == hit["label"]
    assert e["provenance"][0]["lines"] == hit["source"]["lines"] and "internats" in e["provenance"][0]["quote"]
    kinds = {(n["predicate"].rsplit("#", 1)[-1], n["type"]) for n in e["neighbours"]}
    assert ("device", "Device") in kinds and ("inPlan", "Plan") in kinds
    assert [c["type"] for c in e["breadcrumb"]][:3] == ["Plan", "Axis", "Objective"]
    # the full IRI works too, URL-encoded
    full = http.get("/entities/" + hit["id"].replace(":", "%3A").replace("/", "%2F"))
    assert full.status_code == 200 and full.json()["id"] == hit["id"]


def test_entity_errors(http):
    assert http.get("/entities/plan/no-such-plan").status_code == 404
    assert http.get("/entities/plan/a b").status_code == 400
    r = http.get("/entities/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code in (400, 404) and "root:" not in r.text


def test_dumps_download_and_parse(http):
    listing = http.get("/dumps").json()["dumps"]
    assert {d["name"] for d in listing} == {"boussole.ttl", "boussole.nq", "boussole.jsonld"}
    ttl = http.get("/dumps/boussole.ttl")
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=ttl.text, format="turtle")
    assert len(g) > 10000
    assert http.get("/dumps/..%2Fstore%2FCURRENT").status_code == 404
    assert http.get("/dumps/passwd").status_code == 404


def test_openapi_documents_every_endpoint_with_examples(http):
    spec = http.get("/openapi.json").json()
    assert {"/search", "/chat", "/sparql", "/health", "/entities/{entity_id}", "/dumps/{name}"} <= set(spec["paths"])
    q = next(p for p in spec["paths"]["/search"]["get"]["parameters"] if p["name"] == "q")
    assert q.get("examples") or q["schema"].get("examples")
    docs = http.get("/docs")
    assert docs.status_code == 200
    # served from here, not a CDN: the docs work offline
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    assert all(http.get(a).status_code == 200 for a in assets)


def test_cors_is_off_by_default(http):
    r = http.get("/search", params={"q": "culture"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = http.options("/search", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_oversized_body_is_refused(http):
    r = http.post("/chat", content=b"{" + b" " * 2_000_000 + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 413


# -- chat -------------------------------------------------------------------------------------------
def test_chat_answers_in_the_question_language_with_citations(http):
    r = http.post("/chat", json={"message": "Combien d'internats d'excellence ?"}).json()
    assert r["language"] == "fr" and r["citations"]
    assert "[1]" in r["answer"] and "13 internats d'excellence" in r["answer"]
    c = r["citations"][0]
    assert c["id"].startswith("https://w3id.org/boussole/id/") and c["source"]["lines"]
    en = http.post("/chat", json={"message": "Which devices fight bullying?"}).json()
    assert en["language"] == "en" and "pHARe" in en["answer"] and en["answer"].startswith("Devices")
    # every citation is used in the answer, and every marker has its citation
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", en["answer"])}
    assert markers == {c["n"] for c in en["citations"]}


def test_chat_follow_ups_keep_the_topic(http):
    first = http.post("/chat", json={"message": "What do the plans say about boarding schools of excellence?"}).json()
    cid = first["conversation_id"]
    assert any("internat" in c["label"].lower() for c in first["citations"])
    amiens = http.post("/chat", json={"message": "and in Amiens?", "conversation_id": cid}).json()
    assert amiens["conversation_id"] == cid and amiens["understood"]["academies"] == ["Amiens"]
    assert amiens["results"] and all(x["context"]["academy"] == "Amiens" for x in amiens["results"])
    assert any("internat" in c["label"].lower() for c in amiens["citations"])
    ind = http.post("/chat", json={"message": "what indicators measure it?", "conversation_id": cid}).json()
    assert ind["understood"]["types"] == ["Indicator"]
    # Amiens' report has no indicators: the answer says so instead of inventing one
    assert ind["citations"] == [] and "nothing" in ind["answer"]
    clermont = http.post("/chat", json={"message": "and in Clermont-Ferrand?", "conversation_id": cid}).json()
    assert clermont["citations"] and all(x["type"] == "Indicator" for x in clermont["results"])
    assert "occupation des internats" in clermont["answer"]


def test_chat_where_lists_places_with_citations(http):
    r = http.post("/chat", json={"message": "Où se déroulent les projets CNR ?"}).json()
    assert r["understood"]["intent"] == "where"
    assert "Somme" in r["answer"] or "Aisne" in r["answer"]
    assert r["citations"] and all(c["id"].split("/")[-2] == "project" for c in r["citations"])


def test_chat_does_not_pass_off_unrelated_projects_as_answers(http):
    # the seed plans carry no project about rural culture: the answer says so, shows the nearest
    # projects as such, and cites where the plans do speak of it
    r = http.post("/chat", json={"message": "Which projects support rural access to culture?"}).json()
    assert r["answer"].startswith("No project") and "speak of it here" in r["answer"]
    kinds = [c["id"].split("/")[-2] for c in r["citations"]]
    assert "project" in kinds and set(kinds) - {"project"}
    elsewhere = [c["label"].lower() for c, k in zip(r["citations"], kinds) if k != "project"]
    assert any("rura" in l or "cultur" in l for l in elsewhere)
    # where projects do match, only they are listed
    fr = http.post("/chat", json={"message": "Quels projets pour l'apprentissage des langues ?"}).json()
    # (the first-aid project teaches in foreign languages: its label does not say so, its text does)
    assert not fr["answer"].startswith("Aucun") and any("langue" in c["label"].lower() for c in fr["citations"])
    assert all(c["id"].split("/")[-2] == "project" for c in fr["citations"])


def test_chat_rejects_empty_messages(http):
    assert http.post("/chat", json={"message": ""}).status_code == 422
    assert http.post("/chat", json={}).status_code == 422


# -- serve's own errors ---------------------------------------------------------------------------
def _serve(*args, timeout=120):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "boussole.cli", "serve", "--no-ingest", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_serve_on_a_busy_port_fails_at_once_with_a_clear_message(seed_data):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        r = _serve("--data", str(seed_data), "--port", str(port))
    assert r.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr and "--port" in r.stderr
    assert "Traceback" not in r.stderr


def test_serve_with_a_missing_model_says_what_is_missing(seed_data):
    from boussole.serve_process import free_port

    r = _serve("--data", str(seed_data), "--port", str(free_port()), "--engines", "st:/no/such/model")
    assert r.returncode == 2
    assert "/no/such/model" in r.stderr and "not available offline" in r.stderr
    assert "Traceback" not in r.stderr
