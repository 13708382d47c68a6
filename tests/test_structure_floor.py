"""The reader on generated plans in house styles it was not written against (tests/layoutgen.py):
floors on top-level recall, second-level recall under the right parent, leaf recall and
structural precision. `python bench/structure.py` prints the same figures per style."""

from __future__ import annotations

import pytest

from layoutgen import STYLES, Score, corpus, generate, score

from boussole.ingest.pipeline import extract

pytestmark = pytest.mark.slow  # reads a generated corpus of every house style


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("generated")
    out: dict[str, Score] = {}
    for style, seed in corpus(n_mixed=10, per_style=1):
        text, truth = generate(style, seed + 100)  # seeds the bench does not print
        path = tmp / f"{style.name}.txt"
        path.write_text(text, encoding="utf-8")
        out[style.name] = out.get(style.name, Score()) + score(extract(path), truth)
    return out


def test_generated_plans_overall_floor(scores):
    total = sum(scores.values(), Score()).figures()
    assert total["top"] >= 0.9 and total["second"] >= 0.9, total
    assert total["leaves"] >= 0.8 and total["precision"] >= 0.9, total


@pytest.mark.parametrize("name", [s.name for s in STYLES])
def test_every_named_style_is_read(scores, name):
    f = scores[name].figures()
    assert f["top"] >= 0.75 and f["second"] >= 0.7 and f["precision"] >= 0.75, (name, f)


def test_scorer_counts_a_wrong_parent_as_wrong():
    # an objective read under the wrong axis is neither recalled nor precise
    text, truth = generate(STYLES[0], 1)
    from types import SimpleNamespace as NS

    a0, a1 = truth.axes[0], truth.axes[1]
    obj = NS(kind="objective", label=a1.objectives[0].title, children=[])
    plan = NS(axes=[NS(label=a0.title, children=[obj]), NS(label=a1.title, children=[])])
    s = score(plan, truth)
    assert s.second[0] == 0 and s.precision == (2, 3)
