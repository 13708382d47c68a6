"""The on-disk quad store: one named graph per source document, behind one small interface.

Backed by an on-disk Oxigraph store (RocksDB). `dataset` is the rdflib view of it (oxrdflib's
rdflib Store plugin) for rdflib-only tools; `query` returns rdflib Results but calls Oxigraph
directly, to materialise rows in the calling thread, cap rows and return plain literals.
Writes and bookkeeping are SPARQL 1.1 Query/Update text, so a remote SPARQL endpoint (rdflib's
SPARQLUpdateStore, Fuseki, Oxigraph server) could stand behind the same methods; only
`quads`, `graph`, `__len__` and the dumps use native calls, for speed.

Atomic replace
--------------
`replace_document(g, graph)` writes a new graph with one `Store.extend` (a transaction), and
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
SIGKILL of a writer process in the middle of a stream of replaces; reader thread during writes).

Terms are checked before the request is built (IRIs, language tags), so a hostile IRI such as
`x> } } ; DROP ALL ; …` cannot inject SPARQL: it raises ValueError and nothing is written.

Concurrency
-----------
One writer (a lock serialises writes in this process); readers in any thread of the same process
may query while a write happens. RocksDB locks the directory: a second read-write open (another
process, or a second GraphStore on the same path in this process) fails with OSError. Share one
GraphStore per process (e.g. the API server), or open with read_only=True for a static snapshot
(Oxigraph: reading while another process writes is undefined; reopen to see new data).
"""
from __future__ import annotations

import gc
import itertools
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from . import vocab
from .namespaces import PREFIXES, bind_prefixes, curie

XSD_STRING = str(XSD.string)

# IRIREF of SPARQL/Turtle: no control/space chars and none of <>"{}|^`\
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_STR_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_STR_ESC_RE = re.compile(r'[\\"\n\r]')

_PREFIX_DECL = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class _HasBlankNodes(Exception):
    """Blank nodes cannot be matched between two versions (nor appear in DELETE DATA)."""


class DocumentRecord(NamedTuple):
    graph: URIRef
    sha256: str
    path: str | None
    pipeline: str | None = None  # fingerprint of the extraction rules it was ingested with


# -- term conversion (rdflib ⇄ SPARQL text ⇄ pyoxigraph) ------------------------------------

def _iri(term: str) -> str:
    if not term or _BAD_IRI.search(term):
        raise ValueError(f"invalid IRI for the store: {term!r}")
    return f"<{term}>"


def sparql_term(term: Identifier) -> str:
    """A term in SPARQL syntax, validated (raises ValueError on anything that could not parse
    or could inject syntax)."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        lex = '"' + _STR_ESC_RE.sub(lambda m: _STR_ESC[m.group()], str(term)) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise ValueError(f"invalid language tag: {term.language!r}")
            return f"{lex}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{lex}^^{_iri(str(term.datatype))}"
        return lex
    if isinstance(term, BNode):
        # Labels are re-encoded so any rdflib bnode id is a legal SPARQL label; same id → same node.
        return "_:b" + str(term).encode("utf-8").hex()
    raise ValueError(f"unsupported RDF term: {term!r}")


def triple_text(t: tuple) -> str:
    s, p, o = t
    return f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ."


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


def _ox_text(term) -> str:
    """A stored term in exactly the text form sparql_term gives the same rdflib term."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        lex = '"' + _STR_ESC_RE.sub(lambda m: _STR_ESC[m.group()], term.value) + '"'
        if term.language:
            return f"{lex}@{term.language}"
        dt = term.datatype.value
        return lex if dt == XSD_STRING else f"{lex}^^<{dt}>"
    raise _HasBlankNodes


def from_ox(term) -> Identifier:
    """pyoxigraph term → rdflib term; xsd:string literals become plain literals, so what comes
    out of the store compares equal to what build_plan_graph put in."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise ValueError(f"unsupported term {term!r}")


def _to_ox(term: Identifier):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise ValueError(f"unsupported term {term!r}")


def _graph_name(g) -> URIRef | BNode | None:
    if isinstance(g, ox.DefaultGraph):
        return None
    return from_ox(g)  # type: ignore[return-value]


class GraphStore:
    """A quad store of Boussole graphs. Use as a context manager or call open()/close()."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self._ox: ox.Store | None = None
        self._rdflib_store: OxigraphStore | None = None
        self._dataset: Dataset | None = None
        self._write_lock = threading.RLock()  # re-entrant: replace_document holds it across read + write
        self.path: Path | None = None
        self.read_only = read_only
        if path is not None:
            self.open(path, read_only=read_only)

    # -- lifecycle --------------------------------------------------------------------------
    def open(self, path: str | Path, read_only: bool | None = None) -> "GraphStore":
        if self._ox is not None:
            raise RuntimeError("store already open")
        if read_only is not None:
            self.read_only = read_only
        self.path = Path(path)
        if self.read_only:
            self._ox = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self._ox = ox.Store(str(self.path))
            except OSError as e:
                if "current process" not in str(e):
                    raise
                # A closed store of this process may still be referenced by a garbage cycle
                # (rdflib objects); collect it so RocksDB releases the lock, then retry once.
                gc.collect()
                self._ox = ox.Store(str(self.path))
        self._rdflib_store = OxigraphStore(store=self._ox)
        self._dataset = Dataset(store=self._rdflib_store, default_union=True)  # like query()
        bind_prefixes(self._dataset)
        return self

    def close(self) -> None:
        if self._ox is not None:
            if not self.read_only:
                self._ox.flush()
            if self._rdflib_store is not None:
                self._rdflib_store.close()  # drops its reference to the Oxigraph store
            self._dataset = None
            self._rdflib_store = None
            self._ox = None  # RocksDB releases the directory lock when the last reference goes

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def ox(self) -> ox.Store:
        if self._ox is None:
            raise RuntimeError("store is not open")
        return self._ox

    @property
    def dataset(self) -> Dataset:
        """The rdflib view of the whole dataset (for rdflib-only tools)."""
        if self._dataset is None:
            raise RuntimeError("store is not open")
        return self._dataset

    # -- writes (one writer) ----------------------------------------------------------------
    def _execute_update(self, request: str) -> None:
        if self.read_only:
            raise PermissionError("store opened read-only")
        with self._write_lock:
            self.ox.update(request)

    def replace_document(self, graph_iri: str | URIRef, graph: Graph | Iterable[tuple]) -> int:
        """Atomically make the named graph `graph_iri` contain exactly `graph`'s triples.
        Returns the number of distinct triples the graph now holds."""
        triples = list(graph.triples((None, None, None)) if isinstance(graph, Graph) else graph)
        with self._write_lock:  # the diff must be computed against what the update will change
            if self._is_empty(graph_iri):
                # Nothing to remove: Store.extend is itself one transaction (all or nothing, even if
                # the iterator fails midway) and twice as fast as INSERT DATA here.
                self._extend(graph_iri, triples)
            else:
                request = self.replace_plan(graph_iri, triples)
                if request is not None:
                    self._execute_update(request)
        return len(set(triples))

    def _is_empty(self, graph_iri: str | URIRef) -> bool:
        g = ox.NamedNode(_iri(str(graph_iri))[1:-1])
        return next(iter(self.ox.quads_for_pattern(None, None, None, g)), None) is None

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
            self.ox.extend([ox.Quad(conv(s), conv(p), conv(o), g) for s, p, o in triples])

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
            old = {f"{_ox_text(q.subject)} {_ox_text(q.predicate)} {_ox_text(q.object)} ."
                   for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri)))}
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
            if self._ask(f"ASK {{ GRAPH {_iri(str(g))} {{ {_iri(str(g))} dcterms:identifier {sparql_term(Literal(ident))} }} }}"):
                status[name] = "unchanged"
                continue
            parsed = vocab.parse_vocab(vf)
            triples = list(parsed.triples((None, None, None)))
            triples.append((g, DCTERMS.identifier, Literal(ident)))  # the version marker checked above
            self._execute_update(replace_request(str(g), triples))
            status[name] = "loaded"
        return status

    # -- reads ------------------------------------------------------------------------------
    def query(self, sparql: str, default_union: bool = True, bindings: Mapping[str, Identifier] | None = None,
              max_rows: int | None = None) -> Result:
        """Run a SPARQL 1.1 query; returns an rdflib Result (SELECT rows, ASK answer, CONSTRUCT graph).

        default_union: the default graph is the union of all named graphs (queries need no GRAPH
        clause); False: the store's own (empty) default graph, GRAPH clauses reach named graphs.
        Prefixes of namespaces.PREFIXES may be used without PREFIX declarations. `bindings`
        pre-bind variables (Oxigraph follows SEP-0007: a bound variable must be in the SELECT
        projection). max_rows caps SELECT rows / CONSTRUCT triples.

        Rows are materialised before returning: Oxigraph's result iterators may not cross threads
        (a web server's thread pool), and a lazy iterator would pin a store snapshot. Plain string
        literals come back as plain rdflib Literals (like `quads`), not as ^^xsd:string.
        """
        res = self.ox.query(
            sparql,
            prefixes=dict(PREFIXES),
            use_default_graph_as_union=default_union,
            substitutions={ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()} or None,
        )
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
        else:  # QueryTriples (CONSTRUCT / DESCRIBE)
            out = Result("CONSTRUCT")
            out.graph = Graph()
            bind_prefixes(out.graph)
            for t in itertools.islice(res, max_rows):
                out.graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return out

    def _select(self, sparql: str) -> list[dict[str, Identifier]]:
        res = self.ox.query(_PREFIX_DECL + sparql)
        names = [v.value for v in res.variables]
        return [{n: from_ox(sol[n]) for n in names if sol[n] is not None} for sol in res]

    def _ask(self, sparql: str) -> bool:
        return bool(self.ox.query(_PREFIX_DECL + sparql))

    def document_hash(self, graph_iri: str | URIRef) -> str | None:
        """SHA-256 recorded for the document stored in this graph (None when absent): the
        ingest compares it with the file's hash and skips unchanged files."""
        rows = self._select(
            f"SELECT ?sha WHERE {{ GRAPH {_iri(str(graph_iri))} {{ ?d a bsl:SourceDocument ; bsl:sha256 ?sha }} }} ORDER BY ?sha LIMIT 1")
        return str(rows[0]["sha"]) if rows else None

    def documents(self) -> list[DocumentRecord]:
        rows = self._select(
            "SELECT ?g ?sha ?path ?pipeline WHERE { GRAPH ?g { ?d a bsl:SourceDocument ; bsl:sha256 ?sha . "
            "OPTIONAL { ?d bsl:path ?path } OPTIONAL { ?d bsl:pipeline ?pipeline } } } ORDER BY ?g ?sha")
        return [DocumentRecord(r["g"], str(r["sha"]), str(r["path"]) if "path" in r else None,  # type: ignore[arg-type]
                               str(r["pipeline"]) if "pipeline" in r else None) for r in rows]

    def graphs(self) -> list[URIRef]:
        return sorted(g for g in (_graph_name(n) for n in self.ox.named_graphs()) if isinstance(g, URIRef))

    def graph(self, graph_iri: str | URIRef) -> Graph:
        """An in-memory copy of one named graph."""
        out = Graph(identifier=URIRef(str(graph_iri)))
        bind_prefixes(out)
        for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))):
            out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return out

    def quads(self, graph_iri: str | URIRef | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier, URIRef | None]]:
        """(s, p, o, graph) for every quad (graph None = default graph), or for one named graph."""
        gname = ox.NamedNode(str(graph_iri)) if graph_iri is not None else None
        for q in self.ox.quads_for_pattern(None, None, None, gname):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), _graph_name(q.graph_name)

    def __len__(self) -> int:
        return len(self.ox)

    def stats(self) -> dict:
        """Counts for `boussole stats`: quads, documents, per plan the triples and instances per
        class (CURIEs), totals per class over the union, vocabulary graph sizes."""
        sizes = {str(r["g"]): int(r["n"]) for r in self._select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
        plans: dict[str, dict] = {}
        for r in self._select(
                "SELECT ?g ?plan ?label WHERE { GRAPH ?g { ?plan a bsl:Plan . OPTIONAL { ?plan rdfs:label ?label } } } ORDER BY ?g"):
            plans[str(r["plan"])] = {"graph": str(r["g"]), "label": str(r.get("label", "")),
                                     "triples": sizes.get(str(r["g"]), 0), "classes": {}}
        graph_to_plan = {v["graph"]: k for k, v in plans.items()}
        totals: Counter = Counter()
        for r in self._select(
                "SELECT ?g ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g ?c"):
            plan = graph_to_plan.get(str(r["g"]))
            if plan is not None:
                plans[plan]["classes"][curie(str(r["c"]))] = int(r["n"])
        for r in self._select(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
                "FILTER EXISTS { GRAPH ?g { ?d a bsl:SourceDocument } } } GROUP BY ?c"):
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

