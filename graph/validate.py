"""SHACL check of a built graph against ontology/shapes.ttl (pyshacl).

The vocabulary (boussole.ttl) plus the device and theme thesauri are unioned with the data graph
before validation: SHACL's sh:targetClass / sh:class follow rdfs:subClassOf *in the data graph*,
and bsl:device / bsl:theme objects are only typed (bsl:Device, bsl:Theme) in the thesauri. No RDFS/OWL inference is run ("none"): the builder asserts what the shapes need, and
inference would multiply the validation time for no gain (measured in tests/test_graph_validate).

`conforms` is False only for sh:Violation results; warnings and infos are reported but do not
fail the build.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as _shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from . import vocab
from .namespaces import SH, bind_prefixes


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI (or blank node id) of the focus node
    path: str | None  # property path as a CURIE when possible
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    focus_label: str | None = None
    value: str | None = None
    shape: str | None = None


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""
    seconds: float = 0.0

    def counts(self) -> Counter:
        return Counter(v.severity for v in self.violations)


def default_shapes(directory: str | Path | None = None) -> Graph:
    return vocab.load_vocab(vocab.SHAPES, directory)


def default_ontology(directory: str | Path | None = None) -> Graph:
    """boussole.ttl + the thesauri that exist (devices/themes may be absent in a bare checkout)."""
    names = [n for n in (vocab.ONTOLOGY, vocab.DEVICES, vocab.THEMES) if vocab.vocab_exists(n, directory)]
    return vocab.load_vocabs(names, directory)


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    inference: str = "none",
    max_lines: int = 200,
) -> Report:
    """Validate `data`; shapes/ontology default to the packaged files."""
    shapes = default_shapes() if shapes is None else shapes
    ontology = default_ontology() if ontology is None else ontology
    t0 = time.perf_counter()
    # pyshacl's ont_graph only "inoculates" RDFS/OWL axioms into the data graph, not the thesauri's
    # individuals (bsl:Device, bsl:Theme), which sh:class needs: so validate our own union copy,
    # in place (no second clone). The thesauri are thus validated too (ThesaurusConceptShape).
    combined = Graph()
    combined += data
    combined += ontology
    conforms, results, _text = _shacl_validate(
        combined,
        shacl_graph=shapes,
        inference=inference,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
        advanced=False,  # shapes.ttl uses SHACL core only: no SPARQL targets/rules
    )
    seconds = time.perf_counter() - t0
    violations = parse_results(results, combined)
    report = Report(conforms=bool(conforms), violations=violations, seconds=seconds)
    report.text = summarize(report, combined, max_lines=max_lines)
    return report


def _label(g: Graph, node) -> str | None:
    for p in (RDFS.label, SKOS.prefLabel):
        for o in g.objects(node, p):
            return str(o)
    return None


_NS = Graph(bind_namespaces="core")
bind_prefixes(_NS)


def _short(_g: Graph | None, term) -> str:
    """CURIE with the Boussole prefixes (not the data graph's: its bindings are the caller's)."""
    if isinstance(term, URIRef):
        try:
            return _NS.namespace_manager.normalizeUri(term)
        except Exception:  # noqa: BLE001 — a non-CURIE-able IRI is shown whole
            return f"<{term}>"
    if isinstance(term, Literal):
        return repr(str(term))
    return str(term)


def parse_results(results: Graph, data: Graph) -> list[Violation]:
    """sh:ValidationResult nodes → Violations, sorted for a stable report."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        sev = results.value(r, SH.resultSeverity)
        msgs = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        value = results.value(r, SH.value)
        shape = results.value(r, SH.sourceShape)
        out.append(
            Violation(
                focus=str(focus),
                path=_short(data, path) if path is not None else None,
                message="; ".join(msgs) or str(results.value(r, SH.sourceConstraintComponent) or ""),
                severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
                focus_label=_label(data, focus) if focus is not None else None,
                value=_short(data, value) if value is not None else None,
                shape=_short(results, shape) if isinstance(shape, URIRef) else None,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(out, key=lambda v: (order.get(v.severity, 3), v.path or "", v.message, v.focus))


def summarize(report: Report, data: Graph | None = None, max_lines: int = 200) -> str:
    """Readable text: a header, one line per result (capped), then counts by severity/property."""
    n = report.counts()
    if report.conforms and not report.violations:
        return f"SHACL: conforms ({report.seconds:.2f} s)"
    head = "conforms" if report.conforms else "does NOT conform"
    lines = [
        f"SHACL: {head}: "
        + ", ".join(f"{n[s]} {s.lower()}(s)" for s in ("Violation", "Warning", "Info") if n[s])
        + f" ({report.seconds:.2f} s)"
    ]
    for v in report.violations[:max_lines]:
        who = f'"{v.focus_label}" <{v.focus}>' if v.focus_label else f"<{v.focus}>"
        val = f" [value {v.value}]" if v.value else ""
        lines.append(f"  {v.severity:<9} {who} {v.path or '-'}: {v.message}{val}")
    if len(report.violations) > max_lines:
        lines.append(f"  … and {len(report.violations) - max_lines} more")
    grouped = Counter((v.severity, v.path or "-", v.message) for v in report.violations)
    lines.append("By property:")
    for (sev, path, msg), c in sorted(grouped.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {c:>5} × {sev} {path}: {msg}")
    return "\n".join(lines)
