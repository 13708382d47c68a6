"""Theme coverage and side-by-side comparison, checked against the text of the seed plans."""

import re
from importlib import resources
from pathlib import Path

import httpx
import pytest

from boussole.graph.coverage import compare, coverage_matrix, list_plans
from boussole.text import key as fold

from conftest import rows

# What makes a passage clearly about a theme, written from reading the plans (independent of
# the thesaurus): inclusion = inclusive school, disability, special needs; culture = arts and
# cultural education, Pass Culture, "access to culture".
INCLUSION = re.compile(
    r"inclusi|handicap|besoins educatifs particuliers|\bulis\b|\baesh\b|autisme|allophone|medico-educati|\bpial\b|\bsourds\b"
)
CULTURE = re.compile(
    r"culturel|artisti|pass culture|\bpeac\b|\beac\b|(?:a la|de la|lieux? de) culture\b|\bpatrimoine|musee|theatre|culture-ruralite|\barts\b|bibliotheque|residences? d.artiste|cultures? (?:de l.antiquite|antique)"
)


def source_lines(store) -> dict[str, list[str]]:
    """plan IRI → the folded lines of its corpus file (index 0 = line 1)."""
    out = {}
    for r in rows(store, "SELECT ?plan ?path WHERE { ?plan a bsl:Plan ; dcterms:source/bsl:path ?path }"):
        name = Path(r["path"]).name
        text = (resources.files("boussole.corpus") / name).read_text(encoding="utf-8")
        out[r["plan"]] = [fold(x) for x in text.splitlines()]
    return out


def span_text(lines: list[str], first: int, last: int) -> str:
    return " ".join(lines[first - 1 : last])


def elements(store, kind: str) -> list[dict]:
    """Every element of a kind with its plan, label and source lines."""
    return rows(
        store,
        f"""SELECT ?s ?plan ?label ?start ?end WHERE {{ ?s a bsl:{kind} ; bsl:inPlan ?plan ;
        rdfs:label ?label ; prov:wasDerivedFrom ?sp . ?sp bsl:startLine ?start ; bsl:endLine ?end }}""",
    )


def plan_iri(store, academy: str) -> str:
    return next(p.id for p in list_plans(store) if p.academy == academy)


@pytest.mark.parametrize(
    "theme, pattern", [("inclusion", INCLUSION), ("culture", CULTURE)], ids=["inclusion", "culture"]
)
def test_compare_lists_what_the_text_says_about_the_theme(seed_store, theme, pattern):
    lines = source_lines(seed_store)
    result = compare(seed_store, theme, None)
    listed = {col["plan"]["id"]: col for col in result["plans"]}
    assert set(listed) == set(lines)
    # Objectives and engagements (Clermont-Ferrand), actions (Amiens' progress report has
    # actions, not engagements) whose statement is about the theme must be listed. The statement
    # is the element's label: the two-column layout of the Clermont-Ferrand plan interleaves
    # lines of neighbouring engagements inside a span, so its lines alone would over-claim.
    for kind, key in (("Objective", "objectives"), ("Engagement", "engagements"), ("Action", "actions")):
        found = 0
        for e in elements(seed_store, kind):
            if pattern.search(fold(e["label"])):
                found += 1
                ids = {i["id"] for i in listed[e["plan"]][key]}
                assert e["s"] in ids, (theme, kind, e["start"], e["label"])
        assert found, (theme, kind)  # each kind speaks of both themes somewhere in the corpus
    # And what is listed speaks of the theme in its source lines (or, for an action read from a
    # bullet, in the lead-in sentence its label repeats), or names a device the device
    # thesaurus files under the theme (CAPPEI → inclusion, classes à horaires aménagés → culture).
    for plan, col in listed.items():
        for key in ("objectives", "engagements", "indicators", "actions"):
            for item in col[key]:
                text = span_text(lines[plan], *item["lines"])
                by_device = seed_store.query(f"""ASK {{ <{item["id"]}> bsl:device ?d .
                    ?d dcterms:subject bslt:{theme} }}""").askAnswer
                assert pattern.search(text) or pattern.search(fold(item["label"])) or by_device, (
                    theme,
                    key,
                    item["lines"],
                    text[:200],
                )


def test_compare_inclusion_names_each_plans_inclusion_commitments(seed_store):
    amiens, clermont = plan_iri(seed_store, "Amiens"), plan_iri(seed_store, "Clermont-Ferrand")
    res = compare(seed_store, "inclusion", ["Amiens", "Clermont-Ferrand"])
    assert [c["plan"]["id"] for c in res["plans"]] == [amiens, clermont]
    a, c = res["plans"]
    # Amiens objective 1.2 "AGIR POUR UNE ÉCOLE TOUJOURS PLUS INCLUSIVE"
    assert [fold(o["label"]) for o in a["objectives"]] == ["agir pour une ecole toujours plus inclusive"]
    assert a["objectives"][0]["notation"] == "1.2"
    # Clermont-Ferrand: "Développer une culture de l'inclusion…", "Accueillir et informer les parents
    # d'élèves en situation de handicap…"
    labels = [fold(e["label"]) for e in c["engagements"]]
    assert any(re.match(r"developper une culture de l.inclusion", x) for x in labels), labels
    assert any("situation de handicap" in x for x in labels), labels
    assert c["actions"] == []  # the strategic plan has engagements, not actions


def test_culture_is_not_read_into_a_culture_of_something(seed_store):
    """ "une culture de l'inclusion / du partage / de l'évaluation" is a habit, not arts and culture."""
    res = compare(seed_store, "culture", ["Clermont-Ferrand"])
    labels = [fold(e["label"]) for e in res["plans"][0]["engagements"]]
    assert labels and not any(re.search(r"(une|la) culture (de|du) ", x) for x in labels), labels
    assert any("professionnels de la culture" in x for x in labels), labels
    assert any("culturelle" in x for x in labels), labels
    # the indicator "Nombre d'élèves… ayant bénéficié d'actions d'éducation artistique et culturelle"
    assert any("artistique et culturelle" in fold(i["label"]) for i in res["plans"][0]["indicators"])


def test_items_are_sorted_by_score_and_shared_devices_are_in_both(seed_store):
    res = compare(seed_store, "culture", None)
    for col in res["plans"]:
        for key in ("objectives", "engagements", "indicators", "actions", "projects", "figures"):
            scores = [i["score"] for i in col[key]]
            assert scores == sorted(scores, reverse=True)
            assert all(0 < s <= 1 for s in scores)  # noisy-OR scores of graph/themes.py
    assert res["shared_devices"], "both plans name the PEAC in culture elements"
    for d in res["shared_devices"]:
        for plan in (p.id for p in list_plans(seed_store)):
            assert seed_store.query(f"""ASK {{ ?s bsl:inPlan <{plan}> ; dcterms:subject bslt:culture ;
                bsl:device <{d["id"]}> }}""").askAnswer, (plan, d)


def test_theme_and_plans_by_label_iri_or_slug(seed_store):
    by_id = compare(seed_store, "culture", ["Amiens"])
    assert compare(seed_store, "ARTS AND CULTURE", ["amiens-2021-2025-progress-report"]) == by_id
    assert compare(seed_store, "https://w3id.org/boussole/theme/culture", [plan_iri(seed_store, "Amiens")]) == by_id
    assert compare(seed_store, "arts et culture", ["amiens"]) == by_id
    with pytest.raises(ValueError, match="unknown theme 'poetry'.*inclusion"):
        compare(seed_store, "poetry", None)
    with pytest.raises(ValueError, match="unknown plan 'Lyon'"):
        compare(seed_store, "culture", ["Lyon"])


def test_coverage_counts_match_compare_and_sparql(seed_store):
    m = coverage_matrix(seed_store)
    assert len(m["counts"]) == len(m["themes"]) and all(len(r) == len(m["plans"]) for r in m["counts"])
    for t, row in zip(m["themes"], m["counts"]):
        res = compare(seed_store, t["id"], None)
        for p, n, col in zip(m["plans"], row, res["plans"]):
            listed = sum(
                len(col[k]) for k in ("objectives", "engagements", "indicators", "actions", "projects", "figures")
            )
            assert n == listed, (t["id"], p["academy"])
            assert sum(m["by_type"].get(t["id"], {}).get(p["id"], {}).values()) == n
            direct = rows(
                seed_store,
                f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?type {{ bsl:Objective
                bsl:Engagement bsl:Indicator bsl:Action bsl:Project }} ?s a ?type ; bsl:inPlan <{p["id"]}> ;
                dcterms:subject <{t["iri"]}> }}""",
            )[0]["n"]
            figures = m["by_type"].get(t["id"], {}).get(p["id"], {}).get("Figure", 0)
            assert int(direct) == n - figures


# -- HTTP ---------------------------------------------------------------------------------------
def test_http_compare_coverage_plans(live_server, seed_store):
    with httpx.Client(base_url=live_server, timeout=30) as http:
        plans = http.get("/plans").json()["plans"]
        assert {p["academy"] for p in plans} == {"Amiens", "Clermont-Ferrand"}
        assert all(p["id"].endswith("/" + p["slug"]) for p in plans)
        r = http.get("/compare", params=[("theme", "inclusion"), ("plans", "Amiens"), ("plans", "Clermont-Ferrand")])
        assert r.status_code == 200
        assert r.json() == compare(seed_store, "inclusion", ["Amiens", "Clermont-Ferrand"])
        cov = http.get("/coverage").json()
        assert cov == coverage_matrix(seed_store)
        bad = http.get("/compare", params={"theme": "poetry"})
        assert bad.status_code == 400 and "poetry" in bad.json()["detail"] and "inclusion" in bad.json()["detail"]
        bad = http.get("/compare", params={"theme": "culture", "plans": "Lyon"})
        assert bad.status_code == 400 and "Lyon" in bad.json()["detail"]
        assert http.get("/compare").status_code == 422  # theme is required


@pytest.mark.parametrize(
    "text, is_culture",
    [
        ("Développer une culture de l'inclusion au sein de chaque structure scolaire.", False),
        ("Développer la culture de l'évaluation des personnels", False),
        ("Développer une culture du partage des agendas", False),
        ("associant les personnels d'inspection pour une culture commune et partagée", False),
        ("Favoriser l'accès à la culture des élèves des territoires ruraux", True),
        ("Généraliser la rencontre avec des professionnels de la culture", True),
        ("Faire de l'établissement un lieu de culture", True),
    ],
)
def test_figurative_culture_is_not_arts_and_culture(text, is_culture):
    from boussole.graph.themes import ThemeTagger

    tags = {t for t, _ in ThemeTagger.from_package().tag(text)}
    assert ("culture" in tags) is is_culture, tags
