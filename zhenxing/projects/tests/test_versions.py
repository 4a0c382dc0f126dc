"""Lost updates: two people editing the same project, a missing version, an import between
reading and saving. Through the client, as people use the edit page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from zhenxing.audit.context import acting_as
from zhenxing.projects.importing.jobs import import_file
from zhenxing.projects.models import Project, SignedProject, SigningEvent
from zhenxing.projects.services import signed_project_save
from zhenxing.projects.tests.conftest import row, xlsx_bytes
from zhenxing.testing import client_for, form_as_posted

pytestmark = pytest.mark.django_db


def _read(client, project):
    response = client.get(reverse("projects:project_edit", args=[project.pk]))
    assert response.status_code == 200
    return form_as_posted(response.context["form"])


def test_the_second_of_two_editors_gets_409_with_the_first_change_shown(personas, sample_projects):
    project = sample_projects["shenyang"]
    url = reverse("projects:project_edit", args=[project.pk])
    first, second = client_for(personas.secretariat), client_for(personas.province_liaison)
    first_read, second_read = _read(first, project), _read(second, project)

    response = first.post(url, first_read | {"name": "沈阳新能源汽车零部件产业园（一期）"})
    assert response.status_code == 302
    response = second.post(url, second_read | {"owner": "沈阳另一家公司"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "已被他人修改" in page
    assert "沈阳新能源汽车零部件产业园（一期）" in page  # the first person's change, shown
    assert "沈阳另一家公司" in page  # the second person's input, kept
    project.refresh_from_db()
    assert project.name == "沈阳新能源汽车零部件产业园（一期）"
    assert project.owner == "沈阳某汽车零部件有限公司"
    conflict = response.context["conflict"]
    assert [row["label"] for row in conflict["rows"]] == ["项目名称", "建设单位"]
    assert conflict["changed_by"]

    # Having seen it, saving again deliberately replaces the first change with the second.
    again = form_as_posted(response.context["form"]) | {"owner": "沈阳另一家公司"}
    assert second.post(url, again).status_code == 302
    project.refresh_from_db()
    assert project.owner == "沈阳另一家公司" and project.name == second_read["name"]


def test_a_save_without_the_version_read_is_refused(personas, sample_projects):
    project = sample_projects["shenyang"]
    client = client_for(personas.secretariat)
    data = _read(client, project) | {"name": "无版本的修改"}
    for version in (None, "", "abc", "0", "9" * 40):
        posted = dict(data)
        if version is None:
            del posted["version"]
        else:
            posted["version"] = version
        response = client.post(reverse("projects:project_edit", args=[project.pk]), posted)
        assert response.status_code == 400, version
        assert "版本" in response.content.decode()
    project.refresh_from_db()
    assert project.name != "无版本的修改"


def test_an_import_between_reading_and_saving_makes_the_edit_stale(
    personas, sample_projects, write_file
):
    project = sample_projects["shenyang"]
    client = client_for(personas.secretariat)
    read = _read(client, project)
    path = write_file(xlsx_bytes([row(1, project.national_code, stage="新开工")]))
    job = import_file(path, mode="all-or-nothing", period="2026-10", user=personas.secretariat)
    assert job.status == "succeeded", job.message
    response = client.post(
        reverse("projects:project_edit", args=[project.pk]), read | {"owner": "某公司"}
    )
    assert response.status_code == 409
    assert Project.objects.get(pk=project.pk).owner != "某公司"


def test_a_progress_report_between_reading_and_saving_makes_the_edit_stale(
    personas, sample_projects
):
    project = sample_projects["shenyang"]
    client = client_for(personas.secretariat)
    read = _read(client, project)
    response = client.post(
        reverse("projects:project_update_new", args=[project.pk]),
        {
            "period_label": "2026-10",
            "stage": "continuing",
            "annual_planned_investment": "30000",
            "investment_completed_this_year": "20000",
            "investment_completed_total": "60000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(reverse("projects:project_edit", args=[project.pk]), read)
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.investment_completed_this_year == 200_000_000


@pytest.fixture
def fair(sample_projects, regions, personas):
    with acting_as(user=personas.secretariat):
        event = SigningEvent.objects.create(
            name="第三十二届哈尔滨国际经济贸易洽谈会",
            start_date=datetime.date(2023, 6, 15),
            region=regions["230100"],
        )
        signed = signed_project_save(
            signed=SignedProject(
                event=event,
                name="沈阳数控机床项目",
                region=regions["210102"],
                signed_amount=Decimal("1500000000"),
            )
        )
    return event, signed


def test_signing_event_edits_conflict_and_need_the_version(personas, fair):
    event, _signed = fair
    url = reverse("projects:project_event_edit", args=[event.pk])
    first, second = client_for(personas.secretariat), client_for(personas.secretariat)
    first_read = form_as_posted(first.get(url).context["form"])
    second_read = form_as_posted(second.get(url).context["form"])
    assert first.post(url, first_read | {"place": "哈尔滨国际会展中心"}).status_code == 302
    response = second.post(url, second_read | {"place": "长春"})
    assert response.status_code == 409
    assert "哈尔滨国际会展中心" in response.content.decode()
    missing = {key: value for key, value in second_read.items() if key != "version"}
    assert second.post(url, missing | {"place": "长春"}).status_code == 400
    event.refresh_from_db()
    assert event.place == "哈尔滨国际会展中心"


def test_signed_project_edits_conflict_also_with_an_advance(personas, fair):
    event, signed = fair
    url = reverse("projects:project_signed_edit", args=[event.pk, signed.pk])
    client = client_for(personas.secretariat)
    read = form_as_posted(client.get(url).context["form"])
    advance = client.post(
        reverse("projects:project_signed_advance", args=[signed.pk]),
        {"stage": "landed", "on_date": "2024-01-10"},
    )
    assert advance.status_code == 302
    response = client.post(url, read | {"investor": "另一家集团"})
    assert response.status_code == 409
    signed.refresh_from_db()
    assert signed.investor != "另一家集团" and signed.stage == "landed"
    again = form_as_posted(response.context["form"]) | {"investor": "另一家集团"}
    assert client.post(url, again).status_code == 302
    signed.refresh_from_db()
    assert signed.investor == "另一家集团" and signed.stage == "landed"
