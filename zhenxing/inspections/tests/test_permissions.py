"""The permission matrix: every inspection page and API route, for every persona.

The campaign covers Liaoning and MOF; its one finding is Liaoning's; its circular is a draft.
Inspectors run it; the secretariat and readers read everything; Liaoning sees and reports on its
finding; MOF sees the campaign (it is in scope) but not Liaoning's finding; NDRC's liaison and
Jilin see neither; administrators see nothing.
"""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.coordination.tests.conftest import BUSINESS
from zhenxing.coordination.tests.test_permissions import expected, matrix
from zhenxing.inspections import services
from zhenxing.inspections.models import Inspection

INSPECTOR = {"inspector"}
EVERYTHING = {"secretariat", "reader", "inspector"}
LIAONING = {"province_liaison", "province_leader"}
CAMPAIGN_READERS = EVERYTHING | LIAONING | {"participant_liaison"}
FINDING_READERS = EVERYTHING | LIAONING

PAGES = [
    ("get", "/inspections/", BUSINESS, 200),
    ("get", "/inspections/new/", INSPECTOR, 200),
    ("post", "/inspections/new/", INSPECTOR, 200),
    ("get", "/inspections/{inspection}/", CAMPAIGN_READERS, 200),
    ("post", "/inspections/{inspection}/conclude/", INSPECTOR, 302),
    ("get", "/inspections/{inspection}/findings/new/", INSPECTOR, 200),
    ("get", "/inspections/{inspection}/findings.xlsx", EVERYTHING, 200),
    ("get", "/inspections/{inspection}/circular/", EVERYTHING, 200),
    ("post", "/inspections/{inspection}/circular/save/", INSPECTOR, 302),
    ("post", "/inspections/{inspection}/circular/issue/", INSPECTOR, 302),
    ("get", "/inspections/{inspection}/circular.docx", EVERYTHING, 200),
    ("get", "/inspections/{inspection}/circular.xlsx", EVERYTHING, 200),
    ("get", "/inspections/findings/{finding}/", FINDING_READERS, 200),
    ("post", "/inspections/findings/{finding}/rectifications/", INSPECTOR, 302),
    ("post", "/inspections/rectifications/{rectification}/report/", LIAONING, 302),
    ("post", "/inspections/rectifications/{rectification}/verify/", INSPECTOR, 302),
    ("get", "/inspections/attachments/{attachment}/", FINDING_READERS, 200),
]

API = "/api/v1/inspections"
FINDING = {"unit_id": "{liaoning}", "title": "t", "measures": "m", "due_date": "2026-12-31"}
API_ROUTES = [
    ("get", f"{API}/dashboard", BUSINESS, 200, None),
    ("get", f"{API}/campaigns", BUSINESS, 200, None),
    ("get", f"{API}/campaigns/{{inspection}}", CAMPAIGN_READERS, 200, None),
    ("get", f"{API}/campaigns/{{inspection}}/findings", CAMPAIGN_READERS, 200, None),
    ("post", f"{API}/campaigns/{{inspection}}/findings", INSPECTOR, 201, FINDING),
    ("get", f"{API}/campaigns/{{inspection}}/circular", EVERYTHING, 200, None),
    ("get", f"{API}/findings/{{finding}}", FINDING_READERS, 200, None),
    ("post", f"{API}/rectifications/{{rectification}}/report", LIAONING, 201, {"text": "进展"}),
    ("post", f"{API}/rectifications/{{rectification}}/verify", INSPECTOR, 400, {"close": True}),
]


@pytest.fixture
def ids(campaign, personas, units, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = tmp_path
    with acting_as(user=personas.inspector):
        services.circular_save(
            inspection=campaign.inspection, user=personas.inspector, title="督查通报（草稿）"
        )
    with acting_as(user=personas.province_liaison):
        report = services.rectification_report(
            rectification=campaign.rectification,
            user=personas.province_liaison,
            text="已完成一半。",
            attachments=[("进展.pdf", b"%PDF-1.4 progress")],
        )
    return {
        "attachment": report.attachments.get().pk,
        "inspection": campaign.inspection.pk,
        "finding": campaign.finding.pk,
        "rectification": campaign.rectification.pk,
        "liaoning": units["liaoning"].pk,
    }


def _ids(routes):
    return [f"{method} {url}" for method, url, *_rest in routes]


@pytest.mark.django_db
@pytest.mark.parametrize("method, url, allowed, status", PAGES, ids=_ids(PAGES))
def test_page_permissions(client, ids, personas, method, url, allowed, status):
    url = url.format(**ids)
    statuses = matrix(client, personas, lambda: getattr(client, method)(url))
    assert statuses == expected(allowed, status)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, ids):
    for method, url, *_rest in PAGES:
        response = getattr(client, method)(url.format(**ids))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("method, url, allowed, status, body", API_ROUTES, ids=_ids(API_ROUTES))
def test_api_permissions(client, ids, personas, method, url, allowed, status, body):
    arguments = {}
    if body is not None:
        data = {
            key: int(value.format(**ids)) if value.startswith("{") else value
            for key, value in body.items()
            if isinstance(value, str)
        } | {key: value for key, value in body.items() if not isinstance(value, str)}
        arguments = {"data": data, "content_type": "application/json"}
    url = url.format(**ids)
    statuses = matrix(client, personas, lambda: getattr(client, method)(url, **arguments))
    assert statuses == expected(allowed, status)


@pytest.mark.django_db
def test_api_needs_a_login(client, ids):
    for method, url, *_rest in API_ROUTES:
        response = getattr(client, method)(url.format(**ids))
        assert response.status_code == 401, url


@pytest.mark.django_db
def test_an_issued_circular_is_read_by_every_unit(client, ids, personas):
    with acting_as(user=personas.inspector):
        services.circular_issue(
            inspection=Inspection.objects.get(pk=ids["inspection"]), user=personas.inspector
        )
    url = f"/inspections/{ids['inspection']}/circular/"
    statuses = matrix(client, personas, lambda: client.get(url))
    assert statuses == expected(BUSINESS, 200)


@pytest.mark.django_db
def test_the_findings_export_button_is_offered_to_those_who_may_export(client, ids, personas):
    """The campaign page offers 导出问题清单 exactly to the personas the export lets in."""
    export = f"/inspections/{ids['inspection']}/findings.xlsx"
    for name in sorted(CAMPAIGN_READERS):
        client.force_login(getattr(personas, name))
        page = client.get(f"/inspections/{ids['inspection']}/").content.decode()
        assert (export in page) is (name in EVERYTHING), name
