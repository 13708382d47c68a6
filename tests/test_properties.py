"""Property-based tests: whatever text comes in, normalisation and segmentation do not crash,
and every extracted node still points at the exact source lines it was read from.

Generated documents mix the shapes real plans have (axis and objective headings, "NOS
ENGAGEMENTS", bullets, indicators, page breaks, OCR misreadings, Markdown headings) with
arbitrary Unicode, so the segmenter's heuristics meet both plausible and hostile input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from boussole.ingest.normalize import normalize
from boussole.ingest.pipeline import extract_text
from boussole.ingest.read import IngestError, RawDocument
from boussole.ingest.segment import segment

pytestmark = pytest.mark.slow  # hundreds of generated documents through the reader

PLAN_LINES = st.sampled_from(
    [
        "AXE 1 : FAIRE RÉUSSIR TOUS LES ÉLÈVES",
        "AXE 2",
        "Axe 3 - Accompagner les personnels",
        "Objectif 1.1 : Consolider les savoirs fondamentaux",
        "OBJECTIF 2.3",
        "1.2 Favoriser l'inclusion",
        "NOS ENGAGEMENTS",
        "Indicateurs",
        "INDICATEURS",
        "Ce qui a évolué depuis 2022",
        "Perspectives 2024-2025",
        "FOCUS SUR : 6E TREMPLIN",
        "- Développer les cordées de la réussite",
        "• 13 internats d'excellence",
        "o séminaires",
        "# Titre",
        "## Objectif 4.1",
        "| Projet | Commune |",
        "| --- | --- |",
        "Taux de remplissage des internats d'excellence",
        "255 projets validés en 2023",
        "l'£cole",
        "I'inclusion",
        "Académie d'Amiens",
        "Académie de Clermont-Ferrand",
        "2023-2027",
        "",
        "",
        "",
    ]
)
LINE = st.one_of(PLAN_LINES, PLAN_LINES, st.text(max_size=60))
NOISE = st.lists(LINE, max_size=4)


@st.composite
def plan_shaped(draw):
    """A plausible plan skeleton (axes → objectives → engagements and indicators) with noise
    lines drawn between every structural line, so extraction succeeds often enough to test it."""
    out = draw(NOISE)
    for a in range(1, draw(st.integers(1, 3)) + 1):
        out += [f"AXE {a} : " + draw(st.sampled_from(["AMBITION", "RÉUSSITE", "ÉQUITÉ"])), ""] + draw(NOISE)
        for o in range(1, draw(st.integers(1, 3)) + 1):
            out += [f"Objectif {a}.{o} : " + draw(st.text(min_size=1, max_size=40)), ""] + draw(NOISE)
            out += ["NOS ENGAGEMENTS", ""]
            out += ["- " + draw(st.text(min_size=1, max_size=50)) for _ in range(draw(st.integers(1, 3)))]
            out += [""] + draw(NOISE) + ["Indicateurs", ""]
            out += ["- " + draw(st.sampled_from(["Taux de réussite au DNB", "Nombre de cordées de la réussite"]))]
            out += [""] + draw(NOISE)
    return out


DOCUMENT = st.one_of(st.lists(LINE, min_size=1, max_size=60), plan_shaped())


def _all_spans(outline):
    for axis in outline.axes:
        for node in axis.walk():
            yield node.kind, node.span
            for fig in node.figures:
                yield "figure", fig.span
    for node in outline.passages + outline.focus:
        yield node.kind, node.span


def _check_span(kind, span, source):
    # Provenance must never point outside the file: generated documents include empty lines,
    # noise-only lines and pages flattened onto one line, where an off-by-one in the reader
    # gives line 0, a line past the end or an inverted range. The last line pins the text.
    where = (kind, span.start, span.end, len(source))
    assert span.start >= 1, where
    assert span.end >= span.start, where
    assert span.end <= len(source), where
    assert span.quote == "\n".join(source[span.start - 1 : span.end]), kind


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_segment_never_crashes_and_spans_quote_the_source(source):
    lines = normalize(source)
    assert [ln.number for ln in lines] == list(range(1, len(source) + 1))
    outline = segment(lines, source)
    for kind, span in _all_spans(outline):
        _check_span(kind, span, source)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_shaped())
def test_extract_either_gives_a_plan_with_exact_provenance_or_says_why_not(source):
    text = "\n".join(source)
    source = text.split("\n")  # a generated line may itself hold a newline
    raw = RawDocument(Path("generated.txt"), text.encode("utf-8"), text)
    try:
        plan = extract_text(raw, academy="Amiens")
    except IngestError as exc:
        # the only refusal extraction may give: it names the file and a reason a user can act on
        assert exc.path == "generated.txt" and exc.reason
        return
    assert plan.meta.n_lines == len(source)
    for axis in plan.axes:
        for node in axis.walk():
            _check_span(node.kind, node.span, source)
            for fig in node.figures:
                _check_span("figure", fig.span, source)
    for project in plan.projects:
        _check_span("project", project.span, source)
