"""Alias lookup: single `find_units`, bulk `UnitNameIndex`, against a plain name query.

Run: .venv/bin/python bench/alias_lookup.py
"""

from _setup import django_setup, median_seconds

django_setup()

from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Unit  # noqa: E402
from zhenxing.orgs.selectors import UnitNameIndex, find_units  # noqa: E402

mechanism_load_shipped()
names = ["国家发展改革委", "中央财政", "省发展改革委", "银保监会", "NDRC", "国家开发银行"] * 50

baseline = median_seconds(lambda: [list(Unit.objects.filter(full_name=n)) for n in names], repeat=5)
single = median_seconds(lambda: [find_units(n) for n in names], repeat=5)
build = median_seconds(UnitNameIndex, repeat=5)
index = UnitNameIndex()
bulk = median_seconds(lambda: [index.resolve_ids(n) for n in names], repeat=5)

per = 1e6 / len(names)
print(f"lookups per run: {len(names)}")
print(f"baseline Unit.filter(full_name=…): {baseline * per:8.1f} µs/lookup")
print(
    f"find_units (exact, any alias):    {single * per:8.1f} µs/lookup  ratio {single / baseline:.2f}× baseline"
)
print(f"UnitNameIndex build:              {build * 1e3:8.2f} ms")
print(
    f"UnitNameIndex.resolve_ids:        {bulk * per:8.1f} µs/lookup  ratio {bulk / baseline:.3f}× baseline"
)
