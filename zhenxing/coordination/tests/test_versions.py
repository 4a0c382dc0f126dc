"""Lost updates on a meeting's minutes: two secretariat officers writing them; a stale save
answers 409 with the other minutes shown, a save without the version read is refused."""

import datetime

import pytest

from zhenxing.coordination.tests.conftest import START

pytestmark = pytest.mark.django_db


def test_stale_minutes_answer_409_and_missing_versions_are_refused(client, clock, personas, world):
    meeting = world.meeting
    clock.set(START + datetime.timedelta(days=20))
    url = f"/coordination/meetings/{meeting.pk}/minutes/"
    client.force_login(personas.secretariat)
    read = meeting.version
    assert client.post(url, {"minutes": "第一位写的纪要", "version": read}).status_code == 302
    response = client.post(url, {"minutes": "第二位写的纪要", "version": read})
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被他人修改" in html and "第一位写的纪要" in html and "第二位写的纪要" in html
    assert f'name="version" value="{read + 1}"' in html
    missing = client.post(url, {"minutes": "没有版本号的纪要"})
    assert missing.status_code == 302  # the action pages answer with a message
    meeting.refresh_from_db()
    assert meeting.minutes == "第一位写的纪要" and meeting.version == read + 1
