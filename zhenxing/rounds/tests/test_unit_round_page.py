"""A unit's page of a round at volume: its own reports a hundred a page, with a pager."""

import pytest

from zhenxing.rounds.models import Submission
from zhenxing.rounds.views import rounds
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db


def test_a_unit_pages_through_its_own_reports(world, personas, units, monkeypatch):
    own = list(
        Submission.objects.of_unit(units["liaoning"])
        .filter(round=world.round)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(own) == 2
    monkeypatch.setattr(rounds, "UNIT_PAGE_SIZE", 1)
    client = client_for(personas.province_liaison)
    url = f"/rounds/{world.round.pk}/"
    first = client.get(url)
    assert [submission.pk for submission, _ready in first.context["rows"]] == own[:1]
    text = first.content.decode()
    assert f"共 {len(own)} 项" in text and "page=2" in text
    shown = []
    for number in (1, 2):
        page = client.get(url, {"page": number})
        shown += [submission.pk for submission, _ready in page.context["rows"]]
    assert shown == own  # every report once, none of another unit's
