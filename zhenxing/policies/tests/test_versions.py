"""Lost updates on tasks: the one-click "accept a suggestion" carries the version read like the
editor does; without it (or with garbage) it is refused with 400, never applied, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("version", [None, "", "abc", "9" * 5000])
def test_accept_without_the_version_read_is_refused(client, personas, world, version):
    task = world.draft.tasks.get(code="10")
    suggestion = next(s for s in task.suggestions if s.get("unit_id") != task.lead_unit_id)
    data = {"unit_id": suggestion["unit_id"]}
    if version is not None:
        data["expected_version"] = version
    client.force_login(personas.secretariat)
    response = client.post(f"/policies/tasks/{task.pk}/accept", data, **HTMX)
    assert response.status_code == 400
    assert "版本号" in response.content.decode()
    task.refresh_from_db()
    assert task.lead_unit_id != suggestion["unit_id"] and task.version == 1


def test_a_stale_accept_is_a_conflict(client, personas, world):
    task = world.draft.tasks.get(code="10")
    suggestion = next(s for s in task.suggestions if s.get("unit_id") != task.lead_unit_id)
    client.force_login(personas.secretariat)
    data = {"unit_id": suggestion["unit_id"], "expected_version": task.version + 1}
    response = client.post(f"/policies/tasks/{task.pk}/accept", data, **HTMX)
    assert response.status_code == 409 and "他人修改" in response.content.decode()
    task.refresh_from_db()
    assert task.lead_unit_id != suggestion["unit_id"]
