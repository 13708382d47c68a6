"""Bad documents: each fails alone with a clear error naming the file and the cause, the rest of
the batch is ingested, and what was stored before is intact (graph and search index).

Windows-1252 and Latin-1 plans are not errors: they must decode to the same text as UTF-8.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fpdf import FPDF

from boussole.graph import GraphStore
from boussole.ingest.pipeline import extract
from boussole.jobs import Source, ingest
from boussole.search.index import IndexStore
from boussole.search.service import engine_specs

FIXTURES = Path(__file__).parent / "fixtures"
RENNES = FIXTURES / "rennes_priorites.txt"
LATIN1_SAFE = str.maketrans({"–": "-", "•": "-"})  # the two characters of the fixture outside Latin-1


def _labels(plan) -> list[tuple[str, str, tuple[int, int]]]:
    return [(n.kind, n.label, (n.span.start, n.span.end)) for a in plan.axes for n in a.walk()]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_decode_to_the_same_plan_as_utf8(tmp_path, encoding):
    text = RENNES.read_text(encoding="utf-8")
    if encoding == "latin-1":
        text = text.translate(LATIN1_SAFE)
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(text, encoding="utf-8")
    legacy = tmp_path / f"{encoding}.txt"
    legacy.write_bytes(text.encode(encoding))
    assert legacy.read_bytes() != utf8.read_bytes()  # the accents really are encoded differently
    want, got = extract(utf8), extract(legacy)
    assert _labels(got) == _labels(want)
    assert any("é" in label for _, label, _ in _labels(got))  # accents survived, not mangled to "Ã©"
    assert not any("Ã" in label or "\ufffd" in label for _, label, _ in _labels(got))


def _pdf(text: str | None, password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    else:  # a scanned page: pictures, no text layer
        pdf.set_fill_color(120, 120, 120)
        for y in range(20, 260, 12):
            pdf.rect(20, y, 170, 6, style="F")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    return bytes(pdf.output())


@pytest.mark.slow
def test_bad_documents_fail_alone_and_lose_nothing(tmp_path):
    data = tmp_path / "data"
    lyon = tmp_path / "lyon.md"
    shutil.copy(FIXTURES / "lyon_ambitions.md", lyon)
    first = ingest([Source(lyon, "lyon.md")], data)
    assert [o.status for o in first.outcomes] == ["ingested"], first.outcomes
    with GraphStore(data / "store", read_only=True) as store:
        before_docs = {r.graph: r.sha256 for r in store.documents()}
        before_quads = set(store.quads())
    index_before = IndexStore(data).current()

    bad = tmp_path / "bad"
    bad.mkdir()
    files: dict[str, bytes | None] = {
        "empty.txt": b"",
        "blob.txt": b"\x00\x01\x02\xff" * 1000,
        "truncated.pdf": (FIXTURES / "orleans_tours.pdf").read_bytes()[:1500],
        "encrypted.pdf": _pdf("AXE 1 : Réussir\nObjectif 1.1 : Lire", password="secret"),
        "scanned.pdf": _pdf(None),
        "not_a_plan.txt": (FIXTURES / "not_a_plan.txt").read_bytes(),
        "rennes.txt": RENNES.read_bytes(),
        "rennes-copie.txt": RENNES.read_bytes(),  # the same plan under a second name
        "removed.txt": RENNES.read_bytes() + b"\n",  # deleted while the batch runs
        "slides.pptx": b"PK\x03\x04" + b"\x00" * 100,
    }
    for name, content in files.items():
        (bad / name).write_bytes(content)
    huge = bad / "huge.txt"
    with huge.open("wb") as fh:  # 100 MB, sparse: refused on its size before any byte is read
        fh.truncate(100 * 1024 * 1024)
    names = list(files) + ["huge.txt"]

    def remove_mid_batch(message: str) -> None:
        # the first file is being read: the last text file disappears before its turn
        if message.startswith("[1/") and (bad / "removed.txt").exists():
            (bad / "removed.txt").unlink()

    report = ingest([Source(bad / n, n) for n in names], data, progress=remove_mid_batch)
    status = {o.path: (o.status, o.detail) for o in report.outcomes}
    assert list(status) == names
    expected_failures = {
        "empty.txt": "file is empty",
        "blob.txt": "binary file",
        "truncated.pdf": "damaged or truncated PDF",
        "encrypted.pdf": "PDF is encrypted",
        "scanned.pdf": "PDF has no text layer (scanned images?)",
        "not_a_plan.txt": "not a plan",
        "removed.txt": "file not found",
        "slides.pptx": "unsupported file type '.pptx'",
        "huge.txt": "file is too large (100 MB",
    }
    for name, cause in expected_failures.items():
        assert status[name][0] == "failed", (name, status[name])
        assert cause in status[name][1], (name, status[name])
    assert status["rennes.txt"][0] == "ingested", status["rennes.txt"]
    assert status["rennes-copie.txt"] == ("unchanged", "same content as rennes.txt"), status["rennes-copie.txt"]

    with GraphStore(data / "store", read_only=True) as store:
        after_docs = {r.graph: r.sha256 for r in store.documents()}
        after_quads = set(store.quads())
    # Lyon is exactly as it was, Rennes was added once, nothing else reached the store
    lyon_graph = next(iter(before_docs))
    assert {q for q in after_quads if q[3] == lyon_graph} == {q for q in before_quads if q[3] == lyon_graph}
    assert len(after_docs) == 2 and after_docs[lyon_graph] == before_docs[lyon_graph]
    # the index was rebuilt for the new graph and covers both plans
    assert report.index_error is None
    loaded_after = IndexStore(data).current()
    assert loaded_after is not None and loaded_after != index_before
    plans = {u.plan.label for u in _units(data)}
    assert len(plans) == 2


def _units(data: Path):
    return IndexStore(data).open(engine_specs()).units
