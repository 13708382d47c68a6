"""The official gazetteer (INSEE's COG, shipped as data) and how questions are read with it."""

from __future__ import annotations

from boussole.api.chat_query import QuestionReader, merge
from boussole.ingest.gazetteer import gazetteer
from boussole.ingest.places import entities

from conftest import rows


def test_gazetteer_knows_communes_and_their_departement_offline():
    g = gazetteer()
    assert len(g.departements) >= 100 and g.departement("Oise") == ("60", "Oise")
    assert g.commune("Méru").departement == "60" and g.commune("SAINT QUENTIN").name == "Saint-Quentin"
    assert g.commune("St Quentin") == g.commune("Saint-Quentin")
    # brands and namesakes are not communes
    assert not g.is_commune("Vinci") and not g.is_commune("Instagram")
    # a name several communes bear is not guessed
    assert len(g.communes("Saint-Denis")) > 1 and g.commune("Saint-Denis") is None
    assert g.commune("Saint-Denis", "93").code == "93066"


def test_ner_places_are_kept_only_when_the_gazetteer_knows_them():
    places, _ = entities(
        "Le projet est mené au lycée Léonard de Vinci de Soissons avec Instagram et la mairie de Laon."
    )
    names = {p.name for p in places}
    assert {"Soissons", "Laon"} <= names and not names & {"Vinci", "Léonard de Vinci", "Instagram"}


def test_seed_projects_have_no_place_the_gazetteer_rejects(seed_store):
    g = gazetteer()
    communes = {
        r["c"]
        for r in rows(
            seed_store,
            "SELECT DISTINCT ?c WHERE { ?p a bsl:Project ; bsl:place ?x . ?x a bsl:Commune ; rdfs:label ?c }",
        )
    }
    assert communes and "Vinci" not in communes
    # a commune read from a project's own header stays as the plan spells it, even misspelt
    assert "Nanteuil-le-Haudoin" in communes
    # a project whose header gives no code gets its commune's département from the gazetteer
    found = rows(
        seed_store,
        """SELECT ?code WHERE { ?p a bsl:Project ; rdfs:label "MÉRU : cité apprenante"@fr ;
        bsl:place ?d . ?d a bsl:Departement ; skos:notation ?code }""",
    )
    assert [r["code"] for r in found] == [g.commune("Méru").departement]


READER = QuestionReader(["Amiens", "Clermont-Ferrand"], {"p1": "Calliopé", "p2": "L'empathie à l'école"})


def test_questions_read_into_intent_constraints_and_topic():
    q = READER.read("Which CNR projects are in the Oise?")
    assert (q.intent, q.types, q.cnr, q.departements, q.topic) == ("which", ("Project",), True, (("60", "Oise"),), "")
    q = READER.read("Combien d'internats d'excellence en 2024 à Amiens ?")
    assert (q.intent, q.years, q.academies, q.topic) == ("count", ("2024",), ("Amiens",), "internats excellence")
    q = READER.read("What is the success rate at the CAP exam?")
    assert q.intent == "count" and q.unit == "%" and q.topic == "CAP"
    assert READER.read("Où a lieu le projet L'empathie à l'école ?").named == "p2"
    assert READER.read("Quels projets sont menés à Beauvais ?").communes == ("Beauvais",)
    # an acronym is not a commune, an académie is not a commune
    assert READER.read("How many ULIS in 2021?").communes == ()
    assert READER.read("Which projects are in Amiens?").communes == ()
    assert READER.read("Which devices do both plans mention?").intent == "common"
    assert READER.read("Compare Amiens and Clermont-Ferrand on inclusion").intent == "compare"


def test_follow_ups_change_only_what_they_say():
    first = READER.read("Quels projets CNR sont dans l'Aisne ?")
    then = merge(first, READER.read("et dans l'Oise ?"))
    assert then.cnr and then.types == ("Project",) and then.departements == (("60", "Oise"),)
    topic = READER.read("What do the plans say about boarding schools?")
    ind = merge(topic, READER.read("what indicators measure it?"))
    assert ind.types == ("Indicator",) and ind.topic == topic.topic and ind.intent == "which"
    there = merge(ind, READER.read("and in Clermont-Ferrand?"))
    assert there.academies == ("Clermont-Ferrand",) and there.types == ("Indicator",) and there.topic == topic.topic
    # a new question with a topic of its own starts afresh
    assert merge(there, READER.read("Où se trouve le projet Calliopé ?")).named == "p1"
