"""The plan reader measured on material written without looking at it.

Two sources, both independent of the reader and of tests/layoutgen.py's styles:
- bench/plans/{dev,heldout}/: hand-written plans imitating how académies really publish
  (web pages, PDF text layers, document-sharing previews, flip-books, Markdown exports), each
  `NAME.txt|.md` beside `NAME.truth.json` (the tree a careful reader would draw);
- bench/plangen_blind.py: generated plans in house styles of its own.

Every plan goes through `extract()` as a user's file would (no --academy), and is scored with
layoutgen's `score()`: top-level recall, second-level recall under the right parent, leaf
recall under the right objective, structural precision. A refused plan scores zero recall.

    python bench/structure_blind.py                 # dev, held-out and generated
    python bench/structure_blind.py --split dev     # one half only
    python bench/structure_blind.py --seeds 3 -v    # more generated plans; list misses
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "bench" / "plans"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from layoutgen import Score, TAxis, TObjective, Truth, key, score  # noqa: E402
import plangen_blind  # noqa: E402

from boussole.ingest.pipeline import extract  # noqa: E402
from boussole.ingest.read import IngestError  # noqa: E402

# What a target is judged on (issue: "read any académie's plan").
TARGETS = {
    "partial": {"top": 0.8, "second": 0.7},
    "generated": {"top": 0.9, "second": 0.9, "leaves": 0.8, "precision": 0.9},
}


def load_truth(path: Path) -> tuple[Truth, dict]:
    """A NAME.truth.json as layoutgen's Truth, and its description (kind, partial)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    axes = [
        TAxis(
            a["title"],
            [
                TObjective(o["title"], list(o.get("engagements", [])), list(o.get("indicators", [])))
                for o in a.get("objectives", [])
            ],
        )
        for a in data["axes"]
    ]
    n_leaves = sum(len(o.engagements) + len(o.indicators) for a in axes for o in a.objectives)
    meta = {"kind": data.get("kind", "?"), "partial": data.get("partial", n_leaves == 0)}
    return Truth(data.get("academy") or "", data.get("period") or "", axes), meta


def hand_plans(split: str | Path) -> list[tuple[Path, Truth, dict]]:
    out = []
    for truth_path in sorted((PLANS / split).glob("*.truth.json")):
        stem = truth_path.name[: -len(".truth.json")]
        docs = [p for p in truth_path.parent.glob(stem + ".*") if p != truth_path]
        if len(docs) != 1:
            raise SystemExit(f"{truth_path}: expected one plan beside it, found {docs}")
        truth, meta = load_truth(truth_path)
        out.append((docs[0], truth, meta))
    return out


def read(path: Path):
    """(plan, None) or (an empty plan, the refusal) — a refusal must cost recall, not crash."""
    try:
        return extract(path), None
    except IngestError as exc:
        return SimpleNamespace(axes=[]), str(exc)


def misses(plan, truth: Truth) -> list[str]:
    """True axes and objectives not found at their place, and found ones that are not true (for -v)."""
    found = {key(a.label): {key(o.label) for o in a.children if o.kind == "objective"} for a in plan.axes}
    out = []
    for ta in truth.axes:
        if key(ta.title) not in found:
            out.append(f"  missed axis      {ta.title}")
            continue
        out += [f"  missed objective {to.title}" for to in ta.objectives if key(to.title) not in found[key(ta.title)]]
    true_objs = {key(a.title): {key(o.title) for o in a.objectives} for a in truth.axes}
    for a in plan.axes:
        if key(a.label) not in true_objs:
            out.append(f"  extra axis      {a.label[:90]}")
            continue
        out += [
            f"  extra objective {o.label[:90]}"
            for o in a.children
            if o.kind == "objective" and key(o.label) not in true_objs[key(a.label)]
        ]
        out += [f"  extra {c.kind} under the axis {c.label[:70]}" for c in a.children if c.kind in LEAVES]
    return out + leaf_misses(plan, truth)


LEAVES = ("engagement", "indicator")


def leaf_misses(plan, truth: Truth) -> list[str]:
    """Leaves of objectives found at their place: the true ones not found, the found ones not true."""
    found = {(key(a.label), key(o.label)): o for a in plan.axes for o in a.children if o.kind == "objective"}
    out = []
    for ta in truth.axes:
        for to in ta.objectives:
            fo = found.get((key(ta.title), key(to.title)))
            if fo is None:
                continue
            true = {("engagement", key(e)): e for e in to.engagements} | {
                ("indicator", key(i)): i for i in to.indicators
            }
            got = {(c.kind, key(c.label)): c.label for c in fo.children if c.kind in LEAVES}
            out += [f"  missed {k[0]:10s} {v[:80]}  [{to.title[:30]}]" for k, v in true.items() if k not in got]
            out += [f"  extra  {k[0]:10s} {v[:80]}  [{to.title[:30]}]" for k, v in got.items() if k not in true]
    return out


def _verdict(name: str, s: Score, targets: dict[str, float], refused: int | None = None) -> str:
    f = s.figures()
    short = [f"{k} {f[k]:.2f} < {v}" for k, v in targets.items() if f[k] < v]
    if refused:
        short.append(f"{refused} refused")
    return f"target {name}: " + ("met" if not short else "missed (" + ", ".join(short) + ")")


def _fmt(s: Score) -> str:
    f = s.figures()
    return "  ".join(
        f"{f[k]:5.2f} ({getattr(s, k)[0]:3d}/{getattr(s, k)[1]:3d})" for k in ("top", "second", "leaves", "precision")
    )


HEADER = f"{'':34s} {'top':>15s}  {'second':>15s}  {'leaves':>15s}  {'precision':>15s}"


def run_hand(split: str | Path, verbose: bool, generated: bool = False) -> dict[str, Score]:
    """Per-plan lines for one half; returns totals keyed 'all', 'partial', 'full', 'kind:…'.
    `generated`: the plans come from a generator, and are judged on its bar too."""
    totals: dict[str, Score] = {}
    refused = 0
    name = Path(split).name
    print(f"\n== {'generated' if generated else 'hand-written'} plans, {split} ==\n{HEADER}")
    for path, truth, meta in hand_plans(split):
        plan, error = read(path)
        s = score(plan, truth)
        refused += error is not None
        mark = " REFUSED" if error else ""
        print(f"{path.name[:34]:34s} {_fmt(s)}  {meta['kind']}{' partial' if meta['partial'] else ''}{mark}")
        if verbose:
            print("\n".join(misses(plan, truth)) or "  (nothing missed)")
            if error:
                print(f"  refusal: {error}")
        for k in ("all", "partial" if meta["partial"] else "full", f"kind:{meta['kind']}"):
            totals[k] = totals.get(k, Score()) + s
    for k, s in sorted(totals.items()):
        print(f"{'TOTAL ' + name + ' ' + k:34s} {_fmt(s)}")
    print(f"refused: {refused}")
    if generated:
        print(_verdict("generated", totals.get("all", Score()), TARGETS["generated"], refused))
    print(
        _verdict(
            "real plans (all, judged on the partial-plan bar)", totals.get("all", Score()), TARGETS["partial"], refused
        )
    )
    return totals


def run_generated(seeds: int, verbose: bool) -> dict[str, Score]:
    totals: dict[str, Score] = {}
    print(f"\n== generated plans (bench/plangen_blind.py, {seeds} seed(s) per style) ==\n{HEADER}")
    refused = 0
    with tempfile.TemporaryDirectory() as tmp:
        for style in plangen_blind.STYLES:
            style_score = Score()
            for seed in range(seeds):
                text, truth = plangen_blind.generate(style, seed)
                path = Path(tmp) / f"{style}-{seed}.txt"
                path.write_text(text, encoding="utf-8")
                plan, error = read(path)
                refused += error is not None
                s = score(plan, truth)
                style_score = style_score + s
                if verbose and (min(s.figures().values()) < 1 or error):
                    print(f"  {style} seed {seed}:" + (f" REFUSED {error}" if error else ""))
                    print("\n".join(misses(plan, truth)[:12]))
            totals[style] = style_score
            print(f"{style[:34]:34s} {_fmt(style_score)}")
    total = sum(totals.values(), Score())
    print(f"{'TOTAL generated':34s} {_fmt(total)}\nrefused: {refused}")
    print(_verdict("generated", total, TARGETS["generated"], refused))
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    splits = sorted(p.name for p in PLANS.iterdir() if p.is_dir())
    ap.add_argument("--split", choices=[*splits, "all", "none"], default="all")
    ap.add_argument(
        "--dir",
        type=Path,
        action="append",
        default=[],
        help="also score the plans of this folder (NAME.txt beside NAME.truth.json), e.g. another generator's",
    )
    ap.add_argument("--seeds", type=int, default=2, help="generated plans per style (0: none)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list what was missed")
    args = ap.parse_args()
    for split in splits if args.split == "all" else [] if args.split == "none" else [args.split]:
        run_hand(split, args.verbose)
    for folder in args.dir:
        run_hand(folder.resolve(), args.verbose, generated=True)
    if args.seeds:
        run_generated(args.seeds, args.verbose)


if __name__ == "__main__":
    main()
