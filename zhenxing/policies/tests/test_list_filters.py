"""Issue #14: search and filters on the documents, plans and tasks lists (text, status, unit,
deadline range), through the pages, with pagination keeping them."""

import re
from urllib.parse import urlencode

import pytest

from zhenxing.policies.models import DivisionPlan

pytestmark = pytest.mark.django_db


def rows(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


def test_document_list_search_and_kind(client, personas, world):
    client.force_login(personas.secretariat)
    found = client.get("/policies/?" + urlencode({"q": "老工业基地"})).content.decode()
    assert world.document.title in rows(found, "document-table")
    none = client.get("/policies/?" + urlencode({"q": "没有这样的文件"})).content.decode()
    assert world.document.title not in rows(none, "document-table")
    other_kind = "notice" if world.document.kind != "notice" else "plan"
    by_kind = client.get(f"/policies/?status={other_kind}").content.decode()
    assert world.document.title not in rows(by_kind, "document-table")
    by_own_kind = client.get(f"/policies/?status={world.document.kind}").content.decode()
    assert world.document.title in rows(by_own_kind, "document-table")


def test_plan_list_status_unit_and_deadline(client, personas, units, world):
    client.force_login(personas.secretariat)

    def listed(**query) -> set[str]:
        html = client.get("/policies/plans/?" + urlencode(query)).content.decode()
        return set(re.findall(r'href="/policies/plans/(\d+)/"', rows(html, "plan-table")))

    draft, published = str(world.draft.pk), str(world.published.pk)
    assert {draft, published} <= listed()
    assert listed(status="published") == {published}
    assert listed(q="测试分工") == {published}
    jilin = units["jilin-government"]
    assert published not in listed(unit=jilin.pk)
    assert published in listed(unit=units["liaoning-government"].pk)
    assert published in listed(due_from="2026-12-01", due_to="2026-12-31")
    assert published not in listed(due_from="2027-01-01")


def test_plan_tasks_filtered_by_text_unit_and_deadline(client, personas, units, world):
    client.force_login(personas.secretariat)
    url = f"/policies/plans/{world.published.pk}/?"

    def codes(**query) -> list[str]:
        html = client.get(url + urlencode(query)).content.decode()
        return re.findall(r'id="task-(\d+)"', rows(html, "task-table"))

    national, province = str(world.national_task.pk), str(world.province_task.pk)
    assert codes() == [national, province]
    assert codes(q="国资") == [province]
    assert codes(unit=units["ndrc"].pk) == [national]
    assert codes(unit=units["mof"].pk) == [national, province]  # MOF takes part in both
    assert codes(due_to="2026-06-30") == []
    page = client.get(url + urlencode({"q": "国资"})).content.decode()
    assert "符合条件的任务 1 项（共 2 项）" in page


def test_pagination_keeps_the_filters(client, personas, world):
    DivisionPlan.objects.bulk_create(DivisionPlan(title=f"批量方案{n}") for n in range(35))
    client.force_login(personas.secretariat)
    first = client.get("/policies/plans/?" + urlencode({"q": "批量", "status": "draft"}))
    html = first.content.decode()
    assert first.context["page"].paginator.count == 35
    next_link = re.search(r'href="\?([^"]+page=2)"', html).group(1).replace("&amp;", "&")
    second = client.get("/policies/plans/?" + next_link)
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 5
    assert all("批量" in plan.title for plan in second.context["page"].object_list)


def test_a_wrong_date_says_so_and_lists_everything(client, personas, world):
    client.force_login(personas.secretariat)
    html = client.get("/policies/?due_from=2026-13-45").content.decode()
    assert world.document.title in rows(html, "document-table")
    assert 'class="errors"' in html[html.index('id="document-filters"') :]


def test_a_plans_tasks_come_a_page_at_a_time_with_the_filters_kept(
    client, personas, world, monkeypatch
):
    from zhenxing.policies import views

    monkeypatch.setattr(views, "PLAN_PAGE_SIZE", 1)
    client.force_login(personas.secretariat)
    url = f"/policies/plans/{world.published.pk}/"
    national, province = str(world.national_task.pk), str(world.province_task.pk)
    first = client.get(url).content.decode()
    assert re.findall(r'id="task-(\d+)"', rows(first, "task-table")) == [national]
    assert "第 1 / 2 页" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert re.findall(r'id="task-(\d+)"', rows(second, "task-table")) == [province]
    filtered = client.get(url, {"q": "国资"}).content.decode()
    assert re.findall(r'id="task-(\d+)"', rows(filtered, "task-table")) == [province]
    assert "符合条件的任务 1 项（共 2 项）" in filtered and "第 1 /" not in filtered
