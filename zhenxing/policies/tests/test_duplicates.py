"""Issue #14 break 2: a document already held is recognised on import (by its 文号 written any
way, or by its text), a second plan from it cannot be published, and figures count its tasks once
even where old data holds it twice."""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.policies import services
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.policies.tests.conftest import SEED_003
from zhenxing.policies.tests.test_views import seed_docx, upload

pytestmark = pytest.mark.django_db
API = "/api/v1/policies"
CONFIRM = {"confirm": "yes"}
NOTICE = "关于测试的通知\n一、主要任务\n（一）加快转变政府职能。深化简政放权（国家发展改革委牵头，财政部按职责分工负责）。\n"
OTHER_TEXT = "关于另一事项的通知\n一、主要任务\n（一）推进国资国企改革（国务院国资委牵头）。\n"


@pytest.mark.parametrize(
    "written",
    [
        "国发〔2016〕62号",
        "国发[2016]62号",
        "国发（2016）62号",
        "国发［２０１６］第６２号",
        "国发 (2016) 62 号",
    ],
)
def test_the_same_document_number_written_another_way_is_refused(client, personas, written):
    client.force_login(personas.secretariat)
    first = client.post("/policies/", {"text": NOTICE, "document_number": "国发〔2016〕62号"})
    held = PolicyDocument.objects.get()
    assert first.status_code == 302
    again = client.post("/policies/", {"text": OTHER_TEXT, "document_number": written})
    assert again.status_code == 422
    page = again.content.decode()
    assert 'id="already-held"' in page
    assert f'href="/policies/documents/{held.pk}/"' in page
    assert PolicyDocument.objects.count() == 1


def test_the_same_text_from_another_file_type_is_refused(client, personas):
    """Seed 003 as .txt, then as .docx (other line breaks, no number given): the same text."""
    client.force_login(personas.secretariat)
    client.post("/policies/", {"file": upload("seed_003.txt", SEED_003.read_bytes())})
    held = PolicyDocument.objects.get()
    again = client.post("/policies/", {"file": upload("意见.docx", seed_docx()), "text": ""})
    assert again.status_code == 422
    assert "正文与已导入的文件相同" in again.content.decode()
    assert f'href="/policies/documents/{held.pk}/"' in again.content.decode()
    assert PolicyDocument.objects.count() == 1


def test_a_different_document_is_imported(client, personas):
    client.force_login(personas.secretariat)
    client.post("/policies/", {"text": NOTICE, "document_number": "国发〔2016〕62号"})
    client.post("/policies/", {"text": OTHER_TEXT, "document_number": "国发〔2016〕63号"})
    assert PolicyDocument.objects.count() == 2


def test_the_api_answers_409_with_the_held_document(client, personas):
    client.force_login(personas.secretariat)
    first = client.post(f"{API}/documents", {"text": NOTICE, "document_number": "国发〔2016〕62号"})
    assert first.status_code == 201
    again = client.post(f"{API}/documents", {"text": NOTICE + "\n\n"})
    assert again.status_code == 409
    assert again.json()["held_document_id"] == first.json()["id"]


def import_twice_as_before(monkeypatch, user, **source) -> list[PolicyDocument]:
    """The same document imported twice, as databases from before this check may hold it (the
    migration gives both copies their keys)."""
    with monkeypatch.context() as old_import, acting_as(user=user):
        old_import.setattr(services.selectors, "document_already_held", lambda **keys: None)
        return [services.policy_document_import(user=user, **source) for _ in range(2)]


def publish_as_before(plan: DivisionPlan) -> None:
    DivisionPlan.objects.filter(pk=plan.pk).update(status=DivisionPlan.Status.PUBLISHED)


def test_a_second_plan_from_a_document_held_twice_is_not_published(client, personas, monkeypatch):
    secretariat = personas.secretariat
    client.force_login(secretariat)
    copies = import_twice_as_before(monkeypatch, secretariat, text=NOTICE)
    with acting_as(user=secretariat):
        first, second = (
            services.division_plan_propose(document=copy, user=secretariat) for copy in copies
        )
        third = services.division_plan_propose(document=copies[0], user=secretariat)
        for task in Task.objects.filter(plan__in=[first, second, third], lead_unit=None):
            services.task_update(
                task=task, user=secretariat, expected_version=task.version,
                changes={"lead_unit": first.tasks.exclude(lead_unit=None).first().lead_unit},
            )  # fmt: skip
    client.post(f"/policies/plans/{first.pk}/publish", CONFIRM)
    for plan in (second, third):  # from the other copy; from the same document
        refused = client.post(f"/policies/plans/{plan.pk}/publish", CONFIRM, follow=True)
        assert "同一文件已有发布的分工方案" in refused.content.decode()
        plan.refresh_from_db()
        assert plan.status == DivisionPlan.Status.DRAFT
    first.refresh_from_db()
    assert first.status == DivisionPlan.Status.PUBLISHED


def test_figures_count_a_document_held_twice_once(client, personas, monkeypatch):
    """Old data: the document imported twice and a plan published from each copy. The overview
    and the quarterly report count its tasks once."""
    secretariat = personas.secretariat
    copies = import_twice_as_before(monkeypatch, secretariat, text=NOTICE)
    with acting_as(user=secretariat):
        plans = [services.division_plan_propose(document=copy, user=secretariat) for copy in copies]
    for plan in plans:
        publish_as_before(plan)
    assert Task.objects.filter(plan__in=plans).count() == 2
    client.force_login(secretariat)
    page = client.get("/rounds/overview/")
    assert sum(page.context["counts"].values()) == 1
    report = client.post("/reports/new/", {"kind": "progress", "period_label": "2026Q3"})
    assert report.status_code == 302
    content = client.get(report["Location"]).context["content"]
    assert content.figures["tasks_total"] == 1
    assert list(Task.objects.in_force()) == list(plans[0].tasks.all())
