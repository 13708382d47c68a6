"""Hypothesis strategies for hostile input, shared by the property tests.

Python's JSON reader accepts what no JSON writer may produce: non-finite numbers (`1e999`,
`NaN`, `-Infinity`) and lone UTF-16 surrogates (`"\\ud800"`). Any test generating request
bodies draws from these so that such values are always in the mix.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

# every code point, surrogates included (hypothesis' default text leaves them out)
any_char = st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
hostile_text = st.one_of(
    st.text(any_char, max_size=40),
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=10), surrogates, st.text(max_size=10)),
    st.text(st.sampled_from("l'd's't'qu’"), min_size=100, max_size=2000),  # elisions: many words, few letters
)
non_finite = st.sampled_from([float("inf"), float("-inf"), float("nan")])
hostile_number = st.one_of(
    non_finite, st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(10**400), max_value=10**400)
)
hostile_scalar = st.one_of(hostile_text, hostile_number, st.none(), st.booleans())
hostile_value = st.recursive(
    hostile_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)


def raw_json(value) -> bytes:
    """`value` as the bytes a careless client sends: NaN/Infinity tokens, \\udXXX escapes."""
    return json.dumps(value, allow_nan=True, ensure_ascii=True).encode("ascii")


def chat_bodies():
    """JSON bodies for POST /chat: a message and a conversation id of any hostile kind."""
    return st.fixed_dictionaries({"message": hostile_value}, optional={"conversation_id": hostile_value}).map(raw_json)
