"""Demo data for coordination: matters at every step of the ladder (one overdue, one resolved,
one decided by a joint meeting, one awaiting the next meeting, one not yet routed), a held joint
meeting whose agreed item is now a task, the next meeting with its agenda, a leading-group
assignment, a leader's instruction and policy suggestions in each state.

Called by `zhenxing demo-data`; idempotent: a mechanism that already has matters is left as it is.
Dates are relative to `today` so the demo always shows open, overdue and closed work.
"""

import datetime

from django.utils import timezone

from zhenxing.coordination import services
from zhenxing.coordination.models import (
    CoordinationMatter,
    Escalation,
    MatterRequest,
    Meeting,
    PolicySuggestion,
)
from zhenxing.mechanisms.demo import demo_author
from zhenxing.orgs.models import Unit

UNIT_CODES = [
    "ndrc",
    "mof",
    "miit",
    "mofcom",
    "mot",
    "mnr",
    "nra",
    "nea",
    "nfga",
    "liaoning-government",
    "jilin-government",
    "heilongjiang-government",
    "inner-mongolia-government",
    "dalian-government",
]


def _day(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _backdate(matter: CoordinationMatter, raised: datetime.date, due: datetime.date | None = None):
    """Demo history only: when the matter was raised and by when answers were due, as if it had
    been raised weeks ago (timestamps, not business content, so the change log is not involved)."""
    CoordinationMatter.objects.filter(pk=matter.pk).update(
        raised_at=_moment(raised), routed_at=_moment(_day(raised, 2))
    )
    MatterRequest.objects.filter(matter=matter).update(asked_at=_moment(_day(raised, 2)))
    MatterRequest.objects.filter(matter=matter, responded_at__isnull=False).update(
        responded_at=_moment(_day(raised, 5))
    )
    if due is not None:
        CoordinationMatter.objects.filter(pk=matter.pk).update(response_due_date=due)
        MatterRequest.objects.filter(matter=matter).update(due_date=due)


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    if not CoordinationMatter.objects.filter(mechanism=mechanism).exists():
        _populate(secretariat=secretariat, mechanism=mechanism, plan=plan, today=today)
    matters = CoordinationMatter.objects.filter(mechanism=mechanism)
    return (
        f"协调事项 {matters.count()} 件（未办结 {matters.open().count()} 件），"
        f"联席会议 {Meeting.objects.filter(mechanism=mechanism).count()} 次，"
        f"政策建议 {PolicySuggestion.objects.filter(mechanism=mechanism).count()} 条"
    )


def _populate(*, secretariat, mechanism, plan, today: datetime.date) -> None:
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=UNIT_CODES)}
    ndrc, mof = units["ndrc"], units["mof"]
    liaoning, jilin = units["liaoning-government"], units["jilin-government"]
    heilongjiang = units["heilongjiang-government"]
    inner_mongolia, dalian = units["inner-mongolia-government"], units["dalian-government"]
    tasks = list(plan.tasks.order_by("position")) if plan is not None else []

    def raise_matter(unit, **fields) -> CoordinationMatter:
        return services.matter_raise(
            user=demo_author(unit, secretariat), mechanism=mechanism, unit=unit, **fields
        )

    def respond(matter, unit, text) -> None:
        request = matter.requests.get(unit=unit)
        services.matter_respond(request=request, user=demo_author(unit, secretariat), response=text)

    # 1. Decided at the joint meeting held a month ago: Inner Mongolia's cross-border railway.
    railway = raise_matter(
        inner_mongolia,
        title="满洲里至赤塔跨境铁路扩能改造前期工作",
        description="满洲里口岸铁路换装能力已接近饱和，扩能改造需国家铁路局、交通运输部"
        "与俄方协调推进，请工作机制协调明确前期工作牵头单位和时间安排。",
        category=CoordinationMatter.Category.OPENING_UP,
        proposed_units=[units["nra"], units["mot"]],
        tasks=tasks[15:16],
    )
    services.matter_route(
        matter=railway, user=secretariat, units=[units["nra"], units["mot"]], due_date=today
    )
    respond(railway, units["nra"], "同意纳入口岸铁路扩能规划，需与俄方铁路部门进一步会商。")
    respond(railway, units["mot"], "支持开展前期工作，建议由国家铁路局牵头对外会商。")
    services.matter_confirm(
        matter=railway,
        user=demo_author(inner_mongolia, secretariat),
        accepted=False,
        opinion="答复未明确牵头单位和完成时限，请提交联席会议研究。",
    )
    services.matter_escalate(
        matter=railway, user=secretariat, reason="涉及两个部门和对外协调，秘书处层面难以明确分工。"
    )
    held = _day(today, -30)
    meeting = services.meeting_schedule(
        user=secretariat,
        mechanism=mechanism,
        held_on=held,
        convener="国家发展改革委负责同志",
        convener_unit=ndrc,
        attending_units=[ndrc, mof, units["nra"], units["mot"], inner_mongolia, liaoning],
        location="国家发展改革委",
    )
    services.meeting_agenda_build(meeting=meeting, user=secretariat)
    services.agenda_item_add(
        meeting=meeting, user=secretariat, title="听取各成员单位上半年重点任务推进情况汇报"
    )
    services.meeting_minutes_save(
        meeting=meeting,
        user=secretariat,
        version=meeting.version,
        minutes="会议听取了各成员单位重点任务推进情况汇报，研究了满洲里至赤塔跨境铁路扩能改造"
        "前期工作。会议议定：由国家铁路局牵头、交通运输部和内蒙古自治区人民政府配合，"
        "三个月内完成扩能改造可行性研究并与俄方会商。",
    )
    services.decision_add(
        meeting=meeting,
        user=secretariat,
        text="国家铁路局牵头完成满洲里至赤塔跨境铁路扩能改造可行性研究，并与俄方铁路部门会商",
        lead_unit=units["nra"],
        participating_units=[units["mot"], inner_mongolia],
        due_date=_day(today, 60),
        matter=railway,
    )
    services.meeting_minutes_issue(meeting=meeting, user=secretariat)
    _backdate(railway, _day(today, -50), _day(today, -38))
    Escalation.objects.filter(matter=railway).update(escalated_at=_moment(_day(today, -36)))

    # 2. Overdue: Liaoning's high-speed railway, MOF answered and MIIT has not; escalated.
    shenbai = raise_matter(
        liaoning,
        title="沈阳至白河高铁项目资本金缺口",
        description="项目资本金缺口约20亿元，地方财力难以承担，请财政部、工业和信息化部协调支持。",
        category=CoordinationMatter.Category.MAJOR_PROJECT,
        proposed_units=[mof, units["miit"]],
        tasks=tasks[4:5],
    )
    services.matter_route(
        matter=shenbai, user=secretariat, units=[mof, units["miit"]], due_date=today
    )
    respond(
        shenbai, mof, "拟通过中央预算内投资和地方政府专项债券统筹支持，具体额度待项目审批后确定。"
    )
    _backdate(shenbai, _day(today, -24), _day(today, -6))
    services.matter_escalate(
        matter=shenbai,
        user=secretariat,
        reason="工业和信息化部逾期未答复，资本金缺口影响年内开工，提请联席会议研究。",
    )
    services.instruction_attach(
        user=secretariat,
        target=shenbai,
        leader="领导小组副组长",
        text="请财政部、工业和信息化部抓紧研究，提出支持意见，确保项目年内开工。",
        issued_on=_day(today, -4),
        units=[mof, units["miit"]],
        response_due_date=_day(today, 10),
    )

    # 3. Resolved: Jilin's port opening, both ministries answered and Jilin accepted.
    hunchun = raise_matter(
        jilin,
        title="珲春口岸扩大开放和国际物流通道建设",
        description="请商务部、交通运输部支持珲春口岸扩大开放，将珲春至扎鲁比诺港陆海联运"
        "纳入国家物流通道规划。",
        category=CoordinationMatter.Category.OPENING_UP,
        proposed_units=[units["mofcom"], units["mot"]],
    )
    services.matter_route(
        matter=hunchun, user=secretariat, units=[units["mofcom"], units["mot"]], due_date=today
    )
    respond(hunchun, units["mofcom"], "支持珲春口岸扩大开放，已纳入年度口岸开放审理计划。")
    respond(hunchun, units["mot"], "已将珲春至扎鲁比诺港陆海联运纳入物流通道规划中期调整。")
    services.matter_confirm(
        matter=hunchun,
        user=demo_author(jilin, secretariat),
        accepted=True,
        opinion="答复意见明确，同意办结。",
    )
    _backdate(hunchun, _day(today, -45), _day(today, -30))

    # 4. In progress, answers due next week: Heilongjiang's forest-area land reform.
    forest = raise_matter(
        heilongjiang,
        title="国有林区林地与建设用地指标统筹使用试点",
        description="重点国有林区转型发展项目用地指标不足，请自然资源部、国家林业和草原局"
        "支持开展林地与建设用地统筹使用试点。",
        category=CoordinationMatter.Category.INSTITUTIONAL_INNOVATION,
        proposed_units=[units["mnr"], units["nfga"]],
    )
    services.matter_route(
        matter=forest,
        user=secretariat,
        units=[units["mnr"], units["nfga"]],
        due_date=_day(today, 8),
    )
    respond(forest, units["nfga"], "支持开展试点，建议先在伊春、大兴安岭选择两个林业局先行。")
    _backdate(forest, _day(today, -7))

    # 5. Just raised, not yet routed: Dalian's energy project.
    raise_matter(
        dalian,
        title="大连LNG接收站三期工程纳入国家规划",
        description="请国家能源局支持将大连LNG接收站三期工程纳入天然气储备能力建设规划。",
        category=CoordinationMatter.Category.MAJOR_PROJECT,
        proposed_units=[units["nea"]],
        response_due_date=_day(today, 20),
    )

    # The next joint meeting, with the matters now awaiting its decision on the agenda.
    upcoming = services.meeting_schedule(
        user=secretariat,
        mechanism=mechanism,
        held_on=_day(today, 14),
        convener="国家发展改革委负责同志",
        convener_unit=ndrc,
        attending_units=[ndrc, mof, units["miit"], liaoning, jilin, heilongjiang],
        location="国家发展改革委",
    )
    services.meeting_agenda_build(meeting=upcoming, user=secretariat)

    # A matter the leading group assigned, tracked as a task.
    services.assignment_record(
        user=secretariat,
        mechanism=mechanism,
        title="研究提出支持东北地区能源基地绿色转型的政策措施",
        assigned_by="领导小组组长",
        assigned_on=_day(today, -40),
        lead_unit=units["nea"],
        participating_units=[ndrc, units["mof"]],
        due_date=_day(today, 50),
        description="结合东北地区煤电、风电、光伏资源禀赋，研究提出能源基地绿色转型的支持政策。",
    )

    # Policy suggestions: proposed, under study, declined; one adopted into seed 003.
    suggestions = [
        (
            liaoning,
            PolicySuggestion.Kind.PROPOSAL,
            "支持老工业城市更新改造的政策建议",
            "建议设立老工业城市更新改造专项，支持城区老工业区搬迁改造和工业遗产保护利用。",
            None,
        ),
        (
            jilin,
            PolicySuggestion.Kind.RESEARCH_TOPIC,
            "东北地区人口流动与人才振兴研究",
            "建议组织开展东北地区人口流动趋势和人才政策效果评估研究。",
            "under_study",
        ),
        (
            heilongjiang,
            PolicySuggestion.Kind.PROPOSAL,
            "对寒地农业实行差别化补贴",
            "建议对高寒地区农业生产实行高于全国平均标准的差别化补贴。",
            "declined",
        ),
        (
            ndrc,
            PolicySuggestion.Kind.PROPOSAL,
            "建立东北地区与东部地区对口合作机制",
            "建议组织辽宁与江苏、吉林与浙江、黑龙江与广东等省开展对口合作。",
            "adopted",
        ),
    ]
    for unit, kind, title, content, outcome in suggestions:
        suggestion = services.suggestion_propose(
            user=demo_author(unit, secretariat),
            mechanism=mechanism,
            unit=unit,
            kind=kind,
            title=title,
            content=content,
        )
        if outcome in {"under_study", "declined", "adopted"}:
            suggestion = services.suggestion_decide(
                suggestion=suggestion, user=secretariat, status="under_study"
            )
        if outcome == "declined":
            services.suggestion_decide(
                suggestion=suggestion,
                user=secretariat,
                status="declined",
                reason="现行农业补贴政策已对东北地区予以倾斜，暂不另设差别化标准。",
            )
        if outcome == "adopted" and plan is not None:
            services.suggestion_decide(
                suggestion=suggestion, user=secretariat, status="adopted", adopted_in=plan.document
            )
