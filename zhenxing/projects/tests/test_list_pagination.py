"""The project list at volume: keyset cursors in the API, page numbers and estimated counts on
the page (zhenxing/lib/pagination.py)."""

from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from zhenxing.audit.context import acting_as
from zhenxing.lib import pagination
from zhenxing.projects import api
from zhenxing.projects.models import Project
from zhenxing.projects.services import project_create
from zhenxing.testing import client_for, links

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_projects(personas, sample_projects, regions):
    """Nine more projects: six in Shenyang (three of them tied on investment), three in Jilin."""
    made = []
    with acting_as(user=personas.secretariat):
        for number, (region, yuan) in enumerate(
            [("210102", 7), ("210102", 7), ("210102", 7), ("210102", 9), ("210102", 2)]
            + [("210102", 1), ("220102", 8), ("220102", 7), ("220102", 3)],
            start=10,
        ):
            made.append(
                project_create(
                    national_code=f"2026-{region}-36-03-{number:06d}",
                    name=f"测试项目{number}",
                    region=regions[region],
                    industry="C",
                    stage=Project.Stage.CONTINUING,
                    total_investment=Decimal(yuan * 100_000_000),
                )
            )
    return made


def walk(client, params, *, relation="next", start=None):
    """Every page from `start` (the first page) following one relation; the codes per page."""
    response = client.get(start or "/api/v1/projects", params if start is None else None)
    pages = []
    while True:
        assert response.status_code == 200, response.content
        assert len(pages) < 20, "the links go round in circles"
        pages.append([project["national_code"] for project in response.json()])
        url = links(response).get(relation)
        if not url:
            return pages, response
        response = client.get(url)


def test_the_cursor_walks_every_project_once_in_order(personas, many_projects, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 3)
    client = client_for(personas.secretariat)
    pages, last = walk(client, {})
    codes = [code for page in pages for code in page]
    expected = list(
        Project.objects.order_by("-total_investment", "id").values_list("national_code", flat=True)
    )
    assert codes == expected and len(pages) == 4
    assert "prev" not in links(client.get("/api/v1/projects"))
    # Back from the last page to the first, by the prev links.
    back, _first = walk(client, None, relation="prev", start=links(last)["prev"])
    assert [code for page in reversed(back) for code in page] == expected[:9]


def test_the_cursor_is_stable_under_inserts_and_keeps_filters(
    personas, many_projects, regions, monkeypatch
):
    monkeypatch.setattr(api, "PAGE_SIZE", 3)
    client = client_for(personas.secretariat)
    first = client.get("/api/v1/projects", {"region": "210000"})
    seen = [project["national_code"] for project in first.json()]
    with acting_as(user=personas.secretariat):  # one before the cursor, one after it
        for code, yuan in (("2026-210102-36-03-000098", 60), ("2026-210102-36-03-000099", 0)):
            project_create(
                national_code=code,
                name="插入的项目",
                region=regions["210102"],
                industry="C",
                stage=Project.Stage.CONTINUING,
                total_investment=Decimal(yuan * 100_000_000),
            )
    assert "region=210000" in links(first)["next"]
    rest, _last = walk(client, None, start=links(first)["next"])
    seen += [code for page in rest for code in page]
    liaoning = Project.objects.filter(province_code="210000").order_by("-total_investment", "id")
    expected = [p.national_code for p in liaoning if p.national_code != "2026-210102-36-03-000098"]
    assert seen == expected  # nothing repeated, nothing skipped, the new row past the cursor in


def test_the_cursor_keeps_the_unit_scope(personas, many_projects, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    secretariat_page = client_for(personas.secretariat).get("/api/v1/projects")
    outsider = client_for(personas.outsider)  # Jilin: a cursor does not widen what it sees
    pages, _last = walk(outsider, None, start=links(secretariat_page)["next"])
    codes = {code for page in pages for code in page}
    assert codes and all(code[5:7] == "22" for code in codes)
    assert client_for(personas.audit_admin).get(links(secretariat_page)["next"]).status_code == 403


@pytest.mark.parametrize("cursor", ["garbage", "W1sxXSwwLCJ4Il0", "W1siYSIsMV0sMCwiMTIzIl0"])
def test_a_cursor_we_did_not_make_is_a_400(personas, many_projects, cursor):
    response = client_for(personas.secretariat).get("/api/v1/projects", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_cursor_of_another_sort_is_a_400(personas, many_projects, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    client = client_for(personas.secretariat)
    by_code = client.get("/api/v1/projects", {"sort": "code"})
    url = links(by_code)["next"].replace("sort=code", "sort=name")
    assert client.get(url).status_code == 400


def test_the_page_parameter_still_works(personas, many_projects, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 5)
    client = client_for(personas.secretariat)
    expected = list(
        Project.objects.order_by("-total_investment", "id").values_list("national_code", flat=True)
    )
    second = client.get("/api/v1/projects", {"page": 2}).json()
    assert [project["national_code"] for project in second] == expected[5:10]


def test_counts_above_the_threshold_are_shown_as_estimates(personas, many_projects, monkeypatch):
    client = client_for(personas.secretariat)
    page = client.get(reverse("projects:project_list")).content.decode()
    assert "共 12 个项目" in page
    monkeypatch.setattr(pagination, "COUNT_THRESHOLD", 5)
    caches["lists"].clear()  # a new threshold is a new release: servers start with no copies
    if connection.vendor == "postgresql":
        # The estimate is the planner's: give it statistics of the rows this test made (the
        # private test server runs without autovacuum).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE projects_project")
    page = client.get(reverse("projects:project_list")).content.decode()
    assert "共 约 12 个项目" in page
    page = client.get(reverse("projects:project_list"), {"region": "220000"}).content.decode()
    assert "共 4 个项目" in page  # four Jilin projects: under the threshold, exact


def test_deep_pages_keep_their_numbers(personas, many_projects, monkeypatch):
    monkeypatch.setattr("zhenxing.projects.views.projects.PAGE_SIZE", 5)
    response = client_for(personas.secretariat).get(reverse("projects:project_list"), {"page": 3})
    expected = list(
        Project.objects.order_by("-total_investment", "id").values_list("national_code", flat=True)
    )
    assert [p.national_code for p in response.context["page"]] == expected[10:]
    assert "第 3 / 3 页" in response.content.decode()
