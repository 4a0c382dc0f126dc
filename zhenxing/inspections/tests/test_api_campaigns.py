"""The inspection actions the pages offer, through the API with each person's token: setting up
and concluding a campaign, further rectification items, the circular's draft and issue. Each
endpoint's permission matrix over `zhenxing.testing.PEOPLE`, the change log written, a stale
version answering 409, a refused action answering 400 with the service's wording, and the
same result as the page's action."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.audit.context import acting_as
from zhenxing.coordination.tests.test_walkthrough import recorded
from zhenxing.inspections import services
from zhenxing.inspections.models import (
    Circular,
    Finding,
    Inspection,
    Rectification,
    RectificationAttachment,
    RectificationReport,
)
from zhenxing.inspections.tests.test_permissions import FINDING_READERS
from zhenxing.lib import pagination
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region
from zhenxing.testing import (
    ANONYMOUS,
    INACTIVE,
    NO_ROLE,
    api_body,
    api_call,
    assert_query_baseline,
    bearer_client_for,
    client_for,
    expect,
    level_secretariats,
    links,
    page_and_api,
    people,  # noqa: F401 (fixture)
    queries_of,
    token_matrix,
    walk_cursor,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/inspections"
SIGNED_OUT = {ANONYMOUS: 401, INACTIVE: 401, NO_ROLE: 403}
ADMINISTRATORS = dict.fromkeys(["system_admin", "security_admin", "audit_admin"], 403)
NOT_CONCERNED = dict.fromkeys(["lead_liaison", "outsider"], 403)

CAMPAIGN = {"title": "2027年专项督查", "period_start": "2027-01-01", "period_end": "2027-06-30"}
RECTIFICATION = {
    "measures": "补充整改措施",
    "responsible_unit_id": "{mof}",
    "due_date": "2026-12-31",
}

EVERYTHING = expect(403, secretariat=200, reader=200, inspector=200, **SIGNED_OUT)
MATRIX = [
    ("get", f"{API}/campaigns/{{inspection}}/findings.xlsx", None, EVERYTHING),
    ("get", f"{API}/campaigns/{{inspection}}/circular.docx", None, EVERYTHING),
    ("get", f"{API}/campaigns/{{inspection}}/circular.xlsx", None, EVERYTHING),
    ("get", f"{API}/campaigns", None, expect(200, **ADMINISTRATORS, **SIGNED_OUT)),
    ("post", f"{API}/campaigns", CAMPAIGN, expect(403, inspector=201, **SIGNED_OUT)),
    (
        "get",
        f"{API}/campaigns/{{inspection}}",
        None,
        expect(200, **NOT_CONCERNED, **ADMINISTRATORS, **SIGNED_OUT),
    ),
    (
        "post",
        f"{API}/campaigns/{{inspection}}/conclude",
        None,
        expect(403, inspector=200, **SIGNED_OUT),
    ),
    (
        "post",
        f"{API}/findings/{{finding}}/rectifications",
        RECTIFICATION,
        expect(403, inspector=201, **SIGNED_OUT),
    ),
    (
        "put",
        f"{API}/campaigns/{{inspection}}/circular",
        {"title": "关于专项督查的通报", "version": "{version}"},
        expect(403, inspector=200, **SIGNED_OUT),
    ),
    (
        "post",
        f"{API}/campaigns/{{inspection}}/circular/issue",
        None,
        expect(403, inspector=200, **SIGNED_OUT),
    ),
]


@pytest.fixture
def ids(campaign, personas, units) -> dict:
    """The campaign with its draft circular (version 1)."""
    with acting_as(user=personas.inspector):
        circular = services.circular_save(
            inspection=campaign.inspection, user=personas.inspector, title="督查通报（草稿）"
        )
    return {
        "inspection": campaign.inspection.pk,
        "finding": campaign.finding.pk,
        "rectification": campaign.rectification.pk,
        "version": circular.version,
        "liaoning": units["liaoning"].pk,
        "mof": units["mof"].pk,
    }


@pytest.mark.parametrize(
    "method, url, body, expected", MATRIX, ids=[f"{m} {u}" for m, u, *_ in MATRIX]
)
def test_permission_matrix(people, ids, method, url, body, expected):  # noqa: F811
    url, body = url.format(**ids), api_body(body, ids)
    assert token_matrix(people, method, url, body) == expected


def test_setting_up_a_campaign_is_the_pages_and_logged(ids, personas, units, project):
    page, api = client_for(personas.inspector), bearer_client_for(personas.inspector)
    shenyang = Region.objects.get(code="210100")
    form = CAMPAIGN | {
        "basis": "对照年度要点",
        "team_leader": personas.inspector.pk,
        "scope_units": [units["liaoning"].pk, units["jilin"].pk],
        "scope_regions": [shenyang.pk],
        "scope_projects": project.national_code,
    }
    body = CAMPAIGN | {
        "basis": "对照年度要点",
        "team_leader_id": personas.inspector.pk,
        "scope_unit_ids": [units["liaoning"].pk, units["jilin"].pk],
        "scope_region_codes": [shenyang.code],
        "scope_project_codes": [project.national_code],
    }

    def read():
        found = Inspection.objects.latest("id")
        return (
            found.title,
            found.basis,
            found.period_start,
            found.period_end,
            found.status,
            found.mechanism_id,
            found.team_leader_id,
            sorted(found.team.values_list("pk", flat=True)),
            sorted(found.scope_units.values_list("pk", flat=True)),
            list(found.scope_regions.values_list("code", flat=True)),
            list(found.scope_projects.values_list("national_code", flat=True)),
        )

    from_page, from_api = page_and_api(
        lambda: page.post("/inspections/new/", form),
        lambda: api_call(api, "post", f"{API}/campaigns", body),
        read,
    )
    assert from_api == from_page
    assert from_api[-2:] == (["210100"], [project.national_code])
    created = Inspection.objects.latest("id")
    assert recorded(created, personas.inspector, "create")
    detail = api.get(f"{API}/campaigns/{created.pk}").json()
    assert detail["scope_region_codes"] == ["210100"]
    assert detail["team_ids"] == [personas.inspector.pk]


def test_the_pages_form_checks_a_new_campaign(ids, personas):
    api = bearer_client_for(personas.inspector)
    backwards = CAMPAIGN | {"period_end": "2026-12-31"}
    refused = api_call(api, "post", f"{API}/campaigns", backwards)
    assert refused.status_code == 400
    assert "督查期间结束不能早于开始" in refused.json()["detail"]
    not_an_inspector = CAMPAIGN | {"team_ids": [personas.secretariat.pk]}
    refused = api_call(api, "post", f"{API}/campaigns", not_an_inspector)
    assert refused.status_code == 400 and refused.json()["detail"].startswith("督查组成员")
    nowhere = CAMPAIGN | {"scope_region_codes": ["999999"]}
    refused = api_call(api, "post", f"{API}/campaigns", nowhere)
    assert refused.status_code == 400 and "999999" in refused.json()["detail"]
    assert Inspection.objects.count() == 1


def test_concluding_is_the_pages_and_refused_twice(ids, personas):
    page, api = client_for(personas.inspector), bearer_client_for(personas.inspector)
    inspection = ids["inspection"]
    from_page, from_api = page_and_api(
        lambda: page.post(f"/inspections/{inspection}/conclude/"),
        lambda: api_call(api, "post", f"{API}/campaigns/{inspection}/conclude"),
        lambda: Inspection.objects.get(pk=inspection).status,
    )
    assert from_api == from_page == Inspection.Status.CONCLUDED
    assert recorded(Inspection.objects.get(pk=inspection), personas.inspector, "update")
    again = api_call(api, "post", f"{API}/campaigns/{inspection}/conclude")
    assert (again.status_code, again.json()) == (400, {"detail": "该督查已结束。"})
    finding = {"unit_id": ids["liaoning"], "title": "t", "measures": "m", "due_date": "2026-12-31"}
    late = api_call(api, "post", f"{API}/campaigns/{inspection}/findings", finding)
    assert late.json() == {"detail": "该督查已结束，不能再下发问题。"}


def test_a_further_rectification_item_is_the_pages(ids, personas, campaign):
    page, api = client_for(personas.inspector), bearer_client_for(personas.inspector)
    finding = ids["finding"]

    def read():
        item = Rectification.objects.filter(finding_id=finding).latest("id")
        status = Finding.objects.get(pk=finding).status
        return (item.measures, item.responsible_unit_id, item.due_date, item.status, status)

    form = {"measures": "补充整改措施", "responsible_unit": ids["mof"], "due_date": "2026-12-31"}
    from_page, from_api = page_and_api(
        lambda: page.post(f"/inspections/findings/{finding}/rectifications/", form),
        lambda: api_call(
            api, "post", f"{API}/findings/{finding}/rectifications", api_body(RECTIFICATION, ids)
        ),
        read,
    )
    assert from_api == from_page
    created = Rectification.objects.filter(finding_id=finding).latest("id")
    assert recorded(created, personas.inspector, "create")
    past = api_body(RECTIFICATION, ids) | {"due_date": "2026-09-30"}
    refused = api_call(api, "post", f"{API}/findings/{finding}/rectifications", past)
    assert (refused.status_code, refused.json()) == (400, {"detail": "整改时限不能早于今天。"})


def test_the_circular_is_the_pages_with_its_version(ids, personas):
    page, api = client_for(personas.inspector), bearer_client_for(personas.inspector)
    inspection = ids["inspection"]
    circular = Circular.objects.get(inspection_id=inspection)
    fields = {"title": "关于督查情况的通报", "introduction": "总体良好。", "issuer": "秘书处"}

    def read():
        found = Circular.objects.get(pk=circular.pk)
        return (found.title, found.introduction, found.issuer, found.version, found.status)

    from_page, from_api = page_and_api(
        lambda: page.post(
            f"/inspections/{inspection}/circular/save/", fields | {"version": ids["version"]}
        ),
        lambda: api_call(
            api,
            "put",
            f"{API}/campaigns/{inspection}/circular",
            fields | {"version": ids["version"]},
        ),
        read,
    )
    assert from_api == from_page == ("关于督查情况的通报", "总体良好。", "秘书处", 2, "draft")
    assert recorded(Circular.objects.get(pk=circular.pk), personas.inspector, "update")

    url = f"{API}/campaigns/{inspection}/circular"
    stale = api_call(api, "put", url, {"title": "过时的修改", "version": ids["version"]})
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("该记录已被他人修改")
    assert (stale.json()["current"]["title"], stale.json()["current"]["version"]) == (
        "关于督查情况的通报",
        2,
    )
    first_draft_again = api_call(api, "put", url, {"title": "另一份初稿", "version": 0})
    assert first_draft_again.status_code == 409
    missing = api_call(api, "put", url, {"title": "没有版本号"})
    assert missing.status_code == 400 and "缺少所读取的版本号" in missing.json()["detail"]
    assert Circular.objects.get(pk=circular.pk).title == "关于督查情况的通报"

    from_page, from_api = page_and_api(
        lambda: page.post(f"/inspections/{inspection}/circular/issue/"),
        lambda: api_call(api, "post", f"{API}/campaigns/{inspection}/circular/issue"),
        lambda: read() + (Circular.objects.get(pk=circular.pk).issued_on,),
    )
    assert from_api == from_page
    assert from_api[4] == Circular.Status.ISSUED
    again = api_call(api, "post", f"{API}/campaigns/{inspection}/circular/issue")
    assert again.json() == {"detail": "通报已印发。"}
    edit = api_call(api, "put", url, {"title": "改印发后的", "version": 2})
    assert edit.json() == {"detail": "通报已印发，不能再修改。"}


def test_a_first_circular_goes_through_the_api(campaign, personas):
    api = bearer_client_for(personas.inspector)
    url = f"{API}/campaigns/{campaign.inspection.pk}/circular"
    assert api.get(url).status_code == 404
    created = api_call(api, "put", url, {"title": "关于督查情况的通报", "version": 0})
    assert created.status_code == 200 and created.json()["version"] == 1
    assert recorded(Circular.objects.get(), personas.inspector, "create")


@pytest.fixture
def campaigns(campaign, personas, units, mechanism):
    """Five campaigns in all; Liaoning is concerned by the first and by two more."""
    with acting_as(user=personas.inspector):
        for number in range(4):
            services.inspection_create(
                user=personas.inspector,
                mechanism=mechanism,
                title=f"专项督查{number}",
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 6, 30) + datetime.timedelta(days=number),
                scope_units=[units["liaoning"] if number % 2 else units["jilin"]],
            )
    ordered = Inspection.objects.order_by("-period_end", "-id")
    concerning = ordered.filter(pk__in=[campaign.inspection.pk]) | ordered.filter(
        scope_units=units["liaoning"]
    )
    return {
        "all": list(ordered.values_list("pk", flat=True)),
        "liaoning": list(
            concerning.distinct().order_by("-period_end", "-id").values_list("pk", flat=True)
        ),
    }


def test_campaigns_by_cursor_and_their_queries(campaigns, personas, monkeypatch):
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    url = f"{API}/campaigns"
    inspector, liaoning = client_for(personas.inspector), client_for(personas.province_liaison)
    assert walk_cursor(inspector, url) == campaigns["all"]
    assert walk_cursor(liaoning, url) == campaigns["liaoning"]
    assert len(campaigns["liaoning"]) == 3
    counts = {
        "first": queries_of(inspector, url),
        "deep": queries_of(inspector, links(inspector.get(url))["next"]),
        "scoped": queries_of(liaoning, url),
    }
    assert_query_baseline("inspections.api", counts)
    api = bearer_client_for(personas.inspector)
    assert len(api.get(f"{url}?mechanism=northeast").json()) == 2
    assert api.get(f"{url}?mechanism=nowhere").status_code == 403


def test_the_dashboard_counts_the_findings_of_the_mechanism_in_use(campaign, personas, units):
    """A provincial mechanism's campaign stays out of the national dashboard, as on the page."""
    secretaries = level_secretariats()
    provincial = Mechanism.objects.get(code="liaoning")
    with acting_as(user=secretaries["liaoning"]):
        inspection = services.inspection_create(
            user=secretaries["liaoning"],
            mechanism=provincial,
            title="全省振兴重点任务督查",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 9, 30),
            scope_units=[units["liaoning"]],
        )
        for title in ("项目开工滞后", "资金拨付缓慢"):
            services.finding_issue(
                inspection=inspection,
                user=secretaries["liaoning"],
                unit=units["liaoning"],
                title=title,
                description="……",
                severity=Finding.Severity.GENERAL,
                measures="限期整改。",
                due_date=datetime.date(2026, 12, 31),
            )

    def totals(user, query=""):
        answer = bearer_client_for(user).get(f"{API}/dashboard{query}")
        assert answer.status_code == 200, answer.content
        return {row["unit"]: row["total"] for row in answer.json()}

    liaoning = units["liaoning"].short_name or units["liaoning"].full_name
    assert totals(personas.inspector) == {liaoning: 1}
    assert totals(personas.inspector, "?mechanism=northeast") == {liaoning: 1}
    assert totals(secretaries["liaoning"]) == {liaoning: 2}
    refused = bearer_client_for(personas.inspector).get(f"{API}/dashboard?mechanism=nowhere")
    assert refused.status_code == 403


def files_report(client, rectification_id, *files, completed=True):
    return client.post(
        f"{API}/rectifications/{rectification_id}/report-with-files",
        {
            "text": "已实现全程网办全覆盖。",
            "completed": "true" if completed else "false",
            "attachments": list(files),
        },
    )


def test_a_report_with_files_is_the_pages(ids, people, personas, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    page = client_for(personas.province_liaison)
    api = bearer_client_for(personas.province_liaison)
    rectification = ids["rectification"]

    def pdf():
        return SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 acceptance")

    def read():
        report = RectificationReport.objects.filter(rectification_id=rectification).latest("id")
        return (
            report.text,
            report.completed,
            Rectification.objects.get(pk=rectification).status,
            [(a.filename, a.content_type, a.size) for a in report.attachments.all()],
        )

    from_page, from_api = page_and_api(
        lambda: page.post(
            f"/inspections/rectifications/{rectification}/report/",
            {"text": "已实现全程网办全覆盖。", "completed": "on", "attachments": [pdf()]},
        ),
        lambda: files_report(api, rectification, pdf()),
        read,
    )
    assert from_api == from_page
    assert from_api[2] == Rectification.Status.REPORTED
    attachment = RectificationAttachment.objects.latest("id")
    assert recorded(attachment, personas.province_liaison, "create")
    # Read by whoever reads the finding, refused to the others.
    expected = expect(403, **dict.fromkeys(FINDING_READERS, 200), **SIGNED_OUT)
    url = f"{API}/attachments/{attachment.pk}"
    assert token_matrix(people, "get", url) == expected
    download = bearer_client_for(personas.inspector).get(url)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 acceptance"
    assert "attachment" in download["Content-Disposition"]
    assert bearer_client_for(personas.inspector).get(f"{API}/attachments/999999").status_code == 404


def test_a_bad_file_refuses_the_whole_report_with_the_services_wording(
    ids, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    api = bearer_client_for(personas.province_liaison)
    response = files_report(
        api,
        ids["rectification"],
        SimpleUploadedFile("好的.pdf", b"%PDF-1.4 fine"),
        SimpleUploadedFile("程序.exe", b"MZ\x90\x00"),
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("程序.exe：只能上传 PDF")
    assert not RectificationReport.objects.exists()


def test_who_may_report_with_files(ids, people, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    url = f"{API}/rectifications/{ids['rectification']}/report-with-files"

    def body():
        return {"text": "进展。", "attachments": [SimpleUploadedFile("进展.pdf", b"%PDF-1.4 a")]}

    expected = expect(403, province_liaison=201, province_leader=201, **SIGNED_OUT)
    assert token_matrix(people, "post", url, body, multipart=True) == expected


def test_the_exports_are_the_pages(ids, personas):
    page, api = client_for(personas.reader), bearer_client_for(personas.reader)
    inspection = ids["inspection"]
    for name in ("findings.xlsx", "circular.docx", "circular.xlsx"):
        from_page = page.get(f"/inspections/{inspection}/{name}")
        from_api = api.get(f"{API}/campaigns/{inspection}/{name}")
        assert from_api["Content-Type"] == from_page["Content-Type"], name
        assert from_api["Content-Disposition"] == from_page["Content-Disposition"], name
        assert len(from_api.content) > 1000, name
    assert api.get(f"{API}/campaigns/{inspection}/circular.pdf").status_code in (404, 422)


def test_findings_by_cursor_and_their_queries(campaign, personas, units, monkeypatch):
    """The findings list's query counts, built and served from the kept copy, are held."""
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    with acting_as(user=personas.inspector):
        for number in range(4):
            services.finding_issue(
                inspection=campaign.inspection,
                user=personas.inspector,
                unit=units["liaoning"] if number % 2 else units["mof"],
                title=f"问题{number}",
                description="……",
                severity=Finding.Severity.GENERAL,
                measures="限期整改。",
                due_date=datetime.date(2026, 12, 31),
            )
    url = f"{API}/campaigns/{campaign.inspection.pk}/findings"
    inspector, liaoning = client_for(personas.inspector), client_for(personas.province_liaison)
    assert len(walk_cursor(inspector, url)) == 5
    assert len(walk_cursor(liaoning, url)) == 3
    counts = {
        "first": queries_of(inspector, url),
        "deep": queries_of(inspector, links(inspector.get(url))["next"]),
        "scoped": queries_of(liaoning, url),
        "first cached": queries_of(inspector, url, cached=True),
        "scoped cached": queries_of(liaoning, url, cached=True),
    }
    assert_query_baseline("findings.api", counts)


def test_a_unit_sees_a_campaign_as_soon_as_a_finding_concerns_it(campaign, personas):
    """The access answer is kept between requests, and renewed by the finding that changes it."""
    url = f"{API}/campaigns/{campaign.inspection.pk}/findings"
    newcomer = client_for(personas.lead_liaison)
    assert newcomer.get(url).status_code == 403
    assert newcomer.get(url).status_code == 403  # the kept answer
    with acting_as(user=personas.inspector):
        services.finding_issue(
            inspection=campaign.inspection,
            user=personas.inspector,
            unit=personas.lead_liaison.unit,
            title="牵头单位调度不及时",
            description="……",
            severity=Finding.Severity.GENERAL,
            measures="按月调度。",
            due_date=datetime.date(2026, 12, 31),
        )
    assert [row["title"] for row in newcomer.get(url).json()] == ["牵头单位调度不及时"]
    Finding.objects.filter(unit=personas.lead_liaison.unit).delete()
    assert newcomer.get(url).status_code == 403
