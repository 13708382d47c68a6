"""The search index on PostgreSQL + pgvector (search/backends/postgres.py) against the file index:
the same units, the same ranking, the same answers, on a real PostgreSQL started by the tests.
Then two `boussole serve` replicas with nothing of their own — one Oxigraph server, one
PostgreSQL, two empty data directories — answer alike, and an ingest through one reaches both."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import psycopg
import pytest

from boussole.graph.backends.server import oxigraph_server
from boussole.search import index as index_mod
from boussole.search.backends import ENV_INDEX, index_store
from boussole.search.hybrid import Filters
from boussole.search.index import ensure_index
from boussole.search.service import open_searcher
from boussole.search.units import load_units
from boussole.serve_process import served

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    json.loads(line)["q"]
    for line in (ROOT / "tests" / "data" / "eval" / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
FIXTURES = ROOT / "tests" / "fixtures"


def _answers(searcher, query: str, filters: Filters = Filters()) -> list[tuple[str, float, dict]]:
    return [(h.unit.id, round(h.score, 9), h.parts) for h in searcher.search(query, k=10, filters=filters).hits]


def test_postgres_index_ranks_every_public_query_like_the_file_index(
    seed_data, seed_store, searcher, postgres_index, monkeypatch
):
    monkeypatch.setenv(ENV_INDEX, postgres_index)
    pg, report = open_searcher(seed_store, seed_data)
    assert report.rebuilt and str(report.path).startswith("postgresql/")
    assert [u.to_json() for u in pg.units] == [u.to_json() for u in searcher.units]
    for q in QUERIES:  # ids, fused scores and the rank in every list (dense engines, BM25)
        assert _answers(pg, q) == _answers(searcher, q), q
    plan = searcher.units[0].plan.id
    for f in (Filters(plans=(plan,)), Filters(types=("Action", "Indicator")), Filters(academies=("amiens",))):
        for q in QUERIES[:8]:  # filtered dense search: pgvector scans until it has k under the filter
            assert _answers(pg, q, f) == _answers(searcher, q, f), (q, f)
    # candidates bench/relevance.py measures read the same vectors: the units' own words (a scan
    # of their column), and the stored vectors of the best hits for feedback
    for w in (replace(searcher.weights, own_words=0.5), replace(searcher.weights, dense_prf=0.5, dense_prf_docs=5)):
        for q in QUERIES[:8]:
            assert _answers(pg.with_weights(w), q) == _answers(searcher.with_weights(w), q), (q, w)
    # an unchanged graph opens the live build: nothing written
    _, again = ensure_index(seed_store, seed_data, tuple(pg.index.manifest["engines"]))
    assert not again.rebuilt and again.path == report.path


def test_a_failed_build_leaves_the_live_postgres_index(seed_data, seed_store, postgres_index, monkeypatch):
    monkeypatch.setenv(ENV_INDEX, postgres_index)
    specs = ("e5", "use")
    live, _ = ensure_index(seed_store, seed_data, specs)
    units = load_units(seed_store)[:-3]

    class Exploding:
        id, dim, name = "exploding-engine", 4, "boom"

        def encode_passages(self, texts):
            raise RuntimeError("engine crashed mid-build")

    with pytest.raises(RuntimeError, match="mid-build"):
        index_store(seed_data).build(units, {"e5": index_mod.load_engine("e5"), "boom": Exploding()})
    still = index_store(seed_data).open(specs)
    assert still.path == live.path and len(still.units) == len(live.units)

    # a second build goes live, the first is kept for replicas still reading it, a third prunes it
    changed, _ = ensure_index(seed_store, seed_data, specs, force=True)
    newest, _ = ensure_index(seed_store, seed_data, specs, force=True)
    with psycopg.connect(postgres_index) as conn:
        schemas = {s for (s,) in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bsx_%'")}
    assert schemas == {changed.build, newest.build} and live.build not in schemas
    # a build that does not exist any more is not what the live row names
    assert index_store(seed_data).open(specs).build == newest.build


def test_two_replicas_share_one_oxigraph_and_one_postgres(tmp_path, postgres_index):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first = [Path(shutil.copy(FIXTURES / n, corpus / n)) for n in ("lyon_ambitions.md", "rennes_priorites.txt")]
    data_a, data_b = tmp_path / "a", tmp_path / "b"
    data_b.mkdir()
    with oxigraph_server(tmp_path / "db", log=tmp_path / "oxigraph.log") as url:

        def cli_ingest(*paths: Path) -> None:
            run = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "boussole.cli",
                    "ingest",
                    "--quiet",
                    "--data",
                    str(data_a),
                    "--store",
                    url,
                    "--index",
                    postgres_index,
                    *map(str, paths),
                ],
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert run.returncode == 0, run.stderr

        cli_ingest(*first)
        assert not (data_a / "index").exists(), "the index went to PostgreSQL, not to files"
        args = ("--no-ingest", "--store", url, "--index", postgres_index, "--sparql-timeout", "5")
        with (
            served(data_a, *args, log=tmp_path / "a.log") as a,
            served(data_b, *args, log=tmp_path / "b.log") as b,
            httpx.Client(timeout=60) as c,
        ):
            assert not (data_b / "index").exists()

            def same(query: str, k: int = 5) -> list[dict]:
                ra, rb = (c.get(base + "/search", params={"q": query, "k": k}).json() for base in (a, b))
                assert ra["results"] == rb["results"] and ra["facets"] == rb["facets"], query
                return ra["results"]

            for q in ("ambitions pour la réussite des élèves", "school climate", "numérique éducatif"):
                assert same(q)
            sq = {"query": "SELECT ?p ?label WHERE { ?p a bsl:Plan ; rdfs:label ?label } ORDER BY ?p", "format": "csv"}
            ra, rb = (c.get(base + "/sparql", params=sq) for base in (a, b))
            assert ra.status_code == rb.status_code == 200 and ra.content == rb.content
            assert len(ra.text.strip().splitlines()) == 3
            msg = {"message": "Quels projets concernent le numérique ?"}
            ca, cb = (c.post(base + "/chat", json=msg).json() for base in (a, b))
            assert ca["answer"] == cb["answer"] and ca["citations"] == cb["citations"]

            before = {base: c.get(base + "/health").json()["graph_version"] for base in (a, b)}
            added = Path(shutil.copy(FIXTURES / "dijon_leviers.txt", corpus / "dijon_leviers.txt"))
            cli_ingest(*first, added)  # through replica A's data directory
            deadline = time.time() + 180
            while time.time() < deadline:
                health = [c.get(base + "/health").json() for base in (a, b)]
                if all(h["documents"] == 3 and h["graph_version"] != before[base] for h, base in zip(health, (a, b))):
                    break
                time.sleep(0.5)
            assert [h["documents"] for h in health] == [3, 3]
            ra, rb = (c.get(base + "/sparql", params=sq) for base in (a, b))
            assert ra.content == rb.content and len(ra.text.strip().splitlines()) == 4
            hits = same("devoirs faits pour les collégiens volontaires", k=5)
            assert "Dijon" in (hits[0]["context"]["academy"] or ""), hits[0]
