"""Read a document's text: .txt/.md (any common encoding) and .pdf (text layer).

Every failure is an IngestError naming the file and the reason, so a batch can report it and
go on with the other files.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MAX_BYTES = 50 * 1024 * 1024


class IngestError(Exception):
    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class RawDocument:
    path: Path
    data: bytes
    text: str
    # typography a PDF text layer gives: 0-based line index -> heading depth (1 for the largest
    # type), read like Markdown heading depth by the reader
    heading_levels: dict[int, int] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(path, "file not found") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror})") from None
    if path.is_dir():
        raise IngestError(path, "is a directory")
    if size == 0:
        raise IngestError(path, "file is empty")
    if size > MAX_BYTES:
        raise IngestError(path, f"file is too large ({size // 1_048_576} MB, limit {MAX_BYTES // 1_048_576} MB)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror})") from None


def decode_text(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(path, "binary file, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1252 and Latin-1 are what French offices produce; try them before guessing
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            if sum(c.isprintable() or c in "\n\r\t" for c in text) > 0.98 * len(text):
                return text
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(path, "cannot decode text (unknown encoding or binary data)")
    return str(best)


def pdf_text(path: Path, data: bytes) -> tuple[str, dict[int, int]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise IngestError(path, "PDF is encrypted (password protected)")
            except (FileNotDecryptedError, NotImplementedError):
                raise IngestError(path, "PDF is encrypted (password protected)") from None
        pages, sizes = [], []
        for page in reader.pages:
            size_of: dict[str, tuple[float, bool]] = {}
            pages.append(page.extract_text(visitor_text=_size_visitor(size_of)) or "")
            sizes.append(size_of)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"damaged or truncated PDF ({exc})") from None
    # a blank-line run marks page breaks, as in text exported from PDF
    text = "\n\n\n\n".join(pages)
    if len(text.strip()) < 20:
        raise IngestError(path, "PDF has no text layer (scanned images?): run OCR first")
    return text, _heading_levels(pages, sizes)


def _key(text: str) -> str:
    return " ".join(text.split())


def _is_bold(font) -> bool:
    """A font's weight from its resource: a bold name ("/Helvetica-Bold", "/ABCDEF+Arial-BoldMT"),
    a descriptor's weight of 600 or more, or its force-bold flag."""
    if not font:
        return False
    name = str(font.get("/BaseFont", "")).lower()
    if any(w in name for w in _bold_words()):
        return True
    try:
        desc = font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else None
        if desc is not None:
            weight = desc.get("/FontWeight")
            flags = int(desc.get("/Flags", 0) or 0)
            return (weight is not None and float(weight) >= 600) or bool(flags & (1 << 18))
    except (AttributeError, TypeError, ValueError):
        return False
    return False


def _bold_words() -> tuple[str, ...]:
    from .layout import rules

    return tuple(rules()["typography"]["bold_fonts"])


def _size_visitor(size_of: dict[str, tuple[float, bool]]):
    """pypdf's text visitor: the rendered font size of each line of a page (the largest on it)
    and whether the whole line is set in a bold face."""
    current: list[str] = []
    size = [0.0]
    bold = [True]

    def close() -> None:
        k = _key("".join(current))
        if k:
            was, was_bold = size_of.get(k, (0.0, True))
            size_of[k] = (max(was, size[0]), was_bold and bold[0])
        current.clear()
        size[0] = 0.0
        bold[0] = True

    def visit(text, cm, tm, font, font_size):
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if n:
                close()
            if part.strip():
                current.append(part)
                size[0] = max(size[0], round((font_size or 0) * (scale or 1), 1))
                bold[0] = bold[0] and _is_bold(font)

    return visit


def _heading_levels(pages: list[str], sizes: list[dict[str, tuple[float, bool]]]) -> dict[int, int]:
    """Lines set in larger type than the body: depth 1 for the largest size, 2 for the next, 3;
    then short lines set wholly in bold at the body's size, one depth below the sizes. Type is
    heading evidence only where it stands out: the body's size is the one most characters are
    set in, a heading size is at least 15 % larger, and bold counts only while most of the
    body is not bold."""
    lines: list[tuple[int, str, float, bool]] = []
    offset = 0
    for text, size_of in zip(pages, sizes):
        for j, line in enumerate(text.split("\n")):
            size, bold = size_of.get(_key(line), (0.0, False))
            if size:
                lines.append((offset + j, line, size, bold))
        offset += len(text.split("\n")) + 3
    weight: Counter[float] = Counter()
    for _, line, size, _ in lines:
        weight[size] += len(line)
    if not weight:
        return {}
    body = weight.most_common(1)[0][0]
    short = [(i, line, s, b) for i, line, s, b in lines if len(line.strip()) <= 150]
    big = sorted({s for _, _, s, _ in short if s >= 1.15 * body}, reverse=True)[:3]
    out = {i: big.index(s) + 1 for i, _, s, _ in short if s in big}
    body_chars = sum(len(line) for _, line, s, _ in lines if s < 1.15 * body)
    bold_chars = sum(len(line) for _, line, s, b in lines if s < 1.15 * body and b)
    if len(big) < 3 and bold_chars <= 0.3 * body_chars:
        out.update({i: len(big) + 1 for i, _, s, b in short if b and s < 1.15 * body and s >= 0.9 * body})
    return out if len(out) >= 2 else {}


def read_document(path: Path | str) -> RawDocument:
    path = Path(path)
    data = read_bytes(path)
    suffix = path.suffix.lower()
    levels: dict[int, int] = {}
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        text, levels = pdf_text(path, data)
    elif suffix in TEXT_SUFFIXES or not suffix:
        text = decode_text(path, data)
    else:
        raise IngestError(path, f"unsupported file type '{suffix}' (use .txt, .md or .pdf)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(path, "file has no text")
    return RawDocument(path, data, text, levels)
