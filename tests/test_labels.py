"""The ontology's words for types and facets, read once for every layer that names them."""

from boussole.graph import labels
from boussole.search.units import UNIT_TYPES


def test_every_searchable_type_has_french_and_english_names():
    types = labels.vocabulary()["types"]
    for t in UNIT_TYPES:
        assert set(types[t]["label"]) == set(types[t]["plural"]) == set(labels.LANGS), t


def test_type_labels_follow_the_ontology():
    doc = labels.vocabulary()
    assert labels.type_label("Objective") == doc["types"]["Objective"]["label"]["fr"]
    assert labels.type_label("Figure", "fr", plural=True) == doc["types"]["Figure"]["plural"]["fr"]
    assert labels.type_label("NoSuchType") == "NoSuchType"


def test_facets_are_the_ontology_list_in_order():
    doc = labels.vocabulary()
    assert labels.facet_names() == tuple(f["name"] for f in doc["facets"])
    assert "type" in labels.facet_names() and len(set(labels.facet_names())) == len(labels.facet_names())
