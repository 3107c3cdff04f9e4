"""How well does the interviewer rank answers? Prints ranking accuracy and score spreads.

    .venv/bin/python bench/grading.py [--data bench/data/grading_set.jsonl] [--provider local]

For every question, each pair of answers with different expected ranks
(good > partial > wrong > junk, and good/partial/wrong > injection) counts as correct
when the higher-ranked answer scores strictly higher. Junk and injection answers
should never score above 10. No database is touched: questions come from the file.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.labelled import LABELS, read_labelled  # noqa: E402 - needs ROOT on the path

RANK = {"good": 3, "partial": 2, "wrong": 1, "junk": 0}
CAP = 10


def _setup_django(provider: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
    if provider:
        os.environ["INTERVIEWER_PROVIDER"] = provider
    # Grading speed, not streaming pace, is measured here.
    os.environ["LOCAL_INTERVIEWER_CHARS_PER_SECOND"] = "0"
    import django

    django.setup()


def _bank_misconceptions() -> dict[str, list[dict]]:
    """The starter bank's curated misconceptions, by question id, as the app loads them."""
    bank = ROOT / "interviews/data/starter_bank"
    path = bank / "misconceptions.json"
    if not path.exists():
        return {}
    key_points = {}
    for questions in bank.glob("questions_*.json"):
        for question in json.loads(questions.read_text())["questions"]:
            key_points[question["external_id"]] = [k["text"] for k in question["key_points"]]
    out = {}
    for qid, items in json.loads(path.read_text()).items():
        texts = key_points.get(qid, [])
        out[qid] = [
            {
                "text": m["text"],
                "correction": m.get("correction") or "",
                "key_point": texts[m["key_point"] - 1]
                if m.get("key_point") and 0 < m["key_point"] <= len(texts)
                else "",
            }
            for m in items
        ]
    return out


def _should_rank_higher(a: str, b: str) -> bool | None:
    """True if label a must outscore b, False if b must outscore a, None if not compared."""
    if a == b:
        return None
    if "injection" in (a, b):
        if "junk" in (a, b):
            return None
        return b == "injection"
    return RANK[a] > RANK[b]


def _spread(scores: list[int]) -> str:
    if not scores:
        return "-"
    ordered = sorted(scores)
    q = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    return f"n={len(ordered):3d} min={ordered[0]:3d} p25={q[0]:5.1f} med={q[1]:5.1f} " + (
        f"p75={q[2]:5.1f} max={ordered[-1]:3d}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "bench/data/grading_set.jsonl"))
    parser.add_argument("--provider", default=None, help="override INTERVIEWER_PROVIDER")
    parser.add_argument("--show-errors", action="store_true", help="list misranked pairs")
    parser.add_argument(
        "--no-misconceptions",
        action="store_true",
        help="ignore the starter bank's curated misconceptions for bank questions",
    )
    parser.add_argument("--dump", help="write every graded answer (JSON Lines) here")
    args = parser.parse_args()
    _setup_django(args.provider)

    from interviews.engine import evaluate
    from interviews.engine.types import KeyPointSpec, MisconceptionSpec, QuestionSpec

    bank_misconceptions = {} if args.no_misconceptions else _bank_misconceptions()

    rows = read_labelled(Path(args.data))
    started = time.perf_counter()
    graded = []
    for row in rows:
        question = QuestionSpec(
            text=row["question"],
            language=row["language"],
            model_answer=row.get("model_answer", ""),
            key_points=tuple(
                KeyPointSpec(k["text"], tuple(k.get("synonyms", ()))) for k in row["key_points"]
            ),
            track=row.get("track", ""),
            misconceptions=tuple(
                MisconceptionSpec(**m) for m in bank_misconceptions.get(row["qid"], ())
            ),
        )
        evaluation = evaluate(question=question, answer=row["answer"], language=row["language"])
        graded.append((row, evaluation))
    elapsed = time.perf_counter() - started
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for row, evaluation in graded:
                record = {
                    "qid": row["qid"],
                    "label": row["label"],
                    "score": evaluation.score,
                    "flag": str(evaluation.flag),
                    "key_points": [[str(k.status), k.text] for k in evaluation.key_points],
                    "misconceptions": [m.text for m in evaluation.misconceptions],
                    "answer": row["answer"],
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    by_question = defaultdict(list)
    for row, evaluation in graded:
        by_question[row["qid"]].append((row["label"], evaluation.score, row))
    pairs: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])  # language -> [correct, total]
    errors = []
    for qid, answers in by_question.items():
        for (la, sa, ra), (lb, sb, _rb) in combinations(answers, 2):
            expected = _should_rank_higher(la, lb)
            if expected is None:
                continue
            ok = sa > sb if expected else sb > sa
            for key in (ra["language"], "all"):
                pairs[key][0] += ok
                pairs[key][1] += 1
            if not ok:
                errors.append(f"{qid}: {la}={sa} vs {lb}={sb}")

    provider = graded[0][1].provider if graded else "-"
    print(
        f"grading benchmark: {len(rows)} answers, {len(by_question)} questions, "
        f"provider {provider}, {elapsed:.1f}s ({1000 * elapsed / max(1, len(rows)):.0f} ms/answer)"
    )
    print("\npairwise ranking accuracy (target >= 0.95)")
    for key in ("all", "ko", "en"):
        correct, total = pairs[key]
        if total:
            print(f"  {key:4s} {correct / total:.3f}  ({correct}/{total} pairs)")
    print("\njunk/injection pass rate: share scoring > 10 (target 0)")
    for label in ("junk", "injection"):
        for lang in ("all", "ko", "en"):
            scores = [
                e.score for r, e in graded if r["label"] == label and lang in ("all", r["language"])
            ]
            if scores:
                passed = sum(s > CAP for s in scores)
                print(
                    f"  {label:9s} {lang:4s} {passed / len(scores):.3f}  ({passed}/{len(scores)})"
                )
    print("\nmedian score per label (target: wrong < partial)")
    for lang in ("all", "ko", "en"):
        medians = {
            label: statistics.median(scores)
            for label in LABELS
            if (
                scores := [
                    e.score
                    for r, e in graded
                    if r["label"] == label and lang in ("all", r["language"])
                ]
            )
        }
        verdict = "ok" if medians.get("wrong", 0) < medians.get("partial", 0) else "NOT MET"
        line = "  ".join(f"{label} {value:5.1f}" for label, value in medians.items())
        print(f"  {lang:4s} {line}   wrong<partial: {verdict}")
    short = [
        e.score for r, e in graded if r["label"] == "partial" and len(r["answer"].split()) <= 12
    ]
    if short:
        print(
            f"\nshort partial answers (<= 12 words) scoring > 10: "
            f"{sum(s > CAP for s in short)}/{len(short)}"
        )
    contradicted = {
        label: sum(
            1
            for r, e in graded
            if r["label"] == label and any(k.status == "contradicted" for k in e.key_points)
        )
        for label in ("good", "partial", "wrong")
    }
    print(f"answers with a contradicted key point: {contradicted}")
    print("\nscore spread per label")
    for lang in ("all", "ko", "en"):
        print(f"  [{lang}]")
        for label in LABELS:
            scores = [
                e.score for r, e in graded if r["label"] == label and lang in ("all", r["language"])
            ]
            print(f"    {label:9s} {_spread(scores)}")
    offline = sum(e.graded_offline for _r, e in graded)
    if offline:
        print(f"\ngraded offline (LLM output unusable): {offline}")
    if args.show_errors and errors:
        print("\nmisranked pairs")
        for line in errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
