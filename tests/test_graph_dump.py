"""Dumps: Turtle (union), N-Quads (named graphs), JSON-LD (context) parse back with the same counts."""

import json
import os

import pytest
from rdflib import Dataset, Graph, Literal, Namespace

from boussole.graph import dump
from boussole.graph.build import build_plan_graph, plan_ids
from boussole.graph.sample import mini_tagger, sample_plan
from boussole.graph.store import GraphStore

EX = Namespace("http://example.org/")

# rdflib's own parsers still use its deprecated ConjunctiveGraph API internally
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture()
def store(tmp_path):
    with GraphStore(tmp_path / "store") as s:
        g = build_plan_graph(sample_plan(), tagger=mini_tagger())
        s.replace_document(plan_ids(sample_plan().meta).graph, g)
        other = Graph()
        other.add((EX.a, EX.p, Literal("x")))
        # a triple shared with the plan graph: counted once in the union, twice in the quads
        other.add(next(iter(g.triples((None, None, None)))))
        s.replace_document(EX.other, other)
        s.load_vocabularies()  # real ontology files: blank nodes (Data Cube structure) included
        yield s


def union_size(store):
    return len({(s, p, o) for s, p, o, _g in store.quads()})


def test_dumps_parse_back_with_same_counts(store, tmp_path):
    paths = dump.dump_all(store, tmp_path / "dumps")
    assert sorted(p.name for p in paths.values()) == ["boussole.jsonld", "boussole.nq", "boussole.ttl"]

    ttl = Graph().parse(paths["turtle"], format="turtle")
    assert len(ttl) == union_size(store)

    nq = Dataset()
    nq.parse(paths["nquads"], format="nquads")
    assert len(list(nq.quads((None, None, None, None)))) == len(store)
    assert {str(c.identifier) for c in nq.graphs() if len(c)} >= {
        str(EX.other),
        str(plan_ids(sample_plan().meta).graph),
    }

    raw = json.loads(paths["jsonld"].read_text(encoding="utf-8"))
    assert raw["@context"]["bsl"] == "https://w3id.org/boussole/ns#"
    assert "bsl:inPlan" in paths["jsonld"].read_text(encoding="utf-8")  # compacted keys
    jl = Dataset()
    jl.parse(paths["jsonld"], format="json-ld")
    assert len(list(jl.quads((None, None, None, None)))) == len(store)
    # same plan content in the named graph
    g_iri = plan_ids(sample_plan().meta).graph
    assert set(jl.graph(g_iri)) == set(store.graph(g_iri))


def test_dumps_are_deterministic(store, tmp_path):
    a = dump.nquads_bytes(store)
    b = dump.nquads_bytes(store)
    assert a == b
    assert dump.turtle_bytes(store).startswith(b"@prefix")


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "out.ttl"
    dump.atomic_write(target, lambda f: f.write(b"old"))

    def failing(f):
        f.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        dump.atomic_write(target, failing)
    assert target.read_bytes() == b"old"
    assert target.stat().st_mode & 0o777 == 0o644
    assert os.listdir(tmp_path) == ["out.ttl"]  # no temp file left behind


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError):
        dump.dump(store, tmp_path / "x", "rdfxml")
