"""The ingest job: documents → ingest → graph → store, incremental and safe.

Each document is read, extracted, built into RDF and SHACL-checked entirely in memory; only
a graph that passed replaces the document's named graph, in one store transaction. So a bad
file, a failed check or an interrupted run leaves every stored document as it was.
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph

from boussole.graph import GraphStore, ThemeTagger, build_plan_graph, document_graph_iri, validate_graph
from boussole.graph.dump import dump_all
from boussole.ingest.pipeline import extract
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
    index: object | None = None          # search.index.BuildReport when the index was updated
    index_error: str | None = None       # why the search index could not be updated

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
        out.append(Source(path, f"corpus/{doc['file']}", doc.get("academy"), doc.get("title"), doc.get("period"), doc.get("kind")))
    return out


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


def ingest(sources: list[Source], data: Path, *, progress=None, dumps: bool = True, index: bool = True,
           engines: tuple[str, ...] | None = None) -> Report:
    """Ingest every source; failures are reported per file and do not stop the batch.
    Then bring the search index in line with the graph (only changed passages are embedded)."""
    report = Report()
    data.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda msg: None)
    with GraphStore(data / "store") as store:
        store.load_vocabularies()
        known = {rec.sha256: rec for rec in store.documents()}
        seen: dict[str, str] = {}  # content hash → first name it was read under in this batch
        changed = False
        for i, src in enumerate(sources, start=1):
            started = time.perf_counter()
            prefix = f"[{i}/{len(sources)}] {src.display}"
            try:
                import hashlib

                sha = hashlib.sha256(read_bytes(src.path)).hexdigest()
                if sha in seen:  # one plan under two names: ingesting it twice would say it twice
                    report.outcomes.append(Outcome(src.display, "unchanged", f"same content as {seen[sha]}"))
                    say(f"{prefix}: same content as {seen[sha]}, skipped")
                    continue
                seen[sha] = src.display
                if sha in known:
                    report.outcomes.append(Outcome(src.display, "unchanged", "content hash already in the store"))
                    say(f"{prefix}: unchanged, skipped")
                    continue
                say(f"{prefix}: reading and extracting…")
                plan = extract(src.path, academy=src.academy, title=src.title, period=src.period, kind=src.kind,
                               display_path=src.display)
                say(f"{prefix}: building the graph…")
                graph = build_plan_graph(plan, tagger=theme_tagger())
                # the thesauri go into the checked graph: shapes test that bsl:device points at a bsl:Device
                checked = Graph()
                checked += graph
                checked += reference_graph()
                check = validate_graph(checked)
                if not check.conforms:
                    raise IngestError(src.path, "the built graph fails the SHACL shapes:\n" + check.text)
                store.replace_document(document_graph_iri(plan.meta), graph)
                changed = True
                seconds = time.perf_counter() - started
                report.outcomes.append(Outcome(src.display, "ingested", f"{plan.meta.academy}", len(graph), seconds))
                say(f"{prefix}: ingested ({len(graph)} triples, {seconds:.1f} s)")
            except IngestError as exc:
                report.outcomes.append(Outcome(src.display, "failed", exc.reason))
                say(f"{prefix}: FAILED — {exc.reason}")
        if dumps and (changed or not (data / "dumps").exists()):
            say("writing dumps (Turtle, N-Quads, JSON-LD)…")
            dump_all(store, data / "dumps")
        if index:
            report.index, report.index_error = update_index(store, data, engines, say)
    return report


def update_index(store, data: Path, engines: tuple[str, ...] | None, say) -> tuple[object | None, str | None]:
    """The graph is the source of truth: an index failure leaves the graph ingested and the
    previous index live, and is reported rather than raised."""
    from boussole.search.engines import EngineUnavailable
    from boussole.search.index import ensure_index
    from boussole.search.service import engine_specs

    try:
        _, built = ensure_index(store, data, engines or engine_specs(), progress=say)
    except EngineUnavailable as exc:
        say(f"search index not updated: {exc}")
        return None, str(exc)
    if built.rebuilt:
        say(f"search index: {built.units} units, "
            f"{sum(built.embedded.values())} passages embedded, {built.seconds:.1f} s")
    return built, None


def eprint(*args) -> None:
    print(*args, file=sys.stderr, flush=True)
