"""Policy pages: the permission matrix of every page, then import, review, edit, publish,
revise, split and "my tasks" through the client, asserting the database."""

import datetime
import io
import re

import pytest
from django.test import Client

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Unit
from zhenxing.policies import services
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task, TaskRevision
from zhenxing.policies.tests.conftest import DATA, PERSONAS, SEED_003, UNIT_PEOPLE, fresh_draft

SHORT_TEXT = "关于测试的通知\n一、总体要求\n（一）加快转变政府职能。深化简政放权（国家发展改革委牵头，财政部按职责分工负责）。\n"


ADMINISTRATORS = ("system_admin", "security_admin", "audit_admin")


def everyone(status=200):
    """Every business role; the administrators keep to accounts, settings and the audit log."""
    return {name: 403 if name in ADMINISTRATORS else status for name in PERSONAS} | {
        "anonymous": 302
    }


def only(*allowed, status=302):
    return {name: status if name in allowed else 403 for name in PERSONAS} | {"anonymous": 302}


def excel_table(world, units):
    from zhenxing.policies.exchange import plan_to_xlsx

    upload = io.BytesIO(plan_to_xlsx(world.published))
    upload.name = "分工表.xlsx"
    return {"file": upload}


def edit_data(task, **changes):
    data = {
        "code": task.code,
        "title": task.title,
        "lead_unit": task.lead_unit.full_name if task.lead_unit else "",
        "participants": "、".join(u.full_name for u in task.participating_units.all()),
        "deadline": task.deadline_text,
        "result_form": task.result_form,
        "priority": task.priority,
        "expected_version": task.version,
        "reason": "",
        "approved_by": "",
    }
    return data | changes


def suggested_task(world):
    return next(
        t for t in world.draft.tasks.all() if t.suggestions and t.suggestions[0].get("unit_id")
    )


# (method, url, data) builders, called afresh for each persona, and the expected status codes.
ROUTES = {
    "document list": (lambda w, u: ("get", "/policies/", None), everyone()),
    "document detail": (
        lambda w, u: ("get", f"/policies/documents/{w.document.pk}/", None),
        everyone(),
    ),
    "document file": (
        lambda w, u: ("get", f"/policies/documents/{w.document.pk}/file", None),
        everyone(),
    ),
    "document import": (
        lambda w, u: ("post", "/policies/", {"text": SHORT_TEXT}),
        only("secretariat"),
    ),
    "plan propose": (
        lambda w, u: ("post", f"/policies/documents/{w.document.pk}/propose", {}),
        only("secretariat"),
    ),
    "plan list": (lambda w, u: ("get", "/policies/plans/", None), everyone()),
    "plan import": (
        lambda w, u: ("post", "/policies/plans/", excel_table(w, u)),
        only("secretariat"),
    ),
    "plan detail": (lambda w, u: ("get", f"/policies/plans/{w.draft.pk}/", None), everyone()),
    "plan export xlsx": (
        lambda w, u: ("get", f"/policies/plans/{w.published.pk}/export?format=xlsx", None),
        everyone(),
    ),
    "plan export docx": (
        lambda w, u: ("get", f"/policies/plans/{w.published.pk}/export?format=docx", None),
        everyone(),
    ),
    "plan publish": (
        lambda w, u: ("post", f"/policies/plans/{fresh_draft(w, u).pk}/publish", {}),
        only("secretariat"),
    ),
    "task create": (
        lambda w, u: ("post", f"/policies/plans/{w.draft.pk}/tasks/new", {"title": "新任务"}),
        only("secretariat"),
    ),
    "task detail": (
        lambda w, u: ("get", f"/policies/tasks/{w.province_task.pk}/", None),
        everyone(),
    ),
    "task row": (
        lambda w, u: ("get", f"/policies/tasks/{w.national_task.pk}/row", None),
        everyone(),
    ),
    "task edit (national task)": (
        lambda w, u: ("get", f"/policies/tasks/{w.province_task.pk}/edit", None),
        only("secretariat", status=200),
    ),
    "task edit (sub-task)": (
        lambda w, u: ("get", f"/policies/tasks/{w.subtask.pk}/edit", None),
        only("secretariat", "province_liaison", "province_leader", status=200),
    ),
    "task save": (
        lambda w, u: (
            "post",
            f"/policies/tasks/{w.national_task.pk}/edit",
            edit_data(
                Task.objects.get(pk=w.national_task.pk), title="改后的任务", reason="文字调整"
            ),
        ),
        only("secretariat"),
    ),
    "task accept": (
        lambda w, u: (
            "post",
            f"/policies/tasks/{suggested_task(w).pk}/accept",
            {
                "unit_id": suggested_task(w).suggestions[0]["unit_id"],
                "expected_version": suggested_task(w).version,
            },
        ),
        only("secretariat"),
    ),
    "task delete": (
        lambda w, u: ("post", f"/policies/tasks/{fresh_draft(w, u).tasks.get().pk}/delete", {}),
        only("secretariat"),
    ),
    "task split": (
        lambda w, u: (
            "post",
            f"/policies/tasks/{w.province_task.pk}/split",
            {
                "part-TOTAL_FORMS": "1",
                "part-INITIAL_FORMS": "0",
                "part-0-title": "沈阳试点",
                "part-0-lead_unit": str(u["liaoning-drc"].pk),
            },
        ),
        only("secretariat", "province_liaison", "province_leader"),
    ),
    "my tasks": (
        lambda w, u: ("get", "/policies/tasks/mine/", None),
        only(*UNIT_PEOPLE, status=200),
    ),
}


@pytest.mark.parametrize("route", ROUTES)
def test_permission_matrix(route, world, personas, units):
    build, expected = ROUTES[route]
    people = personas.all() | {"anonymous": None}
    actual = {}
    for name in expected:
        client = Client()
        if people[name] is not None:
            client.force_login(people[name])
        method, url, data = build(world, units)
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        actual[name] = response.status_code
        if name == "anonymous":
            assert "/accounts/login/" in response["Location"], url
    assert actual == expected


def test_nav_entry_and_tabs(client, personas, world):
    client.force_login(personas.province_liaison)
    page = client.get("/policies/").content.decode()
    assert 'href="/policies/"' in page and "政策与任务" in page
    assert 'href="/policies/tasks/mine/"' in page
    client.force_login(personas.reader)
    assert 'href="/policies/tasks/mine/"' not in client.get("/policies/").content.decode()


# Import ---------------------------------------------------------------------------------------


def seed_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in SEED_003.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_big5() -> bytes:
    """Seed 003 as a traditional-script gateway serves it: converted and saved in Big5 (bytes
    that GB18030 also reads, as nonsense)."""
    import opencc

    traditional = opencc.OpenCC("s2t").convert(SEED_003.read_text("utf-8"))
    return traditional.encode("cp950", errors="replace")


def seed_page() -> bytes:
    """Seed 003 as a government site's page saved from the browser: GB2312 declared, the whole
    body in an ASP.NET form, a menu, a script, the text in paragraphs inside a layout table."""
    paragraphs = "".join(
        f"<p style='text-indent:2em'>{line}</p>\n"
        for line in SEED_003.read_text("utf-8").splitlines()
    )
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>关于印发的通知_政策文件_门户网站</title><style>p{margin:0}</style></head>"
        '<body><form id="form1" method="post"><nav><a href="/">首页</a> &gt; 政策文件</nav>'
        "<script>var pv = 1; document.write('统计');</script>"
        f"<table><tr><td>{paragraphs}</td></tr></table>"
        "<footer>主办：某某人民政府办公厅</footer></form></body></html>"
    )
    return page.encode("gb18030")


def upload(name: str, content: bytes):
    file = io.BytesIO(content)
    file.name = name
    return file


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SEED_TITLE = "中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见"


@pytest.mark.parametrize(
    ("name", "content", "articles", "title"),
    [
        ("seed_003.txt", SEED_003.read_bytes(), 26, SEED_TITLE),
        ("seed_003_gb18030.txt", SEED_003.read_text("utf-8").encode("gb18030"), 26, SEED_TITLE),
        # The title as the document writes it; its units and tasks are read in simplified form.
        (
            "seed_003_big5.txt",
            seed_big5(),
            26,
            "中共中央 國務院關於全面振興東北地區等老工業基地的若干意見",
        ),
        ("seed_003.html", seed_page(), 26, SEED_TITLE),
        ("seed_003.docx", None, 26, SEED_TITLE),
        ("seed_003_part.pdf", (DATA / "seed_003_part.pdf").read_bytes(), 6, SEED_TITLE),
    ],
)
def test_secretariat_imports_seed_003_from_each_file_type(
    client, personas, name, content, articles, title
):
    content = content if content is not None else seed_docx()
    client.force_login(personas.secretariat)
    response = client.post("/policies/", {"file": upload(name, content), "text": ""})
    document = PolicyDocument.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/policies/documents/{document.pk}/"
    )
    assert document.title == title
    assert document.original_filename == name
    assert document.imported_by == personas.secretariat
    assert document.nodes.filter(kind="article").count() == articles
    page = client.get(response["Location"]).content.decode()
    assert f'<span id="article-count">{articles}</span>' in page
    download = client.get(f"/policies/documents/{document.pk}/file")
    assert b"".join(download.streaming_content) == content
    assert "attachment" in download["Content-Disposition"]
    # The original is reachable only through the checked view, never straight from MEDIA.
    assert client.get("/media/" + document.original_file.name).status_code == 404
    assert ChangeRecord.objects.filter(
        user=personas.secretariat, object_id=str(document.pk), content_type__model="policydocument"
    ).exists()


def test_pasted_text_with_metadata_overrides(client, personas, units):
    client.force_login(personas.secretariat)
    response = client.post(
        "/policies/",
        {
            "text": SEED_003.read_text("utf-8"),
            "title": "改写的标题",
            "document_number": "中发〔2016〕7号",
            "issuer_unit": units["ndrc"].pk,
            "issued_on": "2016-04-26",
        },
    )
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert (document.title, document.document_number, document.issued_on) == (
        "改写的标题",
        "中发〔2016〕7号",
        datetime.date(2016, 4, 26),
    )
    assert document.issuer_unit == units["ndrc"] and document.source_format == "pasted"
    assert not document.original_file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.doc", b"old word", "另存为” .docx 后再上传"),
        ("policy.wps", b"kingsoft", "另存为” .docx 后再上传"),
        ("page.asp", b"<html>", "不支持的文件类型"),
        ("empty.txt", b"", "上传的文件是空的"),
        ("scan.pdf", None, "可能是扫描件"),
        ("broken.docx", b"not a zip", "Word 文件已损坏"),
        ("blank.txt", b"   \n  ", "内容为空"),
    ],
)
def test_import_errors_are_clear_and_write_nothing(client, personas, name, content, message):
    content = blank_pdf() if content is None else content
    client.force_login(personas.secretariat)
    response = client.post("/policies/", {"file": upload(name, content)})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PolicyDocument.objects.exists()


def test_oversized_upload_is_refused(client, personas, monkeypatch):
    monkeypatch.setattr("zhenxing.policies.forms.MAX_FILE_BYTES", 1000)
    client.force_login(personas.secretariat)
    response = client.post("/policies/", {"file": upload("big.txt", "字".encode() * 1000)})
    assert response.status_code == 422 and "文件过大" in response.content.decode()


def test_nothing_to_import(client, personas):
    client.force_login(personas.secretariat)
    response = client.post("/policies/", {"text": "  "})
    assert response.status_code == 422 and "请粘贴文件正文" in response.content.decode()


# Review and propose ---------------------------------------------------------------------------


def test_document_page_shows_tree_suggestions_and_original(client, personas, world):
    client.force_login(personas.reader)
    page = client.get(f"/policies/documents/{world.document.pk}/").content.decode()
    assert '<span id="part-count">6</span>' in page and '<span id="article-count">26</span>' in page
    assert "不断提升基础设施水平" in page and "强化组织协调" in page
    article_26 = world.document.nodes.get(path="六/(二十六)")
    assert article_26.suggestions[0]["reason"] in page
    assert 'class="original"' in page and "老工业基地全面振兴" in page
    assert "生成分工方案" not in page  # readers do not propose


def test_propose_from_document_page(client, personas, world):
    client.force_login(personas.secretariat)
    response = client.post(f"/policies/documents/{world.document.pk}/propose")
    plan = DivisionPlan.objects.latest("created_at")
    assert response["Location"] == f"/policies/plans/{plan.pk}/"
    assert plan.document == world.document and plan.status == DivisionPlan.Status.DRAFT
    assert plan.tasks.count() == world.draft.tasks.count() > 0
    assert ChangeRecord.objects.filter(
        user=personas.secretariat, content_type__model="divisionplan", object_id=str(plan.pk)
    ).exists()


def test_plan_page_shows_tasks_unresolved_names_and_missing_leads(client, personas, world):
    task = world.draft.tasks.first()
    with acting_as(user=personas.secretariat):
        services.task_update(
            task=task,
            user=personas.secretariat,
            expected_version=task.version,
            changes={"lead_unit": None, "unresolved_units": ["某某协会"]},
        )
    client.force_login(personas.secretariat)
    page = client.get(f"/policies/plans/{world.draft.pk}/").content.decode()
    assert '<span class="unresolved"' in page and "某某协会" in page
    assert 'id="missing-lead"' in page and f'href="#task-{task.pk}"' in page
    assert "采用" in page and "职责匹配" in page  # suggestions with their reasons


def test_plan_page_query_count_does_not_grow_with_tasks(
    client, personas, world, units, django_assert_max_num_queries
):
    client.force_login(personas.secretariat)
    url = f"/policies/plans/{world.draft.pk}/"
    client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)
    with acting_as(user=personas.secretariat):
        for number in range(10):
            services.task_create(
                plan=world.draft,
                user=personas.secretariat,
                title=f"追加{number}",
                lead_unit=units["mof"],
            )
    with django_assert_max_num_queries(14):
        client.get(url)


# Edit, conflict, accept, add, delete ---------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}
CONFIRM = {"confirm": "yes"}


def test_row_editor_saves_and_returns_the_row(client, personas, world, units):
    task = world.draft.tasks.get(code="15")
    client.force_login(personas.secretariat)
    editor = client.get(f"/policies/tasks/{task.pk}/edit", **HTMX)
    assert editor.status_code == 200 and 'class="task-editor' in editor.content.decode()
    data = edit_data(
        task,
        lead_unit="交通运输部",
        participants="国家铁路局、民航局、某某集团",
        deadline="2027-06-30",
    )
    response = client.post(f"/policies/tasks/{task.pk}/edit", data, **HTMX)
    assert response.status_code == 200 and 'class="task-row' in response.content.decode()
    task.refresh_from_db()
    assert task.lead_unit == units["mot"] and task.version == 2
    assert set(task.participating_units.all()) == {units["nra"], units["caac"]}
    assert task.unresolved_units == ["某某集团"]
    assert (task.deadline_text, task.due_date) == ("2027年6月30日前", datetime.date(2027, 6, 30))
    assert not task.revisions.exists()  # drafts keep no revisions
    assert ChangeRecord.objects.filter(
        user=personas.secretariat,
        content_type__model="task",
        object_id=str(task.pk),
        action="update",
    ).exists()


def test_unknown_lead_unit_keeps_the_input(client, personas, world):
    task = world.draft.tasks.first()
    client.force_login(personas.secretariat)
    response = client.post(
        f"/policies/tasks/{task.pk}/edit", edit_data(task, lead_unit="不存在的部"), **HTMX
    )
    assert response.status_code == 422
    assert "未找到单位“不存在的部”" in response.content.decode()
    assert 'value="不存在的部"' in response.content.decode()


def test_stale_edit_is_a_conflict_that_keeps_the_users_input(client, personas, world, units):
    task = world.draft.tasks.get(code="15")
    stale = edit_data(task, title="我的标题")
    with acting_as(user=personas.secretariat):
        services.task_update(
            task=task,
            user=personas.secretariat,
            expected_version=task.version,
            changes={"lead_unit": units["nea"]},
        )
    client.force_login(personas.secretariat)
    response = client.post(f"/policies/tasks/{task.pk}/edit", stale, **HTMX)
    page = response.content.decode()
    assert response.status_code == 409
    assert "该任务已被他人修改" in page and 'value="我的标题"' in page
    assert 'name="expected_version" value="2"' in page  # saving again overwrites deliberately
    task.refresh_from_db()
    assert task.title != "我的标题" and task.lead_unit == units["nea"]
    again = client.post(f"/policies/tasks/{task.pk}/edit", stale | {"expected_version": 2}, **HTMX)
    assert again.status_code == 200
    task.refresh_from_db()
    assert task.title == "我的标题"


def test_accept_a_suggestion_with_one_click(client, personas, world):
    task = world.draft.tasks.get(code="10")
    suggestion = next(s for s in task.suggestions if s.get("unit_id") != task.lead_unit_id)
    client.force_login(personas.secretariat)
    response = client.post(
        f"/policies/tasks/{task.pk}/accept",
        {"unit_id": suggestion["unit_id"], "expected_version": task.version},
        **HTMX,
    )
    assert response.status_code == 200 and "已采用" in response.content.decode()
    task.refresh_from_db()
    assert task.lead_unit_id == suggestion["unit_id"]


def test_add_and_delete_tasks_in_a_draft_only(client, personas, world):
    client.force_login(personas.secretariat)
    client.post(
        f"/policies/plans/{world.draft.pk}/tasks/new",
        {"title": "新增的任务", "lead_unit": "财政部", "deadline": "2026年底前"},
    )
    task = world.draft.tasks.get(title="新增的任务")
    assert task.lead_unit.code == "mof" and task.due_date == datetime.date(2026, 12, 31)
    response = client.post(f"/policies/tasks/{task.pk}/delete", **HTMX)
    assert response.status_code == 200 and not Task.objects.filter(pk=task.pk).exists()
    assert ChangeRecord.objects.filter(
        user=personas.secretariat, action="delete", object_id=str(task.pk)
    ).exists()
    published_task = world.national_task
    assert client.post(f"/policies/tasks/{published_task.pk}/delete").status_code == 403
    assert (
        client.post(f"/policies/plans/{world.published.pk}/tasks/new", {"title": "x"}).status_code
        == 403
    )


# Publish and revisions ------------------------------------------------------------------------


def test_publish_lists_tasks_without_a_lead_then_publishes(client, personas, world, units):
    with acting_as(user=personas.secretariat):
        for task in world.draft.tasks.filter(code__in=["10", "21"]):
            services.task_update(
                task=task, user=None, expected_version=task.version, changes={"lead_unit": None}
            )
    client.force_login(personas.secretariat)
    missing = list(world.draft.tasks.filter(lead_unit__isnull=True).values_list("code", flat=True))
    assert missing == ["10", "21"]
    response = client.post(f"/policies/plans/{world.draft.pk}/publish", CONFIRM, follow=True)
    assert "以下任务尚未确定牵头单位：" + "、".join(missing) in response.content.decode()
    world.draft.refresh_from_db()
    assert world.draft.status == DivisionPlan.Status.DRAFT
    for task in world.draft.tasks.filter(lead_unit__isnull=True):
        client.post(
            f"/policies/tasks/{task.pk}/edit", edit_data(task, lead_unit="国家发展改革委"), **HTMX
        )
    client.post(f"/policies/plans/{world.draft.pk}/publish", CONFIRM)
    world.draft.refresh_from_db()
    assert world.draft.status == DivisionPlan.Status.PUBLISHED
    assert world.draft.published_by == personas.secretariat
    assert ChangeRecord.objects.filter(
        user=personas.secretariat,
        content_type__model="divisionplan",
        object_id=str(world.draft.pk),
        action="update",
    ).exists()


def test_after_publication_edits_need_a_reason_and_deadline_changes_an_approver(
    client, personas, world
):
    task = world.national_task
    client.force_login(personas.secretariat)
    url = f"/policies/tasks/{task.pk}/edit"
    no_reason = client.post(url, edit_data(task, title="新标题"), **HTMX)
    assert no_reason.status_code == 422 and "修改原因" in no_reason.content.decode()
    no_approver = client.post(
        url, edit_data(task, deadline="2027年6月底前", reason="工程延后"), **HTMX
    )
    assert no_approver.status_code == 422 and "批准人" in no_approver.content.decode()
    assert not task.revisions.exists()
    saved = client.post(
        url,
        edit_data(task, deadline="2027年6月底前", reason="工程延后", approved_by="张主任"),
        **HTMX,
    )
    assert saved.status_code == 200
    revision = TaskRevision.objects.get(task=task)
    assert (revision.previous_due_date, revision.new_due_date) == (
        datetime.date(2026, 12, 31),
        datetime.date(2027, 6, 30),
    )
    assert (revision.reason, revision.approved_by, revision.changed_by) == (
        "工程延后",
        "张主任",
        personas.secretariat,
    )
    task.refresh_from_db()
    assert task.original_due_date == datetime.date(2026, 12, 31)
    page = client.get(f"/policies/tasks/{task.pk}/").content.decode()
    assert 'id="revision-table"' in page
    for text in ("2026-12-31", "2027-06-30", "工程延后", "张主任", "2027年6月底前"):
        assert text in page
    assert 'id="original-due-date">2026-12-31' in page


# Split and my tasks ---------------------------------------------------------------------------


def test_province_splits_its_task_among_departments_and_cities(client, personas, world, units):
    client.force_login(personas.province_liaison)
    page = client.get(f"/policies/tasks/{world.province_task.pk}/").content.decode()
    options = re.findall(r'<option value="(\d+)"', page)
    departments = Unit.objects.filter(parent=units["liaoning-government"]).values_list(
        "pk", flat=True
    )
    allowed = {*departments, units["dalian-government"].pk}
    assert units["liaoning-drc"].pk in allowed and units["liaoning-finance"].pk in allowed
    assert {int(pk) for pk in options} == allowed  # its own departments and cities, nobody else's
    response = client.post(
        f"/policies/tasks/{world.province_task.pk}/split",
        {
            "part-TOTAL_FORMS": "3",
            "part-INITIAL_FORMS": "0",
            "part-0-title": "大连先行先试",
            "part-0-lead_unit": str(units["dalian-government"].pk),
            "part-0-deadline": "2026年6月底前",
            "part-1-title": "",
            "part-2-title": "",
        },
    )
    assert response.status_code == 302
    sub = world.province_task.subtasks.get(title="大连先行先试")
    assert sub.lead_unit == units["dalian-government"] and sub.due_date == datetime.date(
        2026, 6, 30
    )
    assert sub.code == "2-2"
    assert ChangeRecord.objects.filter(
        user=personas.province_liaison, object_id=str(sub.pk), action="create"
    ).exists()
    refused = client.post(
        f"/policies/tasks/{world.province_task.pk}/split",
        {
            "part-TOTAL_FORMS": "1",
            "part-INITIAL_FORMS": "0",
            "part-0-title": "越界",
            "part-0-lead_unit": str(units["jilin-drc"].pk),
        },
    )
    assert refused.status_code == 422 and not Task.objects.filter(title="越界").exists()
    detail = client.get(f"/policies/tasks/{world.province_task.pk}/").content.decode()
    assert "大连先行先试" in detail and "2026-06-30" in detail


def test_province_edits_its_subtask_but_not_the_national_task(client, personas, world, units):
    client.force_login(personas.province_leader)
    sub = world.subtask
    response = client.post(
        f"/policies/tasks/{sub.pk}/edit",
        edit_data(sub, lead_unit="大连市人民政府", reason="改由大连负责"),
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.lead_unit == units["dalian-government"]
    assert sub.revisions.get().changed_by == personas.province_leader
    assert (
        client.post(
            f"/policies/tasks/{world.province_task.pk}/edit",
            edit_data(world.province_task, reason="x"),
        ).status_code
        == 403
    )


def test_my_tasks_lists_published_tasks_of_the_unit(client, personas, world):
    client.force_login(personas.province_liaison)
    page = client.get("/policies/tasks/mine/")
    titles = [task.title for task in page.context["page"]]
    assert set(titles) == {"推进国资国企改革", "省属企业改革"}  # draft plans are not assignments
    client.force_login(personas.participant_liaison)
    page = client.get("/policies/tasks/mine/?role=participant")
    assert {task.title for task in page.context["page"]} == {"深化简政放权", "推进国资国企改革"}
    assert not client.get("/policies/tasks/mine/?role=lead").context["page"].object_list
    client.force_login(personas.outsider)
    assert not client.get("/policies/tasks/mine/").context["page"].object_list
    client.force_login(personas.lead_liaison)
    page = client.get("/policies/tasks/mine/?q=简政").content.decode()
    assert "深化简政放权" in page and "推进国资国企改革" not in page


def test_my_tasks_due_filters(client, personas, world):
    client.force_login(personas.province_liaison)
    soon = client.get("/policies/tasks/mine/?due=overdue").context["page"]
    today = datetime.date.today()
    assert all(task.due_date < today for task in soon)
    standing = client.get("/policies/tasks/mine/?due=standing").context["page"]
    assert all(task.due_date is None for task in standing)


def test_publish_needs_the_ticked_confirmation(client, personas, world):
    """Issue #14 break 7: publishing is irreversible, so one click without the tick does nothing."""
    client.force_login(personas.secretariat)
    page = client.get(f"/policies/plans/{world.draft.pk}/").content.decode()
    assert 'id="publish-form"' in page and 'name="confirm"' in page
    refused = client.post(f"/policies/plans/{world.draft.pk}/publish", follow=True)
    assert "请先勾选确认" in refused.content.decode()
    world.draft.refresh_from_db()
    assert world.draft.status == DivisionPlan.Status.DRAFT
