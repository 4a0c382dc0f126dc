"""Lost updates on submissions: every save (page, autosave, API) carries the version read; a
missing one is refused, a stale one answers 409 with what the other person saved."""

import pytest

from zhenxing.rounds.models import Submission

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def report(text: str, version=None) -> dict:
    data = {"progress_status": "on_track", "progress": text}
    if version is not None:
        data["version"] = version
    return data


@pytest.mark.parametrize("htmx", [True, False], ids=["autosave", "page"])
def test_a_save_without_the_version_read_is_refused(client, personas, units, world, htmx):
    submission = world.submission(3, units["liaoning"])
    client.force_login(personas.province_liaison)
    url = f"/rounds/submissions/{submission.pk}/save/"
    response = client.post(url, report("没有版本号的内容"), headers=HTMX if htmx else {})
    assert "版本号" in response.content.decode()
    if not htmx:
        assert response.status_code == 400
    response = client.post(f"/rounds/submissions/{submission.pk}/submit/", report("没有版本号"))
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.progress == "" and submission.version == 1
    assert submission.status == Submission.Status.DRAFT


def test_a_stale_page_save_answers_409_with_the_other_text(client, personas, units, world):
    submission = world.submission(3, units["liaoning"])
    url = f"/rounds/submissions/{submission.pk}/save/"
    client.force_login(personas.province_liaison)
    assert client.post(url, report("联络员的内容", 1)).status_code == 302
    client.force_login(personas.province_leader)
    response = client.post(url, report("负责人的内容", 1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被他人修改" in html
    assert "联络员的内容" in html and "负责人的内容" in html  # theirs beside mine
    assert response.context["conflict"]["changed_by"]
    assert 'name="version" id="version" value="2"' in html  # saving again replaces, knowingly
    submission.refresh_from_db()
    assert submission.progress == "联络员的内容"


def test_the_api_refuses_a_missing_version_and_answers_stale_ones_with_the_current(
    client, personas, units, world
):
    submission = world.submission(3, units["liaoning"])
    client.force_login(personas.province_liaison)
    draft = f"/api/v1/rounds/submissions/{submission.pk}/draft"
    missing = client.put(draft, {"progress": "无版本"}, content_type="application/json")
    assert missing.status_code == 422
    first = client.put(draft, {"version": 1, "progress": "第一次"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.put(draft, {"version": 1, "progress": "过时的"}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["progress"] == "第一次" and body["current"]["version"] == 2
    assert "他人修改" in body["detail"]
    submit = f"/api/v1/rounds/submissions/{submission.pk}/submit"
    refused = client.post(submit, {}, content_type="application/json")
    assert refused.status_code == 400
    stale = client.post(submit, {"version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2
    submission.refresh_from_db()
    assert submission.progress == "第一次" and submission.status == Submission.Status.DRAFT
