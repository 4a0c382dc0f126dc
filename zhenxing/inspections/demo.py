"""Demo data for inspections: a concluded campaign whose findings are closed out, reopened or
overdue and whose circular (通报) is issued, and a campaign in progress on major projects.

Called by `zhenxing demo-data`; idempotent: a mechanism that already has campaigns is left as it
is. Dates are relative to `today`.
"""

import datetime

from django.utils import timezone

from zhenxing.inspections import services
from zhenxing.inspections.models import Finding, Inspection, Rectification, RectificationReport
from zhenxing.mechanisms.demo import demo_author
from zhenxing.orgs.models import Role, Unit, User


def _day(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    if not Inspection.objects.filter(mechanism=mechanism).exists():
        _populate(secretariat=secretariat, mechanism=mechanism, plan=plan, today=today)
    findings = Finding.objects.filter(inspection__mechanism=mechanism)
    return (
        f"督查 {Inspection.objects.filter(mechanism=mechanism).count()} 次，"
        f"发现问题 {findings.count()} 个（已销号 {findings.filter(status='closed').count()} 个）"
    )


def _populate(*, secretariat, mechanism, plan, today: datetime.date) -> None:
    codes = ["liaoning-government", "jilin-government", "heilongjiang-government", "mof", "ndrc"]
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    liaoning, jilin = units["liaoning-government"], units["jilin-government"]
    heilongjiang, mof = units["heilongjiang-government"], units["mof"]
    inspector = User.objects.filter(role=Role.INSPECTOR, is_active=True).first() or secretariat
    tasks = list(plan.tasks.order_by("position")) if plan is not None else []

    def task(index: int):
        return tasks[index] if index < len(tasks) else None

    # A campaign over the half-year that ended some months ago, now concluded.
    period_end = _day(today, -75)
    period_start = period_end - datetime.timedelta(days=181)
    first = services.inspection_create(
        user=inspector,
        mechanism=mechanism,
        title=f"{period_end.year}年东北振兴重点任务落实情况督查",
        basis="根据《中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见》任务分工，"
        "对各地区、各部门重点任务和重大项目推进情况开展督查。",
        period_start=period_start,
        period_end=period_end,
        team_leader=inspector,
        scope_policies=[plan.document] if plan is not None else [],
        scope_units=[liaoning, jilin, heilongjiang, mof],
    )
    findings = [
        (
            liaoning,
            "营商环境改革任务进度滞后",
            "企业开办全程网办覆盖率未达到年度目标，部分审批事项仍需线下提交纸质材料。",
            Finding.Severity.SERIOUS,
            "实现企业开办全程网办全覆盖，清理线下纸质材料要求。",
            task(4),
            "closed",
        ),
        (
            jilin,
            "国有企业改革专项工作推进不平衡",
            "部分地方国有企业混合所有制改革方案未按期报批。",
            Finding.Severity.GENERAL,
            "督促相关企业完成改革方案报批并启动实施。",
            task(6),
            "reopened",
        ),
        (
            heilongjiang,
            "资源型城市转型项目资金拨付缓慢",
            "中央预算内投资支持的转型项目资金到位率不足六成，影响项目建设进度。",
            Finding.Severity.GRAVE,
            "加快资金拨付，建立项目资金使用月报制度。",
            task(10),
            "overdue",
        ),
        (
            mof,
            "对东北地区转移支付政策宣传解读不够",
            "部分市县对新增转移支付政策掌握不准。",
            Finding.Severity.GENERAL,
            "组织开展政策解读培训，印发操作指引。",
            task(12),
            "reported",
        ),
    ]
    for unit, title, description, severity, measures, linked_task, outcome in findings:
        finding = services.finding_issue(
            inspection=first,
            user=inspector,
            unit=unit,
            title=title,
            description=description,
            severity=severity,
            measures=measures,
            due_date=today,
            task=linked_task,
        )
        rectification = finding.rectifications.get()
        author = demo_author(unit, secretariat)
        if outcome == "overdue":
            services.rectification_report(
                rectification=rectification,
                user=author,
                text="已拨付资金4.2亿元，剩余资金正在履行拨付程序。",
            )
        else:
            services.rectification_report(
                rectification=rectification,
                user=author,
                text="已制定整改方案，整改措施全部落实到位，相关制度文件已印发。",
                completed=True,
            )
        if outcome == "closed":
            services.rectification_verify(
                rectification=rectification, user=inspector, close=True, note="经核查，整改到位。"
            )
        if outcome == "reopened":
            services.rectification_verify(
                rectification=rectification,
                user=inspector,
                close=False,
                note="两家企业改革方案仍未报批，请继续整改。",
                new_due_date=_day(today, 30),
            )
        # Demo history only: issued weeks ago; the overdue item's deadline has passed.
        Finding.objects.filter(pk=finding.pk).update(issued_at=_moment(_day(today, -60)))
        RectificationReport.objects.filter(rectification=rectification).update(
            reported_at=_moment(_day(today, -20))
        )
        if outcome == "overdue":
            Rectification.objects.filter(pk=rectification.pk).update(due_date=_day(today, -10))
        elif outcome != "reopened":
            Rectification.objects.filter(pk=rectification.pk).update(due_date=_day(today, -15))
    services.circular_save(
        inspection=first,
        user=inspector,
        title=f"关于{period_end.year}年东北振兴重点任务落实情况督查发现问题的通报",
        document_number=f"东北振兴督〔{today.year}〕1号",
        issuer="东北振兴工作联席会议办公室",
        introduction="督查组对辽宁、吉林、黑龙江三省和财政部重点任务落实情况开展了督查，"
        "总体看各地区、各部门认真落实党中央、国务院决策部署，重点任务有序推进，"
        "但也发现一些问题。",
        conclusion="请有关单位对照问题清单逐项整改，按时报送整改情况，确保问题整改到位。",
    )
    services.circular_issue(inspection=first, user=inspector, issued_on=_day(today, -55))
    services.inspection_conclude(inspection=first, user=inspector)

    # A campaign in progress on major projects, with one fresh finding.
    second = services.inspection_create(
        user=inspector,
        mechanism=mechanism,
        title=f"{today.year}年东北地区重大项目建设推进情况专项督查",
        basis="对重大项目开工、投资完成和前期工作推进情况开展专项督查。",
        period_start=datetime.date(today.year, 1, 1),
        period_end=today,
        team_leader=inspector,
        scope_units=[liaoning, jilin, heilongjiang],
    )
    services.finding_issue(
        inspection=second,
        user=inspector,
        unit=liaoning,
        title="部分重大项目前期手续办理缓慢",
        description="督查抽查的项目中，有项目用地、环评手续尚未办结，计划开工时间已推迟。",
        severity=Finding.Severity.SERIOUS,
        measures="建立重大项目前期手续并联审批机制，明确办结时限。",
        due_date=_day(today, 45),
        task=task(5),
    )
