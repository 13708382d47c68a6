import pytest

from boussole.jobs import bundled_sources, ingest


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


def rows(store, query):
    return [{str(k): (str(v) if v is not None else None) for k, v in row.asdict().items()} for row in store.query(query)]
