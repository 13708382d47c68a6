#!/usr/bin/env python
"""Structure benchmark: the reader on generated plans in mixed house styles.

Each style of tests/layoutgen.py writes plans with their true trees; every plan is read by
`boussole.ingest.pipeline.extract` and scored: top-level recall, second-level recall under the
right parent, leaf recall (engagements and indicators under their own objective), structural
precision. One row per style, then the total; the tests hold floors on the same figures.

Usage: python bench/structure.py [--per-style N] [--mixed N] [--show STYLE]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from layoutgen import Score, corpus, generate, score  # noqa: E402

from boussole.ingest.pipeline import extract  # noqa: E402
from boussole.ingest.read import IngestError  # noqa: E402


def run(per_style: int, mixed: int, show: str | None = None) -> dict[str, Score]:
    by_style: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for style, seed in corpus(n_mixed=mixed, per_style=per_style):
            text, truth = generate(style, seed)
            path = Path(tmp) / f"{style.name}-{seed}.txt"
            path.write_text(text, encoding="utf-8")
            try:
                s = score(extract(path), truth)
            except IngestError as exc:
                print(f"{style.name}/{seed}: refused: {exc.reason}", file=sys.stderr)
                s = score(_empty(), truth)
            if show and style.name == show and seed == 0:
                print(text)
            by_style[style.name] = by_style.get(style.name, Score()) + s
    return by_style


def _empty():
    from types import SimpleNamespace

    return SimpleNamespace(axes=[])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-style", type=int, default=3)
    ap.add_argument("--mixed", type=int, default=16)
    ap.add_argument("--show", help="print the first generated plan of this style")
    args = ap.parse_args()
    t0 = time.perf_counter()
    by_style = run(args.per_style, args.mixed, args.show)
    total = Score()
    print("| style | top | second | leaves | precision |\n|---|---|---|---|---|")
    for name, s in by_style.items():
        f = s.figures()
        print(f"| {name} | {f['top']:.2f} | {f['second']:.2f} | {f['leaves']:.2f} | {f['precision']:.2f} |")
        total = total + s
    f = total.figures()
    print(f"| **all** | {f['top']:.2f} | {f['second']:.2f} | {f['leaves']:.2f} | {f['precision']:.2f} |")
    n = len(by_style) * args.per_style
    print(f"\n{n} plans in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
