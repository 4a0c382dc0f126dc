"""Creating and editing projects and the signing funnel through /api/v1/projects (issue #21,
item 3): the page's permissions (matrix for every person), its checks and wording (400), its
audit, its version check (409), and the same result as the page's action."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from zhenxing.audit.models import ChangeRecord
from zhenxing.projects.models import Project, SignedProject, SigningEvent
from zhenxing.projects.tests.test_views import ADMINS, LIAONING, LOGIN, READERS, UNIT_USERS
from zhenxing.projects.tests.test_views import event as event  # noqa: F401 - the fixture
from zhenxing.testing import bearer_client_for, client_for, expect, outcome

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"


def _json(client, method, url, payload=None):
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def _new(number: int, region: str = "210103") -> dict:
    return {
        "national_code": f"2026-{region}-36-03-{number:06d}",
        "name": "沈河区智能制造基地",
        "owner": "沈阳某公司",
        "region_code": region,
        "stage": "preliminary",
        "total_investment": "250000000",
        "funding_sources": ["central_budget", "own_funds"],
    }


def _status(response):
    return response.status_code


def test_create_matrix(people, sample_projects):
    found = {}
    for number, (name, user) in enumerate(people.items(), start=200):
        found[name] = outcome(_json(client_for(user), "post", API, _new(number)))
    # Units outside Liaoning are refused the region, as on the page (a 400 with its wording).
    assert found == expect(
        403,
        secretariat=201,
        province_liaison=201,
        province_leader=201,
        lead_liaison=400,
        participant_liaison=400,
        outsider=400,
        **dict.fromkeys(LOGIN, 401),
    )


def test_create_is_the_pages_create(personas, regions):
    client = client_for(personas.province_liaison)
    response = _json(bearer_client_for(personas.province_liaison), "post", API, _new(300))
    assert response.status_code == 201, response.content
    page = _new(301)
    posted = {
        "national_code": page["national_code"],
        "name": page["name"],
        "owner": page["owner"],
        "region": regions["210103"].pk,
        "stage": "preliminary",
        "total_investment_wan": "25000",
        "funding": ["central_budget", "own_funds"],
    }
    assert client.post(reverse("projects:project_new"), posted).status_code == 302
    by_api = Project.objects.get(pk=response.json()["id"])
    by_page = Project.objects.get(national_code=page["national_code"])
    fields = ["name", "owner", "region_id", "industry", "stage", "total_investment"]
    assert [getattr(by_api, f) for f in fields] == [getattr(by_page, f) for f in fields]
    assert by_api.funding_sources == by_page.funding_sources
    assert by_api.industry == "C"  # from the code's division 36, as the form derives it
    assert by_api.updates.count() == by_page.updates.count() == 1
    record = ChangeRecord.objects.latest_for(by_api)
    assert record.user == personas.province_liaison and record.action == "create"


def test_create_refusals_carry_the_pages_wording(personas, sample_projects):
    client = bearer_client_for(personas.province_liaison)
    response = _json(client, "post", API, _new(400, region="219999"))
    assert (response.status_code, response.json()["detail"]) == (400, "地区代码 219999 不存在。")
    wrong_code = _new(401) | {"national_code": "2026-219999-36-03-000401"}
    response = _json(client, "post", API, wrong_code)
    assert response.status_code == 400 and "219999 不存在" in response.json()["detail"]
    response = _json(client, "post", API, _new(402, region="220102"))
    assert response.json()["detail"] == "只能登记本单位负责或本地区的项目。"
    taken = _new(403) | {"national_code": sample_projects["shenyang"].national_code}
    taken["region_code"] = "210102"
    response = _json(client, "post", API, taken)
    assert "该项目代码已在项目库中。" in response.json()["detail"]


def test_edit_matrix(people, sample_projects):
    project = sample_projects["shenyang"]
    found = {}
    for name, user in people.items():
        version = Project.objects.get(pk=project.pk).version
        payload = {"version": version, "owner": f"{name} 的公司"}
        found[name] = outcome(_json(client_for(user), "patch", f"{API}/{project.pk}", payload))
    assert found == expect(
        403,
        secretariat=200,
        **dict.fromkeys(LIAONING, 200),
        **dict.fromkeys(UNIT_USERS - LIAONING, 404),
        **dict.fromkeys(LOGIN, 401),
    )
    assert set(READERS | ADMINS) <= {name for name, status in found.items() if status == 403}


def test_edit_changes_only_what_is_sent_and_is_audited(personas, sample_projects):
    project = sample_projects["shenyang"]
    client = bearer_client_for(personas.province_liaison)
    read = client.get(f"{API}/{project.pk}").json()
    response = _json(
        client, "patch", f"{API}/{project.pk}", {"version": read["version"], "name": "新名称"}
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert changed["name"] == "新名称" and changed["version"] == read["version"] + 1
    unchanged = {key: value for key, value in read.items() if key not in {"name", "version"}}
    assert {key: changed[key] for key in unchanged if key != "updated_at"} == {
        key: value for key, value in unchanged.items() if key != "updated_at"
    }
    record = ChangeRecord.objects.latest_for(project)
    assert record.user == personas.province_liaison
    assert (record.before["name"], record.after["name"]) == (read["name"], "新名称")


def test_a_stale_or_missing_version_is_refused(personas, sample_projects):
    project = sample_projects["shenyang"]
    first = bearer_client_for(personas.secretariat)
    second = bearer_client_for(personas.province_liaison)
    version = first.get(f"{API}/{project.pk}").json()["version"]
    url = f"{API}/{project.pk}"
    assert _json(first, "patch", url, {"version": version, "name": "第一人"}).status_code == 200
    response = _json(second, "patch", url, {"version": version, "owner": "第二人"})
    assert response.status_code == 409
    assert response.json()["current"]["name"] == "第一人"
    assert "已被他人修改" in response.json()["detail"]
    project.refresh_from_db()
    assert project.owner != "第二人"
    response = _json(second, "patch", url, {"owner": "第二人"})
    assert response.status_code == 400 and "缺少所读取的版本号" in response.json()["detail"]


# -- the signing funnel ----------------------------------------------------------------------
EVENT = {
    "name": "2026 东北亚博览会",
    "kind": "expo",
    "start_date": "2026-08-23",
    "region_code": "220100",
    "announced_amount": "1000000000",
    "announced_project_count": 12,
}


def test_event_create_and_edit_matrices(people, event):
    event, _signed = event
    created = {
        name: outcome(_json(client_for(user), "post", f"{API}/events", EVENT))
        for name, user in people.items()
    }
    assert created == expect(403, secretariat=201, **dict.fromkeys(LOGIN, 401))
    edited = {}
    for name, user in people.items():
        payload = {"version": SigningEvent.objects.get(pk=event.pk).version, "place": name}
        edited[name] = outcome(
            _json(client_for(user), "patch", f"{API}/events/{event.pk}", payload)
        )
    assert edited == expect(403, secretariat=200, **dict.fromkeys(LOGIN, 401))


def test_event_create_is_the_pages_and_edit_checks_the_version(personas, event):
    event, _signed = event
    client = bearer_client_for(personas.secretariat)
    response = _json(client, "post", f"{API}/events", EVENT)
    assert response.status_code == 201, response.content
    created = SigningEvent.objects.get(pk=response.json()["id"])
    assert created.announced_amount == Decimal("1000000000")
    assert created.region.code == "220100"
    assert ChangeRecord.objects.latest_for(created).user == personas.secretariat
    url = f"{API}/events/{event.pk}"
    version = client.get(url).json()["version"]
    assert _json(client, "patch", url, {"version": version, "place": "长春"}).status_code == 200
    stale = _json(client, "patch", url, {"version": version, "place": "沈阳"})
    assert stale.status_code == 409 and stale.json()["current"]["place"] == "长春"
    bad = _json(client, "post", f"{API}/events", EVENT | {"end_date": "2026-08-01"})
    assert bad.status_code == 400


def test_signed_projects_matrix_and_funnel(people, personas, event):
    event, signed = event
    created = {}
    for name, user in people.items():
        payload = {
            "name": f"{name} 的签约项目",
            "investor": "某集团",
            "region_code": "210102",
            "signed_amount": "100000000",
        }
        created[name] = outcome(
            _json(client_for(user), "post", f"{API}/events/{event.pk}/signed", payload)
        )
    assert created == expect(
        403,
        secretariat=201,
        **dict.fromkeys(LIAONING, 201),
        **dict.fromkeys(UNIT_USERS - LIAONING, 400),
        **dict.fromkeys(LOGIN, 401),
    )
    client = bearer_client_for(personas.province_liaison)
    url = f"{API}/signed/{signed.pk}"
    version = client.get(url).json()["version"]
    response = _json(client, "patch", url, {"version": version, "investor": "另一集团"})
    assert response.status_code == 200, response.content
    assert _json(client, "patch", url, {"version": version, "investor": "x"}).status_code == 409
    advance = {"stage": "landed", "on_date": "2026-09-01"}
    response = _json(client, "post", f"{url}/advance", advance)
    assert response.status_code == 200, response.content
    signed.refresh_from_db()
    assert signed.stage == SignedProject.Stage.LANDED and signed.landed_on == datetime.date(
        2026, 9, 1
    )
    back = _json(client, "post", f"{url}/advance", {"stage": "performed", "on_date": "2026-09-02"})
    assert back.status_code == 400 and "不能倒退" in back.json()["detail"]
    outsider = bearer_client_for(personas.outsider)
    assert _json(outsider, "post", f"{url}/advance", advance).status_code == 404
    listed = client.get(f"{API}/events/{event.pk}/signed").json()
    assert signed.pk in [row["id"] for row in listed]
    assert [row["id"] for row in client.get(f"{API}/events").json()] == [event.pk]


def test_cancelling_an_upload_through_the_api(people, personas):
    """DELETE /projects/imports/{id} cancels an upload not yet started, as the page's button:
    the secretariat who sees it (unit people do not see its job: 404); a started import is
    refused with the service's wording."""
    from zhenxing.projects.models import ImportJob
    from zhenxing.projects.tests.conftest import row, upload, xlsx_bytes
    from zhenxing.testing import ANONYMOUS, INACTIVE, NO_ROLE, token_matrix

    page = client_for(personas.secretariat)
    workbook = xlsx_bytes([row(1, "2024-210102-36-03-000001")])
    page.post(reverse("projects:project_import_list"), {"file": upload(workbook)})
    pending = ImportJob.objects.get(status="uploaded")
    url = f"{API}/imports/{pending.pk}"
    assert token_matrix(people, "delete", url) == expect(
        403,
        secretariat=204,
        **dict.fromkeys(UNIT_USERS, 404),
        **{ANONYMOUS: 401, INACTIVE: 401, NO_ROLE: 403},
    )
    assert ImportJob.objects.filter(pk=pending.pk).exists()  # each matrix row was rolled back
    api = bearer_client_for(personas.secretariat)
    assert api.delete(url).status_code == 204
    assert not ImportJob.objects.filter(pk=pending.pk).exists()
    page.post(reverse("projects:project_import_list"), {"file": upload(workbook)})
    started = ImportJob.objects.get(status="uploaded")
    ImportJob.objects.filter(pk=started.pk).update(status=ImportJob.Status.RUNNING)
    refused = api.delete(f"{API}/imports/{started.pk}")
    assert (refused.status_code, refused.json()["detail"]) == (400, "只能取消尚未开始的导入。")
    assert ImportJob.objects.filter(pk=started.pk).exists()
