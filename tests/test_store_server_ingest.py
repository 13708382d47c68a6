"""Ingest into an Oxigraph server, SIGKILL the ingest in the middle, rerun it: every plan is its
old or its new version on the server, never a mix. Then two `boussole serve` processes on that
one server and one data directory answer alike, and a later ingest becomes visible to both."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from boussole.graph.backends import StoreConfig
from boussole.graph.backends.server import oxigraph_server
from boussole.jobs import Source, ingest
from boussole.serve_process import served

pytestmark = [pytest.mark.server, pytest.mark.slow]
FIXTURES = Path(__file__).parent / "fixtures"
PLANS = ["lyon_ambitions.md", "rennes_priorites.txt", "dijon_leviers.txt"]
ADDED = "Organiser des ateliers de cryptographie ludique dans chaque collège."


def _contents(url: str) -> dict[str, tuple[str, frozenset]]:
    """document graph → (its file's SHA-256, its triples)"""
    with StoreConfig(url).open(read_only=True) as s:
        return {str(d.graph): (d.sha256, frozenset(s.graph(d.graph))) for d in s.documents()}


def test_killed_ingest_leaves_each_plan_old_or_new_then_two_servers_share_the_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paths = [Path(shutil.copy(FIXTURES / name, corpus / name)) for name in PLANS]
    data = tmp_path / "data"
    with oxigraph_server(tmp_path / "db", log=tmp_path / "oxigraph.log") as url:
        store = StoreConfig(url)
        assert not ingest([Source(p, p.name) for p in paths], data, store=store, index=False, links=False).failed
        old = _contents(url)
        assert len(old) == 3

        for p in paths:  # a new version of every plan
            p.write_text(p.read_text(encoding="utf-8") + f"\n- {ADDED}\n", encoding="utf-8")
        cmd = [
            sys.executable,
            "-m",
            "boussole.cli",
            "ingest",
            "--quiet",
            "--data",
            str(data),
            "--store",
            url,
            *map(str, paths),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        old_shas = {sha for sha, _ in old.values()}
        try:
            # kill once some plans are new and some still old; the poll reads only the
            # documents' checksums (one small query), as a plan is now stored within a second
            with StoreConfig(url).open(read_only=True) as watch:
                while proc.poll() is None:
                    shas = {d.sha256 for d in watch.documents()}
                    if shas - old_shas and shas & old_shas:
                        os.kill(proc.pid, signal.SIGKILL)
                        break
                    time.sleep(0.01)
        finally:
            proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed midway"
        after_kill = _contents(url)

        rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        assert rerun.returncode == 0, rerun.stderr
        new = _contents(url)
        assert set(new) == set(old) and all(new[g] != old[g] for g in old)
        for g, version in after_kill.items():
            assert version in (old[g], new[g]), f"{g} mixes two versions"
        assert {v for g, v in after_kill.items() if v == new[g]} and {v for g, v in after_kill.items() if v == old[g]}
        assert "1 ingested, 2 unchanged" in rerun.stdout or "2 ingested, 1 unchanged" in rerun.stdout, rerun.stdout

        # two replicas on one store and one data directory
        args = ("--no-ingest", "--store", url)
        with (
            served(data, *args, log=tmp_path / "a.log") as a,
            served(data, *args, log=tmp_path / "b.log") as b,
            httpx.Client(timeout=60) as c,
        ):
            ha, hb = (c.get(base + "/health").json() for base in (a, b))
            assert ha["documents"] == hb["documents"] == 3 and ha["graph_version"] == hb["graph_version"]
            q = {"q": "cryptographie ludique", "k": 3}
            assert [h["id"] for h in c.get(a + "/search", params=q).json()["results"]] == [
                h["id"] for h in c.get(b + "/search", params=q).json()["results"]
            ]

            extra = Path(shutil.copy(FIXTURES / "grenoble_bilan.md", corpus / "grenoble_bilan.md"))
            assert not ingest([Source(extra, extra.name)], data, store=store).failed
            deadline = time.time() + 120
            while time.time() < deadline:
                docs = [c.get(base + "/health").json()["documents"] for base in (a, b)]
                if docs == [4, 4]:
                    break
                time.sleep(0.5)
            assert docs == [4, 4], docs
            sq = {"query": "SELECT ?p WHERE { ?p a bsl:Plan } ORDER BY ?p", "format": "csv"}
            ra, rb = (c.get(base + "/sparql", params=sq) for base in (a, b))
            assert ra.status_code == rb.status_code == 200 and ra.content == rb.content
            assert len(ra.text.split()) == 5  # header + 4 plans
