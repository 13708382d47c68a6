"""ThemeTagger: keyword matching (accent/case-folded, word boundaries), device links, scores."""

import pytest
from rdflib import Graph

from boussole.graph import vocab
from boussole.graph.sample import MINI_DEVICES, MINI_THEMES
from boussole.graph.themes import DEFAULT_THRESHOLD, ThemeTagger


@pytest.fixture(scope="module")
def tagger():
    return ThemeTagger.from_graphs(
        Graph().parse(data=MINI_THEMES, format="turtle"), Graph().parse(data=MINI_DEVICES, format="turtle")
    )


def test_rural_culture_sentence(tagger):
    tags = dict(tagger.tag("Favoriser l'accès à la CULTURE des élèves des territoires ruraux"))
    assert set(tags) == {"culture", "rurality"}
    assert tags["culture"] == pytest.approx(0.6)  # prefLabel hit
    assert tags["rurality"] == pytest.approx(0.4)  # one keyword


def test_word_boundaries_and_accents(tagger):
    # "art" must not match inside "partenariat"; "harcelement" without accents matches "Harcèlement"
    assert tagger.tag("Un partenariat durable") == []
    assert [t for t, _ in tagger.tag("lutte contre le harcelement")] == ["harassment"]
    # plural s/x: "artistes" matches keyword "artiste"
    assert [t for t, _ in tagger.tag("des artistes en classe")] == ["culture"]


def test_score_grows_with_distinct_hits_and_devices(tagger):
    one = dict(tagger.tag("une école rurale"))["rurality"]
    two = dict(tagger.tag("une école rurale à la campagne"))["rurality"]
    same_twice = dict(tagger.tag("rurale, rurale, rurale"))["rurality"]
    with_device = dict(tagger.tag("une école rurale", devices=["territoires-educatifs-ruraux"]))["rurality"]
    assert one < two < with_device <= 1.0
    assert same_twice == one  # distinct keywords count, not repetitions


def test_device_only_and_sorting(tagger):
    tags = tagger.tag("Développer l'usage du dispositif", devices=["pass-culture", "unknown"])
    assert tags == [("culture", 0.5)]
    many = tagger.tag("Culture et harcèlement à la campagne, éducation artistique et culturelle")
    assert [s for _, s in many] == sorted((s for _, s in many), reverse=True)


def test_threshold():
    strict = ThemeTagger.from_graphs(Graph().parse(data=MINI_THEMES, format="turtle"), threshold=0.6)
    assert strict.tag("une école rurale") == []
    assert [t for t, _ in strict.tag("la ruralité")] == ["rurality"]
    assert DEFAULT_THRESHOLD <= 0.4


@pytest.mark.skipif(not vocab.vocab_exists(vocab.THEMES), reason="ontology/themes.ttl not written yet")
def test_packaged_thesaurus_tags_rural_culture():
    tagger = ThemeTagger.from_package()
    tags = {t for t, _ in tagger.tag("Favoriser l'accès à la culture des élèves des territoires ruraux")}
    assert {"culture", "rurality"} <= tags, tags
    # English reaches the same themes (the thesaurus has EN labels)
    assert {"culture", "rurality"} <= {t for t, _ in tagger.tag("Arts education in rural schools")}
    # a device named in the node brings its themes (devices.ttl dcterms:subject)
    assert "rurality" in {
        t for t, _ in tagger.tag("Développer le dispositif", devices=["territoires-educatifs-ruraux"])
    }


def test_ambiguous_labels_match_case_sensitively():
    ttl = (
        MINI_THEMES
        + """
bslt:vocational a bsl:Theme ; skos:prefLabel "Voie professionnelle"@fr ;
  skos:hiddenLabel "CAP"@fr, "apprentissage"@fr ; bsl:ambiguousLabel "CAP" .
"""
    )
    t = ThemeTagger.from_graphs(Graph().parse(data=ttl, format="turtle"))
    assert [x for x, _ in t.tag("Préparer un CAP cuisine")] == ["vocational"]
    assert t.tag("garder le cap") == []  # the common word does not match
    assert [x for x, _ in t.tag("l'apprentissage")] == ["vocational"]
