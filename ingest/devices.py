"""Find national devices and programmes in text, linked to the SKOS thesaurus (ontology/devices.ttl).

Every label of a concept (prefLabel, altLabel, hiddenLabel, FR and EN) becomes a pattern
matched on accent- and case-folded text, so "6E TREMLIN", "6e tremplin" and "6ème Tremplin"
land on one concept. Labels that are also ordinary words ("PAS", "PHARE", "TER") are only
matched case-sensitively as whole words, so "pas" or "projet phare" are not taken for devices.
Longest labels are tried first, so "campus des métiers" is not read as "campus".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from boussole.text import fold

from .model import DeviceMention

BSL = Namespace("https://w3id.org/boussole/ns#")
DEVICE_NS = "https://w3id.org/boussole/device/"


def _key(text: str) -> str:
    return re.sub(r"[\s’'\-–]+", " ", fold(text)).strip()


@dataclass(frozen=True)
class DeviceMatcher:
    folded: re.Pattern  # on folded text; group name -> concept id via table
    exact: re.Pattern | None
    table: dict  # pattern group label key -> device id

    def find(self, text: str, line: int = 0) -> list[DeviceMention]:
        out: dict[str, DeviceMention] = {}
        folded = _fold_keep_length(text)
        for m in self.folded.finditer(folded):
            device = self.table.get(_key(m.group(0)))
            if device and device not in out:
                out[device] = DeviceMention(device, text[m.start() : m.end()], line)
        if self.exact is not None:
            for m in self.exact.finditer(text):
                device = self.table.get("=" + m.group(0))
                if device and device not in out:
                    out[device] = DeviceMention(device, m.group(0), line)
        return list(out.values())


def _fold_keep_length(text: str) -> str:
    # one output character per input character so match offsets map back to the original
    return "".join((fold(c) or c)[0] if c not in "’'-–" else " " for c in text)


def _label_pattern(key: str) -> str:
    parts = [re.escape(w) for w in key.split(" ") if w]
    return r"\s+".join(parts)


def build_matcher(graph: Graph) -> DeviceMatcher:
    table: dict[str, str] = {}
    folded_labels: list[str] = []
    exact_labels: list[str] = []
    for concept in set(graph.subjects(SKOS.inScheme, None)):
        if not str(concept).startswith(DEVICE_NS):
            continue
        device = str(concept)[len(DEVICE_NS) :]
        ambiguous = {str(x) for x in graph.objects(concept, BSL.ambiguousLabel)}
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, prop):
                label = str(label).strip()
                if not label:
                    continue
                if label in ambiguous or (len(label) <= 3 and label.isupper()):
                    table["=" + label] = device
                    exact_labels.append(label)
                    continue
                key = _key(label)
                if len(key) < 3:
                    continue
                table.setdefault(key, device)
                folded_labels.append(key)
    for label in ambiguous_from(graph):
        table.setdefault("=" + label[1], label[0])
    folded_alt = "|".join(_label_pattern(k) for k in sorted(set(folded_labels), key=len, reverse=True))
    folded = re.compile(rf"(?<![\w])(?:{folded_alt})(?![\w])")
    exact = None
    if exact_labels:
        exact_alt = "|".join(re.escape(x) for x in sorted(set(exact_labels), key=len, reverse=True))
        exact = re.compile(rf"(?<![\w-])(?:{exact_alt})(?![\w-])")
    return DeviceMatcher(folded, exact, table)


def ambiguous_from(graph: Graph):
    for concept, label in graph.subject_objects(BSL.ambiguousLabel):
        if str(concept).startswith(DEVICE_NS):
            yield str(concept)[len(DEVICE_NS) :], str(label)


def thesaurus_graph() -> Graph:
    g = Graph()
    g.parse(resources.files("boussole.ontology") / "devices.ttl", format="turtle")
    return g


@lru_cache(maxsize=1)
def default_matcher() -> DeviceMatcher:
    return build_matcher(thesaurus_graph())
