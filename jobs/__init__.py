"""The ingest job: documents → ingest → graph → store, incremental and safe.

Each document is read, extracted, built into RDF and SHACL-checked entirely in memory; only
a graph that passed replaces the document's named graph, in one store transaction. So a bad
file, a failed check or an interrupted run leaves every stored document as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal

from boussole.graph import BSL, ThemeTagger, plan_ids
from boussole.graph.backends import StoreConfig
from boussole.graph.backends.embedded import writer_lease
from boussole.graph.build import plan_triples
from boussole.graph.check import check_triples
from boussole.graph.dump import dump_all
from boussole.ingest.pipeline import extract, summary
from boussole.ingest.read import IngestError, read_bytes

DEFAULT_DATA = "data"


def data_dir(option: str | None) -> Path:
    return Path(option or os.environ.get("BOUSSOLE_DATA") or DEFAULT_DATA)


@dataclass
class Source:
    path: Path
    display: str
    academy: str | None = None
    title: str | None = None
    period: str | None = None
    kind: str | None = None


@dataclass
class Outcome:
    path: str
    status: str  # "ingested" | "unchanged" | "failed"
    detail: str = ""
    triples: int = 0
    seconds: float = 0.0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    index: object | None = None  # search.index.BuildReport when the index was updated
    index_error: str | None = None  # why the search index could not be updated
    links: object | None = None  # derive.links.LinkReport when the cross-plan links were checked
    links_error: str | None = None  # why the cross-plan links could not be updated

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def bundled_sources() -> list[Source]:
    """The seed corpus shipped in corpus/, described by its manifest."""
    root = resources.files("boussole.corpus")
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for doc in manifest["documents"]:
        path = Path(str(root / doc["file"]))
        out.append(
            Source(
                path, f"corpus/{doc['file']}", doc.get("academy"), doc.get("title"), doc.get("period"), doc.get("kind")
            )
        )
    return out


# What decides the triples of a document besides its bytes: the reader (its version constant
# and layout rules, ingest.layout.fingerprint), the vocabularies and thesauri, and the graph
# builder. When any of these changes, a stored document is extracted again.
PIPELINE_FILES = (
    ("boussole.ontology", "*.ttl"),
    ("boussole.graph", "build.py"),
    ("boussole.graph", "themes.py"),
    ("boussole.graph", "iris.py"),
    ("boussole.graph", "namespaces.py"),
    ("boussole.graph", "validate.py"),
    ("boussole.text", "folding.py"),
)


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    import fnmatch
    import hashlib

    from boussole.ingest.layout import fingerprint as reader_fingerprint

    h = hashlib.sha256(f"reader {reader_fingerprint()}\0".encode())
    for package, pattern in PIPELINE_FILES:
        root = resources.files(package)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.is_file() and fnmatch.fnmatch(entry.name, pattern):
                h.update(f"{package}/{entry.name}\0".encode())
                h.update(entry.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def theme_tagger() -> ThemeTagger:
    onto = resources.files("boussole.ontology")
    themes = Graph().parse(str(onto / "themes.ttl"), format="turtle")
    devices = Graph().parse(str(onto / "devices.ttl"), format="turtle")
    return ThemeTagger.from_graphs(themes, devices)


@lru_cache(maxsize=1)
def reference_graph() -> Graph:
    """Vocabulary and thesauri: what SHACL needs to know that bsld:phare is a bsl:Device."""
    onto = resources.files("boussole.ontology")
    g = Graph()
    for name in ("boussole.ttl", "devices.ttl", "themes.ttl"):
        g.parse(str(onto / name), format="turtle")
    return g


def ingest(
    sources: list[Source],
    data: Path,
    *,
    progress=None,
    dumps: bool = True,
    index: bool = True,
    engines: tuple[str, ...] | None = None,
    links: bool = True,
    store: StoreConfig | None = None,
    embed: object | None = None,
    stages: dict | None = None,
    workers: int | None = None,
) -> Report:
    """Ingest every source; failures are reported per file and do not stop the batch.
    Then bring the search index in line with the graph (only changed passages are embedded),
    recompute the cross-plan links of the plans that changed (their vectors come from the
    index), and write the dumps last so that they hold the links too.

    `store`: where the graph goes (default: $BOUSSOLE_STORE, else the embedded store in
    data/store); the index, the embedding cache and the dumps stay in `data`. `embed`: an
    embedding runner (search.distributed) that spreads the passages to embed over workers.
    `workers`: read the documents in that many processes (default: in this one)."""
    report = Report()
    clock = _Clock(stages)
    data.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda msg: None)
    config = store or StoreConfig.resolve(data)
    with writer_lease(data), config.open() as store, _readers(workers) as pool:
        store.load_vocabularies()
        known = {rec.sha256: rec for rec in store.documents()}
        seen: dict[str, str] = {}  # content hash → first name it was read under in this batch
        changed = False
        changed_plans: set[str] = set()
        outcomes: list[Outcome | None] = [None] * len(sources)  # in the order given
        todo: list[tuple[int, str, Source, float]] = []  # (position, progress prefix, source, start) to read
        for i, src in enumerate(sources, start=1):
            started = time.perf_counter()
            prefix = f"[{i}/{len(sources)}] {src.display}"
            try:
                sha = hashlib.sha256(read_bytes(src.path)).hexdigest()
            except IngestError as exc:
                outcomes[i - 1] = Outcome(src.display, "failed", exc.reason)
                say(f"{prefix}: FAILED — {exc.reason}")
                continue
            if sha in seen:  # one plan under two names: ingesting it twice would say it twice
                outcomes[i - 1] = Outcome(src.display, "unchanged", f"same content as {seen[sha]}")
                say(f"{prefix}: same content as {seen[sha]}, skipped")
                continue
            seen[sha] = src.display
            if sha in known and known[sha].pipeline == pipeline_fingerprint():
                outcomes[i - 1] = Outcome(src.display, "unchanged", "content hash already in the store")
                say(f"{prefix}: unchanged, skipped")
                continue
            if sha in known:
                say(f"{prefix}: same file, but the extraction rules changed since it was ingested")
            todo.append((i - 1, prefix, src, started))
        # Reading, building and checking a document needs nothing from the store and nothing
        # from the other documents: reader processes do it side by side, while this process
        # writes each checked graph (in the order given) as soon as it is ready.
        if pool is None:
            prepared = (_prepare(src, lambda m, p=prefix: say(f"{p}: {m}")) for _, prefix, src, _ in todo)
        else:
            prepared = pool.map(_prepare, [src for _, _, src, _ in todo], chunksize=1)
        for (at, prefix, src, started), doc in zip(todo, prepared):
            for name, seconds in doc.stages.items():
                if stages is not None:
                    stages[name] = stages.get(name, 0.0) + seconds
            if doc.error is not None:
                outcomes[at] = Outcome(src.display, "failed", doc.error)
                say(f"{prefix}: FAILED — {doc.error}")
                continue
            t0 = time.perf_counter()
            with clock("store"):
                store.replace_document(doc.graph_iri, doc.triples)
            changed = True
            changed_plans.add(doc.slug)
            # its own time: with reader processes, the wait for its turn is not the document's
            seconds = (time.perf_counter() - started) if pool is None else doc.seconds + time.perf_counter() - t0
            outcomes[at] = Outcome(src.display, "ingested", doc.summary, len(doc.triples), seconds)
            say(f"{prefix}: ingested, {doc.summary} ({len(doc.triples)} triples, {seconds:.1f} s)")
        report.outcomes = [o for o in outcomes if o is not None]
        if index:
            with clock("embedding"):
                report.index, report.index_error = update_index(store, data, engines, say, embed=embed)
        if links:
            report.links, report.links_error = update_links(
                store, data, engines, changed_plans, say, index_current=index and report.index is not None
            )
        links_changed = report.links is not None and bool(report.links.pairs_recomputed or report.links.graphs_removed)
        if dumps and (changed or links_changed or not (data / "dumps").exists()):
            say("writing dumps (Turtle, N-Quads, JSON-LD)…")
            dump_all(store, data / "dumps")
    return report


@dataclass
class _Prepared:
    """One document read, built and checked, ready to be stored (or why it was refused)."""

    graph_iri: str = ""
    slug: str = ""
    triples: list = field(default_factory=list)
    summary: str = ""
    error: str | None = None
    stages: dict = field(default_factory=dict)
    seconds: float = 0.0


def _prepare(src: Source, say=None) -> _Prepared:
    """Read, extract, build and SHACL-check one document, all in memory: nothing here touches
    the store, so it runs in a reader process as well as in the ingest's own."""
    say = say or (lambda msg: None)
    started = time.perf_counter()
    out = _Prepared()
    clock = _Clock(out.stages)
    try:
        say("reading and extracting…")
        with clock("reading"):
            plan = extract(
                src.path,
                academy=src.academy,
                title=src.title,
                period=src.period,
                kind=src.kind,
                display_path=src.display,
                stages=out.stages,
            )
        say("building the graph…")
        with clock("graph"):
            triples = plan_triples(plan, tagger=theme_tagger())
        # the shapes that apply to this document, with the thesaurus types its values cite
        with clock("SHACL"):
            check = check_triples(triples)
        if not check.conforms:
            raise IngestError(src.path, "the built graph fails the SHACL shapes:\n" + check.text)
    except IngestError as exc:
        out.error = exc.reason
        return out
    ids = plan_ids(plan.meta)
    marker = (ids.source, BSL.pipeline, Literal(pipeline_fingerprint()))
    out.graph_iri, out.slug = str(ids.graph), ids.slug
    out.triples = [*triples, marker]
    out.summary = f"{plan.meta.academy}: {summary(plan)}"
    out.seconds = time.perf_counter() - started
    return out


def _warm_reader() -> None:
    """Load the reader's models once per process, before its first document."""
    from boussole.ingest.places import nlp

    nlp()
    theme_tagger()


@contextmanager
def _readers(workers: int | None):
    """A pool of reader processes, or None to read in this process. Spawned, not forked: the
    ingest holds an open store (RocksDB threads, file locks) that a forked child must not share."""
    if workers is not None and workers < 1:
        raise ValueError(f"--workers must be at least 1 (got {workers})")
    if not workers or workers == 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_reader
    ) as pool:
        yield pool


class _Clock:
    """Seconds per stage, added into `stages` when the caller (bench/ingest.py) asks for them."""

    def __init__(self, stages: dict | None):
        self.stages = stages

    @contextmanager
    def __call__(self, name: str):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            if self.stages is not None:
                self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - t0


def update_links(
    store, data: Path, engines: tuple[str, ...] | None, changed: set[str], say, index_current: bool = False
) -> tuple[object | None, str | None]:
    """Like the index, links are derived data: a failure leaves the ingested graph and the
    previous link graphs in place, and is reported rather than raised."""
    from boussole.derive.links import update_links as recompute
    from boussole.search.backends import index_store
    from boussole.search.index import IndexError_
    from boussole.search.service import engine_specs

    try:
        try:
            live = index_store(data).open(engines or engine_specs())
        except IndexError_:
            live = None  # lexical similarity; the explanations say so
        # an index this run brought in line with the graph holds the current units: no re-read
        units = live.units if live is not None and index_current else None
        report = recompute(store, changed, index=live, units=units, progress=say)
    except Exception as exc:  # noqa: BLE001 — any failure here must not lose the ingest
        say(f"cross-plan links not updated: {exc!r}")
        return None, f"{type(exc).__name__}: {exc}"
    if report.pairs_recomputed or report.graphs_removed:
        say(
            f"links: {sum(report.links.values())} links in {len(report.pairs_recomputed)} plan pairs "
            f"({', '.join(f'{k} {v}' for k, v in sorted(report.links.items())) or 'none'}; "
            f"{report.pairs_kept} pairs unchanged, {len(report.graphs_removed)} removed, {report.method}, "
            f"{report.seconds:.1f} s)"
        )
    return report, None


def update_index(
    store, data: Path, engines: tuple[str, ...] | None, say, embed: object | None = None
) -> tuple[object | None, str | None]:
    """The graph is the source of truth: an index failure leaves the graph ingested and the
    previous index live, and is reported rather than raised."""
    from boussole.search.engines import EngineUnavailable
    from boussole.search.index import ensure_index
    from boussole.search.service import engine_specs

    try:
        _, built = ensure_index(store, data, engines or engine_specs(), progress=say, embed=embed)
    except EngineUnavailable as exc:
        say(f"search index not updated: {exc}")
        return None, str(exc)
    if built.rebuilt:
        say(
            f"search index: {built.units} units, "
            f"{sum(built.embedded.values())} passages embedded, {built.seconds:.1f} s"
        )
    return built, None


def embed_runner(workers: int | None, cluster: str | None):
    """The distributed embedding runner asked for (None: embed in this process)."""
    if workers is None and not cluster:
        return None
    if workers is not None and workers < 1:
        raise ValueError(f"--workers must be at least 1 (got {workers})")
    from boussole.search.distributed import DaskEmbedder

    return DaskEmbedder.start(workers=workers, address=cluster)


def eprint(*args) -> None:
    print(*args, file=sys.stderr, flush=True)
