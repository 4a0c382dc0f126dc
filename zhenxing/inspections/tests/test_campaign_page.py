"""A campaign's page at volume: its findings a hundred a page with a pager, the per-unit summary
over all of them, a unit's liaison paging through their own findings only."""

import pytest

from zhenxing.inspections import views
from zhenxing.inspections.tests.conftest import issue_findings
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(campaign, personas, units):
    """Six findings in all: the fixture's (Liaoning), then five more, alternately MOF's and
    Liaoning's."""
    issue_findings(campaign, personas, units, [f"分页问题{number}" for number in range(5)])
    return campaign


def titles_on(page) -> list[str]:
    return [finding.title for finding, _light in page.context["findings"]]


def test_the_findings_come_a_page_at_a_time(findings, personas, monkeypatch):
    monkeypatch.setattr(views, "FINDINGS_PAGE_SIZE", 4)
    client = client_for(personas.secretariat)
    url = f"/inspections/{findings.inspection.pk}/"
    first = client.get(url)
    assert titles_on(first) == ["营商环境改革任务进度滞后", "分页问题0", "分页问题1", "分页问题2"]
    text = first.content.decode()
    assert "共 6 个问题" in text and "第 1 / 2 页" in text and "page=2" in text
    # The summary by unit counts every finding, not only the page's.
    assert {row.unit: row.total for row in first.context["rows"]} == {"辽宁省政府": 3, "财政部": 3}
    second = client.get(url, {"page": 2})
    assert titles_on(second) == ["分页问题3", "分页问题4"]


def test_a_liaison_pages_through_their_own_findings(findings, personas, monkeypatch):
    monkeypatch.setattr(views, "FINDINGS_PAGE_SIZE", 2)
    client = client_for(personas.province_liaison)
    url = f"/inspections/{findings.inspection.pk}/"
    first, second = client.get(url), client.get(url, {"page": 2})
    assert titles_on(first) == ["营商环境改革任务进度滞后", "分页问题1"]
    assert titles_on(second) == ["分页问题3"]
    assert "共 3 个问题" in first.content.decode()
