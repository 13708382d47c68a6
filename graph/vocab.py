"""Access to the packaged vocabulary files (boussole.ontology): the only I/O of the graph layer
besides the store and the dumps.

Graphs are parsed once per process and per file content (cache keyed by SHA-256), so editing a
TTL file and reloading picks up the change while repeated builds do not re-parse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef

from .namespaces import bind_prefixes

ONTOLOGY = "boussole.ttl"
DEVICES = "devices.ttl"
THEMES = "themes.ttl"
SHAPES = "shapes.ttl"

# Named graph of each vocabulary inside the store: the namespace it defines (not under the data
# base, because the vocabulary does not change with the deployment).
VOCAB_GRAPHS: dict[str, URIRef] = {
    ONTOLOGY: URIRef("https://w3id.org/boussole/ns"),
    DEVICES: URIRef("https://w3id.org/boussole/device/"),
    THEMES: URIRef("https://w3id.org/boussole/theme/"),
}


@dataclass(frozen=True)
class VocabFile:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_vocab(name: str, directory: str | Path | None = None) -> VocabFile:
    """Raw bytes of one vocabulary file, from `directory` or from the installed package."""
    if directory is not None:
        return VocabFile(name, (Path(directory) / name).read_bytes())
    return VocabFile(name, (resources.files("boussole.ontology") / name).read_bytes())


def vocab_exists(name: str, directory: str | Path | None = None) -> bool:
    try:
        read_vocab(name, directory)
        return True
    except (FileNotFoundError, OSError):
        return False


_CACHE: dict[tuple[str, str], Graph] = {}


def parse_vocab(vf: VocabFile) -> Graph:
    """Parsed graph of a vocabulary file (cached by content; callers must not mutate it)."""
    key = (vf.name, vf.sha256)
    g = _CACHE.get(key)
    if g is None:
        g = Graph()
        bind_prefixes(g)
        g.parse(data=vf.data, format="turtle")
        _CACHE[key] = g
    return g


def load_vocab(name: str, directory: str | Path | None = None) -> Graph:
    return parse_vocab(read_vocab(name, directory))


def load_vocabs(names: list[str], directory: str | Path | None = None) -> Graph:
    """Union of several vocabulary files in a fresh graph (safe to mutate)."""
    out = Graph()
    bind_prefixes(out)
    for name in names:
        out += load_vocab(name, directory)
    return out
