"""Designations of regions: the shipped file and its loader, the pages (with their permission
matrices), the version check, the change log, the API and the project list's 区域类型 filter."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Region
from zhenxing.programmes.models import Designation
from zhenxing.programmes.services import designations_load_shipped, shipped_designations
from zhenxing.programmes.tests.conftest import business_roles_read, secretariat_only
from zhenxing.projects.services import county_regions_load_shipped
from zhenxing.testing import client_for, outcome

LIST_URL = "/programmes/designations/"
NEW_URL = "/programmes/designations/new/"
API_URL = "/api/v1/programmes/designations"


@pytest.fixture
def designations(shipped_data, db):
    county_regions_load_shipped()
    designations_load_shipped()
    return Designation.objects.all()


def fushun_values(**changes) -> dict:
    values = {
        "region": Region.objects.get(code="210400").pk,
        "kind": Designation.Kind.RESOURCE_EXHAUSTED_CITY,
        "resource_stage": "",
        "batch": "2",
        "document_title": "国务院确定的第二批资源枯竭城市名单",
        "document_number": "",
        "first_year": "2009",
        "last_year": "",
        "note": "地级市",
        "source_url": "http://jjckb.xinhuanet.com/whsh/2009-03/06/content_147266.htm",
    }
    return values | changes


# -- the shipped file ------------------------------------------------------------------------
def test_every_shipped_row_names_its_source_and_a_known_document():
    data = shipped_designations()
    documents = {document["key"] for document in data["documents"]}
    kinds = set(Designation.Kind.values)
    for row in data["designations"]:
        assert row["source"].startswith("http"), row
        assert row["document"] in documents, row
        assert row["kind"] in kinds, row


@pytest.mark.django_db
def test_loading_adds_the_sourced_rows_once_and_keeps_edits(designations):
    shipped = shipped_designations()["designations"]
    assert designations.count() == len(shipped) == 11
    beipiao = Designation.objects.get(region__code="211381")
    assert beipiao.label() == "资源枯竭城市（第2批）"
    assert beipiao.first_year == 2009 and beipiao.last_year is None
    anshan = Designation.objects.get(region__code="210300")
    assert anshan.label() == "资源型城市（再生型）"
    assert (anshan.document_number, anshan.last_year) == ("国发〔2013〕45号", 2020)
    Designation.objects.filter(pk=beipiao.pk).update(note="秘书处的备注")
    assert designations_load_shipped() == {"added": 0, "skipped": 0}
    assert Designation.objects.get(pk=beipiao.pk).note == "秘书处的备注"
    created = ChangeRecord.objects.filter(content_type__app_label="programmes", action="create")
    assert created.count() == 11


@pytest.mark.django_db
def test_the_command_loads_and_counts_what_it_skips(shipped_data, capsys):
    # Without the county-level regions, only the prefectures' rows can be loaded.
    call_command("programmes", "load-designations")
    out = capsys.readouterr().out
    assert "新增 3 条" in out and "跳过 8 条" in out
    assert set(Designation.objects.values_list("region__code", flat=True)) == {
        "210300",
        "210400",
        "230900",
    }


# -- permission matrices ---------------------------------------------------------------------
def test_list_and_region_pages_permission_matrix(people, designations):
    expected = business_roles_read("login")
    for url in (LIST_URL, "/programmes/regions/211381/"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == expected, url


def test_form_pages_permission_matrix(people, designations):
    designation = Designation.objects.get(region__code="211381")
    edit_url = f"/programmes/designations/{designation.pk}/edit/"
    expected = secretariat_only(200)
    for url in (NEW_URL, edit_url):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == expected, url


def test_delete_permission_matrix(people, designations):
    designation = Designation.objects.get(region__code="211381")
    url = f"/programmes/designations/{designation.pk}/delete/"
    expected = secretariat_only("/programmes/regions/211381/")
    actual = {}
    for name, user in people.items():
        actual[name] = outcome(client_for(user).post(url, {"version": "999"}))
    assert actual == expected
    assert Designation.objects.filter(pk=designation.pk).exists()  # the stale version saved it


def test_api_permission_matrix(people, designations):
    expected = business_roles_read(401)
    actual = {name: outcome(client_for(user).get(API_URL)) for name, user in people.items()}
    assert actual == expected


# -- pages -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_list_counts_by_type_and_province_and_filters(people, designations):
    client = client_for(people["reader"])
    counts = client.get(LIST_URL).context["counts"]
    assert [province.code for province in counts["provinces"]] == [
        "150000",
        "210000",
        "220000",
        "230000",
    ]
    rows = {row["kind"]: row["counts"] for row in counts["rows"]}
    assert rows == {"resource_based_city": [0, 1, 0, 0], "resource_exhausted_city": [1, 4, 3, 2]}
    assert counts["total"] == 11
    response = client.get(LIST_URL, {"kind": "resource_exhausted_city", "province": "210000"})
    names = [designation.region.name for designation in response.context["designations"]]
    assert names == ["抚顺市", "弓长岭区", "北票市", "南票区"]  # by region code
    response = client.get(LIST_URL, {"year": "2021", "kind": "resource_based_city"})
    assert list(response.context["designations"]) == []  # the 2013–2020 plan is no longer in force


@pytest.mark.django_db
def test_the_secretariat_records_a_designation_and_the_log_records_it(people, designations):
    client = client_for(people["secretariat"])
    region = Region.objects.get(code="211400")  # 葫芦岛市
    response = client.post(
        NEW_URL,
        fushun_values(
            region=region.pk,
            kind=Designation.Kind.OLD_INDUSTRIAL_CITY,
            batch="",
            document_title="全国老工业基地调整改造规划（2013—2022年）",
            document_number="发改东北〔2013〕543号",
            first_year="2013",
            last_year="2022",
        ),
    )
    assert outcome(response) == "/programmes/regions/211400/"
    designation = Designation.objects.get(region=region)
    record = ChangeRecord.objects.latest_for(designation)
    assert record.action == "create" and record.actor_name == "secretariat"
    page = client.get("/programmes/regions/211400/").content.decode()
    assert "老工业城市" in page and "发改东北〔2013〕543号" in page


@pytest.mark.django_db
def test_a_second_designation_of_the_same_type_and_a_batch_on_another_type_are_refused(
    people, designations
):
    client = client_for(people["secretariat"])
    response = client.post(NEW_URL, fushun_values())
    assert response.status_code == 200
    assert "该地区已有此类型的认定。" in response.content.decode()
    response = client.post(
        NEW_URL, fushun_values(region=Region.objects.get(code="210500").pk, kind="minority_area")
    )
    assert "只有资源枯竭城市有批次。" in response.content.decode()
    assert not Designation.objects.filter(region__code="210500").exists()


@pytest.mark.django_db
def test_editing_checks_the_version(people, designations):
    client = client_for(people["secretariat"])
    designation = Designation.objects.get(region__code="210400")
    url = f"/programmes/designations/{designation.pk}/edit/"
    response = client.post(url, fushun_values(note="第一次修改", version="1"))
    assert outcome(response) == "/programmes/regions/210400/"
    designation.refresh_from_db()
    assert (designation.note, designation.version) == ("第一次修改", 2)
    response = client.post(url, fushun_values(note="过时的修改", version="1"))
    assert response.status_code == 409
    assert "第一次修改" in response.content.decode()
    designation.refresh_from_db()
    assert designation.note == "第一次修改"
    response = client.post(url, fushun_values(note="没有版本"))
    assert response.status_code == 400
    designation.refresh_from_db()
    assert designation.note == "第一次修改"


@pytest.mark.django_db
def test_deleting_with_the_current_version(people, designations):
    client = client_for(people["secretariat"])
    designation = Designation.objects.get(region__code="211381")
    client.post(f"/programmes/designations/{designation.pk}/delete/", {"version": "1"})
    assert not Designation.objects.filter(pk=designation.pk).exists()
    record = ChangeRecord.objects.filter(object_id=str(designation.pk), action="delete")
    assert record.filter(content_type__app_label="programmes").exists()


# -- API -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_api_lists_designations_filtered(people, designations):
    client = client_for(people["inspector"])
    rows = client.get(API_URL, {"kind": "resource_based_city"}).json()
    assert [(row["region_code"], row["resource_stage"]) for row in rows] == [
        ("210300", "regenerating")
    ]
    assert rows[0]["document_number"] == "国发〔2013〕45号"
    assert rows[0]["source_url"].startswith("https://")
    rows = client.get(API_URL, {"province": "150000"}).json()
    assert [(row["region_name"], row["batch"]) for row in rows] == [("阿尔山市", 2)]
    assert len(client.get(API_URL).json()) == 11


# -- the project list's filter ---------------------------------------------------------------
@pytest.mark.django_db
def test_project_list_filters_by_region_type(people, designations):
    from zhenxing.projects.models import Project
    from zhenxing.projects.services import project_create

    secretariat = people["secretariat"]

    def project(code, name, region_code):
        return project_create(
            national_code=code,
            name=name,
            region=Region.objects.get(code=region_code),
            industry="C",
            stage=Project.Stage.NEW_START,
            total_investment=Decimal("100000000"),
        )

    project("2026-211381-36-03-000001", "北票项目", "211381")  # a designated county
    project("2026-210411-36-03-000002", "抚顺项目", "210411")  # a county of a designated city
    project("2026-210102-36-03-000003", "沈阳项目", "210102")  # not designated
    client = client_for(secretariat)
    response = client.get("/projects/", {"region_type": "resource_exhausted_city"})
    names = sorted(item.name for item in response.context["page"])
    assert names == ["北票项目", "抚顺项目"]
    response = client.get("/projects/", {"region_type": "minority_area"})
    assert list(response.context["page"]) == []
    assert len(client.get("/projects/").context["page"]) == 3
