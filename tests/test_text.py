"""The one folding every layer compares text with, and the IRIs it must keep stable."""

from boussole import text
from boussole.graph import iris


def test_fold_drops_case_accents_and_ligatures_but_keeps_spacing():
    assert text.fold("Élève  ŒUVRE") == "eleve  oeuvre"
    assert text.fold("curriculum vitæ, Straße") == "curriculum vitae, strasse"
    assert text.fold("ﬁlière") == "filiere"  # compatibility ligatures decompose too


def test_key_collapses_white_space():
    assert text.key("  Élève \t\n ÉCOLE ") == "eleve ecole"
    assert text.key("Œuvre") == text.key("oeuvre") == text.key("ŒUVRE")


def test_strip_accents_keeps_case():
    assert text.strip_accents("CAP à Évry, Œuvre") == "CAP a Evry, OEuvre"


def test_terms_meet_across_accents_and_plurals():
    assert text.terms("élèves") == text.terms("eleve") == text.terms("Élève")
    assert text.terms("les élèves de l'école") == text.terms("élève école")


def test_iri_hashes_rest_on_key():
    # two spellings of one label that differ only in accents, case and spacing mint one IRI
    assert iris.slug("Académie  d'Aix–Marseille") == iris.slug("academie d'aix-marseille")
    assert iris.plan_slug("Amiens", None, title="Projet  Académique") == iris.plan_slug(
        "AMIENS", None, title="projet academique"
    )
