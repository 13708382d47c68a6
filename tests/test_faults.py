"""Fault injection: `boussole ingest` killed with SIGKILL at spread-out points of its run.

After every kill the store must reopen with, for each document, exactly the old or exactly the
new version of its triples (never a mix), the search index on disk must open (never half
written) and, once reconciled as the server does on start, agree with the graph; a rerun of
the ingest must then reach the new version.

Kill points are spread over the phases of a run (reading, building, SHACL, store writes, dumps,
index, links) by waiting for the n-th progress line the ingest prints, then a random delay.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boussole.graph import GraphStore
from boussole.jobs import Source, ingest
from boussole.search.index import IndexStore
from boussole.search.service import engine_specs, open_searcher
from boussole.search.units import load_units

pytestmark = pytest.mark.slow  # kills real ingests at spread-out points

FIXTURES = Path(__file__).parent / "fixtures"
RUNS = 20


def _docs(data: Path) -> dict[str, set]:
    with GraphStore(data / "store", read_only=True) as store:
        out: dict[str, set] = {}
        for s, p, o, g in store.quads():
            out.setdefault(str(g), set()).add((s, p, o))
        return out


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Old and new versions of two plans, and the store each state gives."""
    root = tmp_path_factory.mktemp("faults")
    old_dir, new_dir = root / "old-files", root / "new-files"
    old_dir.mkdir()
    new_dir.mkdir()
    for name in ("lyon_ambitions.md", "rennes_priorites.txt"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        (old_dir / name).write_text(text, encoding="utf-8")
        (new_dir / name).write_text(
            text + "\n\n- Engagement ajouté après la relecture du comité de pilotage.\n", encoding="utf-8"
        )
    old_data = root / "old-data"
    report = ingest([Source(p, p.name) for p in sorted(old_dir.iterdir())], old_data)
    assert not report.failed and report.index_error is None
    return root, old_data, new_dir


def _ingest_cmd(data: Path, files: Path) -> list[str]:
    return [sys.executable, "-m", "boussole.cli", "ingest", "--data", str(data), *map(str, sorted(files.iterdir()))]


def _run_and_kill(cmd: list[str], after_lines: int, delay: float) -> list[str]:
    """Start the ingest, wait for its n-th progress line plus a delay, SIGKILL it."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    seen: list[str] = []
    try:
        while len(seen) < after_lines:
            line = proc.stderr.readline()
            if not line:
                break  # finished before that line: the kill below lands on an exited process
            seen.append(line.strip())
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    return seen


def test_sigkill_during_ingest_leaves_old_or_new_never_a_mix(versions):
    root, old_data, new_files = versions
    # an uninterrupted run gives the new version (as the CLI records it) and the progress lines
    # that spread the kill points over the phases of a run
    probe = root / "probe"
    shutil.copytree(old_data, probe)
    full = subprocess.run(_ingest_cmd(probe, new_files), capture_output=True, text=True, timeout=600)
    assert full.returncode == 0, full.stderr
    phases = [ln for ln in full.stderr.splitlines() if ln.strip()]
    assert len(phases) >= 6, phases
    old, new = _docs(old_data), _docs(probe)
    # link graphs (derived from the plans, recomputed after them) are not plan graphs
    plan_graphs = [g for g in new if old.get(g) != new[g] and "/graph/links/" not in g]
    assert len(plan_graphs) == 2, "both plan graphs must differ between the versions"

    rng = random.Random(20261202)
    outcomes = []
    for run in range(RUNS):
        data = root / f"run-{run}"
        shutil.copytree(old_data, data)
        after = run % (len(phases) + 1)  # 0 = kill during start-up, before any line
        delay = rng.uniform(0.0, 0.6)
        seen = _run_and_kill(_ingest_cmd(data, new_files), after, delay)

        docs = _docs(data)
        state = []
        for g in plan_graphs:
            got = docs.get(g, set())
            assert got in (old[g], new[g]), f"run {run}: graph {g} is a mix after {seen[-1:]} + {delay:.2f}s"
            state.append("new" if got == new[g] else "old")
        # the index on disk is a complete version: it opens, and on start it is brought in line
        with GraphStore(data / "store", read_only=True) as store:
            IndexStore(data).open(engine_specs())
            searcher, _ = open_searcher(store, data)
            assert sorted(u.id for u in searcher.units) == sorted(u.id for u in load_units(store)), f"run {run}"
        outcomes.append((after, tuple(state)))
        if run % 6 == 5:  # a rerun after the crash finishes the job
            subprocess.run(_ingest_cmd(data, new_files), capture_output=True, text=True, timeout=600, check=True)
            assert all(_docs(data)[g] == new[g] for g in plan_graphs), f"run {run}: rerun did not reach the new version"
        shutil.rmtree(data)

    states = {s for _, s in outcomes}
    print("\nkill points (progress lines seen) → stored versions:", outcomes)
    # the kill points covered both sides of the store writes: untouched runs and finished ones
    assert ("old", "old") in states and ("new", "new") in states, states
