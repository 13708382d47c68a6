"""The data directory's layout is spelled once (boussole/datadir.py) and agrees with what the
store, the ingest and the search index use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from boussole.datadir import DataDir


def test_the_layout_is_the_one_the_other_layers_use(tmp_path, monkeypatch):
    from boussole.graph.backends import StoreConfig
    from boussole.graph.backends.embedded import INGEST_LOCK
    from boussole.jobs import data_dir
    from boussole.search.index import IndexStore

    monkeypatch.delenv("BOUSSOLE_STORE", raising=False)
    monkeypatch.delenv("BOUSSOLE_STORE_QUERY", raising=False)
    monkeypatch.delenv("BOUSSOLE_CACHE", raising=False)
    d = DataDir(tmp_path)
    assert StoreConfig.resolve(tmp_path).path == d.store
    assert d.ingest_lock.name == INGEST_LOCK
    index = IndexStore(tmp_path)
    assert index.root == d.index and index.cache_path.parent == d.cache
    for option in (None, str(tmp_path)):
        assert DataDir.resolve(option).root == data_dir(option)
    monkeypatch.setenv("BOUSSOLE_DATA", str(tmp_path / "elsewhere"))
    assert DataDir.resolve(None).root == data_dir(None) == tmp_path / "elsewhere"


def test_a_path_and_a_data_dir_name_the_same_place(tmp_path):
    from boussole.api.backend import Settings

    assert Settings(data=tmp_path).dirs == Settings(data=DataDir(tmp_path)).dirs == DataDir(tmp_path)
    assert Path(DataDir(tmp_path)) == tmp_path  # os.PathLike: accepted wherever a path is


def test_it_imports_nothing_of_boussole():
    # any layer may import it without importing up
    code = "import sys, boussole.datadir; print(sorted(m for m in sys.modules if m.startswith('boussole.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['boussole.datadir']"
