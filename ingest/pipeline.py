"""documents → ExtractedPlan: read, repair, segment, then extract entities from each node."""

from __future__ import annotations

import re
import time
from pathlib import Path

from boussole.text import fold

from .devices import default_matcher
from .figures import find_figures
from .layout import compiled
from .meta import infer_academy, infer_kind, infer_period, infer_title
from .model import DocumentMeta, ExtractedPlan, Node, Organisation, Place, Project, Span
from .normalize import Line, normalize
from .places import (
    departement,
    entities_many,
    find_departements,
    project_from_focus,
    projects_from_bullets,
    starts_project,
    tidy_name,
)
from .read import IngestError, RawDocument, read_document
from .segment import segment
from .tables import ProjectTable, project_tables

_INFINITIVE_HINT = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?:er|ir|re|oir)\b")


def extract(
    path: Path | str,
    *,
    academy: str | None = None,
    title: str | None = None,
    period: str | None = None,
    kind: str | None = None,
    display_path: str | None = None,
    stages: dict | None = None,
) -> ExtractedPlan:
    """Read one document and return everything Boussole extracts from it.

    Raises IngestError (naming the file and the reason) for unreadable or non-plan input.
    """
    raw = read_document(path)
    return extract_text(
        raw, academy=academy, title=title, period=period, kind=kind, display_path=display_path, stages=stages
    )


def extract_text(
    raw: RawDocument, *, academy=None, title=None, period=None, kind=None, display_path=None, stages: dict | None = None
) -> ExtractedPlan:
    """`stages`: when given, the seconds spent in named entity recognition are added under "NER"."""
    source = raw.text.split("\n")
    lines = normalize(source, heading_levels=raw.heading_levels)
    outline = segment(lines, source)
    text = "\n".join(ln.text for ln in lines)
    counts = structure_counts(outline.axes)
    if not is_plan_text(text, counts):
        raise IngestError(
            raw.path,
            "not a plan: no plan vocabulary (axes, objectives, engagements, indicators…) and no structure were found",
        )
    warnings = list(outline.warnings)
    if counts["axis"] == 0 or counts["objective"] == 0 or sum(counts.values()) < 3:
        # a plan whose structure was only partly read is still searchable by its passages
        warnings.append("structure partial")
    academy = academy or infer_academy(text, Path(str(raw.path)).name)
    named = bool(academy)
    if not academy:
        # the file's name keeps two unknown académies' plans apart (their IRIs derive from it)
        academy = f"{compiled().unknown_academy} ({Path(str(raw.path)).stem})"
        warnings.append("académie unknown (pass --academy)")
    period = period or infer_period(text) or infer_period(Path(str(raw.path)).name)
    if not period:
        warnings.append("period unknown (pass --period)")
    kind = kind or infer_kind(text)
    meta = DocumentMeta(
        path=display_path or str(raw.path),
        sha256=raw.sha256,
        academy=academy,
        title=title or infer_title(source, academy if named else None, period, kind),
        period=period,
        kind=kind,
        n_lines=len(source),
    )
    plan = ExtractedPlan(meta=meta, axes=outline.axes, passages=outline.passages, warnings=warnings)
    tables = project_tables(source)
    _drop_table_leaves(plan, tables)
    _split_done_planned(plan)
    _enrich(plan, stages)
    plan.projects = _projects(plan, outline.focus, tables)
    return plan


def structure_counts(axes: list[Node]) -> dict[str, int]:
    counts = {"axis": len(axes), "objective": 0, "engagement": 0, "indicator": 0, "action": 0}
    for a in axes:
        for n in a.walk():
            if n.kind in counts and n is not a:
                counts[n.kind] += 1
    return counts


def summary(plan: ExtractedPlan) -> str:
    """ "4 axes, 0 objectives, 12 indicators (structure partial)": what an ingest reports per file."""
    counts = structure_counts(plan.axes)
    names = {
        "axis": "axes",
        "objective": "objectives",
        "engagement": "engagements",
        "indicator": "indicators",
        "action": "actions",
    }
    parts = [f"{counts[k]} {names[k]}" for k in names if counts[k] or k in ("axis", "objective")]
    note = f" ({'; '.join(plan.warnings)})" if plan.warnings else ""
    return ", ".join(parts) + note


def is_plan_text(text: str, counts: dict[str, int] | None = None) -> bool:
    """Plan vocabulary: a document that speaks of axes, objectives, indicators… is a plan to
    read, however weak its structure; one that never does is something else. A plan that names
    itself once ("Projet académique") and numbers its units without level words is a plan too:
    there the structure found is the evidence."""
    c = compiled()
    hits = len(set(m.group(0) for m in c.plan_words.finditer(fold(text))))
    # two levels read, or a top level of three units or more (announced in a summary's prose)
    structured = bool(counts) and (counts["axis"] >= 2 and counts["objective"] >= 2 or counts["axis"] >= 3)
    return hits >= c.plan_min_hits or hits >= 1 and structured


def _split_done_planned(plan: ExtractedPlan) -> None:
    """Two-column progress reports flatten "done" and "planned" into one list under
    "Perspectives": there, imperative lines ("Poursuivre…") are plans and the rest were done."""
    for axis in plan.axes:
        for obj in axis.children:
            actions = [c for c in obj.children if c.kind == "action"]
            planned = [a for a in actions if a.status == "planned"]
            if not planned:
                continue
            for a in planned:
                if _reads_as_done(a.label):
                    a.status = "done"


def _reads_as_done(label: str) -> bool:
    if _INFINITIVE_HINT.match(label):
        return False
    first = label.split()[0] if label.split() else ""
    # nominal or past-participle openings describe what was done ("Plan maternelle mis en place…")
    return bool(
        re.search(
            r"\b(?:mis en place|mise en place|lancé|créé|depuis|depuis la rentrée|en 20\d\d|a été|ont été)\b", label
        )
    ) and not first.endswith(("er", "ir", "re"))


# a name spaCy could tag as a place or an organisation: a capitalised word inside a sentence,
# or a département code; entities() keeps only capitalised names, so text without either has none
_NAMED = re.compile(r"(?<![.!?:;«•]\s)(?<!^)(?<![.!?:;«•])\b[A-ZÀ-Ý][\w'’-]+|\((?:\d{2}|2[AB]|97\d)\)")


_SENTENCE_START = re.compile(r"(?:^|[.!?:;«•]\s*)([A-ZÀ-Ý][\w'’-]*)")


def needs_ner(text: str) -> bool:
    """Whether a text may name a place or organisation; the rest skip the NER pipeline. A word
    opening a sentence counts unless it is a French stop word ("Les", "Chaque", "Nous")."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    text = text.strip()
    if _NAMED.search(text):
        return True
    return any(
        re.split(r"['’]", w.lower())[-1] not in STOP_WORDS and w.lower() not in STOP_WORDS
        for w in _SENTENCE_START.findall(text)
    )


def _enrich(plan: ExtractedPlan, stages: dict | None = None) -> None:
    matcher = default_matcher()
    seen_devices = {}
    for_ner: list[tuple[Node, str]] = []
    for node in plan.nodes():
        body = node.text or node.label
        node.devices = matcher.find(f"{node.label} {body}" if node.text else body, node.span.start)
        for d in node.devices:
            seen_devices.setdefault(d.device, d)
        if node.kind in ("action", "passage", "focus", "engagement", "indicator") or node.kind == "objective":
            node.figures = find_figures(body, node.span) if node.kind not in ("objective", "axis", "indicator") else []
        if node.kind in ("action", "passage", "focus") and needs_ner(body):
            for_ner.append((node, body))
    t0 = time.perf_counter()
    for (node, _), (places, organisations) in zip(for_ner, entities_many([body for _, body in for_ner])):
        node.places, node.organisations = places, organisations
    ner = time.perf_counter() - t0
    plan.devices = list(seen_devices.values())
    if stages is not None:
        stages["NER"] = stages.get("NER", 0.0) + ner


def _projects(plan: ExtractedPlan, focus_nodes: list[Node], tables: list[ProjectTable]) -> list[Project]:
    projects: list[Project] = []
    seen = set()
    where = {id(n): a.notation for a in plan.axes for n in a.walk()}
    found_all: list[Project] = []
    for focus in focus_nodes:
        lines = getattr(focus, "_lines", [])
        is_cnr = bool(re.search(r"\bCNR\b|notre [ée]cole", focus.label, re.I))
        found = projects_from_bullets(_project_items(lines), is_cnr, where.get(id(focus)))
        if not found:
            p = project_from_focus(focus.label, focus.text, focus.span, where.get(id(focus)))
            found = [p] if p else []
        found_all.extend(found)
    found_all.extend(_table_projects(tables))
    for p in found_all:
        key = (p.title.lower(), p.establishment.name.lower() if p.establishment else "")
        if key in seen:
            continue
        seen.add(key)
        p.devices = default_matcher().find(f"{p.title} {p.description}", p.span.start)
        p.figures = find_figures(p.description, p.span)
        projects.append(p)
    return projects


def _project_items(lines: list[Line]) -> list[tuple[str, Span]]:
    """The items of a project box, one per project: a line that opens a project (a bullet, or
    a plain line with a "(NN) :" header) together with the lines that continue it, up to the
    next item or blank line — plain-text plans wrap a project's description over several lines."""
    items: list[tuple[list[str], list[Line]]] = []
    current = None
    for ln in lines:
        if not ln.text:
            current = None
        elif ln.bullet or starts_project(ln.text, bullet=False):
            current = ([ln.text], [ln])
            items.append(current)
        elif current is not None and not ln.heading_level:
            current[0].append(ln.text)
            current[1].append(ln)
    return [
        (" ".join(texts), Span(src[0].number, src[-1].number, "\n".join(x.raw for x in src))) for texts, src in items
    ]


def _table_projects(tables: list[ProjectTable]) -> list[Project]:
    out = []
    for table in tables:
        for row in table.rows:
            dept = departement(row.departement) if row.departement else None
            if dept is None and row.departement:
                # "Rhône (69)" or a name with a stray word: take the one département it names
                named = find_departements(row.departement)
                dept = named[0] if len(named) == 1 else None
            out.append(
                Project(
                    title=row.title,
                    span=Span(row.line, row.line, row.quote),
                    establishment=Organisation(row.establishment, "school") if row.establishment else None,
                    commune=Place(tidy_name(row.commune), "commune") if row.commune else None,
                    departement=dept,
                    is_cnr=row.is_cnr,
                )
            )
    return out


def _drop_table_leaves(plan: ExtractedPlan, tables: list[ProjectTable]) -> None:
    """Rows of a project table are projects, not engagements, indicators or actions of the
    objective the table happens to follow: they are dropped from the outline. The heading above
    the table stays as running text (it names the programme, « Notre école, faisons-la ensemble »)."""
    if not tables:
        return
    rows = {n for t in tables for n in range(t.start, t.end + 1)}
    headings = {t.heading_line for t in tables if t.heading_line is not None}
    leaves = ("engagement", "indicator", "action")

    def prune(node: Node) -> None:
        kept = []
        for c in node.children:
            if c.kind in leaves and set(range(c.span.start, c.span.end + 1)) <= rows:
                continue
            if c.kind in leaves and c.span.start == c.span.end and c.span.start in headings:
                c.kind, c.status, c.text = "passage", None, c.text or c.label
            kept.append(c)
            prune(c)
        node.children = kept

    for axis in plan.axes:
        prune(axis)
