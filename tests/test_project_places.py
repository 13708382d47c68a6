"""Projects and where they are: Markdown project tables, plain-text project lines, commune names,
and the département each project reaches through real SPARQL."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import rows

from boussole.graph import GraphStore
from boussole.ingest.pipeline import extract
from boussole.ingest.places import tidy_name
from boussole.ingest.tables import column_roles, project_tables, split_row
from boussole.jobs import Source, ingest

FIXTURES = Path(__file__).parent / "fixtures"


def expected_projects(name: str) -> set[tuple]:
    exp = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return {(p["title"], p["establishment"], p["commune"], p["departement"]) for p in exp["projects"]}


def found_projects(plan) -> set[tuple]:
    return {
        (
            p.title,
            p.establishment.name if p.establishment else None,
            p.commune.name if p.commune else None,
            p.departement.code if p.departement else None,
        )
        for p in plan.projects
    }


@pytest.fixture(scope="module")
def lyon_store(tmp_path_factory):
    """The Lyon fixture ingested on its own, as `boussole ingest lyon.md` does."""
    data = tmp_path_factory.mktemp("lyon")
    plan = data / "lyon.md"
    shutil.copy(FIXTURES / "lyon_ambitions.md", plan)
    report = ingest([Source(plan, "lyon.md")], data / "data", dumps=False, index=False, links=False)
    assert [o.status for o in report.outcomes] == ["ingested"]
    with GraphStore(data / "data" / "store") as store:
        yield store


@pytest.mark.slow
def test_lyon_table_projects_through_sparql(lyon_store):
    q = """SELECT ?title ?school ?commune ?code ?cnr ?line WHERE { ?p a bsl:Project ; rdfs:label ?title ; bsl:isCNR ?cnr ;
      bsl:carriedBy ?s . ?s rdfs:label ?school ; schema:location ?c . ?c rdfs:label ?commune ;
      schema:containedInPlace ?d . ?d skos:notation ?code . ?p prov:wasDerivedFrom/bsl:startLine ?line }"""
    found = rows(lyon_store, q)
    assert {(r["title"], r["school"], r["commune"], r["code"]) for r in found} == expected_projects("lyon_ambitions")
    # the table sits under the « Notre école, faisons-la ensemble » heading: CNR projects
    assert {r["cnr"] for r in found} == {"true"}
    # each project points at its own row of the table
    source = (FIXTURES / "lyon_ambitions.md").read_text(encoding="utf-8").split("\n")
    for r in found:
        assert source[int(r["line"]) - 1].startswith(f"| {r['title']} |"), r


@pytest.mark.slow
def test_lyon_table_rows_are_not_leaves(lyon_store):
    q = """SELECT ?label WHERE { { ?x a bsl:Indicator } UNION { ?x a bsl:Engagement } UNION { ?x a bsl:Action }
      ?x rdfs:label ?label }"""
    labels = [r["label"] for r in rows(lyon_store, q)]
    exp = json.loads((FIXTURES / "lyon_ambitions.expected.json").read_text(encoding="utf-8"))
    leaves = [label for ax in exp["axes"] for ob in ax["objectives"] for label in ob["engagements"] + ob["indicators"]]
    assert sorted(labels) == sorted(leaves)
    # the heading above the table is kept as running text
    q = """SELECT ?label WHERE { ?x a bsl:Passage ; rdfs:label ?label }"""
    assert "Projets « Notre école, faisons-la ensemble »" in {r["label"] for r in rows(lyon_store, q)}


@pytest.mark.parametrize("name, suffix", [("rennes_priorites", ".txt"), ("grenoble_bilan", ".md")])
def test_fixture_project_lines(name, suffix):
    # Rennes writes projects as plain lines wrapped over two lines ("« Radio des îles » – Collège
    # Jean Monnet, OUESSANT (29) : …"); Grenoble as bold bullets with SAINT MARTIN D'HÈRES
    assert found_projects(extract(FIXTURES / f"{name}{suffix}")) == expected_projects(name)


def test_wrapped_project_line_keeps_its_whole_description():
    plan = extract(FIXTURES / "rennes_priorites.txt")
    radio = next(p for p in plan.projects if p.title == "Radio des îles")
    source = (FIXTURES / "rennes_priorites.txt").read_text(encoding="utf-8").split("\n")
    first = next(n for n, line in enumerate(source, start=1) if line.startswith("« Radio des îles »"))
    assert (radio.span.start, radio.span.end) == (first, first + 1)
    assert radio.description == "une webradio animée par les élèves pour relier les collèges insulaires."


@pytest.mark.parametrize(
    "written, official",
    [
        ("SAINT QUENTIN", "Saint-Quentin"),
        ("NANTEUIL le HAUDOIN", "Nanteuil-le-Haudoin"),
        ("SAINT MARTIN D'HÈRES", "Saint-Martin-d'Hères"),
        ("SAINT-BRIEUC", "Saint-Brieuc"),
        ("BOULOGNE SUR MER", "Boulogne-sur-Mer"),
        ("L'ISLE ADAM", "L'Isle-Adam"),
        ("Saint-Étienne", "Saint-Étienne"),  # already in its official form: left alone
    ],
)
def test_commune_names_in_their_official_form(written, official):
    assert tidy_name(written) == official


def test_split_row_reads_escaped_bars_and_drops_emphasis():
    assert split_row("| **Lire la ville** | Collège A \\| B | Villeurbanne | 69 |") == [
        "Lire la ville",
        "Collège A | B",
        "Villeurbanne",
        "69",
    ]


def test_only_tables_that_describe_projects_are_read():
    assert column_roles(["Indicateur", "2021", "2024"]) is None
    assert column_roles(["Projet", "Description"]) is None  # no establishment nor commune: not placeable
    assert column_roles(["Titre", "École", "Ville", "Dépt"]) == {
        "title": 0,
        "establishment": 1,
        "commune": 2,
        "departement": 3,
    }
    source = [
        "## Indicateurs",
        "",
        "| Indicateur | 2021 |",
        "|---|---|",
        "| Taux | 12 |",
        "",
        "## Projets innovants",
        "",
        "| Projet | Commune |",
        "| :--- | ---: |",
        "| Radio | Laon |",
        "| | Oise |",
    ]
    (table,) = project_tables(source)
    assert (table.heading_line, table.start, table.end) == (7, 9, 12)
    # the row without a title is not a project; the heading does not name the CNR
    assert [(r.line, r.title, r.commune, r.is_cnr) for r in table.rows] == [(11, "Radio", "Laon", False)]
