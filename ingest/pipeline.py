"""documents → ExtractedPlan: read, repair, segment, then extract entities from each node."""
from __future__ import annotations

import re
from pathlib import Path

from .devices import default_matcher
from .figures import find_figures
from .items import label_of
from .meta import infer_academy, infer_kind, infer_period, infer_title
from .model import DocumentMeta, ExtractedPlan, Node, Project, Span
from .normalize import normalize
from .places import entities, project_from_focus, projects_from_bullets
from .read import IngestError, RawDocument, read_document
from .segment import segment

_INFINITIVE_HINT = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?:er|ir|re|oir)\b")


def extract(path: Path | str, *, academy: str | None = None, title: str | None = None,
            period: str | None = None, kind: str | None = None, display_path: str | None = None) -> ExtractedPlan:
    """Read one document and return everything Boussole extracts from it.

    Raises IngestError (naming the file and the reason) for unreadable or non-plan input.
    """
    raw = read_document(path)
    return extract_text(raw, academy=academy, title=title, period=period, kind=kind, display_path=display_path)


def extract_text(raw: RawDocument, *, academy=None, title=None, period=None, kind=None, display_path=None) -> ExtractedPlan:
    source = raw.text.split("\n")
    lines = normalize(source)
    outline = segment(lines, source)
    n_struct = sum(1 for a in outline.axes for n in a.walk() if n.kind in ("objective", "engagement", "indicator", "action"))
    if not outline.axes or n_struct < 3:
        raise IngestError(raw.path, "not a plan: no axes, objectives, engagements, indicators or actions were found")
    text = "\n".join(ln.text for ln in lines)
    academy = academy or infer_academy(text)
    if not academy:
        raise IngestError(raw.path, "cannot tell which académie published this plan: pass --academy")
    period = period or infer_period(text)
    kind = kind or infer_kind(text)
    meta = DocumentMeta(
        path=display_path or str(raw.path), sha256=raw.sha256, academy=academy,
        title=title or infer_title(source, academy, period, kind), period=period, kind=kind, n_lines=len(source),
    )
    plan = ExtractedPlan(meta=meta, axes=outline.axes, passages=outline.passages)
    _split_done_planned(plan)
    _enrich(plan)
    plan.projects = _projects(plan, outline.focus)
    return plan


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
    return bool(re.search(r"\b(?:mis en place|mise en place|lancé|créé|depuis|depuis la rentrée|en 20\d\d|a été|ont été)\b", label)) and not first.endswith(("er", "ir", "re"))


def _enrich(plan: ExtractedPlan) -> None:
    matcher = default_matcher()
    seen_devices = {}
    for node in plan.nodes():
        body = node.text or node.label
        node.devices = matcher.find(f"{node.label} {body}" if node.text else body, node.span.start)
        for d in node.devices:
            seen_devices.setdefault(d.device, d)
        if node.kind in ("action", "passage", "focus", "engagement", "indicator") or node.kind == "objective":
            node.figures = find_figures(body, node.span) if node.kind not in ("objective", "axis", "indicator") else []
        if node.kind in ("action", "passage", "focus"):
            node.places, node.organisations = entities(body)
    plan.devices = list(seen_devices.values())


def _projects(plan: ExtractedPlan, focus_nodes: list[Node]) -> list[Project]:
    projects: list[Project] = []
    seen = set()
    where = {id(n): (a.notation if True else None) for a in plan.axes for n in a.walk()}
    for focus in focus_nodes:
        lines = getattr(focus, "_lines", [])
        is_cnr = bool(re.search(r"\bCNR\b|notre [ée]cole", focus.label, re.I))
        bullet_items = [(ln.text, Span(ln.number, ln.number, ln.raw)) for ln in lines if ln.bullet]
        found = projects_from_bullets(bullet_items, is_cnr, where.get(id(focus)))
        if not found:
            p = project_from_focus(focus.label, focus.text, focus.span, where.get(id(focus)))
            found = [p] if p else []
        for p in found:
            key = (p.title.lower(), p.establishment.name.lower() if p.establishment else "")
            if key in seen:
                continue
            seen.add(key)
            p.devices = default_matcher().find(f"{p.title} {p.description}", p.span.start)
            p.figures = find_figures(p.description, p.span)
            projects.append(p)
    return projects
