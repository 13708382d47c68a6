"""The layout fixtures of other académies (tests/fixtures/, see its README) read by
`boussole.ingest.pipeline.extract` and compared with their `X.expected.json`.

Every part of every fixture is compared exactly (labels after collapsing whitespace). A part
the reader does not get right yet is listed in KNOWN_GAPS with one line saying what is wrong;
for such a part the test asserts that it is still wrong in the same way (the reader's answer is
a strict subset of the expected one, nothing invented), and fails as soon as it becomes right so
the list is kept true. Every other part must match exactly.

    .venv/bin/python tests/test_fixture_layouts.py   # prints the found/expected table
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from boussole.ingest.devices import default_matcher
from boussole.ingest.model import ExtractedPlan
from boussole.ingest.pipeline import extract
from boussole.ingest.read import IngestError

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = {
    p.name.split(".")[0]: p for p in FIXTURES.iterdir() if p.suffix in (".md", ".txt", ".pdf") and p.name != "README.md"
}
PLANS = sorted(
    k for k in DOCS if "error" not in json.loads((FIXTURES / f"{k}.expected.json").read_text(encoding="utf-8"))
)

# The device vocabulary of the fixtures (tests/fixtures/README.md, "Devices") and the concept
# of ontology/devices.ttl each name stands for. The expected lists are complete over these
# names only; other thesaurus concepts (national assessments…) are outside what the fixtures
# were written to check.
FIXTURE_DEVICES = {
    "cordées de la réussite": "cordees-de-la-reussite",
    "internats d'excellence": "internats-d-excellence",
    "pHARe": "phare",
    "territoires éducatifs ruraux": "territoires-educatifs-ruraux",
    "devoirs faits": "devoirs-faits",
    "Pass Culture": "pass-culture",
    "E3D": "e3d",
    "Erasmus+": "erasmus-plus",
    "cités éducatives": "cites-educatives",
    "campus connectés": "campus-connectes",
    "CNR « Notre école, faisons-la ensemble »": "cnr-notre-ecole",
}
FIXTURE_NAME = {device: name for name, device in FIXTURE_DEVICES.items()}
PARTS = (
    "axes",
    "objectives",
    "engagements",
    "indicators",
    "actions_done",
    "actions_planned",
    "projects",
    "figures",
    "devices",
)

# (fixture, part) -> (expected items found, items found that are not expected, what is wrong).
# The counts are asserted exactly, so the list stays true: a part that gets better or worse
# fails until its line is updated (or removed once the part is right).
KNOWN_GAPS: dict[tuple[str, str], tuple[int, int, str]] = {
    ("dijon_leviers", "axes"): (0, 2, "capitalised axis titles are put in sentence case; expected as written"),
    ("rennes_priorites", "axes"): (0, 3, "capitalised axis titles are put in sentence case; expected as written"),
    ("montpellier_pdf_extraction", "axes"): (
        0,
        2,
        "capitalised axis titles are put in sentence case; expected as written",
    ),
    ("lille_ocr", "indicators"): (
        7,
        0,
        "last indicator of the last page ('Nombre de résidences…') read as running text",
    ),
    ("grenoble_bilan", "figures"): (5, 1, "640 counts 'mobilités Erasmus+ d'élèves' instead of 'mobilités'"),
    ("lyon_ambitions", "figures"): (2, 1, "1 450 counts 'élèves' instead of 'élèves et apprentis'"),
    ("rennes_priorites", "figures"): (1, 1, "2 300 counts 'lycéens' instead of 'lycéens et apprentis'"),
    ("nantes_axes_numerotes", "figures"): (1, 1, '9 counts "cités éducatives que compte l\'académie"'),
}


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Parts:
    """One plan as comparable multisets, one per part of the expected files."""

    meta: tuple
    items: dict[str, Counter]


def _obj_key(notation, label):
    return (notation, clean(label))


def from_expected(exp: dict) -> Parts:
    items = {p: Counter() for p in PARTS}
    for ax in exp["axes"]:
        items["axes"][(ax["notation"], clean(ax["label"]))] += 1
        for ob in ax["objectives"]:
            okey = _obj_key(ob["notation"], ob["label"])
            items["objectives"][(ax["notation"],) + okey] += 1
            for field in ("engagements", "indicators", "actions_done", "actions_planned"):
                for label in ob[field]:
                    items[field][okey + (clean(label),)] += 1
    for p in exp["projects"]:
        items["projects"][(clean(p["title"]), clean(p["establishment"]), p["commune"], p["departement"])] += 1
    for f in exp["figures"]:
        items["figures"][(float(f["value"]), f["unit_or_noun"], f["year"])] += 1
    items["devices"] = Counter(set(exp["devices"]))
    return Parts((exp["academy"], exp["period"], exp["kind"]), items)


def from_plan(plan: ExtractedPlan, unnumbered: set[str]) -> Parts:
    """`unnumbered`: labels of the objectives the plan itself leaves unnumbered (notation null in
    the expected file); the reader numbers them in reading order to mint their IRIs, and that
    numbering of its own is not the plan's."""
    items = {p: Counter() for p in PARTS}
    field_of = {"engagement": "engagements", "indicator": "indicators"}
    for ax in plan.axes:
        items["axes"][(ax.notation, clean(ax.label))] += 1
        for ob in (c for c in ax.children if c.kind == "objective"):
            # the reader numbers unnumbered objectives itself; the plan's own numbering is what counts
            okey = _obj_key(None if clean(ob.label) in unnumbered else ob.notation, ob.label)
            items["objectives"][(ax.notation,) + okey] += 1
            for leaf in ob.children:
                if leaf.kind in field_of:
                    items[field_of[leaf.kind]][okey + (clean(leaf.label),)] += 1
                elif leaf.kind == "action":
                    items[f"actions_{leaf.status}"][okey + (clean(leaf.label),)] += 1
    for p in plan.projects:
        items["projects"][
            (
                clean(p.title),
                clean(p.establishment.name) if p.establishment else None,
                p.commune.name if p.commune else None,
                p.departement.code if p.departement else None,
            )
        ] += 1
    # a figure is read once per place it is stated (a focus box and the project it describes
    # share their lines): one statement per source line, value and unit
    seen = {}
    nodes = list(plan.nodes())
    for fig in [f for n in nodes for f in n.figures] + [f for p in plan.projects for f in p.figures] + plan.figures:
        seen.setdefault((fig.span.start, fig.value, fig.unit, fig.text), (abs(fig.value), fig.unit, fig.year))
    items["figures"] = Counter(seen.values())
    items["devices"] = Counter({FIXTURE_NAME[d.device] for d in plan.devices if d.device in FIXTURE_NAME})
    return Parts((plan.meta.academy, plan.meta.period, plan.meta.kind), items)


@lru_cache(maxsize=None)
def compare(name: str) -> dict[str, tuple[Counter, Counter]]:
    """part -> (expected, found) multisets."""
    exp = from_expected(json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8")))
    unnumbered = {label for _, notation, label in exp.items["objectives"] if notation is None}
    got = from_plan(extract(DOCS[name]), unnumbered)
    out = {"meta": (Counter([exp.meta]), Counter([got.meta]))}
    for part in PARTS:
        out[part] = (exp.items[part], got.items[part])
    return out


def score(expected: Counter, found: Counter) -> tuple[int, int, int]:
    """(right, expected, extra): how many expected items were found, and how many found are not expected."""
    right = sum((expected & found).values())
    return right, sum(expected.values()), sum((found - expected).values())


def table() -> str:
    rows = ["| fixture | " + " | ".join(PARTS) + " |", "|---" * (len(PARTS) + 1) + "|"]
    for name in PLANS:
        cells = []
        for part in PARTS:
            right, total, extra = score(*compare(name)[part])
            cells.append(f"{right}/{total}" + (f" +{extra}" if extra else ""))
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _diff(expected: Counter, found: Counter) -> str:
    missing = sorted(map(repr, (expected - found).elements()))
    extra = sorted(map(repr, (found - expected).elements()))
    return "missing:\n  " + "\n  ".join(missing) + "\nextra:\n  " + "\n  ".join(extra)


CASES = [(n, p) for n in PLANS for p in ("meta",) + PARTS]


@pytest.mark.parametrize("name,part", CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_part_matches_expected(name, part):
    expected, found = compare(name)[part]
    if (name, part) in KNOWN_GAPS:
        right, extra, why = KNOWN_GAPS[(name, part)]
        assert found != expected, f"{name} {part} is now right: remove it from KNOWN_GAPS"
        got_right, _, got_extra = score(expected, found)
        assert (got_right, got_extra) == (right, extra), (
            f"{name} {part} changed ({why}): now {got_right} right, {got_extra} extra; update KNOWN_GAPS\n"
            + _diff(expected, found)
        )
        return
    assert found == expected, f"{name} {part}:\n{_diff(expected, found)}"


def test_device_names_are_thesaurus_concepts():
    # the name → concept table above must name concepts the reader can actually report
    concepts = set(default_matcher().table.values())
    assert set(FIXTURE_DEVICES.values()) <= concepts


def test_known_gaps_name_real_parts():
    for name, part in KNOWN_GAPS:
        assert name in PLANS and part in PARTS, (name, part)


def test_not_a_plan_is_refused():
    assert json.loads((FIXTURES / "not_a_plan.expected.json").read_text(encoding="utf-8")) == {"error": "not a plan"}
    with pytest.raises(IngestError, match="not a plan"):
        extract(DOCS["not_a_plan"])


def test_score_table(capsys):
    text = table()
    with capsys.disabled():
        print("\n" + text)
    assert text.count("\n") == len(PLANS) + 1


if __name__ == "__main__":
    print(table())
    for name in PLANS:
        for part in ("meta",) + PARTS:
            e, f = compare(name)[part]
            if e != f:
                print(f"\n## {name} {part}\n{_diff(e, f)}")
