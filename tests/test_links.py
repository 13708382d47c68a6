"""Cross-plan links on the seed corpus: real SPARQL over the store the ingest built, the gold
set of tests/fixtures/links_gold.json, SHACL, and incremental recomputation on a copy."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from boussole.graph import BSL, GraphStore, validate_graph
from boussole.derive import links as L
from boussole.ingest.devices import default_matcher
from boussole.jobs import Source, bundled_sources, ingest, reference_graph
from boussole.search.index import IndexStore
from boussole.search.service import engine_specs
from boussole.search.units import load_units

from conftest import rows

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from link_thresholds import prf, resolve, scores  # noqa: E402

GOLD = json.loads((ROOT / "tests" / "fixtures" / "links_gold.json").read_text(encoding="utf-8"))
AMIENS = "https://w3id.org/boussole/id/plan/amiens-2021-2025-progress-report"
CLERMONT = "https://w3id.org/boussole/id/plan/clermont-ferrand-2023-2027"
LINKS = "https://w3id.org/boussole/id/graph/links/"
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

# The three queries of the README section, verbatim.
Q_CLOSEST = """
SELECT ?objective ?match ?kind ?score ?why WHERE {
  ?o a bsl:Objective ; rdfs:label ?objective ;
     bsl:inPlan <https://w3id.org/boussole/id/plan/amiens-2021-2025-progress-report> .
  ?m bsl:inPlan <https://w3id.org/boussole/id/plan/clermont-ferrand-2023-2027> ; rdfs:label ?match .
  ?l a bsl:Link ; bsl:linkKind ?kind ; bsl:score ?score ; rdfs:comment ?why .
  { ?l bsl:linkSource ?o ; bsl:linkTarget ?m } UNION { ?l bsl:linkSource ?m ; bsl:linkTarget ?o }
  FILTER NOT EXISTS {
    ?l2 a bsl:Link ; bsl:score ?better .
    { ?l2 bsl:linkSource ?o ; bsl:linkTarget ?m2 } UNION { ?l2 bsl:linkSource ?m2 ; bsl:linkTarget ?o }
    ?m2 bsl:inPlan <https://w3id.org/boussole/id/plan/clermont-ferrand-2023-2027> .
    FILTER(?better > ?score) }
} ORDER BY DESC(?score)
"""

Q_INDICATORS = """
SELECT ?indicator ?figure ?value ?unit ?period ?score WHERE {
  ?i a bsl:Indicator ; rdfs:label ?indicator .
  OPTIONAL {
    ?i bsl:measuredBy ?f . ?f rdfs:label ?figure ; bsl:value ?value ; bsl:unit ?unit .
    OPTIONAL { ?f bsl:refPeriod ?period }
    ?l a bsl:Link ; bsl:linkSource ?i ; bsl:linkTarget ?f ; bsl:score ?score }
} ORDER BY ?indicator DESC(?score)
"""

Q_SHARED_DEVICES = """
SELECT ?device (COUNT(DISTINCT ?l) AS ?links) WHERE {
  ?l a bsl:Link ; bsl:sharedDevice ?d ; bsl:linkSource ?a ; bsl:linkTarget ?b .
  ?a bsl:inPlan ?pa . ?b bsl:inPlan ?pb . FILTER(?pa != ?pb)
  ?d skos:prefLabel ?device FILTER(LANG(?device) = "fr")
} GROUP BY ?device ORDER BY DESC(?links) ?device
"""


@pytest.fixture(scope="module")
def items(seed_store):
    units = load_units(seed_store)
    return L.load_items(seed_store, units, L.plan_slugs(seed_store))


@pytest.fixture(scope="module")
def stored_links(seed_store):
    """kind, source, target, score of every bsl:Link node."""
    return rows(
        seed_store,
        """SELECT ?kind ?s ?t ?score ?why WHERE { ?l a bsl:Link ; bsl:linkKind ?kind ;
        bsl:linkSource ?s ; bsl:linkTarget ?t ; bsl:score ?score ; rdfs:comment ?why }""",
    )


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# -- the README queries ------------------------------------------------------------------------
def test_closest_match_of_each_objective(seed_store, items):
    got = rows(seed_store, Q_CLOSEST)
    assert got, "no Amiens objective is linked to Clermont-Ferrand"
    by_label = {}
    for r in got:
        by_label.setdefault(r["objective"], []).append(r)
    # The best match of "savoirs fondamentaux" is Clermont's objective on the fundamentals, and
    # of the values of the Republic the engagement on laïcité (both judged "same" in the gold set).
    fond = by_label["Veiller à la maîtrise durable des savoirs fondamentaux par chaque élève"]
    assert [r["match"] for r in fond] == ["Incarner une Ecole creuset de l'acquisition des savoirs fondamentaux"]
    assert _local(fond[0]["kind"]) == "closeMatch"
    assert "shared themes: fundamentals" in fond[0]["why"]
    rep = by_label[next(k for k in by_label if k.startswith("Incarner et transmettre les valeurs"))]
    assert rep[0]["match"].startswith("Sensibiliser et former l'ensemble des personnels aux valeurs de la République")
    # The query keeps the maximum: no other link of that objective into Clermont scores higher.
    for label, rs in by_label.items():
        best = max(float(r["score"]) for r in rs)
        assert all(float(r["score"]) == best for r in rs), label
    # Every objective of the result is an Amiens objective (12 in the plan).
    amiens_objectives = {i.label for i in items if i.plan.startswith("amiens") and i.type == "Objective"}
    assert len(amiens_objectives) == 12 and set(by_label) <= amiens_objectives


def test_indicators_with_and_without_a_figure(seed_store):
    got = rows(seed_store, Q_INDICATORS)
    indicators = {r["indicator"] for r in got}
    n_indicators = int(rows(seed_store, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a bsl:Indicator }")[0]["n"])
    assert len(indicators) == n_indicators == 30  # the 30 "Indicateurs" lines of Clermont-Ferrand
    measured = {r["indicator"] for r in got if r.get("figure")}
    assert measured and measured < indicators
    # the indicator the issue names and the figure that measures it, with its year
    iex = [r for r in got if r["indicator"] == "Taux d'occupation des internats d'excellence"]
    assert iex[0]["unit"] == "internats d'excellence" and iex[0]["value"] == "13" and iex[0]["period"] == "2024"
    ter = {r.get("value") for r in got if r["indicator"] == "Nombre de conventions « territoires éducatifs ruraux »"}
    assert {"6", "13"} <= ter  # "6 TER …" and "… soit 13 TER au total" (Amiens, page on TER)
    # an indicator whose subject the Amiens report never counts stays unmeasured
    assert "Nombre de collectifs apprenants" in indicators - measured


def test_devices_shared_by_both_plans(seed_store):
    got = {r["device"]: int(r["links"]) for r in rows(seed_store, Q_SHARED_DEVICES)}
    # independent check: devices named (bsl:device) in both plans, as in test_ingest_seed
    both = {
        r["label"]
        for r in rows(
            seed_store,
            f"""SELECT DISTINCT ?label WHERE {{
        ?a bsl:inPlan <{CLERMONT}> ; bsl:device ?d . ?b bsl:inPlan <{AMIENS}> ; bsl:device ?d .
        ?d skos:prefLabel ?label FILTER(LANG(?label) = "fr") }}""",
        )
    }
    assert set(got) <= both, set(got) - both
    assert {"internats d'excellence", "territoires éducatifs ruraux", "cordées de la réussite"} <= set(got)


# -- the links themselves ----------------------------------------------------------------------
def test_plain_links_mirror_the_link_nodes(seed_store, stored_links):
    for r in stored_links:
        kind = r["kind"]
        assert seed_store.query(f"ASK {{ <{r['s']}> <{kind}> <{r['t']}> }}").askAnswer, r
        if _local(kind) in ("closeMatch", "relatedMatch", "relatedProject"):
            assert seed_store.query(f"ASK {{ <{r['t']}> <{kind}> <{r['s']}> }}").askAnswer, r
    n_plain = int(rows(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { ?a skos:closeMatch ?b }")[0]["n"])
    n_nodes = sum(1 for r in stored_links if _local(r["kind"]) == "closeMatch")
    assert n_plain == 2 * n_nodes > 0  # both directions


def test_explanations_name_the_real_shared_devices_and_themes(seed_store):
    shared = rows(
        seed_store,
        """SELECT ?l ?kind ?s ?t ?why ?what ?x ?label WHERE {
        ?l a bsl:Link ; bsl:linkKind ?kind ; bsl:linkSource ?s ; bsl:linkTarget ?t ; rdfs:comment ?why .
        { ?l bsl:sharedDevice ?x . BIND("device" AS ?what) ?x skos:prefLabel ?label FILTER(LANG(?label) = "fr") }
        UNION { ?l bsl:sharedTheme ?x . BIND("theme" AS ?what) BIND(STR(?x) AS ?label) } }""",
    )
    assert any(r["what"] == "device" for r in shared) and any(r["what"] == "theme" for r in shared)
    matcher = default_matcher()
    for r in shared:
        if r["what"] == "device":
            assert f"{r['label']}" in r["why"], r
            both = [r["s"], r["t"]]
            if _local(r["kind"]) == "measuredBy":  # a figure names the device in its own sentence
                fig_label = rows(seed_store, f"SELECT ?f WHERE {{ <{r['t']}> rdfs:label ?f }}")[0]["f"]
                assert _local(r["x"]) in {m.device for m in matcher.find(fig_label)}, r
                both = [r["s"]]
            for node in both:
                assert seed_store.query(f"ASK {{ <{node}> bsl:device <{r['x']}> }}").askAnswer, r
        else:
            assert _local(r["x"]) in r["why"], r
            for node in (r["s"], r["t"]):
                assert seed_store.query(f"ASK {{ <{node}> dcterms:subject <{r['x']}> }}").askAnswer, r
    # the example of the issue: the internats indicator → "13 internats d'excellence" (2024)
    iex = [r for r in shared if r["label"] == "internats d'excellence" and _local(r["kind"]) == "measuredBy"]
    assert any("period: 2024" in r["why"] and r["why"].startswith("cosine ") for r in iex)


def test_links_conform_to_the_shapes_and_scores_are_decimals(seed_store):
    g = Graph()
    for name in seed_store.graphs():
        if str(name).startswith(LINKS):
            g += seed_store.graph(name)
    scores_ = list(g.objects(None, BSL.score))
    assert scores_ and all(s.datatype == XSD_DECIMAL and 0 <= s.toPython() <= 1 for s in scores_)
    checked = g + reference_graph()
    report = validate_graph(checked)
    assert report.conforms, report.text
    # the shape rejects a score out of range
    node = next(g.subjects(BSL.score, None))
    checked.set((node, BSL.score, Literal("1.5", datatype=XSD_DECIMAL)))
    assert not validate_graph(checked).conforms


def test_one_graph_per_pair_of_plans_with_its_marker(seed_store):
    names = sorted(str(g) for g in seed_store.graphs() if str(g).startswith(LINKS))
    assert names == [
        LINKS + "amiens-2021-2025-progress-report",
        LINKS + "amiens-2021-2025-progress-report--clermont-ferrand-2023-2027",
        LINKS + "clermont-ferrand-2023-2027",
    ]
    cross = seed_store.graph(names[1])
    kinds = {_local(str(o)) for o in cross.objects(None, BSL.linkKind)}
    assert {"closeMatch", "relatedMatch", "measuredBy"} <= kinds
    marker = str(cross.value(URIRef(names[1]), URIRef("http://purl.org/dc/terms/identifier")))
    assert marker.startswith("links:v") and "cosine:e5+use+lexical" in marker


# -- thresholds against the gold set ----------------------------------------------------------
def test_gold_set_precision(seed_store, seed_data, items):
    pairs = resolve(items, GOLD)
    assert len(pairs) == 40 and sum(1 for p in pairs if p[2]) == 16
    linked = {}
    for r in rows(
        seed_store,
        """SELECT ?s ?t ?kind WHERE { ?l a bsl:Link ; bsl:linkKind ?kind ;
            bsl:linkSource ?s ; bsl:linkTarget ?t . FILTER(?kind IN (skos:closeMatch, skos:relatedMatch)) }""",
    ):
        linked[frozenset((r["s"], r["t"]))] = _local(r["kind"])
    close = [(a, b, y) for a, b, y, _ in pairs if linked.get(frozenset((a.id, b.id))) == "closeMatch"]
    any_link = [(a, b, y) for a, b, y, _ in pairs if frozenset((a.id, b.id)) in linked]
    # CLOSE_MATCH was chosen at precision 1.00 on the gold set: no "different" pair is a close match
    assert close and all(y for _, _, y in close), [(a.label, b.label) for a, b, y in close if not y]
    # RELATED_MATCH: one false positive on the grid at 0.42 (precision 0.93); the top-k rule only
    # removes links, so the stored links hold at most that one wrong pair (measured: 13 of 14 right)
    fp = [(a.label, b.label) for a, b, y in any_link if not y]
    assert len(fp) <= 1, fp
    # 13 of the 16 "same" pairs are linked: the bench's recall 0.81 at RELATED_MATCH, top-k drops none
    assert sum(1 for *_, y in any_link if y) == 13
    # and the bench's numbers are the ones the constants' comment cites
    index = IndexStore(seed_data).open(engine_specs())
    vectors, engines = L.index_vectors(index, {u.id: u for u in load_units(seed_store)})
    scored = scores(pairs, L.Similarity(vectors, engines))
    assert prf(scored, L.CLOSE_MATCH)[0] == 1.0
    p, r, f1 = prf(scored, L.RELATED_MATCH)
    assert (round(p, 2), round(r, 2)) == (0.93, 0.81)


def test_lexical_fallback_explains_itself(items):
    """Without a search index the links still come, from the lexical similarity, and say so."""
    by_plan = {}
    for it in items:
        by_plan.setdefault(it.plan, []).append(it)
    a, b = sorted(by_plan)
    links = L.pair_links(by_plan[a], by_plan[b], L.Similarity())
    close = [ln for ln in links if ln.kind == "closeMatch"]
    assert close and all(ln.cosine is None and "no embedding available" in ln.explanation for ln in links)
    pairs = resolve(items, GOLD)
    linked = {frozenset((ln.source, ln.target)) for ln in close}
    assert all(y for x, z, y, _ in pairs if frozenset((x.id, z.id)) in linked)  # precision 1.00 on gold


# -- incremental recomputation ----------------------------------------------------------------
def _link_graphs(data: Path) -> dict[str, set]:
    with GraphStore(data / "store", read_only=True) as store:
        return {str(g): set(store.graph(g)) for g in store.graphs() if str(g).startswith(LINKS)}


@pytest.mark.slow
def test_reingest_recomputes_only_the_pairs_of_the_changed_plan(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = []
    for src in bundled_sources():
        dest = corpus / src.path.name
        shutil.copy(src.path, dest)
        sources.append(Source(dest, src.display, src.academy, src.title, src.period, src.kind))
    lyon = corpus / "lyon_ambitions.md"
    shutil.copy(ROOT / "tests" / "fixtures" / "lyon_ambitions.md", lyon)
    sources.append(Source(lyon, "lyon_ambitions.md"))
    data = tmp_path / "data"
    first = ingest(sources, data)
    assert not first.failed and first.links_error is None
    before = _link_graphs(data)
    assert len(before) == 6  # 3 plans: 3 graphs inside one plan + 3 pairs
    assert len(first.links.pairs_recomputed) == 6

    # change one engagement line of Clermont-Ferrand: its node gets a new IRI
    clermont = next(p for p in corpus.iterdir() if p.name.startswith("clermont"))
    text = clermont.read_text(encoding="utf-8")
    old_label = "Renforcer les compétences didactiques des enseignants."
    assert text.count(old_label) == 1
    clermont.write_text(
        text.replace(old_label, "Renforcer les compétences didactiques et pédagogiques des enseignants."),
        encoding="utf-8",
    )
    with GraphStore(data / "store", read_only=True) as store:
        old_iri = rows(
            store, f"SELECT ?e WHERE {{ ?e a bsl:Engagement ; rdfs:label {Literal(old_label[:-1], lang='fr').n3()} }}"
        )[0]["e"]
    assert any(old_iri in {str(t[0]), str(t[2])} for ts in before.values() for t in ts)  # it was linked

    second = ingest(sources, data)
    assert [o.status for o in second.outcomes].count("ingested") == 1
    after = _link_graphs(data)
    assert set(after) == set(before)
    touched = {g for g in after if "clermont" in g}
    assert sorted(second.links.pairs_recomputed) == sorted(touched) and len(touched) == 3
    for g in set(after) - touched:
        assert after[g] == before[g], g  # the pairs without Clermont-Ferrand are untouched
    for g in touched:
        assert after[g] != before[g], g  # the marker holds the new document hash at least
    # no stale link: the old engagement is gone from every link graph, every linked node exists
    assert not any(old_iri in {str(t[0]), str(t[2])} for ts in after.values() for t in ts)
    with GraphStore(data / "store", read_only=True) as store:
        dangling = rows(
            store,
            """SELECT ?n WHERE { ?l a bsl:Link . { ?l bsl:linkSource ?n } UNION { ?l bsl:linkTarget ?n }
            FILTER NOT EXISTS { ?n bsl:inPlan ?p } }""",
        )
        assert dangling == []
        n_link_quads = sum(1 for q in store.quads() if q[3] is not None and str(q[3]).startswith(LINKS))
    # the dumps are written after the links and hold them
    nq = (data / "dumps" / "boussole.nq").read_text(encoding="utf-8")
    graph_of = [re.search(r"<([^<>]*)> \.$", line) for line in nq.splitlines()]
    assert sum(1 for m in graph_of if m and m.group(1).startswith(LINKS)) == n_link_quads > 0

    # a failure of the links step keeps the ingested plan and is reported…
    def boom(*_a, **_k):
        raise RuntimeError("links exploded")

    monkeypatch.setattr(L, "update_links", boom)
    lyon.write_text(lyon.read_text(encoding="utf-8") + "\n- Engagement ajouté après relecture.\n", encoding="utf-8")
    third = ingest(sources, data)
    assert [o.status for o in third.outcomes].count("ingested") == 1
    assert third.links is None and "links exploded" in third.links_error
    monkeypatch.undo()
    # …and the next run heals: the markers of Lyon's pairs name its old document hash
    fourth = ingest(sources, data)
    assert [o.status for o in fourth.outcomes].count("ingested") == 0
    assert fourth.links_error is None
    assert sorted(fourth.links.pairs_recomputed) == sorted(g for g in after if "lyon" in g)
    assert ingest(sources, data).links.pairs_recomputed == []  # then nothing is left to do
