"""Reading in several processes (`ingest(workers=N)`, `boussole ingest --workers N`) stores what
reading in one process stores, reports a refused document the same way, and keeps the order."""

from __future__ import annotations

import shutil

import pytest

from boussole.graph import GraphStore
from boussole.jobs import Source, bundled_sources, ingest


def _statements(data) -> set[tuple[str, str, str, str]]:
    """Every triple of the documents' graphs (the vocabularies' blank nodes differ by load)."""
    with GraphStore(data / "store", read_only=True) as store:
        rows = store.query(
            'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/boussole/id/graph/")) }',
            default_union=False,
        )
        return {(str(r["g"]), str(r["s"]), str(r["p"]), r["o"].n3()) for r in rows}


@pytest.fixture
def sources(tmp_path) -> list[Source]:
    bad = tmp_path / "notes.txt"
    bad.write_text("Liste de courses : pain, lait.\n", encoding="utf-8")  # not a plan: refused
    seed = bundled_sources()
    copy = tmp_path / "copy-of-first.txt"  # the same bytes under a second name: said once
    shutil.copy(seed[0].path, copy)
    return [seed[0], Source(bad, "notes.txt"), seed[1], Source(copy, "copy-of-first.txt")]


def test_two_reader_processes_store_what_one_process_stores(tmp_path, sources):
    lines = {"one": [], "two": []}
    reports = {}
    for name, workers in (("one", None), ("two", 2)):
        reports[name] = ingest(
            sources,
            tmp_path / name,
            index=False,
            links=False,
            dumps=False,
            workers=workers,
            progress=lines[name].append,
        )
    one, two = reports["one"], reports["two"]
    assert [(o.path, o.status, o.triples) for o in two.outcomes] == [
        (o.path, o.status, o.triples) for o in one.outcomes
    ]
    assert [o.status for o in two.outcomes] == ["ingested", "failed", "ingested", "unchanged"]
    assert two.failed[0].detail == one.failed[0].detail and "notes.txt" in two.failed[0].path
    assert _statements(tmp_path / "two") == _statements(tmp_path / "one")
    assert len(_statements(tmp_path / "two")) > 10_000
    # outcomes come back in the order given, whichever process finished first
    done = [line.split(":")[0] for line in lines["two"] if ": ingested" in line or "FAILED" in line]
    assert done == [line.split(":")[0] for line in lines["one"] if ": ingested" in line or "FAILED" in line]

    # a second run with readers finds every stored document unchanged and reads nothing
    again = ingest(sources, tmp_path / "two", index=False, links=False, dumps=False, workers=2)
    assert [o.status for o in again.outcomes] == ["unchanged", "failed", "unchanged", "unchanged"]


def test_workers_must_be_positive(tmp_path, sources):
    with pytest.raises(ValueError, match="at least 1"):
        ingest(sources[:1], tmp_path / "d", index=False, links=False, dumps=False, workers=0)
