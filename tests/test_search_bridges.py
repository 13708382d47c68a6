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
from boussole.text import fold, terms

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
    entry = next(
        c
        for c in th.concepts.values()
        if c.kind == "term"
        and c.english
        and len(terms(c.english)) > 1
        and not set(terms(c.english)) & set(terms(" ".join(c.french)))
    )
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
    store.cache_path = tmp_path / "cache" / "embeddings.sqlite"  # a cache of this test's own
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
    assert held[0] is None  # measured with the configuration chosen without it
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


def test_candidates_change_only_their_own_setting_of_a_grid_configuration():
    bench = _bench()
    confs = bench.configurations()
    grid = [bench.weights_of(c, ("st:x",)) for c in confs]
    for name, cconfs in bench.candidate_configurations(confs, ("st:x",)).items():
        assert cconfs
        for c in cconfs:
            w = bench.weights_of(c, ("st:x",))
            assert w not in grid, name  # a candidate setting is on
            key = bench.CANDIDATES[name][0] if name in bench.CANDIDATES else "engines"
            rest = {k: v for k, v in c.items() if k != key}
            # …on a configuration of the grid, nothing else changed
            assert any(all(g[k] == v for k, v in rest.items()) for g in confs), name
    # an engine joined for measurement is off in every configuration of the grid
    assert all(dict(w.engine)["st:x"] == 0.0 for w in grid)


# -- acronyms the corpus defines ----------------------------------------------------------------
def _words(text: str) -> str:
    import re

    from boussole.text import fold

    return " ".join(re.findall(r"\w+", fold(text).lower()))


def test_acronyms_are_read_from_the_definitions_the_plans_write(searcher):
    table = searcher.acronyms
    assert len(table) >= 20
    corpus = _words("\n".join(u.body for u in searcher.units))
    for a in table.entries.values():
        # each entry is a "long form (ACRONYM)" of the plans, the letters spelled in order
        assert _words(f"{a.long} {a.short}") in corpus, a
        assert a.long_terms and a.short not in a.long.split()
    # a place in parentheses is not an acronym: « Jean Rostand (Chantilly) », « CDDC (Oise) »
    assert not {"Oise", "Chantilly", "Amiens", "Laon"} & set(table.entries)


def test_a_unit_using_an_acronym_bare_is_found_by_its_long_form(searcher):
    table = searcher.acronyms
    found = [
        (i, a)
        for i, u in enumerate(searcher.units)
        for a in table.used_in(u.passage)
        if not set(a.long_terms) & set(terms(u.passage))
    ]
    assert found
    with_long, without = searcher.lexical_index(True, True), searcher.lexical_index(True, False)
    for i, a in found:
        assert with_long.scores(list(a.long_terms))[i] > 0
        assert without.scores(list(a.long_terms))[i] == 0


def test_a_typed_acronym_brings_its_long_form_and_a_long_form_its_acronym(searcher):
    s = searcher.with_weights(replace(searcher.weights, acronyms=1.0))
    a = next(a for a in s.acronyms.entries.values() if a.short_terms and len(a.long_terms) >= 3)
    typed = s.search(f"projets {a.short}", k=5).to_json()["understood"]["acronyms"]
    assert {"acronym": a.short, "long": a.long} in typed
    spelled = s.search(a.long, k=5).to_json()["understood"]["acronyms"]
    assert {"acronym": a.short, "long": a.long} in spelled
    # off: not read, not shown
    off = searcher.with_weights(replace(searcher.weights, acronyms=0.0, acronym_dense=False))
    assert off.search(f"projets {a.short}", k=5).to_json()["understood"]["acronyms"] == []


def test_words_of_a_heading_in_capitals_are_not_taken_for_acronyms(searcher):
    table = searcher.acronyms
    cap = table.entries["CAP"]
    assert table.used_in("Préparer un CAP en deux ans") == [cap]
    assert table.used_in("UN CAP POUR TOUS LES ÉLÈVES") == []
    # spelled out already: nothing to add
    assert table.used_in(f"Préparer un {cap.long.lower()} (CAP)") == []


# -- score fusion -------------------------------------------------------------------------------
def test_score_fusion_puts_each_list_between_its_last_hit_and_its_best(searcher):
    s = searcher.with_weights(replace(searcher.weights, fusion="cc", lexical=0.0, device=0.0, theme=0.0))
    q = "inclusion des élèves en situation de handicap"
    ids, sims = s._dense_lists(q, None)["e5"]
    expected = {s.units[i].id: float(x) for i, x in zip(ids, (sims - sims[-1]) / (sims[0] - sims[-1]))}
    hits = s.search(q, k=50, facet_depth=50).hits
    assert hits[0].score == pytest.approx(1.0)
    for h in hits:
        assert h.score == pytest.approx(expected.get(h.unit.id, 0.0), abs=1e-6)


def test_score_fusion_and_reciprocal_ranks_agree_on_a_single_list(searcher):
    # one list: normalising its scores keeps its order, as ranks do
    base = replace(searcher.weights, lexical=1.0, device=0.0, theme=0.0)
    bm25 = searcher.with_engines(())
    q = "évaluations nationales en français et mathématiques"
    cc = [h.unit.id for h in bm25.with_weights(replace(base, fusion="cc")).search(q, k=20).hits]
    rrf = [h.unit.id for h in bm25.with_weights(replace(base, fusion="rrf")).search(q, k=20).hits]
    assert cc and cc == rrf


# -- candidate mechanisms (measured by bench/relevance.py, off by default) ------------------------
def test_dense_feedback_searches_again_from_the_centroid_of_the_best_hits(searcher):
    q = "pupils who do not speak French on arrival"
    plain = searcher.with_weights(replace(searcher.weights, dense_prf=0.0))
    ids, _ = plain._dense_lists(q, None)["e5"]
    fb = searcher.with_weights(replace(searcher.weights, dense_prf=0.5, dense_prf_docs=3))
    got, sims = fb._dense_lists(q, None)["e5"]
    # by hand: the query vector plus half the mean of its three best hits' vectors, re-normalised
    vecs = searcher.index.vectors["e5"].reconstruct_n(0, len(searcher.units))
    v = searcher.engines["e5"].encode_queries([q])[0] + 0.5 * vecs[ids[:3]].mean(axis=0)
    v /= np.linalg.norm(v)
    assert np.allclose(sims, vecs[got] @ v, atol=1e-4)
    assert np.all(np.diff(sims) <= 1e-6)
    assert list(got) != list(ids)  # the centroid moved the query: a different list
    # within the filters too: feedback never brings a unit the filters exclude
    allowed = np.flatnonzero([u.type == "Action" for u in searcher.units])
    fid, _ = fb._dense_lists(q, allowed)["e5"]
    assert len(fid) and set(fid.tolist()) <= set(allowed.tolist())


def test_the_own_words_list_searches_the_units_vectors_without_their_context(searcher):
    q = "keeping small rural primary schools staffed"
    s = searcher.with_weights(replace(searcher.weights, own_words=0.5))
    lists = s._dense_lists(q, None)
    assert set(lists) == {"e5", "e5:own"}
    own = searcher.index.own_vectors["e5"].reconstruct_n(0, len(searcher.units))
    ids, sims = lists["e5:own"]
    v = searcher.engines["e5"].encode_queries([q])[0]
    assert np.allclose(sims, own[ids] @ v, atol=1e-4)
    assert s.list_weight("e5:own") == pytest.approx(0.5 * s.list_weight("e5"))
    hits = s.search(q, k=10).hits
    assert any("e5:own" in h.parts for h in hits)
    # off: one list per engine, as before
    assert set(searcher.with_weights(replace(searcher.weights, own_words=0.0))._dense_lists(q, None)) == {"e5"}


def test_glossary_labels_join_the_text_the_engines_encode(searcher):
    th = default_thesaurus()
    entry = next(
        c
        for c in th.concepts.values()
        if c.kind == "term" and c.english and not set(terms(c.english)) & set(terms(" ".join(c.french)))
    )
    q = f"{entry.english} in rural schools"
    base = replace(searcher.weights, lexical=0.0, device=0.0, theme=0.0, translate="")
    s = searcher.with_weights(replace(base, translate="term"))
    result = s.search(q, k=10, facet_depth=10)
    assert entry in result.expansion.glossary
    # the e5 list is the one of the query followed by the French labels of the terms it names
    named = list(dict.fromkeys(c.label for c in result.expansion.glossary if fold(c.label) not in fold(q)))
    ids, _ = searcher._dense_lists(f"{q} ({' ; '.join(named)})", None)["e5"]
    rank = {searcher.units[int(i)].id: r + 1 for r, i in enumerate(ids)}
    assert result.hits and all(h.parts["e5"] == rank[h.unit.id] for h in result.hits)
    untranslated = searcher.with_weights(base).search(q, k=10).hits
    assert [h.unit.id for h in result.hits] != [h.unit.id for h in untranslated]


def test_use_joins_the_fusion_only_when_a_deployment_opts_in(seed_data, seed_store, monkeypatch):
    from boussole.search.service import ENV_USE, open_searcher

    monkeypatch.delenv(ENV_USE, raising=False)
    s, _ = open_searcher(seed_store, seed_data)
    assert s.weights == Weights() and s.weights.for_engine("use") == 0.0
    q = "pupils who do not speak French on arrival"
    assert not any("use" in h.parts for h in s.search(q, k=10).hits)  # not even encoded
    monkeypatch.setenv(ENV_USE, "0.25")
    s, report = open_searcher(seed_store, seed_data)
    assert not report.rebuilt  # the index holds USE's vectors already
    assert s.weights == replace(Weights(), engine=(("use", 0.25),))
    assert any("use" in h.parts for h in s.search(q, k=10).hits)
    monkeypatch.setenv(ENV_USE, "a lot")
    with pytest.raises(ValueError, match=ENV_USE):
        open_searcher(seed_store, seed_data)
