"""Bridges between an adviser's words and the plans' words: the glossary, pseudo-relevance
feedback across languages, units embedded with their context, and the cross-validation that
chooses the ranking's weights."""
from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from boussole.search.expand import GLOSSARY, default_thesaurus
from boussole.search.hybrid import Weights
from boussole.search.index import IndexStore, fingerprint, load_engines
from boussole.text import terms

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("relevance", ROOT / "bench" / "relevance.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# -- the glossary -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def glossary() -> Graph:
    g = Graph()
    g.parse(ROOT / "ontology" / GLOSSARY, format="turtle")
    return g


def test_every_glossary_entry_has_one_french_and_one_english_preferred_label(glossary):
    concepts = set(glossary.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 60
    for c in concepts:
        prefs = [o for o in glossary.objects(c, SKOS.prefLabel) if isinstance(o, Literal)]
        assert sorted(o.language for o in prefs) == ["en", "fr"], c
        assert (c, SKOS.inScheme, None) in glossary


def test_glossary_does_not_duplicate_devices(glossary):
    # a device is one named programme: its labels belong to devices.ttl (themes are topics, and a
    # topic's keyword may well be plan vocabulary too)
    th = default_thesaurus()
    vocab = {tuple(terms(lab)) for c in th.concepts.values() if c.kind == "device" for lab in c.french}
    for c in glossary.subjects(RDF.type, SKOS.Concept):
        for o in glossary.objects(c, SKOS.prefLabel | SKOS.altLabel):
            if o.language == "fr":
                assert tuple(terms(str(o))) not in vocab, f"{o} is already a device label"


def test_an_english_glossary_label_brings_the_french_words_and_is_shown_as_understood(searcher):
    th = default_thesaurus()
    entry = next(c for c in th.concepts.values() if c.kind == "term" and c.english and
                 len(terms(c.english)) > 1 and not set(terms(c.english)) & set(terms(" ".join(c.french))))
    result = searcher.search(entry.english, k=5)
    assert entry.id in {t["id"] for t in result.to_json()["understood"]["terms"]}
    for t in terms(entry.label):
        assert t in result.expansion.terms


def test_glossary_words_do_not_hide_a_device_named_in_the_same_words(searcher):
    th = default_thesaurus()
    for device in (c for c in th.concepts.values() if c.kind == "device"):
        assert device in th.match(device.label), device.label


# -- pseudo-relevance feedback ------------------------------------------------------------------
def test_feedback_terms_come_from_the_best_dense_hits_not_from_the_query(searcher):
    s = searcher.with_weights(Weights(prf=0.5, prf_docs=3, prf_terms=8))
    q = "keeping small rural primary schools staffed"
    ranked = s._dense_ranks(q, None)["e5"]
    fb = s.feedback_terms(ranked, set(terms(q)))
    assert fb and len(fb) <= 8 and max(fb.values()) == pytest.approx(0.5)
    top_words = set().union(*(terms(s.units[i].body) for i in ranked[:3]))
    assert set(fb) <= top_words
    assert not set(fb) & set(terms(q))


def test_feedback_is_off_with_a_zero_weight(searcher):
    s = searcher.with_weights(Weights(prf=0.0))
    assert s.feedback_terms(np.arange(5), set()) == {}


# -- units with their context -------------------------------------------------------------------
def test_leaves_are_embedded_under_their_objective_and_projects_with_their_establishment(searcher, seed_store):
    from conftest import rows

    leaves = [u for u in searcher.units if u.type in ("Engagement", "Indicator", "Action") and u.objective]
    assert leaves and all(u.passage.startswith(u.objective.label + "\n") for u in leaves)
    assert all(u.body in u.passage for u in leaves)
    carried = rows(seed_store, "SELECT ?p ?l WHERE { ?p a bsl:Project ; bsl:carriedBy/rdfs:label ?l }")
    assert carried
    by_id = {u.id: u for u in searcher.units}
    for r in carried:
        assert r["l"] in by_id[r["p"]].context


def test_context_changes_the_index_fingerprint_and_embeds_only_the_changed_units(searcher, tmp_path):
    units = searcher.units
    bare = [replace(u, context="") for u in units]
    assert fingerprint(units, ("use",)) != fingerprint(bare, ("use",))
    engines = load_engines(("use",))
    store = IndexStore(tmp_path, "ctx-test")
    store.cache_path = tmp_path / "cache" / "embeddings.sqlite"   # a cache of this test's own
    first = store.build(bare, engines)
    assert first.embedded["use"] == len({u.content_hash for u in bare})
    second = store.build(units, engines)
    changed = {u.content_hash for u in units if u.context} - {u.content_hash for u in bare}
    assert second.embedded["use"] == len(changed) > 0


def test_units_read_back_from_the_index_keep_their_context(searcher):
    from boussole.search.units import Unit

    u = next(u for u in searcher.units if u.context)
    assert Unit.from_json(json.loads(json.dumps(u.to_json()))) == u


# -- honest tuning ------------------------------------------------------------------------------
def test_cross_validation_never_chooses_on_the_query_it_measures():
    bench = _bench()
    queries = [{"id": f"q{i}", "lang": "en" if i % 2 else "fr"} for i in range(20)]
    fold = bench.folds_of(queries, 5)
    # configuration 1 is perfect on query 0 alone; configuration 0 is better on all the others
    ranks = np.full((2, 20), 2, dtype=np.int16)
    ranks[0, :] = 1
    ranks[0, 0], ranks[1, 0] = 0, 1
    ranks[1, 1:] = 3
    held, chosen = bench.cross_validate(ranks, fold, np.ones(2, dtype=bool))
    assert held[0] is None            # measured with the configuration chosen without it
    assert set(chosen) == {0}


def test_folds_are_stratified_by_language():
    bench = _bench()
    queries = [{"lang": "en"}] * 23 + [{"lang": "fr"}] * 17
    fold = bench.folds_of(queries, 5)
    for f in range(5):
        en = sum(1 for q, x in zip(queries, fold) if x == f and q["lang"] == "en")
        assert en in (4, 5)


def test_shipped_weights_are_a_configuration_of_the_grid():
    bench = _bench()
    w = Weights()
    grid = [bench.weights_of(c) for c in bench.configurations() if c["embedded_context"]]
    assert w in grid
