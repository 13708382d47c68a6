"""Incremental and safe ingest: unchanged files do no work, bad files fail alone, nothing is lost."""

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from boussole.graph import GraphStore
from boussole.ingest.normalize import normalize, repair_word
from boussole.jobs import Source, bundled_sources, ingest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.slow
def test_unchanged_changed_and_bad_files(tmp_path):
    data = tmp_path / "data"
    plan = tmp_path / "lyon.md"
    shutil.copy(FIXTURES / "lyon_ambitions.md", plan)
    first = ingest([Source(plan, "lyon.md")] + bundled_sources()[:1], data)
    assert [o.status for o in first.outcomes] == ["ingested", "ingested"]
    with GraphStore(data / "store") as store:
        before = {r.graph: r.sha256 for r in store.documents()}
    assert len(before) == 2

    again = ingest([Source(plan, "lyon.md")], data)
    assert [o.status for o in again.outcomes] == ["unchanged"]

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    not_plan = FIXTURES / "not_a_plan.txt"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Lyon", "Lyon", 1) + "\n\n- Nouvel engagement ajouté.\n",
        encoding="utf-8",
    )
    mixed = ingest(
        [
            Source(empty, "empty.txt"),
            Source(binary, "blob.txt"),
            Source(not_plan, "not_a_plan.txt"),
            Source(plan, "lyon.md"),
        ],
        data,
    )
    status = {o.path: (o.status, o.detail) for o in mixed.outcomes}
    assert status["empty.txt"] == ("failed", "file is empty")
    assert status["blob.txt"][0] == "failed" and "binary" in status["blob.txt"][1]
    assert status["not_a_plan.txt"][0] == "failed" and "not a plan" in status["not_a_plan.txt"][1]
    assert status["lyon.md"][0] == "ingested"
    with GraphStore(data / "store") as store:
        after = {r.graph: r.sha256 for r in store.documents()}
    # exactly the changed document's graph was replaced; the other is untouched
    changed = [g for g in before if before[g] != after.get(g)]
    assert len(changed) == 1 and len(after) == 2


def test_repairs_known_ocr_misreadings():
    assert repair_word("Panalyse") == "l'analyse"
    assert repair_word("éleves") == "élèves"
    assert repair_word("cceur") == "cœur"
    assert repair_word("maftrise") == "maîtrise"
    assert repair_word("harcèlement") == "harcèlement"  # known words are left alone
    lines = normalize(["Le projet de I'académie", "o Nombre de demandes", "bien-é&tre"], ocr=True)
    assert [l.text for l in lines] == ["Le projet de l'académie", "Nombre de demandes", "bien-être"]
    assert lines[1].bullet


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30), st.booleans())
def test_normalize_keeps_one_line_per_line(raw, ocr):
    out = normalize(raw, ocr=ocr)
    assert [l.number for l in out] == list(range(1, len(raw) + 1))


@pytest.mark.slow
def test_a_change_of_extraction_rules_re_extracts_unchanged_files(tmp_path, monkeypatch):
    """A fixed tagger or segmenter must reach stores ingested before the fix, although the
    files' bytes did not change."""
    from boussole import jobs
    from boussole.derive.links import plan_versions

    data = tmp_path / "data"
    plan = tmp_path / "lyon.md"
    shutil.copy(FIXTURES / "lyon_ambitions.md", plan)
    assert [o.status for o in ingest([Source(plan, "lyon.md")], data).outcomes] == ["ingested"]
    with GraphStore(data / "store", read_only=True) as store:
        (record,) = store.documents()
        links_version = plan_versions(store)
    assert record.pipeline == jobs.pipeline_fingerprint()
    assert [o.status for o in ingest([Source(plan, "lyon.md")], data).outcomes] == ["unchanged"]

    monkeypatch.setattr(jobs, "pipeline_fingerprint", lambda: "rules-of-tomorrow")
    lines: list[str] = []
    again = ingest([Source(plan, "lyon.md")], data, progress=lines.append)
    assert [o.status for o in again.outcomes] == ["ingested"]
    assert any("extraction rules changed" in ln for ln in lines), lines
    with GraphStore(data / "store", read_only=True) as store:
        (after,) = store.documents()
        assert after.sha256 == record.sha256 and after.pipeline == "rules-of-tomorrow"
        # the plan's version as the links see it moved too, so its links are recomputed
        assert plan_versions(store) != links_version
    assert [o.status for o in ingest([Source(plan, "lyon.md")], data).outcomes] == ["unchanged"]


def test_engagements_before_the_first_axis_still_make_a_valid_graph(tmp_path):
    """A plan that opens on its engagements (seen in a shuffled plan of the scaled benchmark)
    used to give parentless engagements that the shapes refuse: the whole plan was lost."""
    from boussole.graph import build_plan_graph, validate_graph
    from boussole.ingest.pipeline import extract
    from boussole.jobs import reference_graph, theme_tagger

    body = (FIXTURES / "lyon_ambitions.md").read_text(encoding="utf-8")
    plan_file = tmp_path / "lyon.md"
    plan_file.write_text(
        "NOS ENGAGEMENTS\n\n- Prévenir le décrochage scolaire dans chaque bassin.\n"
        "- Sécuriser les retours en formation.\n\n" + body,
        encoding="utf-8",
    )
    plan = extract(plan_file)
    first = plan.axes[0]
    assert [c.label for c in first.children[:2]] == [
        "Prévenir le décrochage scolaire dans chaque bassin",
        "Sécuriser les retours en formation",
    ]
    assert {c.kind for c in first.children[:2]} == {"engagement"}
    checked = build_plan_graph(plan, tagger=theme_tagger()) + reference_graph()
    report = validate_graph(checked)
    assert report.conforms, report.text
