"""Dumps of the whole dataset for download: Turtle (union of all graphs), N-Quads (named graphs
kept), JSON-LD (named graphs kept, compacted with a small @context of the Boussole prefixes).

Files are written atomically (temp file in the same directory, fsync, os.replace, fsync of the
directory): a reader or a web server never sees a half-written dump, and a failed dump leaves
the previous file in place. Output is ordered (Turtle by subject, N-Quads line-sorted) so two dumps
of the same data are byte-identical apart from blank node labels, and diffs are meaningful.

Serialisation is native (pyoxigraph) for speed; the JSON-LD @context is added by a small
compaction pass over Oxigraph's expanded JSON-LD (keys, @type and @id values → CURIEs).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from .namespaces import PREFIXES
from .store import GraphStore

JSONLD_CONTEXT: dict[str, str] = dict(PREFIXES)


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Call write(fileobj) on a temp file next to `path`, then atomically move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; dumps are public downloads
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename itself durable
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return path


def turtle_bytes(store: GraphStore) -> bytes:
    """Union of all graphs (duplicates across graphs merged), as Turtle with prefixes."""
    triples = store.backend.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o }",
        default_union=False,
    )
    return (
        ox.serialize(
            (ox.Triple(t.subject, t.predicate, t.object) for t in triples),
            format=ox.RdfFormat.TURTLE,
            prefixes=PREFIXES,
        )
        or b""
    )


def nquads_bytes(store: GraphStore) -> bytes:
    raw = store.dump(ox.RdfFormat.N_QUADS)
    lines = sorted(line for line in raw.split(b"\n") if line)
    return b"\n".join(lines) + (b"\n" if lines else b"")


def _compact_iri(iri: str) -> str:
    best = ""
    pref = ""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, pref = ns, p
    if not best:
        return iri
    local = iri[len(best) :]
    # "bsl://x" would read as an absolute IRI; keep such (theoretical) cases expanded.
    return iri if local.startswith("//") else f"{pref}:{local}"


def _compact(node):
    if isinstance(node, list):
        return [_compact(x) for x in node]
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "@id" and isinstance(v, str) and not v.startswith("_:"):
                out[k] = _compact_iri(v)
            elif k == "@type":
                out[k] = [_compact_iri(t) for t in v] if isinstance(v, list) else _compact_iri(v)
            elif k.startswith("@"):
                out[k] = _compact(v)
            else:
                out[_compact_iri(k)] = _compact(v)
        return out
    return node


def jsonld_bytes(store: GraphStore) -> bytes:
    expanded = json.loads(store.dump(ox.RdfFormat.JSON_LD) or b"[]")
    doc = {"@context": JSONLD_CONTEXT, "@graph": _compact(expanded)}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


FORMATS: dict[str, tuple[str, Callable[[GraphStore], bytes]]] = {
    "turtle": ("boussole.ttl", turtle_bytes),
    "nquads": ("boussole.nq", nquads_bytes),
    "jsonld": ("boussole.jsonld", jsonld_bytes),
}


def dump(store: GraphStore, path: str | Path, fmt: str) -> Path:
    """Write one dump format ("turtle", "nquads", "jsonld") atomically to `path`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown dump format {fmt!r}; one of {sorted(FORMATS)}")
    data = FORMATS[fmt][1](store)
    return atomic_write(path, lambda f: f.write(data))


def dump_all(store: GraphStore, directory: str | Path) -> dict[str, Path]:
    """All three dumps into `directory` (boussole.ttl, boussole.nq, boussole.jsonld)."""
    directory = Path(directory)
    return {fmt: dump(store, directory / name, fmt) for fmt, (name, _f) in FORMATS.items()}


__all__ = ["atomic_write", "dump", "dump_all", "turtle_bytes", "nquads_bytes", "jsonld_bytes", "JSONLD_CONTEXT"]
