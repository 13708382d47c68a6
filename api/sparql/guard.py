"""What a query asks for, checked before it runs: SERVICE, FROM / FROM NAMED, updates.

Oxigraph executes SERVICE by sending an HTTP request to the named endpoint (measured: a
`SERVICE <http://127.0.0.1:PORT/>` query reaches a listening socket), so a public endpoint
must refuse SERVICE before execution or it becomes a proxy into the host's network.

These checks give a clear 400; they are not what keeps the network closed. The worker that runs
the query cannot open a connection at all (sandbox.py: seccomp filter and an empty network
namespace), so a query that slipped past them fails there instead of reaching a host.

Checks, and a query runs only if all let it through:
- nesting depth, counted over every bracket of the raw text whatever its context (no comment
  or string can hide brackets from it): Oxigraph's recursive parser overflows its stack on a
  few thousand nested groups and kills the process;
- SPARQL codepoint escapes (`\\u0041`, `\\U00000041`) are decoded before anything else reads the
  query, as the grammar prescribes (SPARQL 1.1 §19.2): `<urn:x\\u0041#>` is an IRI, not an IRI
  opener followed by a comment hiding the rest of the line;
- rdflib's SPARQL parser, whose parse tree gives SERVICE patterns and dataset clauses exactly;
- a lexical scan (comments, strings, IRIs, variables and prefixed names skipped), run on the
  decoded and on the raw text, that finds the SERVICE keyword even when rdflib cannot parse a
  query that Oxigraph accepts (SPARQL 1.2 syntax: `VERSION`, `<<( )>>`, LATERAL…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_LEX = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<pname>(?P<prefix>[^\W\d_](?:[\w.-]*[\w-])?)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)
    | (?P<word>[^\W\d_]\w*)
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

READ_ONLY_MESSAGE = "SPARQL Update is not accepted: this endpoint is read-only"
SERVICE_MESSAGE = (
    "SERVICE (federated query) is not allowed: this endpoint never sends requests "
    "to other endpoints; query each endpoint separately"
)
MAX_DEPTH = 100  # nested { } ( ) [ ]: hand-written queries stay under 20
OPENERS, CLOSERS = frozenset("{(["), frozenset("})]")


def depth_message(depth: int) -> str:
    return (
        f"query nested too deeply: {depth} levels of {{ }} ( ) [ ], at most {MAX_DEPTH} are accepted; "
        "flatten the groups or split the query"
    )


def max_depth(query: str) -> int:
    """Deepest bracket nesting of the raw text, strings and comments included on purpose: this
    bound must hold whatever another parser makes of the text."""
    depth = deepest = 0
    for ch in query:
        if ch in OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in CLOSERS and depth:
            depth -= 1
    return deepest


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(query: str) -> str:
    """SPARQL 1.1 §19.2: `\\uXXXX` / `\\UXXXXXXXX` are replaced by their code point before parsing,
    anywhere in the query. A value outside Unicode is left as written (the parser rejects it)."""

    def one(m: re.Match) -> str:
        cp = int(m.group(1) or m.group(2), 16)
        return chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else m.group()

    return _ESCAPE.sub(one, query)


@dataclass(frozen=True)
class LexicalScan:
    words: tuple[str, ...]  # bare keywords in order, upper-cased
    service: bool

    @property
    def first_keyword(self) -> str | None:
        # PREFIX/BASE declarations come first; the next keyword is the operation
        return next((w for w in self.words if w not in ("PREFIX", "BASE")), None)


def scan(query: str) -> LexicalScan:
    words: list[str] = []
    service = False
    for m in _LEX.finditer(query):
        if m.lastgroup == "word":
            words.append(m.group().upper())
        elif m.lastgroup == "pname" and (m.group("prefix") or "").upper() == "SERVICE":
            service = True  # `SERVICE:x {…}` may parse as the keyword followed by `:x`
    return LexicalScan(tuple(words), service or "SERVICE" in words)


@dataclass(frozen=True)
class QueryCheck:
    refusal: str | None = None  # why the query must not run (→ 400)
    parsed: bool = False  # rdflib parsed it (dataset clauses below are then exact)
    form: str | None = None  # SELECT / CONSTRUCT / ASK / DESCRIBE when parsed
    from_graphs: tuple[str, ...] = field(default_factory=tuple)
    from_named: tuple[str, ...] = field(default_factory=tuple)
    mentions_from: bool = False  # the lexical scan saw FROM (what is left when rdflib cannot parse)


def _walk(node: Any, depth: int = 0):
    yield node
    if depth > 500:  # parse trees are shallow; this only guards against pathological nesting
        return
    if isinstance(node, dict):
        children = node.values()
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        children = list(node)
    else:
        return
    for child in children:
        yield from _walk(child, depth + 1)


def check_query(query: str, prefixes: dict[str, str]) -> QueryCheck:
    """Inspect `query` (text of a SPARQL query) before execution. `prefixes` are the prefixes
    the endpoint lets queries use without declaring them."""
    depth = max_depth(query)
    if depth > MAX_DEPTH:
        return QueryCheck(refusal=depth_message(depth))
    decoded = decode_escapes(query)
    lex, raw = scan(decoded), scan(query)
    if lex.first_keyword in UPDATE_KEYWORDS or raw.first_keyword in UPDATE_KEYWORDS:
        return QueryCheck(refusal=READ_ONLY_MESSAGE)
    if lex.service or raw.service:
        return QueryCheck(refusal=SERVICE_MESSAGE)
    check = parse_check(decoded, prefixes)
    if not check.parsed and "FROM" in lex.words:
        return QueryCheck(parsed=False, mentions_from=True)
    return check


def parse_check(query: str, prefixes: dict[str, str]) -> QueryCheck:
    """The parse-tree half of check_query (on its own only in tests)."""
    try:
        from rdflib.plugins.sparql.algebra import translatePrologue
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        tree = parseQuery(query)
        prologue = translatePrologue(tree[0], None, initNs=prefixes)
        body = tree[1]
        if any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in _walk(body)):
            return QueryCheck(refusal=SERVICE_MESSAGE)
        default, named = [], []
        for clause in body.get("datasetClause") or []:
            # CompValue.get returns the key itself for a missing key: test membership instead
            if "default" in clause:
                default.append(str(prologue.absolutize(clause["default"])))
            elif "named" in clause:
                named.append(str(prologue.absolutize(clause["named"])))
        form = body.name.replace("Query", "").upper()
        return QueryCheck(
            parsed=True,
            form=form,
            from_graphs=tuple(default),
            from_named=tuple(named),
            mentions_from=bool(default or named),
        )
    except Exception:  # noqa: BLE001 - rdflib missing a syntax Oxigraph has; Oxigraph will judge it
        return QueryCheck(parsed=False)
