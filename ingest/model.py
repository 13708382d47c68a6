"""Typed records that ingest/ hands to graph/: the boundary between text and RDF.

Line numbers are always 1-based line numbers of the *original* file (after decoding),
inclusive at both ends, so provenance points at what a reader sees in the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NodeKind = Literal["axis", "objective", "engagement", "indicator", "action", "focus", "passage"]
DocKind = Literal["plan", "progress-report"]
ActionStatus = Literal["done", "planned"]


@dataclass(frozen=True)
class Span:
    """Where something was read: original line range and the exact source text of those lines."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class DeviceMention:
    """A national device/programme named in the text, linked to the thesaurus."""

    device: str  # local id of the concept in ontology/devices.ttl, e.g. "territoires-educatifs-ruraux"
    surface: str  # the words as written ("6E TREMLIN")
    line: int


@dataclass(frozen=True)
class Place:
    name: str  # normalised display name ("Saint-Quentin")
    kind: Literal["commune", "departement", "region"]
    code: str | None = None  # département number ("02") when known


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: Literal["school", "organisation"] = "organisation"


@dataclass(frozen=True)
class Figure:
    """A quantitative statement: "13 internats d'excellence", "+19 % en une année scolaire"."""

    value: float
    unit: str  # "%", "point", "élèves", "internats d'excellence"… (the counted noun when no unit)
    subject: str  # what is counted / measured, in the words of the text
    year: str | None  # "2024", "2023-2024" when stated near the figure
    text: str  # the sentence (or clause) the figure was read from
    span: Span


@dataclass
class Node:
    """One element of the plan hierarchy (axis, objective) or a leaf under an objective."""

    kind: NodeKind
    label: str  # clean, one-line label
    span: Span
    notation: str | None = None  # "1", "2.3" …
    status: ActionStatus | None = None  # actions only
    text: str = ""  # full clean text when longer than the label (descriptions, passages)
    children: list["Node"] = field(default_factory=list)
    devices: list[DeviceMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Project:
    """A named innovation or focus project (CNR "Notre école, faisons-la ensemble" and others)."""

    title: str
    span: Span
    description: str = ""
    establishment: Organisation | None = None
    commune: Place | None = None
    departement: Place | None = None
    is_cnr: bool = False
    objective: str | None = None  # notation of the objective/axis it was presented under
    devices: list[DeviceMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentMeta:
    path: str  # as given by the user/manifest (relative to corpus/ when bundled)
    sha256: str  # of the raw bytes: the identity of this version of the document
    academy: str  # "Clermont-Ferrand"
    title: str
    period: str | None  # "2023-2027"
    kind: DocKind
    n_lines: int = 0


@dataclass
class ExtractedPlan:
    """Everything ingest read from one document."""

    meta: DocumentMeta
    axes: list[Node]  # axis nodes; objectives are their children; leaves under objectives
    projects: list[Project] = field(default_factory=list)
    passages: list[Node] = field(default_factory=list)  # running text not carried by a leaf
    figures: list[Figure] = field(default_factory=list)  # figures not attached to a node
    devices: list[DeviceMention] = field(default_factory=list)  # every mention in the document
    places: list[Place] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def nodes(self):
        for axis in self.axes:
            yield from axis.walk()
        yield from self.passages
