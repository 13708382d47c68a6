"""Stable IRIs: slugs, folding, content hashes, sibling disambiguation."""

from rdflib import URIRef

from boussole.graph import iris
from boussole.graph.build import plan_ids
from boussole.graph.sample import sample_plan


def test_slug_and_fold():
    assert iris.slug("Clermont-Ferrand") == "clermont-ferrand"
    assert iris.slug("  Académie d'Aix–Marseille ") == "academie-d-aix-marseille"
    assert iris.slug("Œuvre à l'école") == "oeuvre-a-l-ecole"
    assert iris.slug("") == "x"


def test_plan_iris():
    assert iris.plan_slug("Clermont-Ferrand", "2023-2027") == "clermont-ferrand-2023-2027"
    assert iris.plan_slug("Amiens", "2025", "progress-report") == "amiens-2025-progress-report"
    ids = plan_ids(sample_plan().meta)
    assert ids.plan == URIRef("https://w3id.org/boussole/id/plan/clermont-ferrand-2023-2027")
    assert ids.graph == URIRef("https://w3id.org/boussole/id/graph/clermont-ferrand-2023-2027")
    other = plan_ids(sample_plan().meta, base="http://example.org/kg")
    assert other.plan == URIRef("http://example.org/kg/plan/clermont-ferrand-2023-2027")


def test_places_and_orgs():
    assert iris.commune_iri("Saint-Flour") == URIRef("https://w3id.org/boussole/id/place/commune/saint-flour")
    assert iris.departement_iri("Cantal", "15").endswith("/place/departement/15")
    assert iris.departement_iri("Puy-de-Dôme").endswith("/place/departement/puy-de-dome")
    assert iris.academy_iri("Clermont-Ferrand").endswith("/academy/clermont-ferrand")
    assert iris.school_iri("Collège Jean Moulin", "Saint-Flour").endswith("/school/saint-flour/college-jean-moulin")


def test_element_hash_ignores_accents_and_case_and_is_deterministic():
    plan = URIRef("https://w3id.org/boussole/id/plan/p")
    a = iris.ElementMinter(plan).mint("objective", plan, "1.1", "Accès à la culture")
    b = iris.ElementMinter(plan).mint("objective", plan, "1.1", "ACCES A LA  CULTURE")
    assert a == b
    assert a.startswith(f"{plan}/objective/") and len(a.rsplit("/", 1)[1]) == iris.HASH_CHARS
    assert iris.ElementMinter(plan).mint("objective", plan, "1.2", "Accès à la culture") != a


def test_sibling_collisions_disambiguated_by_order():
    plan = URIRef("https://w3id.org/boussole/id/plan/p")
    m = iris.ElementMinter(plan)
    first = m.mint("indicator", plan, None, "Taux de réussite")
    second = m.mint("indicator", plan, None, "Taux de réussite")
    third = m.mint("indicator", plan, None, "Taux de réussite")
    assert second == URIRef(f"{first}-2") and third == URIRef(f"{first}-3")
    m2 = iris.ElementMinter(plan)
    assert [m2.mint("indicator", plan, None, "Taux de réussite") for _ in range(3)] == [first, second, third]
