"""What keeps /search cheap at hundreds of plans: BM25 scored from the query terms' postings,
the ranking's depth taken without sorting every match, and, above APPROX_FROM units, an
inverted-file index for unfiltered dense searches. Real corpus text, real engines, real builds."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boussole.corpus import __file__ as corpus_init
from boussole.search.hybrid import Filters, Searcher, Weights, top_stable
from boussole.search.index import IndexCorrupt, IndexStore, ivf_shape, load_engines
from boussole.search.lexical import LexicalIndex
from boussole.text import terms
from pathlib import Path

CORPUS = Path(corpus_init).parent


def corpus_passages() -> list[str]:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if len(b.split()) >= 4]


# -- BM25 from postings ---------------------------------------------------------------------------
def test_bm25_from_postings_scores_exactly_what_bm25s_scores():
    """Summing each query term's posting list gives, bit for bit, the sum of bm25s's dense
    per-term score columns, for weighted and repeated terms, and terms the corpus lacks."""
    passages = corpus_passages()
    assert len(passages) > 300
    lex = LexicalIndex(passages)
    rng = np.random.default_rng(7)
    vocab = sorted(lex._bm25.vocab_dict)
    for passage in passages[::25]:
        query = (
            terms(passage)[:6]
            + list(rng.choice(vocab, 4))
            + ["zzzinconnu", terms(passage)[0] if terms(passage) else "x"]
        )
        weights = {t: float(w) for t, w in zip(query[::2], rng.uniform(0.1, 2.0, len(query)))}
        expected = np.zeros(lex.size, dtype=np.float32)
        for t in dict.fromkeys(query):
            if t in lex._bm25.vocab_dict:
                expected += weights.get(t, 1.0) * lex._bm25.get_scores([t]).astype(np.float32)
        got = lex.scores(query, weights)
        assert got.dtype == np.float32
        assert np.array_equal(got, expected), query
        assert (got > 0).any()


# -- the ranking's depth without a full sort ------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.25, 3.0, 7.125]), max_size=400),
    st.integers(min_value=0, max_value=150),
)
def test_top_stable_is_the_head_of_a_stable_descending_sort(values, k):
    """Ties (identical units score identically) are the hard case: they must come in position
    order, as a stable sort leaves them, whatever the partition did."""
    v = np.asarray(values, dtype=np.float32)
    assert np.array_equal(top_stable(v, k), np.argsort(-v, kind="stable")[:k])


# -- the inverted-file index ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def forced_ivf(seed_data, searcher, tmp_path_factory):
    """The seed's units indexed with the inverted-file index forced on (APPROX_FROM = 0); the
    vectors come from the embedding cache the ingest filled."""
    store = IndexStore(tmp_path_factory.mktemp("ivf"))
    engines = load_engines(tuple(searcher.engines))
    report = store.build(searcher.units, engines, approx_from=0)
    assert sum(report.embedded.values()) == 0
    return store, store.open(tuple(searcher.engines)), engines


def test_below_the_threshold_every_search_is_exact(searcher):
    """The seed corpus is far below APPROX_FROM: its index has no inverted file, so its ranking
    is the exact one the relevance benches measure."""
    assert searcher.index.approx == {}
    assert all("ivf_file" not in meta for meta in searcher.index.manifest["engines"].values())


def test_ivf_is_written_checked_and_shaped_by_the_corpus_size(forced_ivf):
    store, index, _ = forced_ivf
    n = len(index.units)
    for spec, meta in index.manifest["engines"].items():
        assert meta["ivf_file"] in index.manifest["files"]
        assert (meta["nlist"], meta["nprobe"]) == ivf_shape(n)
        assert index.approx[spec].ntotal == n and index.approx[spec].nprobe == meta["nprobe"]
    # a damaged inverted file is caught by the manifest's checksums like any other file
    victim = index.path / next(iter(index.manifest["engines"].values()))["ivf_file"]
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt):
        store.open(tuple(index.manifest["engines"]))
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))


def test_ivf_answers_unfiltered_searches_and_exact_scans_filtered_ones(forced_ivf, searcher):
    _, index, _ = forced_ivf
    q = searcher.engines["e5"].encode_queries(["internats d'excellence"]).astype(np.float32)
    exact_ids, exact_sims = searcher.index.search("e5", q, 100)
    ivf_ids, ivf_sims = index.search("e5", q, 100)
    # what the IVF finds it scores exactly; it compares only the probed cells' vectors, so its
    # list is a subset of the best units in a different order only where it missed some
    sims = dict(zip(exact_ids.tolist(), exact_sims.tolist()))
    full = searcher.index.search("e5", q, len(searcher.units))
    every = dict(zip(full[0].tolist(), full[1].tolist()))
    assert all(abs(every[i] - s) < 1e-5 for i, s in zip(ivf_ids.tolist(), ivf_sims.tolist()))
    assert list(ivf_sims) == sorted(ivf_sims, reverse=True)
    assert len(set(ivf_ids[:10]) & set(exact_ids[:10])) >= 5
    # every cell probed: the exact neighbours
    index.approx["e5"].nprobe = index.approx["e5"].nlist
    try:
        all_ids, all_sims = index.search("e5", q, 100)
    finally:
        index.approx["e5"].nprobe = index.manifest["engines"]["e5"]["nprobe"]
    assert np.allclose(np.sort(all_sims), np.sort(exact_sims), atol=1e-6)
    clear = {i for i, v in sims.items() if v > exact_sims[-1] + 1e-6}  # above the boundary's ties
    assert clear <= set(all_ids.tolist())
    # a filter: the exact scan, the same list as the exact index gives
    allowed = np.flatnonzero([u.type == "Action" for u in index.units])
    assert np.array_equal(index.search("e5", q, 20, allowed)[0], searcher.index.search("e5", q, 20, allowed)[0])


def test_searcher_over_the_ivf_still_finds_the_seed_answers(forced_ivf, searcher):
    """Public queries with an obvious answer keep it in the top five through the approximate
    dense list (BM25, boosts and the exact filtered path are unchanged)."""
    _, index, engines = forced_ivf
    s = Searcher(index, engines, searcher.thesaurus, searcher.tagger, Weights())
    for query, phrase in (("excellence boarding schools", "internat"), ("mental health of pupils", "santé mentale")):
        hits = s.search(query, k=5).hits
        assert any(phrase in (h.unit.label + " " + h.unit.text).lower() for h in hits), query
    filtered = s.search("internats d'excellence", k=5, filters=Filters(types=("Action",))).hits
    assert filtered and all(h.unit.type == "Action" for h in filtered)
    assert json.dumps(s.search("orientation", k=3).to_json())


def test_a_rebuild_reuses_the_cells_of_the_live_build(forced_ivf, tmp_path):
    """After a small change (here: twenty units fewer) a rebuild assigns the vectors to
    the live build's k-means cells instead of training new ones; a corpus grown well beyond them
    gets new cells."""
    import faiss

    _, index, engines = forced_ivf
    store = IndexStore(tmp_path)
    store.build(index.units, engines, approx_from=0)
    first = store.open(tuple(engines))
    fewer = index.units[:-20]
    store.build(fewer, engines, approx_from=0)
    second = store.open(tuple(engines))
    for spec in engines:
        a, b = first.approx[spec], second.approx[spec]
        assert b.ntotal == len(fewer) and b.nlist == a.nlist
        cells = lambda ivf: faiss.rev_swig_ptr(faiss.downcast_index(ivf.quantizer).get_xb(), ivf.nlist * ivf.d)  # noqa: E731
        assert np.array_equal(cells(a), cells(b))
    grown = index.units * 3  # ~1.7× the cells: trained anew
    store.build(grown, engines, approx_from=0)
    third = store.open(tuple(engines))
    assert all(third.approx[s].nlist == ivf_shape(len(grown))[0] != first.approx[s].nlist for s in engines)


def test_an_index_without_the_inverted_files_its_size_calls_for_is_rebuilt(seed_store, tmp_path, monkeypatch):
    """An index built exact (by an earlier version, or under a higher threshold) matches the graph
    but not what its size now calls for: the next ensure_index rebuilds it, from the cache."""
    from boussole.search.index import ENV_APPROX_FROM, ensure_index
    from boussole.search.service import engine_specs

    specs = engine_specs()
    exact, report = ensure_index(seed_store, tmp_path, specs, progress=lambda m: None)
    assert report.rebuilt and exact.approx == {}
    again, report = ensure_index(seed_store, tmp_path, specs, progress=lambda m: None)
    assert not report.rebuilt
    monkeypatch.setenv(ENV_APPROX_FROM, "0")
    ivf, report = ensure_index(seed_store, tmp_path, specs, progress=lambda m: None)
    assert report.rebuilt and sum(report.embedded.values()) == 0
    assert set(ivf.approx) == set(specs) and ivf.fingerprint == exact.fingerprint
    _, report = ensure_index(seed_store, tmp_path, specs, progress=lambda m: None)
    assert not report.rebuilt
