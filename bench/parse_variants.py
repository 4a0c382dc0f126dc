"""The parser on the same documents in other forms (issue 18): each transformation of
zhenxing/policies/tests/variants.py applied to every corpus document, scored on the items the
parser gets exactly right in the document's original form.

Run: .venv/bin/python bench/parse_variants.py [--misses] [--only NAME[,NAME…]]
Prints, per transformation: items still exactly right / items right in the original, and the
lead, participants F1 and deadline scores over those items (table transformations: only the
documents that are division tables).
"""

import sys
import time

from _setup import django_setup

django_setup()

from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.policies.parser.suggest import registry_from_database  # noqa: E402
from zhenxing.policies.tests.corpus import parse_with  # noqa: E402
from zhenxing.policies.tests.variants import right_in_original, variant_scores  # noqa: E402

mechanism_load_shipped()
parse = parse_with(registry_from_database())
names = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
started = time.perf_counter()
held = right_in_original(parse)
print(
    f"right in the original: {sum(len(items) for _, items in held)} items of {len(held)} documents"
)
print(f"{'transformation':<24} {'exactly right':>17} {'lead':>6} {'part. F1':>9} {'deadl.':>7}")
results = variant_scores(parse, held, names)
for result in results:
    scores = result.scores
    print(
        f"{result.name:<24} {scores.exact:>6}/{scores.items:<4} = {scores.exact_ratio:.2f}"
        f" {scores.lead_ratio:>6.2f} {scores.participants_f1:>9.2f} {scores.deadline_ratio:>7.2f}"
    )
print(f"({time.perf_counter() - started:.1f} s)")
if "--misses" in sys.argv:
    for result in results:
        for miss in result.scores.misses:
            print(f"  {result.name}: {miss}")
