"""Stable, content-derived IRIs.

Same corpus → same IRIs, on any machine, on every rebuild: nothing here depends on time,
randomness, dict order or the file's bytes (a new *version* of a plan keeps the IRIs of the
elements whose text did not change). Only the SourceDocument IRI depends on the SHA-256,
because it names one version of a file.

Layout under the base (default https://w3id.org/boussole/id/):
    plan/<plan-slug>                                 the plan
    graph/<plan-slug>                                the named graph of its source document
    plan/<plan-slug>/<kind>/<hash>                   axis, objective, leaves, passages, projects, figures
    plan/<plan-slug>/dataset                         the qb:DataSet of its figures
    <node IRI>/span                                  the TextSpan a node was read from
    <node IRI>/theme/<theme-id>                      a scored theme assignment
    source/<sha256>                                  one version of a source file
    academy/<slug>, place/commune/<slug>, place/departement/<code|slug>, place/region/<slug>
    school/[<commune-slug>/]<slug>, org/<slug>
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

# `key` (fold with white space collapsed) is what labels hash to; it is the folding IRIs were
# always minted with, so moving it to boussole.text changed no IRI.
from boussole.text import key

from .namespaces import DEFAULT_BASE

HASH_CHARS = 12  # 48 bits of sha1: collision odds are negligible at plan scale

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_len: int = 80) -> str:
    """Accent-folded lowercase kebab-case ("Clermont-Ferrand" → "clermont-ferrand")."""
    s = _NON_ALNUM.sub("-", key(text)).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rstrip("-")
    return s or "x"


def short_hash(*parts: object, n: int = HASH_CHARS) -> str:
    """Hex prefix of sha1 over the parts (joined by a separator that cannot occur in them)."""
    data = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:n]


def _base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


# --- plans and documents ---------------------------------------------------------------


def plan_slug(academy: str, period: str | None, kind: str = "plan", title: str = "") -> str:
    """ "clermont-ferrand-2023-2027"; progress reports get a suffix so they never collide with
    the plan they report on; without a period a hash of the title keeps plans apart."""
    parts = [slug(academy)]
    parts.append(slug(period) if period else short_hash(key(title), n=8))
    if kind != "plan":
        parts.append(slug(kind))
    return "-".join(parts)


def plan_iri(pslug: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base)}plan/{pslug}")


def graph_iri(pslug: str, base: str = DEFAULT_BASE) -> URIRef:
    """The named graph holding every triple read from one source document."""
    return URIRef(f"{_base(base)}graph/{pslug}")


def source_iri(sha256: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base)}source/{sha256.lower()}")


def dataset_iri(pslug: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base)}plan/{pslug}/dataset")


def span_iri(node: URIRef) -> URIRef:
    return URIRef(f"{node}/span")


def assignment_iri(node: URIRef, theme_id: str) -> URIRef:
    return URIRef(f"{node}/theme/{slug(theme_id)}")


# --- shared entities (same IRI in every plan that names them) ---------------------------


def academy_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base)}academy/{slug(name)}")


def commune_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    # Homonymous communes in different départements would share this IRI; the extractor rarely
    # knows the département of a commune named in running text, so we accept that risk.
    return URIRef(f"{_base(base)}place/commune/{slug(name)}")


def departement_iri(name: str, code: str | None = None, base: str = DEFAULT_BASE) -> URIRef:
    # The official code ("02", "2A") is the better key: names vary ("Puy de Dôme"/"Puy-de-Dôme").
    local = slug(code) if code else slug(name)
    return URIRef(f"{_base(base)}place/departement/{local}")


def region_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base)}place/region/{slug(name)}")


def school_iri(name: str, commune: str | None = None, base: str = DEFAULT_BASE) -> URIRef:
    # "Collège Jean Moulin" exists in hundreds of communes: qualify by commune when known.
    if commune:
        return URIRef(f"{_base(base)}school/{slug(commune)}/{slug(name)}")
    return URIRef(f"{_base(base)}school/{slug(name)}")


def organisation_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base)}org/{slug(name)}")


# --- elements of one plan -----------------------------------------------------------------


class ElementMinter:
    """Mints element IRIs inside one plan: <plan>/<kind>/<hash(parent, notation, folded label)>.

    Two siblings with the same kind, notation and label (two identical indicator lines under one
    objective) would get the same hash; the second, third… get "-2", "-3" appended, in document
    order, so the result is still deterministic. One minter per build; not shared across plans.
    """

    def __init__(self, plan: URIRef):
        self.plan = plan
        self._seen: dict[str, int] = {}

    def mint(self, kind: str, parent: URIRef | str, notation: str | None, label: str) -> URIRef:
        h = short_hash(str(parent), notation or "", key(label))
        iri = f"{self.plan}/{kind}/{h}"
        n = self._seen.get(iri, 0) + 1
        self._seen[iri] = n
        return URIRef(iri if n == 1 else f"{iri}-{n}")
