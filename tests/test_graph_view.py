"""networkx view: resources as nodes (type, label), predicates as named edges."""

import networkx as nx

from boussole.graph.build import build_plan_graph, plan_ids
from boussole.graph.sample import mini_tagger, sample_plan
from boussole.graph.store import GraphStore
from boussole.graph.view import local_name, to_networkx


def test_view_of_a_graph():
    g = build_plan_graph(sample_plan(), tagger=mini_tagger())
    G = to_networkx(g)
    assert isinstance(G, nx.MultiDiGraph)
    plan = str(plan_ids(sample_plan().meta).plan)
    assert G.nodes[plan]["type"] == "bsl:Plan" and G.nodes[plan]["label"] == "Projet académique 2023-2027"
    (axis,) = [v for _u, v, k in G.out_edges(plan, keys=True) if k == "hasAxis"]
    assert G.nodes[axis]["type"] == "bsl:Axis"
    objectives = [v for _u, v, k in G.out_edges(axis, keys=True) if k == "hasObjective"]
    assert sorted(G.nodes[o]["label"] for o in objectives) == [
        "Favoriser l'accès à la culture des élèves des territoires ruraux",
        "Lutter contre le harcèlement",
    ]
    o11 = next(o for o in objectives if "culture" in G.nodes[o]["label"])
    assert G.has_edge(o11, axis, key="broader")
    kinds = sorted(k for _u, _v, k in G.out_edges(o11, keys=True))
    assert kinds.count("hasIndicator") == 2 and kinds.count("hasAction") == 2
    assert "subject" in kinds and "themeAssignment" in kinds
    # projects reach the département through school → commune → département
    cnr = next(n for n, d in G.nodes(data=True) if d.get("label") == "Lire à la campagne")
    school = next(v for _u, v, k in G.out_edges(cnr, keys=True) if k == "carriedBy")
    commune = next(v for _u, v, k in G.out_edges(school, keys=True) if k == "location")
    dept = next(v for _u, v, k in G.out_edges(commune, keys=True) if k == "containedInPlace")
    assert G.nodes[dept]["label"] == "Cantal" and G.nodes[dept]["type"] == "bsl:Departement"
    assert nx.has_path(G, plan, "https://w3id.org/boussole/device/territoires-educatifs-ruraux")
    # no literal nodes, no type edges
    assert not [k for _u, _v, k in G.edges(keys=True) if k == "type"]
    assert all(n.startswith("http") for n in G.nodes)
    assert G.edges[o11, axis, "broader"]["iri"] == "http://www.w3.org/2004/02/skos/core#broader"


def test_view_of_a_store(tmp_path):
    g = build_plan_graph(sample_plan())
    with GraphStore(tmp_path / "s") as s:
        s.replace_document(plan_ids(sample_plan().meta).graph, g)
        s.replace_document("http://example.org/copy", g)  # same triples twice: edges once
        G = to_networkx(s)
    H = to_networkx(g)
    assert G.number_of_edges() == H.number_of_edges()
    assert set(G.nodes) == set(H.nodes)


def test_local_name():
    assert local_name("https://w3id.org/boussole/ns#hasAxis") == "hasAxis"
    assert local_name("https://schema.org/location") == "location"
