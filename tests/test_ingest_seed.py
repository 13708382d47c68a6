"""The seed corpus, checked against its text through real SPARQL on the real store."""

import json
import re
from pathlib import Path

import pytest

from conftest import rows

CF = "https://w3id.org/boussole/id/plan/clermont-ferrand-2023-2027"
AM = "https://w3id.org/boussole/id/plan/amiens-2021-2025-progress-report"


def count(store, cls, plan):
    q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a bsl:{cls} ; bsl:inPlan <{plan}> }}"
    return int(rows(store, q)[0]["n"])


def test_clermont_structure_counts(seed_store):
    assert count(seed_store, "Axis", CF) == 3
    assert count(seed_store, "Objective", CF) == 9
    assert count(seed_store, "Indicator", CF) == 30
    assert count(seed_store, "Engagement", CF) == 33


def test_clermont_leaves_attached_to_their_own_objective(seed_store):
    q = f"""SELECT ?obj ?olabel (COUNT(DISTINCT ?i) AS ?ni) (COUNT(DISTINCT ?e) AS ?ne) WHERE {{
      ?obj a bsl:Objective ; bsl:inPlan <{CF}> ; rdfs:label ?olabel .
      OPTIONAL {{ ?i a bsl:Indicator ; skos:broader ?obj }}
      OPTIONAL {{ ?e a bsl:Engagement ; skos:broader ?obj }} }} GROUP BY ?obj ?olabel"""
    found = {r["olabel"][:30]: (int(r["ni"]), int(r["ne"])) for r in rows(seed_store, q)}
    # per objective, as the plan prints them (indicators, engagements)
    assert found["Donner envie d'Ecole en offran"] == (3, 3)
    assert found["Fédérer les partenaires de l'E"] == (4, 4)
    assert found["Encourager l'expérimentation e"] == (3, 3)
    assert all(ni >= 3 and ne >= 3 for ni, ne in found.values())


def test_clermont_labels_are_clean(seed_store):
    q = f"""SELECT ?l WHERE {{ {{ ?x a bsl:Engagement }} UNION {{ ?x a bsl:Indicator }} UNION {{ ?x a bsl:Objective }}
      ?x bsl:inPlan <{CF}> ; rdfs:label ?l }}"""
    labels = [r["l"] for r in rows(seed_store, q)]
    assert len(labels) == 72
    for label in labels:
        assert not re.search(r"I'|[€¢|@®©]|&tre|\s{2}", label), label
        assert label[0].isupper(), label
    # fragments that OCR moved away from their sentence are given back to it (list punctuation
    # ending an item is not part of its label)
    assert "Associer les élèves et les parents à toutes les dimensions de la lutte contre le harcèlement" in labels
    assert "Favoriser une offre éducative et culturelle riche, ouverte et adaptée au territoire" in labels
    # the interleaved side column: body text and indicator separated
    assert (
        "Nombre de projets innovants Soutenus notamment par le conseil national de la refondation "
        "de l'éducation (CNR) et d'expérimentations validées"
    ) in labels
    assert (
        "Encourager l'expérimentation et l'innovation en soutenant les expériences réussies et en s'appuyant sur la recherche"
        in labels
    )


def test_amiens_axes_objectives_actions(seed_store):
    assert count(seed_store, "Axis", AM) == 4
    assert count(seed_store, "Objective", AM) == 12
    q = f"""SELECT ?status (COUNT(?a) AS ?n) WHERE {{ ?a a bsl:Action ; bsl:inPlan <{AM}> ; bsl:status ?status }} GROUP BY ?status"""
    by_status = {r["status"]: int(r["n"]) for r in rows(seed_store, q)}
    assert by_status["done"] > 50 and by_status["planned"] > 50
    q = f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?a a bsl:Action ; skos:broader ?o . ?o a bsl:Objective ; bsl:inPlan <{AM}> }}"""
    assert int(rows(seed_store, q)[0]["n"]) >= 10


def test_amiens_cnr_projects_with_establishment_and_commune(seed_store):
    q = """SELECT ?title ?school ?commune ?dept WHERE { ?p a bsl:Project ; bsl:isCNR true ; rdfs:label ?title ;
      bsl:carriedBy ?s . ?s rdfs:label ?school ; schema:location ?c . ?c rdfs:label ?commune .
      OPTIONAL { ?c schema:containedInPlace ?d . ?d skos:notation ?dept } }"""
    found = {r["title"]: r for r in rows(seed_store, q)}
    assert found["Un Vol pour l'Avenir"]["commune"] == "Saint-Quentin"
    assert found["Un Vol pour l'Avenir"]["dept"] == "02"
    assert found["Calliopé"]["commune"] == "Nanteuil-le-Haudoin"
    assert found["Ambition DNB"]["school"] == "Clg César FRANCK"


def test_figure_about_boarding_schools_with_source_lines(seed_store):
    q = """SELECT ?v ?unit ?start ?end ?quote WHERE { ?f a bsl:Figure ; bsl:value ?v ; bsl:unit ?unit ;
      prov:wasDerivedFrom ?s . ?s bsl:startLine ?start ; bsl:endLine ?end ; bsl:quote ?quote .
      FILTER(CONTAINS(LCASE(?unit), "internat")) }"""
    found = rows(seed_store, q)
    hit = [r for r in found if float(r["v"]) == 13]
    assert hit, found
    source = open("corpus/amiens_ambitions-2025_bilan-etape.txt", encoding="utf-8").read().split("\n")
    r = hit[0]
    assert "13 internats d'excellence" in "\n".join(source[int(r["start"]) - 1 : int(r["end"])])
    assert "13 internats d'excellence" in r["quote"]


def test_one_node_per_device_whatever_the_spelling(seed_store):
    q = """SELECT DISTINCT ?d WHERE { ?x bsl:device ?d . ?d skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "tremplin")) }"""
    assert [r["d"] for r in rows(seed_store, q)] == ["https://w3id.org/boussole/device/6e-tremplin"]
    for device in ("phare", "cnr-notre-ecole", "6e-tremplin"):
        q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x bsl:device bsld:{device} }}"
        assert int(rows(seed_store, q)[0]["n"]) >= 2, device


def test_devices_named_in_both_plans(seed_store):
    q = f"""SELECT DISTINCT ?label WHERE {{
      ?a bsl:inPlan <{CF}> ; bsl:device ?d . ?b bsl:inPlan <{AM}> ; bsl:device ?d .
      ?d skos:prefLabel ?label FILTER(LANG(?label) = "fr") }}"""
    labels = {r["label"] for r in rows(seed_store, q)}
    assert {"cordées de la réussite", "internats d'excellence"} <= {l.lower() for l in labels}, labels


def test_projects_by_departement(seed_store):
    q = """SELECT ?dept ?title WHERE { ?p a bsl:Project ; rdfs:label ?title ;
      bsl:carriedBy/schema:location/schema:containedInPlace ?d . ?d rdfs:label ?dept }"""
    by_dept = {}
    for r in rows(seed_store, q):
        by_dept.setdefault(r["dept"], set()).add(r["title"])
    assert {"Un Vol pour l'Avenir", "L'empathie à l'école"} <= by_dept["Aisne"]
    assert {"Calliopé", "Immersion en langue anglaise, Emile in class"} <= by_dept["Oise"]
    assert {"Ambition DNB", "Apprendre autrement : Web radio, Web TV"} <= by_dept["Somme"]


def _departement_codes_in_source() -> dict[tuple[str, int], str]:
    """(corpus path, line) -> the département code a project line of the seed corpus ends its
    header with: "- **Title, School, COMMUNE (80)** : …". Read from the files, not from Boussole."""
    from boussole.ingest.places import DEPARTEMENTS

    manifest = json.loads(Path("corpus/manifest.json").read_text(encoding="utf-8"))
    out = {}
    for doc in manifest["documents"]:
        path = f"corpus/{doc['file']}"
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), start=1):
            codes = [c for c in re.findall(r"\((\d{2}|2[AB]|97\d)\)", line) if c in DEPARTEMENTS]
            if codes:
                out[(path, n)] = codes[0]
    return out


def test_every_project_with_a_departement_code_reaches_it(seed_store):
    expected = _departement_codes_in_source()
    # the Amiens report lists its CNR projects this way, Contay's among them
    assert any(
        code == "80" and "CONTAY" in open(path, encoding="utf-8").read().split("\n")[n - 1]
        for (path, n), code in expected.items()
    )
    q = """SELECT ?path ?line ?code WHERE { ?p a bsl:Project ; prov:wasDerivedFrom ?s .
      ?s bsl:startLine ?line ; bsl:document/bsl:path ?path .
      OPTIONAL { ?p bsl:carriedBy/schema:location/schema:containedInPlace ?d . ?d skos:notation ?code } }"""
    reached: dict[tuple[str, int], set] = {}
    for r in rows(seed_store, q):
        reached.setdefault((r["path"], int(r["line"])), set()).update({r.get("code")} - {None})
    for key, code in expected.items():
        assert key in reached, f"no project read from {key[0]} line {key[1]}"
        assert reached[key] == {code}, (key, reached[key])


@pytest.mark.slow
def test_period_read_from_the_text_alone():
    """Without --period, the period comes from how each plan states it; the manifest and the
    fixtures' expected files say what it is."""
    from boussole.ingest.pipeline import extract

    manifest = json.loads(Path("corpus/manifest.json").read_text(encoding="utf-8"))
    for doc in manifest["documents"]:
        assert extract(f"corpus/{doc['file']}").meta.period == doc["period"], doc["file"]
    fixtures = Path("tests/fixtures")
    checked = 0
    for exp_path in sorted(fixtures.glob("*.expected.json")):
        period = json.loads(exp_path.read_text(encoding="utf-8")).get("period")
        if not period:
            continue
        doc = next(
            p
            for p in fixtures.glob(exp_path.name.replace(".expected.json", ".*"))
            if p.suffix in (".txt", ".md", ".pdf")
        )
        assert _period_of(doc) == period, doc.name
        checked += 1
    assert checked == 9  # every fixture but not_a_plan states a period


def _period_of(path: Path) -> str | None:
    # the metadata step alone: the fixtures test the layouts of other académies, some of which
    # the outline reader does not get right yet; the period must not depend on that
    from boussole.ingest.meta import infer_period
    from boussole.ingest.normalize import normalize
    from boussole.ingest.read import read_document

    return infer_period("\n".join(ln.text for ln in normalize(read_document(path).text.split("\n"))))


@pytest.mark.slow
def test_amiens_ingested_alone_gets_the_manifest_period(tmp_path):
    from boussole.graph import GraphStore
    from boussole.jobs import Source, ingest

    report = ingest(
        [Source(Path("corpus/amiens_ambitions-2025_bilan-etape.txt"), "amiens.txt")],
        tmp_path,
        dumps=False,
        index=False,
        links=False,
    )
    assert [o.status for o in report.outcomes] == ["ingested"]
    with GraphStore(tmp_path / "store") as store:
        found = rows(store, "SELECT ?plan ?period WHERE { ?plan a bsl:Plan ; dcterms:temporal ?period }")
    assert found == [{"plan": AM, "period": "2021-2025"}]


def test_every_node_has_provenance(seed_store):
    q = """SELECT (COUNT(?x) AS ?n) WHERE { ?x bsl:inPlan ?p . FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s } }"""
    assert int(rows(seed_store, q)[0]["n"]) == 0
