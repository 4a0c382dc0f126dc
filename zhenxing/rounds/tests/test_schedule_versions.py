"""Lost updates on a recurring round's schedule: a stale edit answers 409 with the other change,
a missing version is refused."""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.rounds import services
from zhenxing.testing import form_as_posted

pytestmark = pytest.mark.django_db


def test_stale_schedule_edits_answer_409(client, personas, world):
    with acting_as(user=personas.secretariat):
        schedule = services.round_schedule_save(
            user=personas.secretariat, plan=world.plan, period_kind="quarter"
        )
    url = f"/rounds/schedules/{schedule.pk}/"
    client.force_login(personas.secretariat)
    read = form_as_posted(client.get(url).context["form"])
    assert client.post(url, read | {"days_after_period_end": "15"}).status_code == 302
    response = client.post(url, read | {"instructions": "请按时报送。"})
    assert response.status_code == 409
    rows = response.context["conflict"]["rows"]
    assert [row["theirs"] for row in rows if row["mine"] == "10"] == ["15"]
    missing = {key: value for key, value in read.items() if key != "version"}
    assert client.post(url, missing | {"instructions": "无版本"}).status_code == 400
    schedule.refresh_from_db()
    assert schedule.days_after_period_end == 15 and schedule.instructions == ""
