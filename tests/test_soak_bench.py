"""bench/soak.py: a short real soak against `boussole serve` on the seed corpus, and its memory
verdict on known curves."""

import importlib.util
import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from boussole.api.app import Settings

ROOT = Path(__file__).resolve().parents[1]
SOAK = ROOT / "bench" / "soak.py"


def _soak_module():
    spec = importlib.util.spec_from_file_location("bench_soak", SOAK)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(mod)
    return mod


def test_short_soak_answers_every_kind_without_errors(seed_data, tmp_path):
    out = tmp_path / "soak.json"
    run = subprocess.run(
        [
            sys.executable,
            str(SOAK),
            "--data",
            str(seed_data),
            "--seconds",
            "8",
            "--clients",
            "2",
            "--warmup",
            "2",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    rep = json.loads(out.read_text())
    assert rep["errors"] == 0, [k["error_samples"] for k in rep["kinds"]]
    answered = {k["kind"]: k["requests"] for k in rep["kinds"]}
    assert set(answered) == {"search", "sparql", "chat", "entity"}
    assert all(n > 0 for n in answered.values()), answered
    assert rep["requests"] == sum(answered.values())
    # the printed table carries the same counts
    for kind, n in answered.items():
        assert f"| {kind} | {n} |" in run.stdout
    # memory covers the server and its SPARQL workers: one process per worker besides the server
    workers = next(f.default for f in fields(Settings) if f.name == "sparql_workers")
    assert rep["memory"]["processes"] == [1 + workers, 1 + workers]
    assert rep["samples"] and all(s["rss_mb"] > s["server_mb"] > 0 for s in rep["samples"])
    # 8 s leave 6 s after the warm-up: under the 30 s a verdict needs
    assert rep["memory"]["verdict"] == "too short to judge"


def _samples(mod, curve, seconds):
    return [mod.MemorySample(float(t), curve(t), curve(t) - 100, 3) for t in range(seconds)]


def test_memory_verdict_tells_a_leak_from_caches_filling():
    mod = _soak_module()
    # a leak of 30 MB/min: over the 50 s judged, 25 MB, twice what bounded caches explain
    leak = mod.memory_report(_samples(mod, lambda t: 400 + 0.5 * t, 61), warmup_s=10)
    assert leak.verdict == "leak" and abs(leak.slope_mb_per_min - 30) < 1e-6
    assert abs(leak.tolerance_mb_per_min - mod.ALLOWANCE_MB / (50 / 60)) < 1e-6
    # the shape measured on the seed corpus: +10 MB over the first 75 s, then level
    caches = mod.memory_report(_samples(mod, lambda t: 404 + 10 * min(t, 75) / 75, 241), warmup_s=10)
    assert caches.verdict == "flat"
    # the same leak over 4 minutes is judged against a tighter tolerance (12 MB over 230 s)
    slow = mod.memory_report(_samples(mod, lambda t: 400 + 5 / 60 * t, 241), warmup_s=10)
    assert slow.verdict == "leak" and slow.tolerance_mb_per_min < 5
    short = mod.memory_report(_samples(mod, lambda t: 400 + t, 20), warmup_s=10)
    assert short.verdict == "too short to judge"


def test_refuses_a_data_dir_without_a_store(tmp_path):
    run = subprocess.run(
        [sys.executable, str(SOAK), "--data", str(tmp_path)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert run.returncode == 2 and f"no graph store in {tmp_path}" in run.stderr
