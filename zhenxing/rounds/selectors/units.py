"""A unit's view: what it must report, its participants' readiness, the home-page panel."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.access import acting_unit, is_unit_person
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.policies.models import Task
from zhenxing.rounds.models import ReportingRound, Submission
from zhenxing.rounds.selectors.lights import colour_counts


def unit_due_submissions(unit, limit: int = 100) -> list[Submission]:
    """A unit's reports still to write (draft or returned) in open rounds, soonest due first."""
    return list(
        Submission.objects.of_unit(unit)
        .filter(round__status=ReportingRound.Status.OPEN, status__in=Submission.EDITABLE)
        .select_related("round", "task", "unit")
        .order_by("round__due_date", "task__position", "pk")[:limit]
    )


def participants_ready(unit) -> dict[int, int]:
    """For the lead unit (or a co-lead): per (round, task), how many participants' reports it can
    consolidate."""
    co_led = Task.objects.filter(Q(co_lead_units=unit) | Q(co_lead_units__parent=unit))
    rows = (
        Submission.objects.filter(
            Q(task__lead_unit=unit)
            | Q(task__lead_unit__parent=unit)
            | Q(task__in=co_led.values("pk")),
            role=Submission.Role.PARTICIPANT,
            round__status=ReportingRound.Status.OPEN,
            status__in=(
                Submission.Status.SUBMITTED,
                Submission.Status.RESUBMITTED,
                Submission.Status.ACCEPTED,
            ),
        )
        .values("round_id", "task_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["round_id"], row["task_id"]): row["n"] for row in rows}


def home_panel(user, today: datetime.date | None = None, mechanism=None) -> dict | None:
    """The figures of the rounds panel on the home page, for the user's role (None: no panel),
    in `mechanism` (the one in use) when given."""
    from zhenxing.rounds import access
    from zhenxing.rounds.models import ExtensionRequest

    today = today or timezone.localdate()
    if not access.may_use_rounds(user):
        return None

    def scoped(rows, field):
        return within_mechanism(rows, mechanism, field) if mechanism else rows

    open_rounds = scoped(
        ReportingRound.objects.filter(status=ReportingRound.Status.OPEN), "mechanism"
    )
    pending = scoped(
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING),
        "task__plan__mechanism",
    )
    if is_unit_person(user):
        unit = acting_unit(user)
        mine = scoped(
            Submission.objects.of_unit(unit).filter(round__status=ReportingRound.Status.OPEN),
            "round__mechanism",
        )
        counts = mine.aggregate(
            due=Count("id", filter=Q(status__in=Submission.EDITABLE)),
            returned=Count("id", filter=Q(status=Submission.Status.RETURNED)),
            late=Count("id", filter=Q(status__in=Submission.EDITABLE, round__due_date__lt=today)),
        )
        counts["to_consolidate"] = sum(participants_ready(unit).values())
        counts["pending_extensions"] = pending.filter(Q(unit=unit) | Q(unit__parent=unit)).count()
        return {"kind": "unit", **counts}
    tasks = scoped(access.supervised_tasks_visible_to(user).in_force(), "plan__mechanism")
    counts = {
        "open_rounds": open_rounds.count(),
        "overdue": tasks.filter(due_date__lt=today, close_out__isnull=True).count(),
        **colour_counts(tasks.select_related(None), today),
    }
    if access.may_manage_rounds(user):
        counts["waiting"] = scoped(
            Submission.objects.filter(
                round__status=ReportingRound.Status.OPEN,
                status__in=Submission.WAITING_FOR_REVIEW,
            ),
            "round__mechanism",
        ).count()
        counts["pending_extensions"] = pending.count()
        return {"kind": "secretariat", **counts}
    return {"kind": "reader", **counts}


def unreported_participants(submission: Submission) -> list:
    """The participating units of the lead report's task that have not reported in its round."""
    drafts = Submission.objects.filter(
        round_id=submission.round_id,
        task_id=submission.task_id,
        role=Submission.Role.PARTICIPANT,
        status=Submission.Status.DRAFT,
    ).select_related("unit")
    return [draft.unit for draft in drafts.order_by("pk")]


def units_without_reporters(unit_ids) -> list[Unit]:
    """The units among `unit_ids` that nobody could report for: no active liaison officer or
    unit leader account in the unit, its departments, or the ministry it belongs to (the same
    rule as access.may_edit_submission)."""
    unit_ids = set(unit_ids)
    staffed = set()
    people = User.objects.filter(
        is_active=True, role__in=(Role.UNIT_LIAISON, Role.UNIT_LEADER), unit__isnull=False
    ).values_list("unit_id", "unit__parent_id")
    for unit_id, parent_id in people:
        staffed.update({unit_id, parent_id} - {None})
    units = Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "pk")
    return [
        unit
        for unit in units
        if unit.pk not in staffed and (unit.parent_id is None or unit.parent_id not in staffed)
    ]


def units_asked_by_tasks(tasks) -> set[int]:
    """The lead and participating units of the tasks that a round over them would ask."""
    tasks = Task.objects.filter(
        pk__in=tasks.values("pk"), lead_unit__isnull=False, close_out__isnull=True
    )
    leads = set(tasks.values_list("lead_unit_id", flat=True))
    participants = Task.participating_units.through.objects.filter(task__in=tasks)
    return leads | set(participants.values_list("unit_id", flat=True))
