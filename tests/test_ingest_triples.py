"""The ingest stores, for each seed document, exactly the triples of build_plan_graph's rdflib
Graph (plus its pipeline marker), each once: building a list of tuples instead of filling a
Graph changes nothing that is stored."""

from rdflib import Literal

from boussole.graph import BSL, build_plan_graph, plan_ids
from boussole.jobs import Source, _prepare, bundled_sources, pipeline_fingerprint, theme_tagger
from boussole.ingest.pipeline import extract


def test_the_ingest_stores_the_graph_builders_triples():
    for s in bundled_sources():
        prepared = _prepare(Source(s.path, s.display, s.academy, s.title, s.period, s.kind))
        assert prepared.error is None, prepared.error
        plan = extract(s.path, academy=s.academy, title=s.title, period=s.period, kind=s.kind, display_path=s.display)
        graph = build_plan_graph(plan, tagger=theme_tagger())
        marker = (plan_ids(plan.meta).source, BSL.pipeline, Literal(pipeline_fingerprint()))
        assert len(prepared.triples) == len(set(prepared.triples)), "a triple stored twice"
        assert set(prepared.triples) == set(graph) | {marker}, s.display
        assert len(graph) > 3000
