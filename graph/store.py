"""The quad store of Boussole: one named graph per source document, over a GraphBackend.

    GraphStore("data/store")                    # embedded Oxigraph (the default, no set-up)
    GraphStore("http://127.0.0.1:7878")         # an Oxigraph server
    GraphStore("sparql+https://host/sparql", update="…", graphs="…")   # another SPARQL 1.1 server

The backend (graph/backends/) is the only code that talks to a store; this class holds what
Boussole does with one: replace a document's graph, list documents, count, load vocabularies.
`query` returns rdflib Results with rows materialised in the calling thread (capped by
max_rows, plain string literals as plain rdflib Literals); values reach it as `bindings`,
never pasted into the text. `dataset` is an rdflib view of the embedded store for rdflib-only
tools.

Atomic replace
--------------
`replace_document(g, graph)` writes a new graph with one bulk load (embedded: Oxigraph's bulk
loader, whose SST files RocksDB ingests in one atomic step; server: one INSERT DATA request), and
replaces an existing one with ONE SPARQL Update request, either the difference

    DELETE DATA { GRAPH <g> { …triples that disappear… } } ;
    INSERT DATA { GRAPH <g> { …triples that appear… } }

(computed under the write lock against the stored graph: IRIs are content-derived, so a new
version of a document mostly shares triples with the old one) or, for a new graph or one with
blank nodes, the full swap

    DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { …every triple… } }

Oxigraph applies an update request in a single RocksDB transaction ("either the full operation
succeeds, or nothing is written"): an exception anywhere (bad term, runtime error in a later
operation, disk error) or a crash (SIGKILL, power loss: RocksDB's write-ahead log replays whole
transactions only) leaves the previous version of the graph fully in place. Readers see either
the old or the new graph, never a mix (Oxigraph gives repeatable-read snapshots).
Proven by tests/test_graph_store.py (runtime failure injected after the DROP; invalid term;
SIGKILL of a writer process in the middle of a stream of replaces, and of one in the middle of
a stream of bulk loads of new graphs; reader thread during writes). A bulk load killed before
RocksDB took its files leaves them behind as `bulk-*.sst` in the store directory: unused, never
read, and no part of any graph.

Terms are checked before the request is built (IRIs, language tags), so a hostile IRI such as
`x> } } ; DROP ALL ; …` cannot inject SPARQL: it raises ValueError and nothing is written.

The same requests go to a SPARQL server: Oxigraph server runs each update request as one
transaction too (the tests of tests/test_graph_store.py that take `store` run on a real
`oxigraph serve` as well; tests/test_store_server_ingest.py kills a whole ingest midway).

Concurrency
-----------
One writer (a lock serialises writes in this process); readers in any thread of the same process
may query while a write happens. Embedded: RocksDB locks the directory, so a second read-write
open (another process, or a second GraphStore on the same path in this process) fails with
OSError; share one GraphStore per process, or open with read_only=True for a static snapshot
(reading while another process writes is undefined; reopen to see new data). Server: any number
of processes read and write; each request is isolated by the server.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from . import vocab
from .backends import Binding, GraphBackend, is_embedded, open_backend
from .backends.terms import HasBlankNodes as _HasBlankNodes
from .backends.terms import from_ox, iri as _iri, ox_text as _ox_text, sparql_term, to_ox as _to_ox, triple_text
from .namespaces import PREFIXES, bind_prefixes, curie

__all__ = ["DocumentRecord", "GraphStore", "diff_request", "from_ox", "replace_request", "sparql_term", "triple_text"]


class DocumentRecord(NamedTuple):
    graph: URIRef
    sha256: str
    path: str | None
    pipeline: str | None = None  # fingerprint of the extraction rules it was ingested with


def replace_request(graph_iri: str, triples: Iterable[tuple]) -> str:
    """The single SPARQL Update request that swaps the whole content of one named graph."""
    g = _iri(str(graph_iri))
    body = "\n".join(triple_text(t) for t in triples)
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"


def diff_request(graph_iri: str, old: set[str], new: set[str]) -> str | None:
    """One SPARQL Update request turning graph content `old` into `new` (sets of triple_text
    lines): DELETE DATA of what disappears, then INSERT DATA of what appears. None if equal."""
    g = _iri(str(graph_iri))
    ops = []
    gone, added = sorted(old - new), sorted(new - old)
    if gone:
        ops.append(f"DELETE DATA {{ GRAPH {g} {{\n" + "\n".join(gone) + "\n} }")
    if added:
        ops.append(f"INSERT DATA {{ GRAPH {g} {{\n" + "\n".join(added) + "\n} }")
    return " ;\n".join(ops) or None


def _graph_name(g) -> URIRef | BNode | None:
    if isinstance(g, ox.DefaultGraph):
        return None
    return from_ox(g)  # type: ignore[return-value]


class GraphStore:
    """A quad store of Boussole graphs. Use as a context manager or call open()/close().

    `location` is a directory (the embedded store) or a store URL (graph/backends)."""

    def __init__(
        self,
        location: str | Path | None = None,
        read_only: bool = False,
        *,
        update: str | None = None,
        graphs: str | None = None,
    ):
        self.backend: GraphBackend | None = None
        self._dataset: Dataset | None = None
        self._write_lock = threading.RLock()  # re-entrant: replace_document holds it across read + write
        self.path: Path | None = None
        self.url: str | None = None
        self.read_only = read_only
        self._endpoints = {"update": update, "graphs": graphs}
        if location is not None:
            self.open(location, read_only=read_only)

    # -- lifecycle --------------------------------------------------------------------------
    def open(self, location: str | Path, read_only: bool | None = None) -> "GraphStore":
        if self.backend is not None:
            raise RuntimeError("store already open")
        if read_only is not None:
            self.read_only = read_only
        url = str(location)
        if isinstance(location, Path) or is_embedded(url):
            url = "oxigraph:" + url.removeprefix("oxigraph:")
        self.url = url
        self.backend = open_backend(url, read_only=self.read_only, **self._endpoints)
        self.path = getattr(self.backend, "path", None)
        return self

    def close(self) -> None:
        if self.backend is not None:
            if self._dataset is not None:
                self._dataset.store.close()  # drops its reference to the Oxigraph store
            self._dataset = None
            self.backend.close()
            self.backend = None

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def _backend(self) -> GraphBackend:
        if self.backend is None:
            raise RuntimeError("store is not open")
        return self.backend

    @property
    def embedded(self) -> bool:
        return self.path is not None

    @property
    def dataset(self) -> Dataset:
        """The rdflib view of the whole embedded dataset (for rdflib-only tools), its default
        graph the union of the named graphs, like query(). Not offered on a server store: rdflib's
        SPARQLUpdateStore sends `CREATE GRAPH` without SILENT from `ds.graph(iri)` and reads the
        server's own default graph, not the union; use query() and graph() there."""
        if self._dataset is None:
            b = self._backend
            if not self.embedded:
                raise NotImplementedError(
                    "the rdflib Dataset view is only offered on the embedded store; "
                    "use GraphStore.query() / graph() on a server store"
                )
            from oxrdflib import OxigraphStore

            self._dataset = Dataset(store=OxigraphStore(store=b.ox), default_union=True)  # type: ignore[attr-defined]
            bind_prefixes(self._dataset)
        return self._dataset

    def version(self) -> str:
        """Changes on every committed write."""
        return self._backend.version()

    # -- writes (one writer) ----------------------------------------------------------------
    def _execute_update(self, request: str) -> None:
        if self.read_only:
            raise PermissionError("store opened read-only")
        with self._write_lock:
            self._backend.update(request)

    def replace_document(self, graph_iri: str | URIRef, graph: Graph | Iterable[tuple]) -> int:
        """Atomically make the named graph `graph_iri` contain exactly `graph`'s triples.
        Returns the number of distinct triples the graph now holds."""
        triples = list(graph.triples((None, None, None)) if isinstance(graph, Graph) else graph)
        with self._write_lock:  # the diff must be computed against what the update will change
            if self._is_empty(graph_iri):
                # Nothing to remove: one bulk load (embedded: the bulk loader, all or nothing,
                # its cost independent of the store's size; server: one INSERT DATA request)
                self._extend(graph_iri, triples)
            else:
                request = self.replace_plan(graph_iri, triples)
                if request is not None:
                    self._execute_update(request)
        return len(set(triples))

    def _is_empty(self, graph_iri: str | URIRef) -> bool:
        return self._backend.is_empty(_iri(str(graph_iri))[1:-1])  # type: ignore[attr-defined]

    def _extend(self, graph_iri: str | URIRef, triples: list[tuple]) -> None:
        if self.read_only:
            raise PermissionError("store opened read-only")
        for t in triples:  # same validation (and the same ValueError) as the SPARQL path
            triple_text(t)
        g = ox.NamedNode(str(graph_iri))
        bnodes: dict[BNode, ox.BlankNode] = {}

        def conv(term):
            if isinstance(term, BNode):  # fresh store blank nodes, one per rdflib bnode
                return bnodes.setdefault(term, ox.BlankNode())
            return _to_ox(term)

        with self._write_lock:
            self._backend.load(str(graph_iri), [ox.Quad(conv(s), conv(p), conv(o), g) for s, p, o in triples])

    def replace_plan(self, graph_iri: str | URIRef, triples: Iterable[tuple]) -> str | None:
        """The single update request replace_document sends (None: nothing to change).

        Because IRIs are content-derived, a new version of a document shares most triples with
        the stored one: sending only the difference (DELETE DATA + INSERT DATA, still ONE
        transaction) costs in proportion to what changed. Oxigraph writes ~15-40k quads/s in a
        transaction here, so a 20k-triple document re-ingested after a small edit takes a fraction
        of the full DROP + INSERT. Graphs with blank nodes (vocabularies) use the full form.
        """
        new_list = list(triples)
        try:
            new = {triple_text(t) for t in new_list}  # validates every term first
            if any(isinstance(x, BNode) for t in new_list for x in t):
                raise _HasBlankNodes
            old = {
                f"{_ox_text(q.subject)} {_ox_text(q.predicate)} {_ox_text(q.object)} ."
                for q in self._backend.triples(_iri(str(graph_iri))[1:-1])
            }
        except _HasBlankNodes:
            return replace_request(str(graph_iri), new_list)
        if not old:
            # also covers an empty named graph (nothing to delete); DROP keeps the no-op case clean
            return replace_request(str(graph_iri), new_list) if new else None
        return diff_request(str(graph_iri), old, new)

    def remove_document(self, graph_iri: str | URIRef) -> None:
        self._execute_update(f"DROP SILENT GRAPH {_iri(str(graph_iri))}")

    def load_vocabularies(self, directory: str | Path | None = None) -> dict[str, str]:
        """Put boussole.ttl, devices.ttl, themes.ttl in their own named graphs (vocab.VOCAB_GRAPHS).
        Idempotent: a file whose SHA-256 is already recorded in its graph is skipped; a changed
        file replaces its graph atomically. Returns {file: "loaded"|"unchanged"|"missing"}."""
        from rdflib.namespace import DCTERMS

        status: dict[str, str] = {}
        for name, g in vocab.VOCAB_GRAPHS.items():
            if not vocab.vocab_exists(name, directory):
                status[name] = "missing"
                continue
            vf = vocab.read_vocab(name, directory)
            ident = f"sha256:{vf.sha256}"
            if self._ask("ASK { GRAPH ?g { ?g dcterms:identifier ?id } }", {"g": g, "id": Literal(ident)}):
                status[name] = "unchanged"
                continue
            parsed = vocab.parse_vocab(vf)
            triples = list(parsed.triples((None, None, None)))
            triples.append((g, DCTERMS.identifier, Literal(ident)))  # the version marker checked above
            self._execute_update(replace_request(str(g), triples))
            status[name] = "loaded"
        return status

    # -- reads ------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        default_union: bool = True,
        bindings: Mapping[str, Binding] | None = None,
        max_rows: int | None = None,
    ) -> Result:
        """Run a SPARQL 1.1 query; returns an rdflib Result (SELECT rows, ASK answer, CONSTRUCT graph).

        default_union: the default graph is the union of all named graphs (queries need no GRAPH
        clause); False: the store's own (empty) default graph, GRAPH clauses reach named graphs.
        Prefixes of namespaces.PREFIXES may be used without PREFIX declarations. `bindings`
        bind variables to values (a term, or several terms: one solution each), written as a VALUES
        block of validated terms opening the WHERE group (so FILTERs and aggregates see them; a
        sub-select does not). max_rows caps SELECT rows / CONSTRUCT triples.

        Rows are materialised before returning: Oxigraph's result iterators may not cross threads
        (a web server's thread pool), and a lazy iterator would pin a store snapshot. Plain string
        literals come back as plain rdflib Literals (like `quads`), not as ^^xsd:string.
        """
        res = self._backend.query(sparql, bindings=bindings, default_union=default_union, prefixes=PREFIXES)
        if isinstance(res, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(res)
        elif isinstance(res, ox.QuerySolutions):
            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in res.variables]
            rows = []
            for sol in itertools.islice(res, max_rows):
                rows.append({var: from_ox(val) for var, val in zip(out.vars, sol) if val is not None})
            out.bindings = rows
        else:  # triples (CONSTRUCT / DESCRIBE)
            out = Result("CONSTRUCT")
            out.graph = Graph()
            bind_prefixes(out.graph)
            for t in itertools.islice(res, max_rows):
                out.graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return out

    def _select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[dict[str, Identifier]]:
        res = self._backend.query(sparql, bindings=bindings, default_union=False, prefixes=PREFIXES)
        names = [v.value for v in res.variables]
        return [{n: from_ox(sol[n]) for n in names if sol[n] is not None} for sol in res]

    def _ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        return bool(self._backend.query(sparql, bindings=bindings, default_union=False, prefixes=PREFIXES))

    def document_hash(self, graph_iri: str | URIRef) -> str | None:
        """SHA-256 recorded for the document stored in this graph (None when absent): the
        ingest compares it with the file's hash and skips unchanged files."""
        rows = self._select(
            "SELECT ?sha WHERE { GRAPH ?g { ?d a bsl:SourceDocument ; bsl:sha256 ?sha } } ORDER BY ?sha LIMIT 1",
            {"g": URIRef(str(graph_iri))},
        )
        return str(rows[0]["sha"]) if rows else None

    def documents(self) -> list[DocumentRecord]:
        rows = self._select(
            "SELECT ?g ?sha ?path ?pipeline WHERE { GRAPH ?g { ?d a bsl:SourceDocument ; bsl:sha256 ?sha . "
            "OPTIONAL { ?d bsl:path ?path } OPTIONAL { ?d bsl:pipeline ?pipeline } } } ORDER BY ?g ?sha"
        )
        return [
            DocumentRecord(
                r["g"],
                str(r["sha"]),
                str(r["path"]) if "path" in r else None,  # type: ignore[arg-type]
                str(r["pipeline"]) if "pipeline" in r else None,
            )
            for r in rows
        ]

    def graphs(self) -> list[URIRef]:
        return [URIRef(g) for g in self._backend.named_graphs()]

    def has_graph(self, graph_iri: str | URIRef) -> bool:
        return self._backend.has_graph(str(graph_iri))

    def graph(self, graph_iri: str | URIRef) -> Graph:
        """An in-memory copy of one named graph."""
        out = Graph(identifier=URIRef(str(graph_iri)))
        bind_prefixes(out)
        for q in self._backend.triples(str(graph_iri)):
            out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return out

    def quads(
        self, graph_iri: str | URIRef | None = None
    ) -> Iterator[tuple[Identifier, Identifier, Identifier, URIRef | None]]:
        """(s, p, o, graph) for every quad of the named graphs, or of one named graph."""
        if graph_iri is not None:
            g = URIRef(str(graph_iri))
            for t in self._backend.triples(str(graph_iri)):
                yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), g
            return
        for q in self._backend.quads():
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), _graph_name(q.graph_name)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole dataset serialised in a quad format."""
        return self._backend.dump(fmt)

    def __len__(self) -> int:
        return self._backend.count()

    def stats(self) -> dict:
        """Counts for `boussole stats`: quads, documents, per plan the triples and instances per
        class (CURIEs), totals per class over the union, vocabulary graph sizes."""
        sizes = {
            str(r["g"]): int(r["n"])
            for r in self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        }
        plans: dict[str, dict] = {}
        for r in self._select(
            "SELECT ?g ?plan ?label WHERE { GRAPH ?g { ?plan a bsl:Plan . OPTIONAL { ?plan rdfs:label ?label } } } ORDER BY ?g"
        ):
            plans[str(r["plan"])] = {
                "graph": str(r["g"]),
                "label": str(r.get("label", "")),
                "triples": sizes.get(str(r["g"]), 0),
                "classes": {},
            }
        graph_to_plan = {v["graph"]: k for k, v in plans.items()}
        totals: Counter = Counter()
        for r in self._select("SELECT ?g ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g ?c"):
            plan = graph_to_plan.get(str(r["g"]))
            if plan is not None:
                plans[plan]["classes"][curie(str(r["c"]))] = int(r["n"])
        for r in self._select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
            "FILTER EXISTS { GRAPH ?g { ?d a bsl:SourceDocument } } } GROUP BY ?c"
        ):
            totals[curie(str(r["c"]))] = int(r["n"])
        vocab_sizes = {str(g): sizes.get(str(g), 0) for g in vocab.VOCAB_GRAPHS.values() if str(g) in sizes}
        for p in plans.values():
            p["classes"] = dict(sorted(p["classes"].items()))
        return {
            "quads": len(self),
            "documents": len(plans),
            "plans": dict(sorted(plans.items())),
            "classes": dict(sorted(totals.items())),
            "vocabularies": vocab_sizes,
        }
