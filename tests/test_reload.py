"""A re-ingest while `boussole serve` answers: every answer comes from one version (old until
the ingest has finished, new after), named by X-Boussole-Version; the server picks up the new
version by itself, without a restart."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from boussole.jobs import Source, ingest
from boussole.serve_process import served

pytestmark = pytest.mark.slow  # serves while re-ingesting

FIXTURES = Path(__file__).parent / "fixtures"
ADDED = "Organiser des ateliers de cryptographie ludique dans chaque collège."


def test_queries_during_a_reingest_see_one_version_then_the_new_one(tmp_path):
    plan = tmp_path / "lyon.md"
    shutil.copy(FIXTURES / "lyon_ambitions.md", plan)
    data = tmp_path / "data"
    assert not ingest([Source(plan, "lyon.md")], data).failed

    with served(data, "--no-ingest", log=tmp_path / "serve.log") as base, httpx.Client(base_url=base, timeout=60) as c:
        first = c.get("/health").json()["graph_version"]
        before = c.get("/search", params={"q": "cryptographie ludique", "k": 3}).json()["results"]
        assert not any("cryptographie" in hit["text"] for hit in before)

        text = plan.read_text(encoding="utf-8")
        plan.write_text(text + f"\n- {ADDED}\n", encoding="utf-8")
        seen: list[tuple[str, bool]] = []
        done = threading.Event()

        def ask() -> None:
            while not done.is_set():
                r = c.get("/search", params={"q": "cryptographie ludique", "k": 3})
                assert r.status_code == 200, r.text
                hits = r.json()["results"]
                seen.append((r.headers["x-boussole-version"], bool(hits) and "cryptographie" in hits[0]["text"]))

        asker = threading.Thread(target=ask)
        asker.start()
        try:
            job = subprocess.run(
                [sys.executable, "-m", "boussole.cli", "ingest", "--data", str(data), str(plan)],
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert job.returncode == 0, job.stderr
            deadline = time.monotonic() + 60
            while c.get("/health").json()["graph_version"] == first:
                assert time.monotonic() < deadline, "the server did not pick up the finished ingest"
                time.sleep(0.2)
            time.sleep(0.5)  # a few answers from the new version too
        finally:
            done.set()
            asker.join()
        health = c.get("/health").json()

    versions = [v for v, _ in seen]
    second = health["graph_version"]
    assert second != first and health["reloads"] == 1
    assert set(versions) == {first, second}, set(versions)
    # never back to the old version once the new one answered
    assert versions == sorted(versions, key=lambda v: v == second)
    for version, found in seen:
        # the old version never shows the added engagement; the new one always has it on top
        assert found == (version == second), (version, found)
    print(
        f"\n{versions.count(first)} answers from the old version during the ingest, "
        f"{versions.count(second)} from the new one"
    )
