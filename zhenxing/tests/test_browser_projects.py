"""Issue #5 in the browser: a secretariat officer uploads a small .xlsx through the import
wizard (merged title rows above the header), checks the detected columns, imports with one bad
row listed, then opens the list, a project, the statistics page with its map and charts drawn
from shipped boundary data, and the funnel. Screenshots go to test-artifacts/screenshots/."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Region
from zhenxing.projects.generate import write_spreadsheet
from zhenxing.projects.models import Project, SignedProject, SigningEvent
from zhenxing.projects.services import (
    signed_project_advance,
    signed_project_save,
    signing_event_save,
)
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, distinct_colours, save_screenshot

pytestmark = pytest.mark.browser


def harbin_fair(user):
    """Seed 001's fair (224 projects, 845.63 亿元 announced) with a few signed projects."""
    with acting_as(user=user):
        fair = signing_event_save(
            event=SigningEvent(
                name="第三十二届哈尔滨国际经济贸易洽谈会",
                start_date=datetime.date(2023, 6, 15),
                place="哈尔滨",
                announced_project_count=224,
                announced_amount=Decimal("84563000000"),
            )
        )
        regions = {
            r.code: r for r in Region.objects.filter(code__in=["230102", "230602", "210102"])
        }
        stages = ["in_production", "funded", "started", "landed", "performed", "signed"] * 2
        for index, stage in enumerate(stages):
            signed = signed_project_save(
                signed=SignedProject(
                    event=fair,
                    name=f"签约项目{index + 1}",
                    region=regions[["230102", "230602", "210102"][index % 3]],
                    signed_amount=Decimal(500_000_000 + index * 100_000_000),
                )
            )
            if stage != "signed":
                signed_project_advance(
                    signed=signed,
                    stage=stage,
                    on_date=datetime.date(2024, 3, 1),
                    funds_in_place=Decimal(200_000_000)
                    if stage in ("funded", "in_production")
                    else None,
                )


def test_import_wizard_then_dashboard_map(browser, page, log_in, personas, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_spreadsheet(tmp_path / "辽吉黑蒙重点项目.xlsx", 60, invalid_every=30)
    requests_outside = []
    page.on(
        "request",
        lambda request: (
            requests_outside.append(request.url)
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    log_in(personas.secretariat)
    page.goto("/projects/")
    expect(page.locator("nav.mainnav a.active")).to_have_text("项目库")
    page.get_by_role("link", name="批量导入").first.click()
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并识别列").click()

    expect(page.locator("h1")).to_contain_text("核对列")
    expect(page.locator("select[name=column_1]")).to_have_value("national_code")
    expect(page.locator("select[name=column_7]")).to_have_value("total_investment")
    page.get_by_label("导入正确行，错误行另附清单").check()
    save_screenshot(browser, page, "projects-import-mapping")
    page.get_by_role("button", name="开始导入").click()

    expect(page.locator("#import-status")).to_have_text("已完成")
    expect(page.locator("#imported-count")).to_have_text("58")
    expect(page.locator("#error-table tbody tr")).to_have_count(2)
    expect(page.locator("#error-file")).to_be_visible()
    save_screenshot(browser, page, "projects-import-result")
    assert Project.objects.count() == 58

    page.goto("/projects/?sort=-investment")
    expect(page.locator("#project-table .count")).to_contain_text("共 58 个项目")
    assert_drawn_with_cjk_fonts(page, "#project-table tbody tr td a")
    save_screenshot(browser, page, "projects-list")
    page.locator("#project-table tbody tr td a").first.click()
    expect(page.locator(".decoded")).to_contain_text("年赋码")
    expect(page.locator("#series-chart[data-rendered=true]")).to_have_count(1)
    save_screenshot(browser, page, "projects-detail")

    page.goto("/projects/statistics/")
    expect(page.locator("#stat-cards .card").first).to_contain_text("58")
    expect(page.locator("#investment-map[data-rendered=true]")).to_have_count(1)
    page.wait_for_timeout(500)
    map_png = page.locator("#investment-map").screenshot()
    assert distinct_colours(browser, map_png, enough=24) >= 24, "the map drew no shaded regions"
    for chart in ("#stage-chart", "#industry-chart", "#funding-chart"):
        assert page.locator(f"{chart} canvas").count() == 1
    # 新开工率: started ÷ planned to start this year (issue #14), whatever the stages say.
    year = datetime.date.today().year
    planned = Project.objects.filter(planned_start__year=year)
    started = planned.filter(actual_start__lte=datetime.date(year, 12, 31)).count()
    card = page.locator("#stat-cards .card", has=page.locator("[data-figure=new_start_rate]"))
    expect(card).to_contain_text(f"计划新开工 {planned.count()} 个，已开工 {started} 个")
    save_screenshot(browser, page, "projects-statistics")

    harbin_fair(personas.secretariat)
    page.goto("/projects/funnel/")
    expect(page.locator("h1")).to_have_text("招商引资转化")
    expect(page.locator("#funnel-table tbody tr")).to_have_count(2)
    expect(page.locator("#event-table")).to_contain_text("第三十二届哈尔滨国际经济贸易洽谈会")
    save_screenshot(browser, page, "projects-funnel")
    assert not requests_outside, requests_outside
