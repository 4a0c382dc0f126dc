"""Accuracy of the parser on real task-division documents (zhenxing/policies/tests/data/corpus).

Run: .venv/bin/python bench/parse_corpus.py [--misses] [--batch first|second]
Prints exact-item accuracy (lead, participants and deadline all right), per-field scores and the
share of national tasks whose known lead is among the first three suggestions from text alone.
`--batch second` scores only the documents added unseen in the second round (docs/performance.md).
"""

import sys

from _setup import django_setup

django_setup()

from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.policies.parser.suggest import registry_from_database  # noqa: E402
from zhenxing.policies.tests.corpus import (  # noqa: E402
    documents,
    parse_with,
    score_documents,
    top3_accuracy,
)

mechanism_load_shipped()
registry = registry_from_database()
batch = sys.argv[sys.argv.index("--batch") + 1] if "--batch" in sys.argv else None
scores = score_documents(parse_with(registry), batch)
right, total, suggestion_misses = top3_accuracy(
    lambda region: registry_from_database(region_code=region) if region else registry
)
print(f"corpus: {len(documents(batch))} documents, {scores.items} items")
print(f"items exactly right:  {scores.exact}/{scores.items} = {scores.exact_ratio:.2f}")
print(f"lead units:           {scores.lead_ratio:.2f}")
print(f"participants F1:      {scores.participants_f1:.2f}")
print(f"deadlines:            {scores.deadline_ratio:.2f}")
print(f"true lead in top 3:   {right}/{total} = {right / total:.2f}")
if "--misses" in sys.argv:
    for miss in scores.misses + suggestion_misses:
        print("  ", miss)
