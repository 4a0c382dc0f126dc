"""Scores of the extractor against hand-annotated texts (bench/figures_extract.py and the
corpus test): value F1, and F1 with value, counted noun, province and year all right."""

import json
import math
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "figures"
# Two sets annotated by reading the texts alone, before the extractor ever ran on them; their
# first-run scores are recorded in docs/performance.md. The extractor was fixed after each.
HOLDOUT = CORPUS / "holdout"
UNSEEN = CORPUS / "unseen"
ALL = (CORPUS, HOLDOUT, UNSEEN)


def year_of(period: str | None) -> str | None:
    return period[:4] if period else None


def _same_value(first, second) -> bool:
    return math.isclose(float(first), float(second), rel_tol=1e-9, abs_tol=1e-9)


def _matches(expected: list[dict], found: list[dict], key) -> int:
    """How many expected figures have a found one equal under `key`, each used once, in order."""
    used = [False] * len(found)
    count = 0
    for wanted in expected:
        for index, candidate in enumerate(found):
            if not used[index] and key(wanted, candidate):
                used[index] = True
                count += 1
                break
    return count


def value_key(wanted, candidate) -> bool:
    return _same_value(wanted["value"], candidate["value"])


def full_key(wanted, candidate) -> bool:
    return (
        value_key(wanted, candidate)
        and wanted["unit"] == candidate["unit"]
        and wanted["province"] == candidate["province"]
        and year_of(wanted["period"]) == year_of(candidate["period"])
    )


def f1(matched: int, expected: int, found: int) -> float:
    if not expected and not found:
        return 1.0
    precision = matched / found if found else 0.0
    recall = matched / expected if expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def corpus(folder: Path = CORPUS) -> list[tuple[Path, list[dict]]]:
    return [
        (text, json.loads(text.with_suffix(".json").read_text(encoding="utf-8")))
        for text in sorted(folder.glob("*.txt"))
    ]


def score(extract, folders=ALL) -> dict:
    """Totals over the annotated texts; `extract(text)` returns figure dicts."""
    totals = {"expected": 0, "found": 0, "value": 0, "full": 0, "texts": 0}
    for path, expected in [pair for folder in folders for pair in corpus(folder)]:
        found = extract(path.read_text(encoding="utf-8"))
        totals["texts"] += 1
        totals["expected"] += len(expected)
        totals["found"] += len(found)
        totals["value"] += _matches(expected, found, value_key)
        totals["full"] += _matches(expected, found, full_key)
    totals["value_f1"] = f1(totals["value"], totals["expected"], totals["found"])
    totals["full_f1"] = f1(totals["full"], totals["expected"], totals["found"])
    return totals
