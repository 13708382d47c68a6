"""A web page's HTML pasted as text: its tags and entities read as the text the page shows.

A page copied from a browser's source view (or a CMS export) keeps `<h2>…</h2>`, `<li>…</li>`,
`<br>` and entities (`&eacute;`, `&#39;`, `&rsquo;`). Headings become Markdown headings of the
same depth and list items bullets, so the reader's Markdown and list passes see the page's own
structure; every other tag is dropped. One output line per input line, so line numbers hold.
The standard library's `html.unescape` knows every named entity; the tags are few and
line-local, which is why a per-line rewrite is enough and no HTML parser is needed.
"""

from __future__ import annotations

import html
import re

# the elements of a page's text; a "<" followed by anything else is text ("< 5 %")
_ELEMENTS = (
    "html|head|body|div|p|span|br|hr|h[1-6]|ul|ol|li|dl|dt|dd|a|strong|em|b|i|u|small|sup|sub|"
    "table|thead|tbody|tr|td|th|section|article|header|footer|nav|main|aside|blockquote|figure|figcaption|img"
)
_TAG = re.compile(rf"<(/?)({_ELEMENTS})\b[^<>]*?/?>", re.I)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_MIN_MARKS = 3


def has_markup(lines: list[str]) -> bool:
    """Tags or entities three times at least: a page's source, not a "<" or "&" in prose."""
    marks = 0
    for line in lines:
        marks += len(_TAG.findall(line)) + len(_ENTITY.findall(line))
        if marks >= _MIN_MARKS:
            return True
    return False


def _line(text: str) -> str:
    out: list[str] = []
    pos = 0
    items = 0
    for m in _TAG.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        closing, name = m.group(1), m.group(2).lower()
        if closing:
            continue
        if re.fullmatch(r"h[1-6]", name):
            out.append("#" * int(name[1]) + " ")
        elif name == "li":
            # several items on one line stay on it, cut as a list written on one line is
            out.append("- " if items == 0 else " ; ")
            items += 1
        elif name in ("td", "th") and "".join(out).strip():
            out.append(" | ")
    out.append(text[pos:])
    shown = html.unescape("".join(out)).replace("\xa0", " ")
    return shown if shown.strip() or not text.strip() else ""


def unmarked(lines: list[str]) -> list[str]:
    """Each line as the page shows it (same number of lines)."""
    return [_line(line) for line in lines]
