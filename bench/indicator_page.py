"""The indicator page (31 provinces and the country × 60 months) over a large results store.

Run: .venv/bin/python bench/indicator_page.py [--indicators 1000] [--years 10]
     bash bench/with-postgres .venv/bin/python bench/indicator_page.py
Data: N indicators × Y years × 12 months × 32 regions (31 provinces and the country) of
current observations, plus one earlier vintage for every tenth value. Figures: the page through
the Django test client and the table's selector alone, medians of 7. Baseline, in the same run:
the same table found without the maintained `is_current` flag (the newest vintage of each cell
picked by a correlated subquery), which is what reading "the latest" costs when it is not kept.
"""

import argparse
import datetime
import random
import time
from decimal import Decimal

from _setup import django_setup, median_seconds

parser = argparse.ArgumentParser()
parser.add_argument("--indicators", type=int, default=1000)
parser.add_argument("--years", type=int, default=10)
arguments = parser.parse_args()

django_setup()

from django.db import connection  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.test import Client  # noqa: E402

from zhenxing.audit.context import acting_as  # noqa: E402
from zhenxing.indicators.models import Indicator, Observation  # noqa: E402
from zhenxing.indicators.selectors import observation_matrix  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Region, Role, Unit, User  # noqa: E402

LAST_YEAR = 2026
with acting_as(actor_name="bench"):
    mechanism_load_shipped()
provinces = list(Region.objects.filter(level="province"))
assert len(provinces) == 31, len(provinces)
started = time.perf_counter()
indicators = Indicator.objects.bulk_create(
    Indicator(
        code=f"bench_{number:04d}",
        name=f"基准指标{number}",
        unit="%",
        measure="growth",
        frequency="monthly",
        position=number,
    )
    for number in range(arguments.indicators)
)
random.seed(7)
months = [
    (year, month)
    for year in range(LAST_YEAR - arguments.years + 1, LAST_YEAR + 1)
    for month in range(1, 13)
]
batch = []
total = 0


def flush():
    global batch, total
    Observation.objects.bulk_create(batch, batch_size=5000)
    total += len(batch)
    batch = []


for indicator in indicators:
    for year, month in months:
        start = datetime.date(year, month, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        for region in [None, *provinces]:
            value = Decimal(random.randint(-50, 150)) / 10
            common = dict(
                indicator=indicator,
                region=region,
                period=f"{year}-{month:02d}",
                period_start=start,
                period_end=end,
                source_kind="statistics_table",
            )
            if random.random() < 0.1:
                batch.append(
                    Observation(value=value - 1, vintage="preliminary", is_current=False, **common)
                )
            batch.append(Observation(value=value, vintage="final", **common))
            if len(batch) >= 50_000:
                flush()
flush()
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(
    f"backend: {connection.vendor}  indicators: {arguments.indicators:,}  observations: {total:,}"
    f"  (loaded in {time.perf_counter() - started:.0f} s)"
)

indicator = indicators[len(indicators) // 2]


def matrix():
    table = observation_matrix(indicator, first_year=LAST_YEAR - 4, last_year=LAST_YEAR)
    assert len(table.periods) == 60 and len(table.rows) == 32, (len(table.periods), len(table.rows))
    return table


def baseline():
    """The newest vintage of every cell, chosen at read time instead of kept in is_current."""
    newest = (
        Observation.objects.annotate(place=Coalesce("region_id", 0))
        .filter(indicator=OuterRef("indicator"), place=OuterRef("place"), period=OuterRef("period"))
        .order_by("-recorded_at", "-pk")
    )
    rows = list(
        Observation.objects.annotate(place=Coalesce("region_id", 0))
        .filter(
            indicator=indicator,
            period_end__gte=datetime.date(LAST_YEAR - 4, 1, 1),
            pk=Subquery(newest.values("pk")[:1]),
        )
        .values_list("region_id", "period", "value")
    )
    assert len(rows) == 60 * 32, len(rows)


user = User.objects.create(
    username="bench-secretariat",
    role=Role.SECRETARIAT_OFFICER,
    unit=Unit.objects.get(code="ndrc-regional-economy"),
)
client = Client()
client.force_login(user)
url = f"/indicators/{indicator.code}/?year={LAST_YEAR}&years=5"
response = client.get(url)
assert response.status_code == 200 and response.content.count(b'<td class="number">') == 60 * 32
page = median_seconds(lambda: client.get(url), 7)
ours = median_seconds(matrix, 7)
old = median_seconds(baseline, 3)
print(
    f"indicator page (32 regions × 60 months) {page * 1000:7.1f} ms  (selector {ours * 1000:.1f} ms)"
)
print(f"baseline: latest vintage picked at read time {old * 1000:7.1f} ms; ratio {old / ours:.0f}×")
