"""The store seam: what Boussole needs from a quad store, and the two stores that provide it.

    backend = open_backend("oxigraph:data/store")              # embedded (the default)
    backend = open_backend("http://127.0.0.1:7878")            # an Oxigraph server
    backend = open_backend("sparql+http://host/sparql", update="…", graphs="…")   # any SPARQL 1.1 server

Store URLs name their implementation by scheme, like rdflib's store plugins:
- `oxigraph:DIR` (or a bare path): pyoxigraph on RocksDB files in DIR, in this process;
- `http://HOST:PORT` / `https://…`: an Oxigraph server (`oxigraph serve`), whose endpoints are
  `/query`, `/update` and `/store`;
- `sparql+http://…` / `sparql+https://…`: the query endpoint of any SPARQL 1.1 server, with
  the update and Graph Store endpoints given separately (Virtuoso, Fuseki, GraphDB, QLever).

Both implementations return pyoxigraph result objects (solutions, booleans, triples), so what
the layer above does with an answer never depends on where the store runs. Values reach a query
only through `bindings` (a VALUES block of escaped, validated terms opening the WHERE group).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from .terms import Binding, bind

ENV_STORE = "BOUSSOLE_STORE"


@runtime_checkable
class GraphBackend(Protocol):
    """A quad store. Every write is one request that the store applies atomically."""

    url: str
    read_only: bool

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Binding] | None = None,
        default_union: bool = True,
        prefixes: Mapping[str, str] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ):
        """A SPARQL 1.1 query → ox.QuerySolutions | ox.QueryBoolean | iterator of triples."""

    def update(self, request: str) -> None:
        """One SPARQL 1.1 Update request, applied whole or not at all."""

    def load(self, graph_iri: str, quads: list[ox.Quad]) -> None:
        """Bulk-insert into one (empty) named graph, atomically."""

    def triples(self, graph_iri: str) -> Iterator[ox.Triple]:
        """Every triple of one named graph."""

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""

    def named_graphs(self) -> list[str]: ...

    def has_graph(self, graph_iri: str) -> bool: ...

    def count(self) -> int:
        """Number of quads."""

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole dataset in a quad format (N-Quads, TriG, JSON-LD)."""

    def version(self) -> str:
        """Changes on every committed write (what a reader compares to know it must reload)."""

    def writer_active(self) -> bool:
        """True while another process is in the middle of writing (an ingest)."""

    def close(self) -> None: ...


def store_url(option: str | None, data: Path) -> str:
    """The store a command uses: --store, else $BOUSSOLE_STORE, else the embedded store in DATA/store."""
    value = option or os.environ.get(ENV_STORE)
    return value if value else f"oxigraph:{Path(data) / 'store'}"


@dataclass(frozen=True)
class StoreConfig:
    """Where the graph lives, from the command line and the environment."""

    url: str
    update: str | None = None  # update endpoint of a server other than Oxigraph
    graphs: str | None = None  # Graph Store endpoint of a server other than Oxigraph

    @classmethod
    def resolve(
        cls,
        data: Path,
        store: str | None = None,
        query: str | None = None,
        update: str | None = None,
        graphs: str | None = None,
    ) -> "StoreConfig":
        """--store URL | --store-query URL (+ --store-update, --store-graphs), else $BOUSSOLE_STORE,
        $BOUSSOLE_STORE_QUERY, …, else the embedded store in DATA/store."""
        env = os.environ.get
        query = query or (None if store else env("BOUSSOLE_STORE_QUERY"))
        if query:
            url = query if query.startswith("sparql+") else "sparql+" + query
        else:
            url = store_url(store, data)
        return cls(url, update or env("BOUSSOLE_STORE_UPDATE"), graphs or env("BOUSSOLE_STORE_GRAPHS"))

    @property
    def embedded(self) -> bool:
        return is_embedded(self.url)

    @property
    def path(self) -> Path | None:
        return embedded_path(self.url) if self.embedded else None

    def open(self, read_only: bool = False):
        """A GraphStore on this store."""
        from ..store import GraphStore

        return GraphStore(self.url, read_only=read_only, update=self.update, graphs=self.graphs)

    def __str__(self) -> str:
        return str(self.path) if self.embedded else self.url.split("@")[-1]


def is_embedded(url: str) -> bool:
    return not url.startswith(("http://", "https://", "sparql+http://", "sparql+https://"))


def embedded_path(url: str) -> Path:
    return Path(url.removeprefix("oxigraph:"))


def open_backend(
    url: str,
    *,
    read_only: bool = False,
    update: str | None = None,
    graphs: str | None = None,
    timeout_s: float = 60.0,
    auth: tuple[str, str] | None = None,
) -> GraphBackend:
    """The backend a store URL names (see the module docstring)."""
    if is_embedded(url):
        from .embedded import OxigraphBackend

        return OxigraphBackend(embedded_path(url), read_only=read_only)
    from .http import SparqlHttpBackend

    return SparqlHttpBackend.from_url(
        url, read_only=read_only, update=update, graphs=graphs, timeout_s=timeout_s, auth=auth
    )


__all__ = [
    "GraphBackend",
    "Binding",
    "ENV_STORE",
    "StoreConfig",
    "embedded_path",
    "is_embedded",
    "open_backend",
    "store_url",
    "bind",
]
