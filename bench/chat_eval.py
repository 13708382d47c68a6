"""Chat evaluation: does the first sentence state the right fact, and is the node that holds it
cited? Then /chat latency, warm.

The questions and their expected facts (read from the plans by hand) are in
bench/chat_questions.json: counts, places, lists under constraints, devices in common, what a
plan says, comparisons, devices, and follow-ups, half in French, half in English. Every question
goes to a real `boussole serve` over HTTP, as the page and API clients send it.

    python bench/chat_eval.py [--data DIR | --url URL] [--rounds 3] [-v]

Prints per intent and overall: the share with the right fact in the first sentence, the share
whose citations include the node holding it, and /chat p50/p95 over fresh phrasings (the
query-vector cache never answers).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import httpx

from boussole.serve_process import server_for_bench

QUESTIONS = Path(__file__).with_name("chat_questions.json")
# Extra words that change the topic, so that the query-vector cache never answers.
VARIANTS = (" aujourd'hui", " in schools", " en classe", " for pupils", " actuellement")


def norm(text: str) -> str:
    """Case, accents, apostrophes and the decimal comma do not matter when comparing facts."""
    t = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"(?<=\d),(?=\d)", ".", t)
    return re.sub(r"\s+", " ", t.replace("\u202f", " ").replace("\xa0", " "))


def first_sentence(answer: str) -> str:
    """Up to the first full stop that ends a sentence (not a decimal point, not an ellipsis)."""
    m = re.search(r"(?<!\.)[.!?](?=\s|$)|\n", answer)
    return answer[: m.end()] if m else answer


def score(item: dict, reply: dict) -> tuple[bool, bool]:
    head = norm(first_sentence(reply["answer"]))
    fact = all(norm(f) in head for f in item["facts"])
    if item.get("first"):
        # a ranked list: the expected member comes first
        fact = fact and head.find(norm(item["first"])) <= min(
            (head.find(norm(c["label"])) for c in reply["citations"] if norm(c["label"]) in head), default=1 << 30
        )
    node = item.get("node")
    cited = (
        bool(reply["citations"]) if node is None else any(norm(node) in norm(c["label"]) for c in reply["citations"])
    )
    return fact, cited


def flatten(questions: list[dict]) -> list[list[dict]]:
    """Conversations: a question and its follow-ups."""
    return [[q, *q.get("then", [])] for q in questions]


def run(base: str, verbose: bool) -> list[dict]:
    rows = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for conv in flatten(json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]):
            cid = None
            for item in conv:
                reply = http.post("/chat", json={"message": item["q"], "conversation_id": cid}).json()
                cid = reply["conversation_id"]
                fact, cited = score(item, reply)
                rows.append(
                    {
                        "q": item["q"],
                        "lang": item["lang"],
                        "intent": item["intent"],
                        "fact": fact,
                        "cited": cited,
                        "answer": reply["answer"],
                    }
                )
                if verbose or not (fact and cited):
                    mark = ("ok " if fact else "NO ") + ("cited" if cited else "UNCITED")
                    print(f"[{mark}] {item['q']}\n      {first_sentence(reply['answer'])[:300]}", file=sys.stderr)
    return rows


def latency(base: str, rounds: int) -> list[float]:
    items = [i for conv in flatten(json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]) for i in conv[:1]]
    times = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for r in range(rounds):
            for item in items:
                t = time.perf_counter()
                reply = http.post(
                    "/chat", json={"message": item["q"] + VARIANTS[r % len(VARIANTS)] * (1 + r // len(VARIANTS))}
                )
                assert reply.status_code == 200, reply.text
                times.append((time.perf_counter() - t) * 1000)
    return times


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--url", help="a server already running (default: start `boussole serve` here)")
    where.add_argument(
        "--data",
        type=Path,
        help="data directory for the server started here (default: a "
        "temporary one, where the bundled corpus is ingested first)",
    )
    ap.add_argument("--rounds", type=int, default=3, help="latency rounds over the questions (default 3)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every answer, not only the misses")
    args = ap.parse_args(argv)
    with server_for_bench(args.url, args.data, "chat-eval") as base:
        rows = run(base, args.verbose)
        times = latency(base, args.rounds)

    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["intent"]].append(r)
        groups[f"lang {r['lang']}"].append(r)
        groups["all"].append(r)
    print("| questions | n | right fact in 1st sentence | holding node cited |")
    print("|---|---|---|---|")
    for name, rs in sorted(groups.items(), key=lambda x: (x[0] == "all", x[0])):
        n = len(rs)
        print(f"| {name} | {n} | {sum(r['fact'] for r in rs) / n:.0%} | {sum(r['cited'] for r in rs) / n:.0%} |")
    print(
        f"\n/chat warm latency over {len(times)} requests: p50 {_pct(times, 50):.0f} ms, p95 {_pct(times, 95):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
