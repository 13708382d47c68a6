"""Recognise the headings plans are written with, across académies' house styles.

Matching is done on accent-folded, lower-cased text so "OBJECTIF", "Objectif" and "objectif"
read the same. Each pattern lists the variants seen in real plans; add new house styles here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .lexicon import fold

BlockKind = Literal["engagement", "indicator", "done", "planned", "focus"]

_NUM = r"(?:n[°o]\s*)?(?P<num>\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-e]\d{0,2})"
_SEP = r"\s*(?:[:.\-–—→>]+|\s)\s*"

AXIS = re.compile(
    rf"^(?:axe|ambition|priorite|orientation|volet|pilier|chantier|enjeu|defi|grande? priorite)\s*(?:strategique\s*)?{_NUM}(?![\w])(?:{_SEP}(?P<title>.*))?$"
)
OBJECTIVE = re.compile(
    rf"^(?:objectif|objectifs)\s*(?:operationnel|strategique|general)?\s*{_NUM}(?![\w])(?:{_SEP}(?P<title>.*))?$"
)
# "1.2 Title" (objective) and "1.2.3 Title" (engagement) in numbered hierarchies
NUMBERED_OBJECTIVE = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2})\.?\s+(?P<title>[^\d\s].{3,})$")
NUMBERED_LEAF = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?P<title>[^\d\s].{3,})$")

_BLOCKS: list[tuple[BlockKind, re.Pattern]] = [
    ("engagement", re.compile(
        r"^(?:nos engagements|engagements|nos leviers|leviers(?: d'?action)?|actions prioritaires|"
        r"nous nous engageons(?: a)?|nos actions|actions a conduire|mesures|plan d'actions?|moyens)\s*:?$")),
    ("indicator", re.compile(
        r"^(?:indicateurs?(?: de (?:suivi|resultats?|reussite|performance|pilotage))?|indicateurs cles|"
        r"mesurer nos progres|evaluation|cibles et indicateurs|nos indicateurs)\s*:?$")),
    ("done", re.compile(
        r"^(?:ce qui a (?:evolue|ete (?:realise|fait|mis en (?:place|oeuvre)))|ce que nous avons (?:fait|realise)|"
        r"realisations|actions realisees|bilan des actions|ce qui a change)\b.*$")),
    ("planned", re.compile(
        r"^(?:perspectives|ce que nous allons faire|a venir|prochaines etapes|actions a venir|ce qui reste a faire|"
        r"ce que nous ferons)\b.*$")),
    ("focus", re.compile(r"^(?:focus(?: sur)?|zoom(?: sur)?|coup de projecteur|gros plan(?: sur)?)\s*:?\s*(?P<title>.*)$")),
]
# "Indicateurs : a ; b ; c." — the block heading and its items on one line
INLINE_INDICATORS = re.compile(
    r"^(?:indicateurs?(?: de (?:suivi|resultats?|reussite|performance|pilotage))?|nos indicateurs)\s*:\s*(?P<title>\S.*)$")
TOC = re.compile(r"^(?:sommaire|table des matieres|contents)\s*:?$")
TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|\s{3,})\s*\d{1,3}\s*$")
# a block heading word glued to the end of a line from the neighbouring column
TRAILING_BLOCK = re.compile(r"^(?P<left>.+?)\s+(?P<head>Indicateurs|NOS ENGAGEMENTS|Nos engagements)\s*$")


@dataclass(frozen=True)
class Heading:
    kind: Literal["axis", "objective", "leaf", "block", "toc"]
    num: str | None = None
    title: str = ""
    block: BlockKind | None = None
    inline: bool = False  # the block's items follow the heading on its line, separated by ";"


def _title(text: str, m: re.Match) -> str:
    """The title as written (not folded): the part of the original text after the match start."""
    folded_title = m.groupdict().get("title") or ""
    if not folded_title:
        return ""
    return text[len(text) - len(folded_title):].strip(" :.-–—→>")


def classify(text: str) -> Heading | None:
    """Return the heading a line is, or None for body text."""
    stripped = text.strip().strip("*").strip()
    if not stripped or len(stripped) > 220:
        return None
    key = fold(stripped)
    if TOC.match(key):
        return Heading("toc")
    m = AXIS.match(key)
    if m:
        return Heading("axis", m.group("num").upper(), _title(stripped, m))
    m = OBJECTIVE.match(key)
    if m:
        return Heading("objective", m.group("num").upper(), _title(stripped, m))
    m = INLINE_INDICATORS.match(key)
    if m:
        return Heading("block", block="indicator", title=_title(stripped, m), inline=True)
    for kind, pattern in _BLOCKS:
        m = pattern.match(key)
        if m:
            title = _title(stripped, m) if kind == "focus" else ""
            return Heading("block", block=kind, title=title)
    m = NUMBERED_LEAF.match(stripped)
    if m:
        return Heading("leaf", m.group("num"), m.group("title").strip())
    m = NUMBERED_OBJECTIVE.match(stripped)
    if m and not re.match(r"^\d+[.,]\d+\s*(?:%|points?|millions?|€)", stripped):
        return Heading("objective", m.group("num"), m.group("title").strip())
    return None


_PAGE_NUMBER_END = re.compile(r"\s\d{1,3}\s*$")


def toc_lines(texts: list[str]) -> set[int]:
    """Indexes of table-of-contents entries: lines with a leader and a page number, and a line
    ending in a page number between two such entries (a long title leaves no room for a leader)."""
    entries = {i for i, t in enumerate(texts) if TOC_ENTRY.search(t)}
    filled = set(entries)
    for i, t in enumerate(texts):
        if i in entries or not _PAGE_NUMBER_END.search(t):
            continue
        before = next((j for j in range(i - 1, -1, -1) if texts[j].strip()), None)
        after = next((j for j in range(i + 1, len(texts)) if texts[j].strip()), None)
        if before in entries and after in entries:
            filled.add(i)
    return filled
