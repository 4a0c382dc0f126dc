"""The home dashboard and the unit directory: real figures, search by alias, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Region, Unit, UnitAlias, User
from zhenxing.orgs.services import unit_alias_add
from zhenxing.testing import client_for

# Sessions, the user and their unit, the page's own reads: a handful, whatever the row count.
PAGE_QUERY_LIMIT = 12


def unit_codes(response) -> set[str]:
    return {unit.code for unit in response.context["page"]}


def queries_for(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(context)


def add_units(count: int, *, start: int = 0) -> None:
    """Units with a parent, a region and a successor each, all written as 测试单位…."""
    parent = Unit.objects.get(code="liaoning-government")
    region = Region.objects.get(code="210000")
    successor = Unit.objects.get(code="ndrc")
    for number in range(start, start + count):
        unit = Unit.objects.create(
            code=f"test-unit-{number}",
            full_name=f"测试单位{number}",
            kind=Unit.Kind.LOCAL_DEPARTMENT,
            parent=parent,
            region=region,
            succeeded_by=successor,
        )
        unit_alias_add(unit=unit, name=unit.full_name, kind=UnitAlias.Kind.FULL_NAME)


def test_home_shows_real_counts(people, mechanism):
    response = client_for(people["secretariat"]).get("/")
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["member_units"] == 26
    assert counts["units"] == Unit.objects.current().count()
    assert counts["units"] == Unit.objects.filter(valid_to__isnull=True).count()
    assert counts["regions"] == Region.objects.count() > 0
    # Active accounts with a role: the eleven personas, not the role-less or inactive ones.
    assert counts["people"] == 11 == User.objects.filter(is_active=True).exclude(role="").count()
    page = response.content.decode()
    assert mechanism.name in page
    assert '<span class="figure">26</span>' in page


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"q": "发改委"}, {"ndrc", "liaoning-drc"}, {"mof"}),
        ({"q": "NDRC"}, {"ndrc"}, {"mof"}),
        ({"q": "ndrc"}, {"ndrc"}, {"mof"}),
        ({"q": "中央财政"}, {"mof"}, {"ndrc"}),
        ({"q": "国家 发展改革委"}, {"ndrc"}, {"mof"}),
        ({"kind": "provincial_government"}, {"liaoning-government", "jilin-government"}, {"ndrc"}),
        ({"q": "银保监会"}, set(), {"cbirc"}),
        ({"q": "银保监会", "include_former": "on"}, {"cbirc"}, set()),
        ({}, {"nfra", "ndrc"}, {"cbirc"}),
        ({"include_former": "on", "kind": "central_department"}, {"cbirc", "nfra"}, set()),
    ],
)
def test_unit_directory_filters(personas, query, present, absent):
    response = client_for(personas.outsider).get("/units/", query | {"page": 1})
    assert response.status_code == 200
    codes = {unit.code for unit in response.context["page"].paginator.object_list}
    assert present <= codes
    assert not absent & codes


def test_unit_directory_kind_filter_lists_only_that_kind(personas):
    response = client_for(personas.reader).get("/units/", {"kind": "provincial_government"})
    units = list(response.context["page"].paginator.object_list)
    assert units
    assert {unit.kind for unit in units} == {Unit.Kind.PROVINCIAL_GOVERNMENT}


def test_unit_detail_shows_names_departments_and_memberships(personas):
    ndrc = Unit.objects.get(code="ndrc")
    response = client_for(personas.participant_liaison).get(f"/units/{ndrc.pk}/")
    page = response.content.decode()
    assert "国家发展和改革委员会" in page
    assert "国家发改委" in page
    assert "国家发展和改革委员会地区经济司" in page
    assert "/mechanisms/northeast/" in page
    assert response.context["can_edit"] is False
    own = client_for(personas.lead_liaison).get(f"/units/{ndrc.pk}/")
    assert own.context["can_edit"] is True


def test_unit_list_queries_do_not_grow_with_rows(personas, django_assert_max_num_queries):
    client = client_for(personas.secretariat)
    add_units(2)
    few = queries_for(client, "/units/", {"q": "测试单位"})
    add_units(20, start=2)
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        many = queries_for(client, "/units/", {"q": "测试单位"})
    assert many == few
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        queries_for(client, "/units/")


def test_api_unit_and_region_lists_do_not_grow_with_rows(personas):
    client = client_for(personas.secretariat)
    add_units(2)
    few = queries_for(client, "/api/v1/units", {"q": "测试单位"})
    add_units(20, start=2)
    assert queries_for(client, "/api/v1/units", {"q": "测试单位"}) == few
    provinces = queries_for(client, "/api/v1/regions", {"level": "province"})
    assert queries_for(client, "/api/v1/regions") == provinces


def test_change_log_queries_do_not_grow_with_rows(personas, django_assert_max_num_queries):
    client = client_for(personas.audit_admin)
    mof = Unit.objects.get(code="mof")

    def write(count: int, start: int) -> None:
        with acting_as(actor_name="bulk-test"):
            for number in range(start, start + count):
                unit_alias_add(unit=mof, name=f"财政别名{number}", kind=UnitAlias.Kind.INFORMAL)

    write(2, 0)
    few = queries_for(client, "/audit/", {"actor": "bulk-test"})
    few_api = queries_for(client, "/api/v1/audit/changes", {"limit": 2})
    write(20, 2)
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        assert queries_for(client, "/audit/", {"actor": "bulk-test"}) == few
    assert queries_for(client, "/api/v1/audit/changes", {"limit": 22}) == few_api
    assert ChangeRecord.objects.filter(actor_name="bulk-test").count() == 22
