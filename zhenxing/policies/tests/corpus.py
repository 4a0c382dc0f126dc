"""Scoring the parser on the corpus of real documents (tests/data/corpus): shared by
bench/parse_corpus.py and test_parser_corpus.py."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zhenxing.policies.parser.document import parse_document
from zhenxing.policies.parser.suggest import SuggestionRegistry
from zhenxing.policies.parser.text import matching_form

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def documents(batch: str | None = None) -> list[dict]:
    """The corpus documents; with `batch`, only those added in that batch ("first": the
    documents the parser was built on, "second", "third": those added unseen, measured before
    fixing)."""
    corpus = json.loads((CORPUS / "documents.json").read_text("utf-8"))
    if batch is None:
        return corpus
    return [document for document in corpus if document.get("batch", "first") == batch]


def suggestion_tasks(batch: str | None = None, split: str | None = None) -> list[dict]:
    """The tasks with known leads; with `batch`, only those added in that batch (as documents);
    with `split` ("tuning" or "held-out", fourth batch on), only those of that half."""
    tasks = json.loads((CORPUS / "suggestions.json").read_text("utf-8"))
    if batch is not None:
        tasks = [task for task in tasks if task.get("batch", "first") == batch]
    if split is not None:
        tasks = [task for task in tasks if task.get("split") == split]
    return tasks


def _names(names) -> list[str]:
    return [matching_form(name) for name in names or ()]


@dataclass
class Scores:
    items: int = 0
    exact: int = 0
    lead_right: int = 0
    deadline_right: int = 0
    participants_found: int = 0  # true positives
    participants_predicted: int = 0
    participants_expected: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def exact_ratio(self) -> float:
        return self.exact / self.items if self.items else 0.0

    @property
    def lead_ratio(self) -> float:
        return self.lead_right / self.items if self.items else 0.0

    @property
    def deadline_ratio(self) -> float:
        return self.deadline_right / self.items if self.items else 0.0

    @property
    def participants_f1(self) -> float:
        if not self.participants_predicted and not self.participants_expected:
            return 1.0
        precision = self.participants_found / max(self.participants_predicted, 1)
        recall = self.participants_found / max(self.participants_expected, 1)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def parse_with(registry: SuggestionRegistry | None) -> Callable[[str], dict]:
    """A parser giving the JSON of `zhenxing policy parse --json` for a text."""
    return lambda text: parse_document(text, registry=registry).as_dict()


def score_documents(parse: Callable[[str], dict], batch: str | None = None) -> Scores:
    """Parse every corpus document (to the command's JSON), or those of one batch; compare each
    expected item with the first task of its node."""
    scores = Scores()
    for document in documents(batch):
        score_items(parse(document["text"]), document, scores)
    return scores


def score_items(parsed: dict, document: dict, scores: Scores) -> list[bool]:
    """Add the document's expected items, compared with the parsed JSON, to `scores`; whether
    each item is exactly right."""
    by_path = {node["path"]: node for node in parsed["nodes"]}
    results = []
    for item in document["items"]:
        scores.items += 1
        node = by_path.get(item["path"])
        task = node["tasks"][0] if node is not None and node["tasks"] else None
        lead = _names(task["lead_units"]) if task else []
        participants = _names(task["participating_units"]) if task else []
        deadline = matching_form(task["deadline"]) if task and task["deadline"] else None
        expected_lead = _names(item["lead_units"])
        expected_participants = _names(item["participating_units"])
        expected_deadline = matching_form(item["deadline"]) if item["deadline"] else None
        lead_ok = sorted(lead) == sorted(expected_lead)
        participants_ok = sorted(participants) == sorted(expected_participants)
        deadline_ok = deadline == expected_deadline
        scores.lead_right += lead_ok
        scores.deadline_right += deadline_ok
        found = set(participants) & set(expected_participants)
        scores.participants_found += len(found)
        scores.participants_predicted += len(set(participants))
        scores.participants_expected += len(set(expected_participants))
        right = lead_ok and participants_ok and deadline_ok
        scores.exact += right
        results.append(right)
        if not right:
            scores.misses.append(
                f"{document['id']} {item['path']}: lead {lead} / {expected_lead}; "
                f"participants {participants} / {expected_participants}; "
                f"deadline {deadline} / {expected_deadline}"
            )
    return results


@dataclass
class SuggestionScores:
    tasks: int = 0
    first: int = 0  # the known lead suggested first
    top3: int = 0  # the known lead among the first three
    misses: list[str] = field(default_factory=list)


def suggestion_scores(
    registry_for: Callable[[str], SuggestionRegistry],
    batch: str | None = None,
    split: str | None = None,
) -> SuggestionScores:
    """How many tasks (national, and provincial with their province's `region`) have their
    known lead first, and among the first three suggestions; `registry_for(region_code)` gives
    the registry a document of that region is read with ("" for a national one); with `batch`
    (`split`), only the tasks of that batch (half). A miss lists the three suggestions made."""
    scores, registries = SuggestionScores(), {}
    for task in suggestion_tasks(batch, split):
        region = task.get("region", "")
        if region not in registries:
            registries[region] = registry_for(region)
        registry = registries[region]
        expected = set(registry.resolve(task["lead"]))
        top = registry.suggest(task["text"])[:3]
        scores.tasks += 1
        scores.first += bool(top) and top[0].unit_id in expected
        if expected & {suggestion.unit_id for suggestion in top}:
            scores.top3 += 1
        else:
            made = "; ".join(f"{s.unit} ({s.reason})" for s in top)
            scores.misses.append(f"{task['text'][:40]}: {task['lead']} not in {made}")
    return scores


def top3_accuracy(
    registry_for: Callable[[str], SuggestionRegistry], batch: str | None = None
) -> tuple[int, int, list[str]]:
    """(tasks with the known lead among the first three, tasks, misses): `suggestion_scores`."""
    scores = suggestion_scores(registry_for, batch)
    return scores.top3, scores.tasks, scores.misses
