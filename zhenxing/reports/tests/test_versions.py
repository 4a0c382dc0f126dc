"""Lost updates on a report's narratives: a stale save answers 409 with the other person's text
(page, htmx, API); a save without the version read is refused."""

import pytest

from zhenxing.reports.models import Report
from zhenxing.reports.services import report_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo, personas):
    return report_create(
        user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label=demo["quarter"]
    )


def test_a_stale_narrative_save_shows_the_other_text(client, personas, draft):
    url = f"/reports/{draft.pk}/narratives/"
    client.force_login(personas.secretariat)
    first = client.post(url, {"version": draft.version, "narrative-overview": "第一位写的总体评价"})
    assert first.status_code == 302
    page = client.post(url, {"version": draft.version, "narrative-overview": "第二位写的"})
    assert page.status_code == 409
    html = page.content.decode()
    assert "第一位写的总体评价" in html and "第二位写的" in html and "已被他人修改" in html
    assert f'name="version" value="{draft.version + 1}"' in html  # saving again replaces it
    partial = client.post(
        url,
        {"version": draft.version, "narrative-overview": "第二位写的"},
        HTTP_HX_REQUEST="true",
    )
    assert partial.status_code == 409 and "第一位写的总体评价" in partial.content.decode()
    draft.refresh_from_db()
    assert draft.narratives["overview"] == "第一位写的总体评价"


def test_a_narrative_save_without_the_version_is_refused(client, personas, draft):
    client.force_login(personas.secretariat)
    for version in ("", "abc", "1e9"):
        response = client.post(
            f"/reports/{draft.pk}/narratives/", {"version": version, "narrative-overview": "无"}
        )
        assert response.status_code == 400, version
    missing = client.post(f"/reports/{draft.pk}/narratives/", {"narrative-overview": "无"})
    assert missing.status_code == 400
    draft.refresh_from_db()
    assert draft.narratives.get("overview") != "无" and draft.version == 1


def test_the_api_answers_a_stale_save_with_the_current_report(client, personas, draft):
    client.force_login(personas.secretariat)
    url = f"/api/v1/reports/{draft.pk}/narratives"
    body = {"expected_version": draft.version, "narratives": {"overview": "接口写的"}}
    assert client.put(url, body, content_type="application/json").status_code == 200
    stale = client.put(
        url, body | {"narratives": {"overview": "过时"}}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == draft.version + 1
    assert "他人修改" in stale.json()["detail"]
