"""Embedding on a Dask LocalCluster of 2 worker processes lands in the same content-hash cache
as an in-process run, with the same vectors, and a partial run resumes from the cache."""

from __future__ import annotations

import numpy as np
import pytest

from boussole.search.cache import EmbeddingCache
from boussole.search.engines import load_engine
from boussole.search.index import IndexStore
from boussole.search.units import load_units

pytestmark = pytest.mark.slow  # starts Dask clusters

pytest.importorskip("distributed")
SPEC = "use"  # the fast engine: the point is where vectors are computed, not which model


@pytest.fixture(scope="module")
def units(seed_store):
    return load_units(seed_store)[:300]


@pytest.fixture(scope="module")
def cluster():
    from boussole.search.distributed import DaskEmbedder

    runner = DaskEmbedder.start(workers=2)
    yield runner
    runner.close()


def _hashes(units) -> set[str]:
    """What the index embeds: each unit's text in its context and its own words alone."""
    return {u.content_hash for u in units} | {u.body_hash for u in units}


def _build(tmp_path, monkeypatch, name, units, embed=None, cache=None):
    monkeypatch.setenv("BOUSSOLE_CACHE", str(cache or tmp_path / f"cache-{name}"))
    store = IndexStore(tmp_path / name)
    report = store.build(units, {SPEC: load_engine(SPEC)}, embed=embed)
    return report, EmbeddingCache(store.cache_path)


def test_cluster_and_local_runs_give_the_same_vectors(tmp_path, monkeypatch, units, cluster):
    assert cluster.workers == 2
    local, local_cache = _build(tmp_path, monkeypatch, "local", units)
    remote, remote_cache = _build(tmp_path, monkeypatch, "cluster", units, embed=cluster)
    hashes = sorted(_hashes(units))
    assert local.embedded[SPEC] == remote.embedded[SPEC] == len(hashes)
    engine_id = load_engine(SPEC).id
    a, b = local_cache.get_many(engine_id, hashes), remote_cache.get_many(engine_id, hashes)
    assert set(a) == set(b) == set(hashes)
    np.testing.assert_allclose(np.vstack([a[h] for h in hashes]), np.vstack([b[h] for h in hashes]), atol=1e-6)


def test_a_partial_run_resumes_from_the_cache(tmp_path, monkeypatch, units, cluster):
    cache = tmp_path / "shared-cache"
    first, _ = _build(tmp_path, monkeypatch, "first", units[:120], cache=cache)
    second, filled = _build(tmp_path, monkeypatch, "second", units, embed=cluster, cache=cache)
    done_before = len(_hashes(units[:120]))
    total = len(_hashes(units))
    assert first.embedded[SPEC] == done_before
    assert second.reused[SPEC] >= done_before and second.embedded[SPEC] == total - second.reused[SPEC]
    assert len(filled.get_many(load_engine(SPEC).id, sorted(_hashes(units)))) == total


def test_ingest_refuses_a_cluster_of_no_workers(tmp_path):
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "boussole.cli", "ingest", "--workers", "0", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "--workers must be at least 1" in r.stderr
