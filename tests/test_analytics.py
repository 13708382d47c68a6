"""Graph analytics on the seed corpus: central devices, why-paths, communities, neighbourhoods,
plan trees, and their HTTP routes."""

import re
from importlib import resources
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from boussole.graph import analytics as A
from boussole.graph.coverage import compare, list_plans
from boussole.text import key as fold
from boussole.graph.view import to_networkx

from conftest import rows


def lines_naming_each_device(store, plan: str) -> dict[str, int]:
    """Device IRI → number of lines of the plan's source file that name it (any label of
    devices.ttl, accents and case folded, whole words): read from the text, not the graph."""
    path = rows(store, f"SELECT ?p WHERE {{ <{plan}> dcterms:source/bsl:path ?p }}")[0]["p"]
    text = [
        fold(x) for x in (resources.files("boussole.corpus") / Path(path).name).read_text(encoding="utf-8").splitlines()
    ]
    thesaurus = Graph().parse(str(resources.files("boussole.ontology") / "devices.ttl"))
    labels: dict[str, set[str]] = {}
    for d, p, o in thesaurus:
        if p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            labels.setdefault(str(d), set()).add(fold(str(o)))
    out = {}
    for d, ls in labels.items():
        rx = re.compile(
            r"(?<![a-z0-9])(" + "|".join(re.escape(x) for x in sorted(ls, key=len, reverse=True)) + r")s?(?![a-z0-9])"
        )
        n = sum(1 for line in text if rx.search(line))
        if n:
            out[d] = n
    return out


@pytest.mark.parametrize("academy", ["Amiens", "Clermont-Ferrand"])
def test_central_devices_are_the_devices_the_text_names_most(seed_store, academy):
    plan = next(p.id for p in list_plans(seed_store) if p.academy == academy)
    c = A.central(seed_store, academy)
    assert c["plan"] == plan
    named = lines_naming_each_device(seed_store, plan)
    most = sorted(named.values(), reverse=True)
    # the two devices named on the most lines (no tie at the second place in either plan)
    assert most[1] > most[2]
    top_text = {d for d, n in named.items() if n >= most[1]}
    assert {d["id"] for d in c["central_devices"][:2]} == top_text
    scores = [d["score"] for d in c["central_devices"]]
    assert scores == sorted(scores, reverse=True)
    # score = share of the plan's elements naming the device (checked with SPARQL)
    d0 = c["central_devices"][0]
    n = rows(
        seed_store,
        f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s bsl:inPlan <{plan}> ; bsl:device <{d0["id"]}> }}""",
    )[0]["n"]
    total = rows(seed_store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s bsl:inPlan <{plan}> }}")[0]["n"]
    assert d0["count"] == int(n) and d0["score"] == round(int(n) / int(total), 4)


def test_why_path_between_two_inclusion_commitments_names_its_edges(seed_store):
    res = compare(seed_store, "inclusion", ["Amiens", "Clermont-Ferrand"])
    a = res["plans"][0]["objectives"][0]["id"]  # Amiens 1.2, école inclusive
    b = res["plans"][1]["engagements"][0]["id"]  # a Clermont-Ferrand inclusion engagement
    why = A.why_related(seed_store, a, b, k=10)
    assert why["a"]["id"] == a and why["b"]["id"] == b
    paths = why["paths"]
    # Both carry the theme, so a – inclusion – b is a path of length 2; a cross-plan link
    # (skos:closeMatch…), when the ingest computed one, is a shorter one of length 1.
    assert paths and paths[0]["length"] <= 2
    assert any(
        p["nodes"][1]["id"] == "https://w3id.org/boussole/theme/inclusion"
        and [e["predicate"] for e in p["edges"]] == ["subject", "subject"]
        for p in paths
        if p["length"] == 2
    )
    assert all(p["length"] > 1 or p["edges"][0]["predicate"] in ("closeMatch", "relatedMatch") for p in paths)
    view = A.view_of(seed_store)
    lengths = [p["length"] for p in paths]
    assert lengths == sorted(lengths)
    for p in paths:
        ids = [n["id"] for n in p["nodes"]]
        assert ids[0] == a and ids[-1] == b and len(ids) == p["length"] + 1 == len(p["edges"]) + 1
        for n in p["nodes"][1:-1]:
            types = set(view.full.nodes[n["id"]]["types"])
            assert not types & (A.HIDDEN_TYPES | A.HUB_TYPES), n
            assert n["type"] not in ("Plan", "Academy", "TextSpan", "SourceDocument", "ThemeAssignment")
        for (x, y), e in zip(zip(ids, ids[1:]), p["edges"]):
            assert {e["source"], e["target"]} == {x, y}
            assert e["predicate"] and e["predicate"] not in A.HIDDEN_PREDICATES
            # the edge exists in the RDF with that direction and predicate local name
            assert view.full.has_edge(e["source"], e["target"], key=e["predicate"])


def test_why_refuses_hubs_and_unknown_nodes(seed_store):
    plan = list_plans(seed_store)[0].id
    with pytest.raises(ValueError, match="plan"):
        A.why_related(seed_store, plan, "https://w3id.org/boussole/theme/inclusion")
    with pytest.raises(A.UnknownNode):
        A.why_related(seed_store, "https://w3id.org/boussole/id/nothing", "https://w3id.org/boussole/theme/inclusion")


def test_communities_are_deterministic_and_share_what_they_claim(seed_store):
    first = A.project_communities(seed_store)
    again = A.project_communities(A.derive(to_networkx(seed_store)))  # a fresh view: same answer
    assert first == again and first["communities"]
    seen = set()
    for c in first["communities"]:
        members = [p["id"] for p in c["projects"]]
        assert len(members) >= 2 and not seen & set(members)
        seen |= set(members)
        assert c["shared"], c
        for s in c["shared"]:
            carriers = {
                r["p"]
                for r in rows(
                    seed_store,
                    f"""SELECT ?p WHERE {{ ?p a bsl:Project ;
                bsl:device|dcterms:subject|bsl:place|bsl:carriedBy <{s["id"]}> }}""",
                )
            }
            assert len(carriers & set(members)) == s["count"] >= 2, s
    projects = {r["p"] for r in rows(seed_store, "SELECT ?p WHERE { ?p a bsl:Project }")}
    assert seen <= projects


def test_neighbourhood_of_an_objective(seed_store):
    objective = rows(
        seed_store,
        """SELECT ?o WHERE { ?o a bsl:Objective ; skos:notation "1.2" ;
        bsl:inPlan/dcterms:publisher/rdfs:label "Clermont-Ferrand"@fr }""",
    )[0]["o"]
    children = {
        r["c"]
        for r in rows(seed_store, f"""SELECT ?c WHERE {{ <{objective}> bsl:hasEngagement|bsl:hasIndicator ?c }}""")
    }
    n = A.neighbourhood(seed_store, objective)
    ids = {x["id"] for x in n["nodes"]}
    assert n["center"] == objective and children and children <= ids
    assert all(e["source"] in ids and e["target"] in ids for e in n["edges"])
    assert not {x["type"] for x in n["nodes"]} & {"TextSpan", "ThemeAssignment", "SourceDocument"}
    theme = A.neighbourhood(seed_store, "https://w3id.org/boussole/theme/culture", limit=20)
    assert len(theme["nodes"]) == 20 < theme["total"] and theme["truncated"]  # the theme has more carriers
    with pytest.raises(A.UnknownNode):
        A.neighbourhood(seed_store, "https://w3id.org/boussole/id/nothing")


def test_plan_tree_follows_the_plan(seed_store):
    tree = A.plan_tree(seed_store, "Clermont-Ferrand")
    assert tree["type"] == "Plan"
    axes = rows(seed_store, f"SELECT ?a ?n WHERE {{ <{tree['id']}> bsl:hasAxis ?a . ?a skos:notation ?n }} ORDER BY ?n")
    assert [a["id"] for a in tree["children"]] == [a["a"] for a in axes]
    for axis in tree["children"]:
        assert [o["notation"] for o in axis["children"]] == sorted(o["notation"] for o in axis["children"])
        for o in axis["children"]:
            kids = {
                r["c"]
                for r in rows(
                    seed_store,
                    f"""SELECT ?c WHERE {{ <{o["id"]}>
                bsl:hasEngagement|bsl:hasIndicator|bsl:hasAction ?c }}""",
                )
            }
            assert {k["id"] for k in o["children"]} == kids
            assert {k["type"] for k in o["children"]} <= {"Engagement", "Indicator", "Action"}


def test_view_is_built_once_per_store_version(seed_store):
    assert A.view_of(seed_store) is A.view_of(seed_store)


def test_http_graph_routes(live_server, seed_store):
    with httpx.Client(base_url=live_server, timeout=60) as http:
        res = compare(seed_store, "inclusion", ["Amiens", "Clermont-Ferrand"])
        a, b = res["plans"][0]["objectives"][0]["id"], res["plans"][1]["engagements"][0]["id"]
        r = http.get("/why", params={"a": a, "b": b})
        assert r.status_code == 200 and r.json() == A.why_related(seed_store, a, b)
        r = http.get("/graph/neighbourhood", params={"id": a})
        assert r.status_code == 200 and r.json() == A.neighbourhood(seed_store, a)
        assert (
            http.get("/graph/neighbourhood", params={"id": "https://w3id.org/boussole/id/nothing"}).status_code == 404
        )
        assert http.get("/graph/neighbourhood", params={"id": "not an iri"}).status_code == 400
        assert http.get("/plans/tree", params={"plan": "Amiens"}).json() == A.plan_tree(seed_store, "Amiens")
        bad = http.get("/plans/tree", params={"plan": "Lyon"})
        assert bad.status_code == 400 and "Lyon" in bad.json()["detail"]
        an = http.get("/analytics", params={"plan": "Amiens"}).json()
        assert an["central_devices"] == A.central(seed_store, "Amiens")["central_devices"]
        assert an["communities"] == A.project_communities(seed_store)["communities"]
        assert http.get("/analytics").status_code == 200
