"""The policies API: permission matrix of every route, then import, propose, patch with
conflicts, publish, export, split and my tasks, with audit records naming the caller."""

import datetime
import io
import json

import docx
import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.services import api_token_create
from zhenxing.policies.exchange import plan_to_xlsx
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task, TaskRevision
from zhenxing.policies.tests.conftest import PERSONAS, SEED_003, UNIT_PEOPLE, fresh_draft

API = "/api/v1/policies"


ADMINISTRATORS = ("system_admin", "security_admin", "audit_admin")


def everyone(status=200):
    """Every business role; the administrators keep to accounts, settings and the audit log."""
    return {name: 403 if name in ADMINISTRATORS else status for name in PERSONAS} | {
        "anonymous": 401
    }


def only(*allowed, status=200):
    return {name: status if name in allowed else 403 for name in PERSONAS} | {"anonymous": 401}


OTHER_DOCUMENT = (
    "关于测试的通知\n一、主要任务\n（一）深化简政放权（国家发展改革委牵头）。\n".encode()
)


def text_file(content: bytes = b"", name: str = "policy.txt"):
    upload = io.BytesIO(content or SEED_003.read_bytes())
    upload.name = name
    return upload


def excel_file(world):
    upload = io.BytesIO(plan_to_xlsx(world.published))
    upload.name = "table.xlsx"
    return upload


def patch_body(task, **changes):
    return json.dumps({"expected_version": Task.objects.get(pk=task.pk).version} | changes)


ROUTES = {
    "list documents": (lambda w, u: ("get", f"{API}/documents", None), everyone()),
    "document detail": (lambda w, u: ("get", f"{API}/documents/{w.document.pk}", None), everyone()),
    "document file": (
        lambda w, u: ("get", f"{API}/documents/{w.document.pk}/file", None),
        everyone(),
    ),
    "import document": (
        # Another document than the world's seed 003, which is already held (issue #14).
        lambda w, u: ("post", f"{API}/documents", {"file": text_file(OTHER_DOCUMENT)}),
        only("secretariat", status=201),
    ),
    "propose plan": (
        lambda w, u: ("post", f"{API}/documents/{w.document.pk}/plans", {}),
        only("secretariat", status=201),
    ),
    "list plans": (lambda w, u: ("get", f"{API}/plans", None), everyone()),
    "import plan": (
        lambda w, u: ("post", f"{API}/plans/import", {"file": excel_file(w)}),
        only("secretariat", status=201),
    ),
    "plan detail": (lambda w, u: ("get", f"{API}/plans/{w.draft.pk}", None), everyone()),
    "publish plan": (
        lambda w, u: ("post", f"{API}/plans/{fresh_draft(w, u).pk}/publish", {}),
        only("secretariat"),
    ),
    "export xlsx": (
        lambda w, u: ("get", f"{API}/plans/{w.published.pk}/export?format=xlsx", None),
        everyone(),
    ),
    "export docx": (
        lambda w, u: ("get", f"{API}/plans/{w.published.pk}/export?format=docx", None),
        everyone(),
    ),
    "list tasks": (lambda w, u: ("get", f"{API}/tasks?plan={w.published.pk}", None), everyone()),
    "my tasks": (lambda w, u: ("get", f"{API}/tasks/mine", None), only(*UNIT_PEOPLE)),
    "task detail": (lambda w, u: ("get", f"{API}/tasks/{w.province_task.pk}", None), everyone()),
    "patch national task": (
        lambda w, u: (
            "patch",
            f"{API}/tasks/{w.national_task.pk}",
            patch_body(w.national_task, title="新", reason="调整"),
        ),
        only("secretariat"),
    ),
    "patch sub-task": (
        lambda w, u: (
            "patch",
            f"{API}/tasks/{w.subtask.pk}",
            patch_body(w.subtask, title="新", reason="调整"),
        ),
        only("secretariat", "province_liaison", "province_leader"),
    ),
    "split task": (
        lambda w, u: (
            "post_json",
            f"{API}/tasks/{w.province_task.pk}/split",
            json.dumps({"parts": [{"title": "试点", "lead_unit_id": u["liaoning-drc"].pk}]}),
        ),
        only("secretariat", "province_liaison", "province_leader", status=201),
    ),
}


def call(client, method, url, data):
    if method == "get":
        return client.get(url)
    if method == "patch":
        return client.patch(url, data, content_type="application/json")
    if method == "post_json":
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("route", ROUTES)
def test_api_permission_matrix(route, world, personas, units):
    build, expected = ROUTES[route]
    people = personas.all() | {"anonymous": None}
    actual = {}
    for name in expected:
        client = Client()
        if people[name] is not None:
            client.force_login(people[name])
        method, url, data = build(world, units)
        actual[name] = call(client, method, url, data).status_code
    assert actual == expected


def test_bearer_token_works_and_session_writes_need_csrf(world, personas):
    _token, raw = api_token_create(user=personas.secretariat, name="脚本")
    client = Client()
    response = client.post(
        f"{API}/documents/{world.document.pk}/plans", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 201
    assert ChangeRecord.objects.filter(
        user=personas.secretariat,
        content_type__model="divisionplan",
        object_id=str(response.json()["id"]),
    ).exists()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.secretariat)
    assert strict.post(f"{API}/documents/{world.document.pk}/plans").status_code == 403
    assert strict.get(f"{API}/plans").status_code == 200


def test_import_propose_patch_publish_export_through_the_api(client, personas, units):
    client.force_login(personas.secretariat)
    imported = client.post(f"{API}/documents", {"file": text_file(name="seed_003.txt")})
    assert imported.status_code == 201
    document = imported.json()
    assert document["title"] == "中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见"
    assert sum(node["kind"] == "article" for node in document["nodes"]) == 26
    article_26 = next(node for node in document["nodes"] if node["path"] == "六/(二十六)")
    assert article_26["heading"] == "强化组织协调" and article_26["suggestions"][0]["reason"]
    assert PolicyDocument.objects.get().imported_by == personas.secretariat

    pasted = client.post(
        f"{API}/documents",
        {"text": SEED_003.read_text("utf-8"), "document_number": "中发〔2016〕7号"},
    )
    # The same document pasted is already held (issue #14): refused, naming the held one.
    assert pasted.status_code == 409 and pasted.json()["held_document_id"] == document["id"]
    assert (
        client.post(f"{API}/documents", {"file": text_file(b"x", "a.doc")})
        .json()["detail"]
        .startswith("不支持的文件类型")
    )

    plan = client.post(f"{API}/documents/{document['id']}/plans").json()
    assert plan["status"] == "draft" and plan["tasks"]
    task = next(t for t in plan["tasks"] if t["code"] == "15")
    assert task["suggestions"] and task["suggestions"][0]["reason"]

    url = f"{API}/tasks/{task['id']}"
    ok = client.patch(
        url,
        json.dumps(
            {
                "expected_version": task["version"],
                "lead_unit_id": units["mot"].pk,
                "participating_unit_ids": [units["nra"].pk],
                "deadline_text": "2027年底前",
            }
        ),
        content_type="application/json",
    )
    assert ok.status_code == 200
    body = ok.json()
    assert (
        body["lead_unit_id"],
        body["participating_unit_ids"],
        body["due_date"],
        body["version"],
    ) == (units["mot"].pk, [units["nra"].pk], "2027-12-31", task["version"] + 1)
    stale = client.patch(
        url,
        json.dumps({"expected_version": task["version"], "title": "旧版本上的修改"}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert (
        "已被他人修改" in stale.json()["detail"]
        and stale.json()["current"]["version"] == task["version"] + 1
    )

    other = next(t for t in plan["tasks"] if t["code"] == "10")
    cleared = client.patch(
        f"{API}/tasks/{other['id']}",
        json.dumps({"expected_version": other["version"], "lead_unit_id": None}),
        content_type="application/json",
    )
    assert cleared.status_code == 200 and cleared.json()["lead_unit_id"] is None
    refused = client.post(f"{API}/plans/{plan['id']}/publish")
    assert refused.status_code == 400 and "尚未确定牵头单位" in refused.json()["detail"]
    assert refused.json()["errors"] == [{"code": "10"}]
    for missing in refused.json()["errors"]:
        task_missing = Task.objects.get(plan_id=plan["id"], code=missing["code"])
        client.patch(
            f"{API}/tasks/{task_missing.pk}",
            json.dumps(
                {"expected_version": task_missing.version, "lead_unit_id": units["ndrc"].pk}
            ),
            content_type="application/json",
        )
    published = client.post(f"{API}/plans/{plan['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"

    no_reason = client.patch(
        url,
        json.dumps({"expected_version": body["version"], "title": "改"}),
        content_type="application/json",
    )
    assert no_reason.status_code == 400 and "修改原因" in no_reason.json()["detail"]
    revised = client.patch(
        url,
        json.dumps(
            {
                "expected_version": body["version"],
                "due_date": "2028-06-30",
                "reason": "资金延后",
                "approved_by": "李司长",
            }
        ),
        content_type="application/json",
    )
    assert revised.status_code == 200
    revision = TaskRevision.objects.get(task_id=task["id"])
    assert (revision.previous_due_date, revision.new_due_date, revision.approved_by) == (
        datetime.date(2027, 12, 31),
        datetime.date(2028, 6, 30),
        "李司长",
    )
    detail = client.get(url).json()
    assert (
        detail["revisions"][0]["reason"] == "资金延后"
        and detail["revisions"][0]["changed_by"] == "secretariat"
    )

    xlsx = client.get(f"{API}/plans/{plan['id']}/export?format=xlsx")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0).to_python()
    )
    assert rows[2][:5] == ["序号", "重点任务", "牵头单位", "参加单位", "完成时限"]
    word = client.get(f"{API}/plans/{plan['id']}/export?format=docx")
    assert docx.Document(io.BytesIO(word.content)).tables[0].rows[0].cells[1].text == "重点任务"


def test_import_plan_reports_rows(client, personas):
    from zhenxing.policies.tests.test_exchange import spreadsheet

    client.force_login(personas.secretariat)
    content = spreadsheet(
        [["序号", "重点任务", "牵头单位"], [1, "", "财政部"], [2, "好任务", "财政部"]]
    )
    upload = io.BytesIO(content)
    upload.name = "bad.xlsx"
    response = client.post(f"{API}/plans/import", {"file": upload})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 2, "reason": "缺少重点任务"}]
    assert not DivisionPlan.objects.exists()


def test_split_and_my_tasks(client, personas, world, units):
    client.force_login(personas.province_liaison)
    refused = client.post(
        f"{API}/tasks/{world.province_task.pk}/split",
        json.dumps({"parts": [{"title": "越界", "lead_unit_id": units["jilin-drc"].pk}]}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    split = client.post(
        f"{API}/tasks/{world.province_task.pk}/split",
        json.dumps(
            {
                "parts": [
                    {
                        "title": "大连试点",
                        "lead_unit_id": units["dalian-government"].pk,
                        "deadline": "2026-09-30",
                    }
                ]
            }
        ),
        content_type="application/json",
    )
    assert split.status_code == 201 and split.json()[0]["due_date"] == "2026-09-30"
    mine = client.get(f"{API}/tasks/mine").json()
    # A department's task counts as the province's; a city's sub-task shows under its parent task.
    assert {task["title"] for task in mine} == {"推进国资国企改革", "省属企业改革"}
    assert client.get(f"{API}/tasks?unit={units['mof'].pk}").json()
