"""免申即享 policies through their doors: who sees and changes what (pages and API), proposing
eligible enterprises by the criteria, the funnel from identified to granted, the refusals,
the audit, the export and the report's lines."""

import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination.tests.test_permissions import matrix
from zhenxing.enterprises import services
from zhenxing.enterprises.models import BenefitGrant, BenefitPolicy
from zhenxing.enterprises.tests.conftest import BUSINESS, TODAY
from zhenxing.enterprises.tests.test_permissions import SECRETARIAT, expected
from zhenxing.enterprises.validators import credit_code_check_character
from zhenxing.reports.sections.enterprises import section

pytestmark = pytest.mark.django_db


@pytest.fixture
def benefit(world, personas, mechanism, units):
    """A policy for manufacturers (the world's enterprise is one) with the enterprise listed,
    and a second enterprise, in mining, that the criteria do not propose."""
    policy = services.benefit_policy_save(
        mechanism=mechanism,
        user=personas.secretariat,
        title="稳岗返还免申即享",
        issuing_unit=units["mof"],
        document_number="财社〔2026〕1号",
        announced_on=TODAY - datetime.timedelta(days=30),
        kind=BenefitPolicy.Kind.SUBSIDY,
        eligibility="参保工业企业",
        industries=["C"],
    )
    code = "91210900MA0000009"
    services.enterprise_register(
        mechanism=mechanism,
        name="阜新某矿业公司",
        credit_code=code + credit_code_check_character(code),
        region=None,
        industry="B",
        size="large",
        contact_unit=units["mof"],
        liaison_official="某领导",
    )
    [grant] = services.benefit_grants_identify(policy=policy, enterprises=[world.enterprise])
    return grant


def ids(grant) -> dict:
    return {"policy": grant.policy_id, "grant": grant.pk}


PAGES = [
    ("get", "/enterprises/benefits/", BUSINESS, 200, None),
    ("get", "/enterprises/benefits.xlsx", BUSINESS, 200, None),
    ("get", "/enterprises/benefits/new/", SECRETARIAT, 200, None),
    ("get", "/enterprises/benefits/{policy}/", BUSINESS, 200, None),
    ("get", "/enterprises/benefits/{policy}/edit/", SECRETARIAT, 200, None),
    ("post", "/enterprises/benefits/{policy}/identify/", SECRETARIAT, 302, {}),
    ("post", "/enterprises/benefits/grants/{grant}/notify/", SECRETARIAT, 302, {}),
    ("post", "/enterprises/benefits/grants/{grant}/grant/", SECRETARIAT, 302, {}),
    ("post", "/enterprises/benefits/grants/{grant}/decline/", SECRETARIAT, 302, {}),
]
API = "/api/v1/enterprises/benefits"
API_ROUTES = [
    ("get", API, BUSINESS, 200, None),
    ("get", API + "/{policy}", BUSINESS, 200, None),
    ("post", API + "/{policy}/grants", SECRETARIAT, 200, {"enterprise_ids": []}),
    ("post", API + "/grants/{grant}/notify", SECRETARIAT, 200, {}),
    ("post", API + "/grants/{grant}/decline", SECRETARIAT, 200, {"reason": "不符合条件"}),
]


@pytest.mark.parametrize("method, url, allowed, status, body", PAGES, ids=[p[1] for p in PAGES])
def test_page_permissions(client, benefit, personas, method, url, allowed, status, body):
    address = url.format(**ids(benefit))
    statuses = matrix(
        client, personas, lambda: getattr(client, method)(address, *([body] if body else []))
    )
    assert statuses == expected(allowed, status, url)
    client.logout()
    assert client.get(address)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "method, url, allowed, status, body", API_ROUTES, ids=[p[1] for p in API_ROUTES]
)
def test_api_permissions(client, benefit, personas, method, url, allowed, status, body):
    address = url.format(**ids(benefit))
    arguments = {"data": body, "content_type": "application/json"} if body is not None else {}
    statuses = matrix(client, personas, lambda: getattr(client, method)(address, **arguments))
    assert statuses == expected(allowed, status, url)
    client.logout()
    assert getattr(client, method)(address, **arguments).status_code == 401


def test_from_announcement_to_enterprises_served(client, world, personas, units, mechanism):
    client.force_login(personas.secretariat)
    response = client.post(
        "/enterprises/benefits/new/",
        {
            "title": "制造业企业贷款贴息",
            "issuing_unit": units["miit"].pk,
            "document_number": "工信发〔2026〕3号",
            "announced_on": "2026-10-01",
            "kind": "loan_interest",
            "eligibility": "新增技术改造贷款的制造业企业",
            "industries": ["C"],
            "sizes": ["large", "medium"],
        },
    )
    policy = BenefitPolicy.objects.get(title="制造业企业贷款贴息")
    assert response["Location"] == f"/enterprises/benefits/{policy.pk}/"
    page = client.get(response["Location"])
    proposed = list(page.context["identify_form"].fields["enterprises"].queryset)
    assert proposed == [world.enterprise]
    assert "制造业" in page.content.decode() and "大型、中型" in page.content.decode()

    client.post(
        f"/enterprises/benefits/{policy.pk}/identify/", {"enterprises": [world.enterprise.pk]}
    )
    grant = BenefitGrant.objects.get(policy=policy)
    assert grant.status == BenefitGrant.Status.IDENTIFIED
    assert (
        not client.get(f"/enterprises/benefits/{policy.pk}/")
        .context["identify_form"]
        .fields["enterprises"]
        .queryset.exists()
    )  # listed: no longer proposed

    client.post(f"/enterprises/benefits/grants/{grant.pk}/notify/", {"notified_on": "2026-10-10"})
    client.post(
        f"/enterprises/benefits/grants/{grant.pk}/grant/",
        {"amount": "38.6", "granted_on": "2026-11-01"},
    )
    grant.refresh_from_db()
    assert (grant.status, grant.amount, grant.granted_on) == (
        BenefitGrant.Status.GRANTED,
        Decimal("386000.00"),
        datetime.date(2026, 11, 1),
    )
    page = client.get(f"/enterprises/benefits/{policy.pk}/")
    assert page.context["steps"] == [("已识别", 1), ("已告知", 1), ("已兑现", 1)]
    assert '<td class="number" id="money-granted">38.60</td>' in page.content.decode()
    # A granted benefit is final: declining it now is refused, and nothing changes.
    response = client.post(
        f"/enterprises/benefits/grants/{grant.pk}/decline/", {"reason": "重复"}, follow=True
    )
    assert "该企业已兑现或已确认不兑现。" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == BenefitGrant.Status.GRANTED
    records = ChangeRecord.objects.filter(
        content_type__model="benefitgrant", object_id=str(grant.pk)
    )
    assert records.count() == 3  # identified, notified, granted


def test_the_rules_of_each_step(benefit):
    with pytest.raises(Exception, match="兑现日期不能晚于今天"):
        services.benefit_grant_grant(
            grant=benefit, amount=Decimal(1), granted_on=TODAY + datetime.timedelta(days=1)
        )
    with pytest.raises(Exception, match="兑现日期不能早于政策发布日期"):
        services.benefit_grant_grant(
            grant=benefit, amount=Decimal(1), granted_on=TODAY - datetime.timedelta(days=31)
        )
    with pytest.raises(Exception, match="请写明未兑现的原因"):
        services.benefit_grant_decline(grant=benefit, reason=" ")
    services.benefit_grant_decline(grant=benefit, reason="上年度有裁员")
    with pytest.raises(Exception, match="只有已识别的企业可以告知"):
        services.benefit_grant_notify(grant=benefit, notified_on=TODAY)


def test_a_unit_sees_the_policy_and_only_its_own_enterprises_grants(client, benefit, personas):
    url = f"/enterprises/benefits/{benefit.policy_id}/"
    client.force_login(personas.participant_liaison)  # MOF: the contact department
    response = client.get(url)
    assert [grant.pk for grant in response.context["grants"]] == [benefit.pk]
    assert response.context["identify_form"] is None
    client.force_login(personas.outsider)
    assert list(client.get(url).context["grants"]) == []


def test_export_has_the_funnel_and_the_grants(client, benefit, personas):
    services.benefit_grant_grant(grant=benefit, amount=Decimal("120000"), granted_on=TODAY)
    client.force_login(personas.reader)
    content = client.get("/enterprises/benefits.xlsx").content
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    summary = book.get_sheet_by_name("免申即享政策").to_python()
    row = next(row for row in summary if row and row[0] == "稳岗返还免申即享")
    assert row[5:] == [1, 1, 1, 0, 12]
    detail = book.get_sheet_by_name("兑现明细").to_python()
    assert any(row[1] == "阜新德尔汽车部件股份有限公司" and row[3] == "已兑现" for row in detail)


def test_the_report_section_has_the_benefit_lines(benefit, mechanism):
    services.benefit_grant_grant(grant=benefit, amount=Decimal("386000"), granted_on=TODAY)
    result = section(
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
        mechanism=mechanism,
    )
    assert (
        "落实免申即享惠企政策1项，识别符合条件企业1家，已告知1家，已兑现1家、兑现金额38.60万元；"
        "其中本期兑现1家、38.60万元。"
    ) in result.paragraphs
    assert any(
        line.startswith("稳岗返还免申即享（财政部，财社〔2026〕1号）") for line in result.paragraphs
    )


def test_api_records_a_policy_and_follows_an_enterprise(client, world, personas, units):
    client.force_login(personas.secretariat)
    response = client.post(
        "/api/v1/enterprises/benefits",
        {
            "title": "降费减负",
            "issuing_unit": "mof",
            "announced_on": "2026-09-01",
            "kind": "fee_reduction",
            "eligibility": "大型企业",
            "sizes": ["large"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["proposed_enterprise_ids"] == [world.enterprise.pk]
    url = f"/api/v1/enterprises/benefits/{body['id']}"
    response = client.post(
        f"{url}/grants", {"enterprise_ids": [world.enterprise.pk]}, content_type="application/json"
    )
    [grant] = response.json()["grants"]
    response = client.post(
        f"/api/v1/enterprises/benefits/grants/{grant['id']}/grant",
        {"amount": "5000", "granted_on": "2026-11-02"},
        content_type="application/json",
    )
    assert response.json()["status"] == "granted"
    [listed] = [
        p for p in client.get("/api/v1/enterprises/benefits").json() if p["title"] == "降费减负"
    ]
    assert (listed["identified"], listed["granted"], Decimal(listed["money_granted"])) == (
        1,
        1,
        Decimal(5000),
    )
    refused = client.post(
        f"{url}/grants", {"enterprise_ids": [world.enterprise.pk]}, content_type="application/json"
    )
    assert refused.status_code == 400
