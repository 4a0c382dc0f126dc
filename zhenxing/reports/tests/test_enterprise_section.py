"""The key-enterprise part of the progress report: summed figures of the period against the
same months a year before, the difficulties taken in, and nothing for a mechanism that follows
no enterprise."""

import datetime
from decimal import Decimal

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.coordination.tests.conftest import Clock
from zhenxing.enterprises import services
from zhenxing.orgs.models import Unit
from zhenxing.reports.builders import progress_report_content

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def enterprise(monkeypatch, mechanism, personas):
    Clock(monkeypatch, TODAY)
    with acting_as(user=personas.secretariat):
        enterprise = services.enterprise_register(
            mechanism=mechanism,
            name="阜新德尔汽车部件股份有限公司",
            credit_code="91440300708461136T",
            region=None,
            industry="C",
            size="large",
            contact_unit=Unit.objects.get(code="mof"),
            liaison_official="张副市长",
        )
        for month, value in ((datetime.date(2025, 10, 1), 100), (datetime.date(2026, 10, 1), 125)):
            services.figure_report(
                enterprise=enterprise,
                user=personas.secretariat,
                month=month,
                output_value=Decimal(value),
                revenue=Decimal(value),
                orders=Decimal(value),
                employment=10,
            )
        services.difficulty_receive(
            enterprise=enterprise, user=personas.secretariat, title="用电成本偏高", description="d"
        )
    return enterprise


def enterprise_part(mechanism):
    content = progress_report_content(period_label="2026Q4", mechanism=mechanism, today=TODAY)
    return next((s for s in content.sections if s.key == "enterprises"), None)


@pytest.mark.django_db
def test_the_report_sums_the_figures_and_counts_the_difficulties(enterprise, mechanism):
    part = enterprise_part(mechanism)
    assert part.heading.endswith("重点企业运行和诉求办理情况")
    assert "跟踪服务重点企业1家" in part.paragraphs[0]
    assert "产值125.00万元，同比增长25.0%" in part.paragraphs[0]
    assert "受理企业诉求1项，已办结0项" in part.paragraphs[1]
    assert part.tables[0].rows == [["阜新德尔汽车部件股份有限公司", "用电成本偏高", "—", "待分办"]]


@pytest.mark.django_db
def test_no_part_for_a_mechanism_without_enterprises(mechanism, personas):
    assert enterprise_part(mechanism) is None
