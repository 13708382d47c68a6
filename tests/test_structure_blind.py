"""The reader on material written without looking at it: hand-written académie plans
(bench/plans/dev and bench/plans/heldout) and bench/plangen_blind.py's house styles.

The floors sit a little below what the reader scores today, so that a change that reads
fewer real plans fails here; `python bench/structure_blind.py -v` prints the figures and
what was missed. The checks on the material itself (every true title is in its text, a
perfect reading scores 1.0) keep the truths honest."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import plangen_blind  # noqa: E402
import structure_blind  # noqa: E402
from layoutgen import Score, key, score  # noqa: E402

# Floors: (top, second, leaves, precision), a little under the figures of the current reader.
FLOORS = {
    "dev": (0.95, 0.95, 0.95, 0.95),
    "heldout": (0.95, 0.95, 0.95, 0.95),
    "generated": (0.97, 0.97, 0.97, 0.97),
}
MAX_REFUSED = 0  # of the 30 hand-written plans


def _as_plan(truth):
    """The reading a perfect reader would give, in the shape `score()` reads."""

    def node(kind, label, children=()):
        return NS(kind=kind, label=label, children=list(children))

    return NS(
        axes=[
            node(
                "axis",
                a.title,
                [
                    node(
                        "objective",
                        o.title,
                        [node("engagement", e) for e in o.engagements] + [node("indicator", i) for i in o.indicators],
                    )
                    for o in a.objectives
                ],
            )
            for a in truth.axes
        ]
    )


def _hand(split):
    return structure_blind.hand_plans(split)


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_true_title_is_in_its_plan(split):
    plans = _hand(split)
    assert len(plans) >= 12, split
    for path, truth, _ in plans:
        folded = key(_text(path))
        labels = [a.title for a in truth.axes] + [o.title for a in truth.axes for o in a.objectives]
        labels += [x for a in truth.axes for o in a.objectives for x in o.engagements + o.indicators]
        missing = [t for t in labels if key(t) not in folded]
        assert not missing, (path.name, missing)
        assert len({key(a.title) for a in truth.axes}) == len(truth.axes), path.name


def test_a_perfect_reading_scores_one_and_an_empty_one_zero():
    path, truth, _ = _hand("dev")[0]
    assert score(_as_plan(truth), truth).figures() == {"top": 1.0, "second": 1.0, "leaves": 1.0, "precision": 1.0}
    empty = score(NS(axes=[]), truth).figures()
    assert empty["top"] == 0.0 and empty["second"] == 0.0


def test_generator_is_deterministic_and_its_truth_is_in_its_text():
    assert len(plangen_blind.STYLES) >= 10
    for style in plangen_blind.STYLES:
        text, truth = plangen_blind.generate(style, 7)
        assert text == plangen_blind.generate(style, 7)[0], style
        folded = key(text)
        units = [a.title for a in truth.axes] + [o.title for a in truth.axes for o in a.objectives]
        units += [x for a in truth.axes for o in a.objectives for x in o.engagements + o.indicators]
        assert all(key(u) in folded for u in units), (style, [u for u in units if key(u) not in folded][:3])
        assert 3 <= len(truth.axes) <= 5 and all(a.objectives for a in truth.axes), style
        assert score(_as_plan(truth), truth).figures()["precision"] == 1.0, style


@pytest.fixture(scope="module")
def readings(tmp_path_factory):
    out: dict[str, Score] = {}
    refused = 0
    for split in ("dev", "heldout"):
        total = Score()
        for path, truth, _ in _hand(split):
            plan, error = structure_blind.read(path)
            refused += error is not None
            total = total + score(plan, truth)
        out[split] = total
    tmp = tmp_path_factory.mktemp("blind")
    total = Score()
    for style in plangen_blind.STYLES:
        text, truth = plangen_blind.generate(style, 100)  # a seed the bench does not print
        path = tmp / f"{style}.txt"
        path.write_text(text, encoding="utf-8")
        total = total + score(structure_blind.read(path)[0], truth)
    out["generated"] = total
    return out, refused


@pytest.mark.parametrize("part", list(FLOORS))
def test_reading_stays_above_its_floor(readings, part):
    figures = readings[0][part].figures()
    floor = dict(zip(("top", "second", "leaves", "precision"), FLOORS[part]))
    assert all(figures[k] >= floor[k] for k in floor), (part, figures, floor)


def test_hand_written_plans_are_not_refused_more_than_today(readings):
    assert readings[1] <= MAX_REFUSED
