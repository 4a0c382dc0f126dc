"""Every page's permission matrix, the list's filters and query count, exports that keep
formulas as text, and the import wizard through the client."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zhenxing.audit.context import acting_as
from zhenxing.projects.models import ImportJob, Project, SignedProject, SigningEvent
from zhenxing.projects.services import project_update, signed_project_save
from zhenxing.projects.tests.conftest import row, upload, xlsx_bytes
from zhenxing.testing import ANONYMOUS, INACTIVE, NO_ROLE, client_for

pytestmark = pytest.mark.django_db

READERS = {"reader", "inspector"}
ADMINS = {"system_admin", "security_admin", "audit_admin", NO_ROLE}
UNIT_USERS = {
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
}
LIAONING = {"province_liaison", "province_leader"}
LOGIN = {ANONYMOUS, INACTIVE}


def expected(*, ok: set, missing: set = frozenset(), everyone: set) -> dict:
    """Status per person: 200 for `ok`, 404 for `missing`, 302 to log in, 403 otherwise."""
    result = {}
    for name in everyone:
        if name in LOGIN:
            result[name] = 302
        elif name in ok:
            result[name] = 200
        elif name in missing:
            result[name] = 404
        else:
            result[name] = 403
    return result


def check_matrix(people, url, statuses, method="get", data=None):
    seen = {}
    for name, user in people.items():
        response = getattr(client_for(user), method)(url, data or {})
        seen[name] = response.status_code
    assert seen == statuses


@pytest.fixture
def event(sample_projects, regions, personas):
    with acting_as(user=personas.secretariat):
        event = SigningEvent.objects.create(
            name="第三十二届哈尔滨国际经济贸易洽谈会",
            kind=SigningEvent.Kind.FAIR,
            start_date=datetime.date(2023, 6, 15),
            place="哈尔滨",
            region=regions["230100"],
            announced_project_count=224,
            announced_amount=Decimal("84563000000"),
        )
        signed = signed_project_save(
            signed=SignedProject(
                event=event,
                name="沈阳数控机床项目",
                investor="某机床集团",
                region=regions["210102"],
                signed_amount=Decimal("1500000000"),
            )
        )
    return event, signed


def test_list_matrix(people, sample_projects):
    ok = {"secretariat", *UNIT_USERS, *READERS}
    check_matrix(people, reverse("projects:project_list"), expected(ok=ok, everyone=set(people)))


def test_detail_matrix(people, sample_projects):
    url = reverse("projects:project_detail", args=[sample_projects["shenyang"].pk])
    ok = {"secretariat", *LIAONING, *READERS}
    missing = UNIT_USERS - LIAONING
    check_matrix(people, url, expected(ok=ok, missing=missing, everyone=set(people)))


@pytest.mark.parametrize("name", ["projects:project_edit", "projects:project_update_new"])
def test_edit_matrix(people, sample_projects, name):
    url = reverse(name, args=[sample_projects["shenyang"].pk])
    missing = UNIT_USERS - LIAONING
    check_matrix(
        people, url, expected(ok={"secretariat", *LIAONING}, missing=missing, everyone=set(people))
    )


@pytest.mark.parametrize("name", ["projects:project_new", "projects:project_import_list"])
def test_create_and_import_matrix(people, sample_projects, name):
    check_matrix(
        people, reverse(name), expected(ok={"secretariat", *UNIT_USERS}, everyone=set(people))
    )


@pytest.mark.parametrize("name", ["projects:project_statistics", "projects:project_funnel"])
def test_statistics_matrix(people, sample_projects, name):
    ok = {"secretariat", *UNIT_USERS, *READERS}
    check_matrix(people, reverse(name), expected(ok=ok, everyone=set(people)))


def test_event_matrices(people, event):
    event, signed = event
    ok = {"secretariat", *UNIT_USERS, *READERS}
    check_matrix(
        people,
        reverse("projects:project_event_detail", args=[event.pk]),
        expected(ok=ok, everyone=set(people)),
    )
    check_matrix(
        people,
        reverse("projects:project_event_new"),
        expected(ok={"secretariat"}, everyone=set(people)),
    )
    # the figures page's hand-off: the secretariat is sent on to the filled-in form
    announce = f"{reverse('projects:project_event_announce')}?event={event.pk}&count=3"
    statuses = expected(ok={"secretariat"}, everyone=set(people))
    check_matrix(people, announce, {n: 302 if s == 200 else s for n, s in statuses.items()})
    check_matrix(
        people,
        reverse("projects:project_event_edit", args=[event.pk]),
        expected(ok={"secretariat"}, everyone=set(people)),
    )
    check_matrix(
        people,
        reverse("projects:project_signed_new", args=[event.pk]),
        expected(ok={"secretariat", *UNIT_USERS}, everyone=set(people)),
    )
    check_matrix(
        people,
        reverse("projects:project_signed_edit", args=[event.pk, signed.pk]),
        expected(
            ok={"secretariat", *LIAONING}, missing=UNIT_USERS - LIAONING, everyone=set(people)
        ),
    )


def test_signed_advance_matrix(people, event):
    _event, signed = event
    url = reverse("projects:project_signed_advance", args=[signed.pk])
    statuses = expected(
        ok={"secretariat", *LIAONING}, missing=UNIT_USERS - LIAONING, everyone=set(people)
    )
    statuses = {name: 302 if code == 200 else code for name, code in statuses.items()}
    check_matrix(
        people, url, statuses, method="post", data={"stage": "landed", "on_date": "2024-01-10"}
    )
    signed.refresh_from_db()
    assert signed.stage == SignedProject.Stage.LANDED
    assert signed.performed_on == signed.landed_on == datetime.date(2024, 1, 10)


def test_import_job_pages_matrix(people, personas, write_file):
    response = client_for(personas.secretariat).post(
        reverse("projects:project_import_list"),
        {"file": upload(xlsx_bytes([row(1, "2024-210102-36-03-000001")]))},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    for name in ("projects:project_import_mapping", "projects:project_import_detail"):
        statuses = expected(ok={"secretariat"}, missing=UNIT_USERS, everyone=set(people))
        check_matrix(people, reverse(name, args=[job.pk]), statuses)


def test_list_filters_sort_and_query_count(
    personas, sample_projects, django_assert_max_num_queries
):
    client = client_for(personas.secretariat)
    response = client.get(reverse("projects:project_list"), {"region": "210000"})
    assert [p.name for p in response.context["page"]] == [
        "大连湾海底隧道连接线",
        "沈阳新能源汽车零部件产业园",
    ]
    response = client.get(
        reverse("projects:project_list"), {"region": "210100", "funding_source": "special_bonds"}
    )
    assert [p.national_code for p in response.context["page"]] == ["2024-210102-36-03-000001"]
    response = client.get(reverse("projects:project_list"), {"stage": "suspended", "sort": "code"})
    assert [p.national_code for p in response.context["page"]] == ["2025-220102-44-02-000003"]
    response = client.get(reverse("projects:project_list"), {"q": "隧道"})
    assert response.context["page"].paginator.count == 1
    units = {p.responsible_unit_id for p in Project.objects.all()} - {None}
    response = client.get(reverse("projects:project_list"), {"responsible_unit": units.pop()})
    assert response.context["page"].paginator.count == 1
    with django_assert_max_num_queries(14):
        response = client.get(reverse("projects:project_list"))
    assert "120,000.00" in response.content.decode()  # 12 亿元 shown as 万元


def test_unit_user_sees_only_its_region(personas, sample_projects):
    response = client_for(personas.outsider).get(reverse("projects:project_list"))
    assert [p.name for p in response.context["page"]] == ["长春热电联产改造"]


def test_export_keeps_formulas_as_text(personas, sample_projects):
    project = sample_projects["shenyang"]
    with acting_as(user=personas.secretariat):
        project_update(
            project=project,
            expected_version=project.version,
            name='=HYPERLINK("http://x")',
            owner="@SUM(A1)",
        )
    response = client_for(personas.secretariat).get(
        reverse("projects:project_list"), {"format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[2][:3] == ["序号", "项目代码", "项目名称"]
    names = {r[2]: r[3] for r in rows[3:]}
    assert names['\'=HYPERLINK("http://x")'] == "'@SUM(A1)"
    for name in ("projects:project_statistics", "projects:project_funnel"):
        response = client_for(personas.secretariat).get(reverse(name), {"format": "xlsx"})
        assert response.status_code == 200 and response.content[:2] == b"PK"
    response = client_for(personas.secretariat).get(
        reverse("projects:project_detail", args=[project.pk]), {"format": "xlsx"}
    )
    assert response.content[:2] == b"PK"


def test_create_edit_and_report_progress(personas, regions, units):
    client = client_for(personas.province_liaison)
    data = {
        "national_code": "2026-210103-36-03-000100",
        "name": "沈河区智能制造基地",
        "owner": "沈阳某公司",
        "region": regions["210103"].pk,
        "stage": "preliminary",
        "total_investment_wan": "25000",
        "funding": ["central_budget", "own_funds"],
    }
    response = client.post(reverse("projects:project_new"), data)
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(national_code="2026-210103-36-03-000100")
    assert project.total_investment == Decimal("250000000.00")
    assert project.industry == "C"  # from the code's division 36
    # Outside its region a province may not register projects.
    data |= {"national_code": "2026-220102-36-03-000101", "region": regions["220102"].pk}
    response = client.post(reverse("projects:project_new"), data)
    assert response.status_code == 200 and "本地区" in response.content.decode()
    # A wrong region in the code is explained.
    data |= {"national_code": "2026-219999-36-03-000102", "region": regions["210103"].pk}
    response = client.post(reverse("projects:project_new"), data)
    assert "219999 不存在" in response.content.decode()

    update_url = reverse("projects:project_update_new", args=[project.pk])
    for period, completed in (("2026-09", "1000"), ("2026-10", "2500")):
        response = client.post(
            update_url,
            {
                "period_label": period,
                "stage": "new_start",
                "annual_planned_investment": "8000",
                "investment_completed_this_year": completed,
                "investment_completed_total": completed,
                "actual_start": "2026-09-01",
                "note": "主体开工",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == "new_start" and project.actual_start == datetime.date(2026, 9, 1)
    periods = dict(project.updates.values_list("period_label", "investment_completed_this_year"))
    assert periods["2026-09"] == Decimal("10000000.00")
    assert periods["2026-10"] == Decimal("25000000.00")
    assert project.updates.count() == 3  # registration, then two reports: none overwritten
    detail = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "2026 年赋码" in detail and "辽宁省沈阳市沈河区" in detail and "series-data" in detail


def test_import_wizard_through_the_client(personas, write_file):
    client = client_for(personas.secretariat)
    rows = [row(1, "2024-210102-36-03-000001"), row(2, "2024-210199-36-03-000002")]
    response = client.post(
        reverse("projects:project_import_list"), {"file": upload(xlsx_bytes(rows))}
    )
    job = ImportJob.objects.get()
    assert response.url == reverse("projects:project_import_mapping", args=[job.pk])
    page = client.get(response.url)
    assert page.context["form"]["column_1"].value() == "national_code"
    data = {
        f"column_{i}": key
        for i, key in enumerate(
            [
                "",
                "national_code",
                "name",
                "owner",
                "region",
                "industry",
                "stage",
                "total_investment",
                "annual_planned_investment",
                "investment_completed_this_year",
                "investment_completed_total",
                "funding_sources",
                "",
            ]
        )
    }  # the user drops 计划开工时间
    data |= {
        f"unit_{k}": "万元"
        for k in (
            "total_investment",
            "annual_planned_investment",
            "investment_completed_this_year",
            "investment_completed_total",
        )
    }
    data |= {"mode": "valid-rows", "period_label": "2026-10"}
    response = client.post(reverse("projects:project_import_mapping", args=[job.pk]), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.imported_count, job.rejected_count) == ("succeeded", 1, 1)
    assert Project.objects.get().planned_start is None
    page = client.get(
        reverse("projects:project_import_detail", args=[job.pk]),
        headers={"HX-Request": "true"},
        data={"part": "progress"},
    )
    assert "导入中" not in page.content.decode() and "错误行" in page.content.decode()
    errors = client.get(reverse("projects:project_import_errors", args=[job.pk]))
    assert errors.status_code == 200 and b"".join(errors.streaming_content)[:2] == b"PK"


def test_mapping_without_required_columns_is_refused(personas):
    client = client_for(personas.secretariat)
    client.post(
        reverse("projects:project_import_list"),
        {"file": upload(xlsx_bytes([row(1, "2024-210102-36-03-000001")]))},
    )
    job = ImportJob.objects.get()
    data = {
        "column_1": "national_code",
        "column_2": "name",
        "mode": "valid-rows",
        "period_label": "2026-10",
    }
    response = client.post(reverse("projects:project_import_mapping", args=[job.pk]), data)
    assert response.status_code == 200
    assert "缺少必需的列" in response.content.decode()


def test_upload_refuses_hostile_and_foreign_files(personas):
    from zhenxing.projects.tests.test_import import zip_bomb

    client = client_for(personas.secretariat)
    response = client.post(
        reverse("projects:project_import_list"), {"file": upload(zip_bomb(), "bomb.xlsx")}
    )
    assert "压缩炸弹" in response.content.decode()
    response = client.post(
        reverse("projects:project_import_list"), {"file": upload(b"hello", "notes.txt")}
    )
    assert "请上传" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_statistics_page_scopes(personas, sample_projects):
    response = client_for(personas.secretariat).get(reverse("projects:project_statistics"))
    figures = response.context["figures"]
    assert figures["totals"]["project_count"] == 3
    assert response.context["chart"]["prefectures"][0]["code"] == "210200"
    response = client_for(personas.secretariat).get(
        reverse("projects:project_statistics"), {"region": "220000"}
    )
    assert response.context["figures"]["totals"]["project_count"] == 1
    # A province's liaison sees its own province whatever it asks for.
    response = client_for(personas.province_liaison).get(
        reverse("projects:project_statistics"), {"region": "220000"}
    )
    assert response.context["figures"]["totals"]["project_count"] == 2
    # A central unit's liaison sees the projects it is responsible for (none here).
    response = client_for(personas.lead_liaison).get(reverse("projects:project_statistics"))
    assert response.context["figures"]["totals"]["project_count"] == 0


def test_nav_entry(personas, people):
    page = client_for(personas.reader).get(reverse("home")).content.decode()
    assert reverse("projects:project_list") in page
    page = client_for(people["system_admin"]).get(reverse("home")).content.decode()
    assert reverse("projects:project_list") not in page


def test_error_file_and_cancel_matrices(people, personas):
    client = client_for(personas.secretariat)
    rows = [row(1, "2024-210102-36-03-000001"), row(2, "2024-219999-36-03-000002")]
    client.post(reverse("projects:project_import_list"), {"file": upload(xlsx_bytes(rows))})
    job = ImportJob.objects.get()
    client.post(
        reverse("projects:project_import_mapping", args=[job.pk]),
        {
            **{
                f"column_{i}": key
                for i, key in enumerate(
                    [
                        "",
                        "national_code",
                        "name",
                        "owner",
                        "region",
                        "industry",
                        "stage",
                        "total_investment",
                    ]
                )
            },
            "mode": "all-or-nothing",
            "period_label": "2026-10",
        },
    )
    job.refresh_from_db()
    assert job.status == "rejected" and job.error_file
    statuses = expected(ok={"secretariat"}, missing=UNIT_USERS, everyone=set(people))
    check_matrix(people, reverse("projects:project_import_errors", args=[job.pk]), statuses)
    # Cancelling: only an upload not yet confirmed, only by whoever may see it.
    client.post(reverse("projects:project_import_list"), {"file": upload(xlsx_bytes(rows[:1]))})
    pending = ImportJob.objects.get(status="uploaded")
    statuses = {
        name: 302 if code == 200 else code
        for name, code in expected(
            ok={"secretariat"}, missing=UNIT_USERS, everyone=set(people) - {"secretariat"}
        ).items()
    }
    check_matrix(
        {k: v for k, v in people.items() if k != "secretariat"},
        reverse("projects:project_import_cancel", args=[pending.pk]),
        statuses,
        method="post",
    )
    assert (
        client.post(reverse("projects:project_import_cancel", args=[pending.pk])).status_code == 302
    )
    assert not ImportJob.objects.filter(pk=pending.pk).exists()


def test_progress_is_polled_while_running(personas, tmp_path):
    from zhenxing.projects.importing.jobs import write_progress

    job = ImportJob.objects.create(
        original_name="big.xlsx",
        uploaded_by=personas.secretariat,
        period_label="2026-10",
        status=ImportJob.Status.RUNNING,
        rows_total=1_000_000,
    )
    write_progress(job, 250_000, "读取、校验并写入")
    page = (
        client_for(personas.secretariat)
        .get(
            reverse("projects:project_import_detail", args=[job.pk]),
            {"part": "progress"},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in page
    assert 'value="250000"' in page and "读取、校验并写入" in page


def test_queued_jobs_run_from_the_command_line(personas, write_file):
    from django.core.management import call_command

    from zhenxing.projects.importing.jobs import import_job_configure, import_job_create

    with open(write_file(xlsx_bytes([row(1, "2024-210102-36-03-000001")])), "rb") as handle:
        from django.core.files import File

        job = import_job_create(user=personas.secretariat, uploaded=File(handle), filename="a.xlsx")
    import_job_configure(
        job=job,
        columns={int(k): v for k, v in job.column_mapping.items()},
        money_units={},
        mode="valid-rows",
        period="2026-10",
    )
    call_command("projects", "run-import", "--pending")
    job.refresh_from_db()
    assert job.status == "succeeded" and job.imported_count == 1


def test_a_job_already_claimed_is_not_run_again(personas, write_file, monkeypatch):
    """The web's worker and a timer's `run-import --pending` may be given the same job."""
    from django.core.files import File
    from django.db.models import QuerySet

    from zhenxing.projects.importing.jobs import (
        import_job_configure,
        import_job_create,
        import_job_run,
    )
    from zhenxing.projects.models import ImportJob, Project

    with open(write_file(xlsx_bytes([row(1, "2024-210102-36-03-000001")])), "rb") as handle:
        job = import_job_create(user=personas.secretariat, uploaded=File(handle), filename="a.xlsx")
    import_job_configure(
        job=job,
        columns={int(k): v for k, v in job.column_mapping.items()},
        money_units={},
        mode="valid-rows",
        period="2026-10",
    )
    real_get = QuerySet.get

    def read_then_claimed_elsewhere(queryset, *args, **kwargs):
        found = real_get(queryset, *args, **kwargs)
        if queryset.model is ImportJob and found.status == ImportJob.Status.QUEUED:
            # the other process claims it just after this one has read it as queued
            ImportJob.objects.filter(pk=found.pk).update(status=ImportJob.Status.RUNNING)
        return found

    monkeypatch.setattr(QuerySet, "get", read_then_claimed_elsewhere)
    assert import_job_run(job.pk).status == ImportJob.Status.RUNNING
    assert not Project.objects.exists()
    monkeypatch.undo()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    assert import_job_run(job.pk).status == ImportJob.Status.SUCCEEDED
    assert import_job_run(job.pk).imported_count == 1  # a finished job is left as it is
    assert Project.objects.count() == 1
