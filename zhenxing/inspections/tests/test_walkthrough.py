"""Issue #6 through the web client: an inspection finding → rectification reported → reopened →
reported again → verified close-out (销号) → the circular (通报) to all units, as a page, a
Word file in official layout and a workbook. Every step is in the audit log with its persona.
"""

import datetime
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination.tests.test_instructions_and_suggestions import xlsx_strings
from zhenxing.coordination.tests.test_walkthrough import recorded
from zhenxing.inspections.models import (
    Circular,
    Finding,
    Inspection,
    Rectification,
    RectificationReport,
    Verification,
)
from zhenxing.lib.colours import Colour
from zhenxing.notifications.models import Notification


@pytest.mark.django_db
def test_a_finding_from_issue_to_verified_close_out(client, clock, personas, units, mechanism):
    # The inspector sets up the campaign: period, team and the units in scope.
    client.force_login(personas.inspector)
    response = client.post(
        "/inspections/new/",
        {
            "title": "2026年东北振兴重点任务落实情况督查",
            "period_start": "2026-01-01",
            "period_end": "2026-09-30",
            "team_leader": personas.inspector.pk,
            "team": [personas.inspector.pk],
            "scope_units": [units["liaoning"].pk, units["mof"].pk],
        },
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == f"/inspections/{inspection.pk}/"
    assert set(inspection.scope_units.all()) == {units["liaoning"], units["mof"]}
    assert recorded(inspection, personas.inspector, ChangeRecord.Action.CREATE)

    # A finding is issued to Liaoning with its rectification item; Liaoning is told.
    response = client.post(
        f"/inspections/{inspection.pk}/findings/new/",
        {
            "unit": units["liaoning"].pk,
            "title": "营商环境改革任务进度滞后",
            "severity": Finding.Severity.SERIOUS,
            "measures": "11月底前实现企业开办全程网办全覆盖。",
            "due_date": "2026-10-31",
        },
    )
    finding = Finding.objects.get()
    rectification = finding.rectifications.get()
    assert response["Location"] == f"/inspections/findings/{finding.pk}/"
    assert (rectification.responsible_unit, rectification.status) == (
        units["liaoning"],
        Rectification.Status.PENDING,
    )
    assert recorded(finding, personas.inspector, ChangeRecord.Action.CREATE)
    told = Notification.objects.filter(link=f"/inspections/findings/{finding.pk}/")
    assert {"province.liaison", "province.leader"} <= set(
        told.values_list("recipient__username", flat=True)
    )

    # Liaoning sees it among its own items, reports progress, then reports it done.
    client.force_login(personas.province_liaison)
    mine = client.get("/inspections/").context["my_items"]
    assert [item for item, _light in mine] == [rectification]
    url = f"/inspections/rectifications/{rectification.pk}/report/"
    client.post(url, {"text": "已完成系统改造，正在试运行。"})
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.PENDING
    client.post(url, {"text": "已实现全程网办全覆盖。", "completed": "on"})
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.REPORTED
    report = RectificationReport.objects.filter(completed=True).get()
    assert recorded(report, personas.province_liaison, ChangeRecord.Action.CREATE)

    # The inspectors are not convinced: reopened with their reasons and a new deadline.
    client.force_login(personas.inspector)
    verify = f"/inspections/rectifications/{rectification.pk}/verify/"
    client.post(
        verify, {"close": "no", "note": "抽查发现2个县区尚未接入。", "new_due_date": "2026-11-30"}
    )
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.REOPENED
    assert (rectification.reopen_count, rectification.due_date) == (1, datetime.date(2026, 11, 30))
    assert Notification.objects.filter(
        recipient=personas.province_liaison, title__startswith="整改核查未通过"
    ).exists()

    # Liaoning's leader reports again; the inspector verifies and closes it out (销号).
    client.force_login(personas.province_leader)
    client.post(url, {"text": "两个县区已接入并上线运行。", "completed": "on"})
    client.force_login(personas.inspector)
    client.post(verify, {"close": "yes", "note": "抽查核实。"})
    rectification.refresh_from_db()
    finding.refresh_from_db()
    assert rectification.status == Rectification.Status.CLOSED
    assert rectification.closed_by == personas.inspector
    assert finding.status == Finding.Status.CLOSED
    verifications = list(Verification.objects.values_list("outcome", flat=True))
    assert verifications == [Verification.Outcome.REOPENED, Verification.Outcome.CLOSED]
    assert recorded(rectification, personas.inspector, ChangeRecord.Action.UPDATE)
    assert recorded(finding, personas.inspector, ChangeRecord.Action.UPDATE)
    page = client.get(f"/inspections/findings/{finding.pk}/")
    assert page.context["items"][0]["light"].colour == Colour.COMPLETED

    # The dashboard counts it as closed for Liaoning.
    rows = client.get("/inspections/").context["rows"]
    assert [(r.unit, r.total, r.closed, r.open) for r in rows] == [
        (units["liaoning"].display_name, 1, 1, 0)
    ]


@pytest.mark.django_db
def test_overdue_rectification_is_red(client, campaign, clock, personas):
    clock.set(datetime.date(2026, 11, 5))
    client.force_login(personas.province_liaison)
    mine = client.get("/inspections/").context["my_items"]
    assert mine[0][1].colour == Colour.RED
    assert mine[0][1].reason == "整改已逾期5天"
    client.force_login(personas.reader)
    assert client.get("/inspections/").context["totals"]["overdue"] == 1


@pytest.mark.django_db
def test_the_circular_goes_to_all_units_as_page_word_and_excel(
    client, campaign, personas, units, mechanism
):
    inspection = campaign.inspection
    client.force_login(personas.outsider)
    assert client.get(f"/inspections/{inspection.pk}/circular/").status_code == 403

    client.force_login(personas.inspector)
    client.post(
        f"/inspections/{inspection.pk}/circular/save/",
        {
            "title": "关于2026年东北振兴重点任务落实情况督查的通报",
            "document_number": "东北振兴秘〔2026〕5号",
            "issuer": "东北振兴省部联席落实推进工作机制秘书处",
            "introduction": "各单位高度重视，认真配合督查。",
            "conclusion": "=各单位要举一反三，按时完成整改。",
            "version": 0,  # the page read no circular yet
        },
    )
    circular = Circular.objects.get()
    assert circular.status == Circular.Status.DRAFT
    client.post(f"/inspections/{inspection.pk}/circular/issue/")
    circular.refresh_from_db()
    assert circular.is_issued and circular.issued_on == datetime.date(2026, 10, 1)
    assert recorded(circular, personas.inspector, ChangeRecord.Action.UPDATE)
    # Every member unit is told, including Jilin which had no finding.
    assert Notification.objects.filter(
        recipient=personas.outsider, link=f"/inspections/{inspection.pk}/circular/"
    ).exists()

    client.force_login(personas.outsider)
    page = client.get(f"/inspections/{inspection.pk}/circular/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "共发现问题1个，涉及1个单位" in text
    assert "营商环境改革任务进度滞后" in text
    assert page.context["form"] is None

    word = client.get(f"/inspections/{inspection.pk}/circular.docx")
    document = docx.Document(io.BytesIO(word.content))
    section = document.sections[0]
    for length, millimetres in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length - Mm(millimetres)) < Mm(0.1)  # Word stores twentieths of a point
    title = next(p for p in document.paragraphs if p.text == circular.title)
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("2026年东北振兴"))
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells][:3] == [
        units["liaoning"].display_name,
        "1",
        "0",
    ]

    workbook = client.get(f"/inspections/{inspection.pk}/circular.xlsx")
    strings = xlsx_strings(workbook.content)
    assert circular.title in strings and "营商环境改革任务进度滞后" in strings
    assert not any(text.startswith(("=", "+", "-", "@")) for text in strings)


@pytest.mark.django_db
def test_a_concluded_inspection_takes_no_more_findings(client, campaign, personas, units):
    client.force_login(personas.inspector)
    client.post(f"/inspections/{campaign.inspection.pk}/conclude/")
    response = client.post(
        f"/inspections/{campaign.inspection.pk}/findings/new/",
        {
            "unit": units["mof"].pk,
            "title": "x",
            "severity": "general",
            "measures": "y",
            "due_date": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert "该督查已结束" in response.content.decode()
    assert Finding.objects.count() == 1


@pytest.mark.django_db
def test_a_campaign_covers_projects_and_a_finding_names_one(
    client, clock, personas, units, project
):
    from zhenxing.coordination.tests.conftest import PROJECT_CODE

    client.force_login(personas.inspector)
    client.post(
        "/inspections/new/",
        {
            "title": "重大项目建设专项督查",
            "period_start": "2026-01-01",
            "period_end": "2026-09-30",
            "scope_projects": PROJECT_CODE,
        },
    )
    inspection = Inspection.objects.get()
    assert list(inspection.scope_projects.all()) == [project]
    client.post(
        f"/inspections/{inspection.pk}/findings/new/",
        {
            "unit": units["liaoning"].pk,
            "title": "项目投资完成率偏低",
            "severity": "general",
            "project": PROJECT_CODE,
            "measures": "加快施工进度。",
            "due_date": "2026-12-31",
        },
    )
    assert Finding.objects.get().project == project
    page = client.get(f"/inspections/{inspection.pk}/")
    assert PROJECT_CODE in page.content.decode()


@pytest.mark.django_db
def test_the_progress_report_gets_an_inspection_section(campaign, mechanism, units, clock):
    from zhenxing.reports.sections.inspections import section as report_section

    def quarter():
        return report_section(
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 12, 31),
            mechanism=mechanism,
        )

    section = quarter()  # 1 October: the rectification is due on the 31st
    assert section.paragraphs[0].startswith("本期开展督查1次，发现问题1个，涉及1个单位")
    assert "整改逾期0个" in section.paragraphs[0]
    clock.set(datetime.date(2026, 11, 5))
    assert "整改逾期1个" in quarter().paragraphs[0]
    assert section.tables[0].rows[0][0] == units["liaoning"].display_name
    first_quarter = {
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 3, 31),
    }
    assert report_section(**first_quarter, mechanism=None) is None


@pytest.mark.django_db
def test_rectification_reminders_before_on_and_after_the_deadline_once_each(
    campaign, clock, personas
):
    from django.core.management import call_command

    def remind() -> str:
        out = io.StringIO()
        call_command("inspections", "send-reminders", stdout=out)
        return out.getvalue()

    def kinds(persona) -> list[str]:
        return sorted(
            Notification.objects.filter(
                recipient=persona, link=f"/inspections/findings/{campaign.finding.pk}/"
            )
            .exclude(kind__in=["rectification", "rectify_reopened"])
            .values_list("kind", flat=True)
        )

    due = campaign.rectification.due_date  # 31 October
    clock.set(due - datetime.timedelta(days=10))
    assert remind().startswith("已发送整改提醒 0 条")
    clock.set(due - datetime.timedelta(days=3))
    remind()
    remind()  # run every few minutes: still one reminder
    assert kinds(personas.province_liaison) == ["due_soon"]
    clock.set(due)
    remind()
    clock.set(due + datetime.timedelta(days=2))
    remind()
    assert kinds(personas.province_liaison) == ["due_soon", "due_today", "overdue"]
    assert kinds(personas.participant_liaison) == []  # MOF has no finding
    overdue = Notification.objects.get(recipient=personas.province_liaison, kind="overdue")
    assert overdue.title == f"整改已逾期2天：{campaign.finding.title}"

    from zhenxing.inspections.services import rectification_report

    rectification_report(
        rectification=campaign.rectification,
        user=personas.province_liaison,
        text="已完成整改。",
        completed=True,
    )
    clock.set(due + datetime.timedelta(days=5))
    assert remind().startswith("已发送整改提醒 0 条")  # reported: the inspectors have it now


def test_a_rectification_notice_has_its_own_kind(campaign, personas):
    """Issuing a finding notifies the unit as 整改通知, not as 其他 (issue #14, break 9)."""
    notices = Notification.objects.filter(
        recipient=personas.province_liaison,
        link=f"/inspections/findings/{campaign.finding.pk}/",
    )
    assert list(notices.values_list("kind", flat=True)) == ["rectification"]
    assert notices.get().get_kind_display() == "整改通知"
