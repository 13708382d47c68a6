import os
import tempfile

import pytest

from boussole.jobs import bundled_sources, ingest


def pytest_configure(config):
    # One embedding cache for the whole run: every test data directory re-uses the seed
    # corpus' vectors instead of embedding them again.
    os.environ.setdefault("BOUSSOLE_CACHE", tempfile.mkdtemp(prefix="boussole-test-cache-"))


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory):
    """The bundled corpus ingested once into a real on-disk store."""
    data = tmp_path_factory.mktemp("data")
    report = ingest(bundled_sources(), data)
    assert not report.failed, report.failed
    return data


@pytest.fixture(scope="session")
def seed_store(seed_data):
    from boussole.graph import GraphStore

    with GraphStore(seed_data / "store", read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def searcher(seed_data, seed_store):
    """The default searcher over the seed corpus (the index the ingest built)."""
    from boussole.search.service import open_searcher

    s, report = open_searcher(seed_store, seed_data)
    assert not report.rebuilt, "ingest should have left an index matching the graph"
    return s


def rows(store, query):
    return [{str(k): (str(v) if v is not None else None) for k, v in row.asdict().items()} for row in store.query(query)]


@pytest.fixture(scope="session")
def live_server(seed_data, seed_store):
    """`boussole serve` on the seed data, as a user runs it: a real process on a loopback port.
    Yields the base URL."""
    from boussole.serve_process import served

    # short read deadlines so that the slow-client tests wait seconds, not the default 10 s / 30 s
    with served(seed_data, "--no-ingest", "--sparql-timeout", "5", "--header-timeout", "3", "--body-timeout", "3",
                log=seed_data / "serve.log") as base:
        yield base
