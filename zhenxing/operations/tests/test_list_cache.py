"""Cached lists (zhenxing/operations/list_cache.py): a repeated list request is served from the
copy the first one left, and any committed write to a table the rows came from — by a page, a
bulk update, raw SQL, or another server process — renews it."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhenxing.audit.context import acting_as
from zhenxing.coordination.models import CoordinationMatter
from zhenxing.coordination.services import matter_raise
from zhenxing.operations import generations
from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models import Project
from zhenxing.projects.services import project_create
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")


@pytest.fixture
def regions(mechanism):
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def projects(personas, regions):
    """Two projects in Shenyang (Liaoning), one in Changchun (Jilin)."""
    made = []
    with acting_as(user=personas.secretariat):
        for number, region in enumerate(["210100", "210100", "220100"], start=1):
            made.append(
                project_create(
                    national_code=f"2026-{region}-36-03-{number:06d}",
                    name=f"缓存项目{number}",
                    region=regions[region],
                    industry="C",
                    stage=Project.Stage.CONTINUING,
                    total_investment=Decimal(number * 100_000_000),
                )
            )
    return made


def queries_and_page(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def table_of(page: str) -> str:
    start = page.index('<div id="project-table">')
    return page[start : page.index("</table>", start)]


def test_a_repeated_list_is_served_from_the_kept_copy(personas, projects):
    client = client_for(personas.secretariat)
    built, first = queries_and_page(client, LIST)
    served, again = queries_and_page(client, LIST)
    assert table_of(again) == table_of(first)
    assert "缓存项目1" in first
    # No count, no ids, no rows: the session, the account, the generations, the header's unit.
    assert served <= built - 3


@pytest.mark.parametrize(
    "write",
    [
        "save",
        "bulk update",
        "raw SQL",
    ],
)
def test_a_write_renews_the_list_at_once(personas, projects, write):
    client = client_for(personas.secretariat)
    assert "缓存项目1" in client.get(LIST).content.decode()
    project = projects[0]
    if write == "save":
        project.name = "改过的名称"
        with acting_as(user=personas.secretariat):
            project.save()
    elif write == "bulk update":
        Project.objects.filter(pk=project.pk).update(name="改过的名称")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE projects_project SET name = %s WHERE id = %s", ["改过的名称", project.pk]
            )
    page = client.get(LIST).content.decode()
    assert "改过的名称" in page and "缓存项目1" not in page


def test_a_name_shown_in_the_rows_renews_them(personas, projects):
    client = client_for(personas.secretariat)
    client.get(LIST)
    region = projects[0].region
    region.name = "改名区"
    region.save()
    assert "改名区" in client.get(LIST).content.decode()


def test_each_person_gets_their_own_rows(personas, projects):
    secretariat = client_for(personas.secretariat).get(LIST).content.decode()
    liaison = client_for(personas.province_liaison).get(LIST).content.decode()
    assert "缓存项目3" in secretariat  # Jilin's
    assert "缓存项目3" not in liaison and "缓存项目1" in liaison


def test_access_is_checked_before_the_kept_copy(personas, projects):
    client_for(personas.secretariat).get(LIST)
    client_for(personas.secretariat).get("/api/v1/projects")
    assert client_for(personas.system_admin).get(LIST).status_code == 403
    assert client_for(personas.system_admin).get("/api/v1/projects").status_code == 403


def test_each_language_gets_its_own_copy(personas, projects):
    client = client_for(personas.secretariat)
    chinese = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "总投资" in table_of(chinese)
    assert "总投资" not in table_of(english)


def test_the_api_answers_the_same_from_the_copy(personas, projects, settings):
    client = client_for(personas.province_liaison)
    settings.LIST_CACHE_SECONDS = 0
    fresh = client.get("/api/v1/projects")
    settings.LIST_CACHE_SECONDS = 300
    built = client.get("/api/v1/projects")
    kept = client.get("/api/v1/projects")
    assert fresh.content == built.content == kept.content
    assert fresh["Content-Type"] == kept["Content-Type"]
    assert [row["name"] for row in kept.json()] == ["缓存项目2", "缓存项目1"]
    Project.objects.filter(pk=projects[0].pk).update(name="接口看到的新名称")
    assert "接口看到的新名称" in [row["name"] for row in client.get("/api/v1/projects").json()]


def test_the_api_keeps_the_link_header(personas, projects, monkeypatch):
    from zhenxing.projects import api

    monkeypatch.setattr(api, "PAGE_SIZE", 1)
    client = client_for(personas.secretariat)
    built = client.get("/api/v1/projects")
    kept = client.get("/api/v1/projects")
    assert built["Link"] and kept["Link"] == built["Link"]


def raise_matter(personas, mechanism, title: str) -> None:
    with acting_as(user=personas.lead_liaison):
        matter_raise(
            user=personas.lead_liaison,
            mechanism=mechanism,
            unit=personas.lead_liaison.unit,
            title=title,
            description="需要财政部支持。",
            category=CoordinationMatter.Category.MAJOR_PROJECT,
        )


def test_a_new_matter_shows_on_the_kept_matter_list(personas, mechanism):
    client = client_for(personas.secretariat)
    assert "新的协调事项" not in client.get(reverse("coordination:matter_list")).content.decode()
    raise_matter(personas, mechanism, "新的协调事项")
    assert "新的协调事项" in client.get(reverse("coordination:matter_list")).content.decode()


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "projects_project" ("name") VALUES (%s)', "projects_project"),
        ('UPDATE "policies_task" SET "title" = %s', "policies_task"),
        ('DELETE FROM "rounds_submission" WHERE id = 1', "rounds_submission"),
        ("INSERT OR IGNORE INTO orgs_unit (code) VALUES ('x')", "orgs_unit"),
        ("  update projects_project set name = 'x'", "projects_project"),
        ('SELECT * FROM "projects_project"', None),
        ('UPDATE "django_session" SET session_data = %s', None),
        ('INSERT INTO "operations_tablegeneration" ("table") VALUES (%s)', None),
    ],
)
def test_the_write_watch_reads_the_table_of_each_statement(sql, table):
    assert generations._written_table(sql) == table


def test_the_cache_can_be_turned_off(personas, projects, settings):
    settings.LIST_CACHE_SECONDS = 0
    client = client_for(personas.secretariat)
    for _request in range(2):
        with CaptureQueriesContext(connection) as captured:
            client.get(LIST)
        rows_read = [q["sql"] for q in captured if 'FROM "projects_project"' in q["sql"]]
        assert len(rows_read) >= 2  # the page's ids and its rows, every time


def kept_page_of(client, url=LIST):
    """GET `url` three times: the first sets the browser's CSRF cookie, the second keeps the
    page, the third is served from the copy."""
    client.get(url)
    client.get(url)
    return client.get(url)


def test_a_whole_list_page_is_kept(personas, projects):
    client = client_for(personas.secretariat)
    built = client.get(LIST)
    kept = kept_page_of(client)
    assert kept.status_code == 200
    assert kept.templates == []  # nothing rendered: the header, filters and rows as they were
    assert kept.content == client.get(LIST).content
    assert "缓存项目1" in kept.content.decode() and "项目库" in kept.content.decode()
    assert built.templates  # the first, before the cookie, was drawn


def test_each_browser_of_one_person_gets_forms_that_work_for_it(personas, projects):
    """The page's forms carry CSRF tokens masked from the browser's secret: a second browser of
    the same person must not be given the first one's page."""
    first = client_for(personas.secretariat, enforce_csrf_checks=True)
    kept_page_of(first)
    second = client_for(personas.secretariat, enforce_csrf_checks=True)
    page = kept_page_of(second).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": LIST, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_waiting_message_is_shown_on_a_page_built_for_it(personas, projects):
    client = client_for(personas.secretariat)
    kept_page_of(client)
    # As a view's messages.success() followed by a redirect to the list leaves it.
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "项目已导入。")]
    )
    assert "项目已导入。" in client.get(LIST).content.decode()
    assert "项目已导入。" not in client.get(LIST).content.decode()  # shown once


def test_a_kept_page_follows_the_persons_name(personas, projects):
    client = client_for(personas.secretariat)
    kept_page_of(client)
    personas.secretariat.display_name = "王新名"
    personas.secretariat.save()
    assert "王新名" in client.get(LIST).content.decode()


def test_a_kept_matter_page_and_change_log_page_renew_on_a_write(personas, mechanism):
    client = client_for(personas.secretariat)
    matters = reverse("coordination:matter_list")
    kept_page_of(client, matters)
    raise_matter(personas, mechanism, "保存后出现的事项")
    assert "保存后出现的事项" in client.get(matters).content.decode()
    auditor = client_for(personas.audit_admin)
    changes = reverse("audit:change_list")
    before = kept_page_of(auditor, changes).content.decode()
    with acting_as(user=personas.secretariat):
        project_create(
            national_code="2026-210100-36-03-000099",
            name="审计可见的新项目",
            region=Region.objects.get(code="210100"),
            industry="C",
            stage=Project.Stage.CONTINUING,
            total_investment=Decimal(1),
        )
    assert "审计可见的新项目" not in before
    assert "审计可见的新项目" in auditor.get(changes).content.decode()


def test_a_kept_page_follows_the_unit_its_header_names(personas):
    """The change log's rows are read from the log alone, but its header names the person's unit."""
    auditor = client_for(personas.audit_admin)
    changes = reverse("audit:change_list")
    kept_page_of(auditor, changes)
    Unit.objects.filter(pk=personas.audit_admin.unit_id).update(short_name="改名后的委员会")
    assert "改名后的委员会" in auditor.get(changes).content.decode()
