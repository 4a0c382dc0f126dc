"""Accuracy of the parser on real task-division documents (zhenxing/policies/tests/data/corpus).

Run: .venv/bin/python bench/parse_corpus.py [--misses] [--batch first|second|third|fourth|fifth|sixth]
    [--split tuning|held-out]
Prints exact-item accuracy (lead, participants and deadline all right), per-field scores and the
share of tasks whose known lead is suggested first, and among the first three, from text alone.
`--batch second` (`third` … `sixth`) scores only the documents, and suggestion tasks, added
unseen in that round (docs/performance.md); `--split` only the suggestion tasks of that half.
`--misses` lists every miss, a suggestion miss with the three units suggested and their reasons.
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
    suggestion_scores,
)

mechanism_load_shipped()
registry = registry_from_database()
batch = sys.argv[sys.argv.index("--batch") + 1] if "--batch" in sys.argv else None
split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else None
scores = score_documents(parse_with(registry), batch)
suggestions = suggestion_scores(
    lambda region: registry_from_database(region_code=region) if region else registry, batch, split
)
right, first, total = suggestions.top3, suggestions.first, suggestions.tasks
print(f"corpus: {len(documents(batch))} documents, {scores.items} items")
print(f"items exactly right:  {scores.exact}/{scores.items} = {scores.exact_ratio:.2f}")
print(f"lead units:           {scores.lead_ratio:.2f}")
print(f"participants F1:      {scores.participants_f1:.2f}")
print(f"deadlines:            {scores.deadline_ratio:.2f}")
if total:
    print(f"true lead first:      {first}/{total} = {first / total:.2f}")
    print(f"true lead in top 3:   {right}/{total} = {right / total:.2f}")
else:
    print("true lead in top 3:   no suggestion tasks in this batch")
if "--misses" in sys.argv:
    for miss in scores.misses + suggestions.misses:
        print("  ", miss)
