"""Lost updates on a campaign's draft circular: a second inspector's stale draft (including a
first draft written while another was written) answers 409 with the other draft shown."""

import pytest

from zhenxing.inspections.models import Circular

pytestmark = pytest.mark.django_db


def draft(title: str, version) -> dict:
    return {"title": title, "introduction": "总体情况", "version": version}


def test_stale_circular_drafts_answer_409(client, personas, campaign):
    url = f"/inspections/{campaign.inspection.pk}/circular/save/"
    client.force_login(personas.inspector)
    page = client.get(f"/inspections/{campaign.inspection.pk}/circular/")
    assert 'name="version" value="0"' in page.content.decode()
    assert client.post(url, draft("第一位起草的通报", 0)).status_code == 302
    response = client.post(url, draft("第二位起草的通报", 0))  # read before the first existed
    assert response.status_code == 409
    html = response.content.decode()
    assert "第一位起草的通报" in html and "第二位起草的通报" in html
    circular = Circular.objects.get(inspection=campaign.inspection)
    assert circular.title == "第一位起草的通报"
    assert client.post(url, draft("第一位改过", circular.version)).status_code == 302
    assert client.post(url, draft("过时的修改", circular.version)).status_code == 409
    missing = {"title": "没有版本号", "introduction": ""}
    client.post(url, missing)
    circular.refresh_from_db()
    assert circular.title == "第一位改过"
