"""Who may see and do what in reporting rounds. One place, used by the pages and the API.

- The secretariat opens and closes rounds, reviews (returns with a note, accepts), decides
  extension requests, rates tasks, closes them out, and sees everything, drafts included.
- A unit's liaison or leader sees and edits only its own unit's submissions (its departments'
  count as the unit's), never another unit's drafts. The lead unit of a task (and each co-lead)
  also sees its participating units' reports on that task once they are submitted, to
  consolidate them. It asks for extensions of the tasks its unit leads or co-leads.
- Leading-group readers and inspectors read everything except work in progress and change nothing.
- The three administrators have no part in rounds (403).

"Work in progress" is a draft, and also a returned report: its live text is being rewritten, so
only its unit and the secretariat see it (what was submitted stays in its snapshots).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import within_mechanism, within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.orgs.models import Role, Unit
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.rounds.models import (
    Evidence,
    ExtensionRequest,
    ReportingRound,
    Submission,
)

SEALED = (Submission.Status.SUBMITTED, Submission.Status.RESUBMITTED, Submission.Status.ACCEPTED)


def _in_scope(queryset: QuerySet, user, field: str, mechanism: Mechanism | None) -> QuerySet:
    """Rows of the mechanism in use when a page gives it (`mechanism_in_use(request)`: one the
    person works in), else of every mechanism the person works in."""
    if mechanism is not None:
        return within_mechanism(queryset, mechanism, field)
    return within_mechanisms_of(queryset, user, field)


def may_use_rounds(user) -> bool:
    return access.has_role(user, Role.SECRETARIAT_OFFICER, *access.UNIT_ROLES, *access.READER_ROLES)


def may_manage_rounds(user) -> bool:
    """Open and close rounds, review, decide extensions, rate, close out: the secretariat."""
    return access.is_secretariat(user)


def _of_unit(unit: Unit, prefix: str = "") -> Q:
    return Q(**{f"{prefix}unit": unit}) | Q(**{f"{prefix}unit__parent": unit})


def _leads(unit: Unit) -> Q:
    """Submissions of tasks the unit leads; a co-lead (A、B牵头) leads as the lead unit does."""
    co_led = Task.objects.filter(Q(co_lead_units=unit) | Q(co_lead_units__parent=unit))
    return (
        Q(task__lead_unit=unit) | Q(task__lead_unit__parent=unit) | Q(task__in=co_led.values("pk"))
    )


def rounds_visible_to(user) -> QuerySet[ReportingRound]:
    """Every round for the secretariat and readers; for a unit, the rounds it reports in."""
    rounds = within_mechanisms_of(
        ReportingRound.objects.select_related("opened_by", "closed_by"), user
    )
    if access.sees_everything(user):
        return rounds
    unit = access.acting_unit(user)
    if unit is None:
        return rounds.none()
    return rounds.filter(pk__in=Submission.objects.of_unit(unit).values("round_id").distinct())


def submissions_visible_to(user, mechanism: Mechanism | None = None) -> QuerySet[Submission]:
    """The submissions the user may read (see the module docstring), in `mechanism` if given
    (the mechanism in use), else in all the user's mechanisms."""
    submissions = _in_scope(
        Submission.objects.select_related("round", "task", "unit"),
        user,
        "round__mechanism",
        mechanism,
    )
    if access.is_secretariat(user):
        return submissions
    if access.is_reader(user):
        return submissions.filter(status__in=SEALED)
    unit = access.acting_unit(user)
    if unit is None:
        return submissions.none()
    consolidating = Q(role=Submission.Role.PARTICIPANT, status__in=SEALED) & _leads(unit)
    return submissions.filter(_of_unit(unit) | consolidating)


def may_edit_submission(user, submission: Submission) -> bool:
    """Only the unit itself writes its report, and only while it is a draft or returned."""
    unit = access.acting_unit(user)
    return (
        unit is not None
        and (submission.unit_id == unit.pk or submission.unit.parent_id == unit.pk)
        and submission.is_editable
    )


def may_review(user, submission: Submission) -> bool:
    return may_manage_rounds(user) and submission.status in Submission.WAITING_FOR_REVIEW


def get_round_for_user(user, pk) -> tuple[ReportingRound, bool]:
    """The round and whether the user may manage it (close it); 403 or 404 when not visible."""
    access.require(may_use_rounds(user))
    round_ = get_object_or_404(rounds_visible_to(user), pk=pk)
    return round_, may_manage_rounds(user) and round_.is_open


def get_submission_for_user(user, pk) -> tuple[Submission, bool]:
    """The submission and whether the user may edit its content; 403 or 404 when not visible."""
    access.require(may_use_rounds(user))
    submission = get_object_or_404(
        submissions_visible_to(user).select_related(
            "task__lead_unit", "task__plan", "unit__parent", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    return submission, may_edit_submission(user, submission)


def get_evidence_for_user(user, pk) -> tuple[Evidence, bool]:
    """An evidence file and whether the user may remove it."""
    access.require(may_use_rounds(user))
    evidence = get_object_or_404(
        Evidence.objects.select_related("submission__round", "submission__unit"), pk=pk
    )
    submission = get_object_or_404(submissions_visible_to(user), pk=evidence.submission_id)
    return evidence, may_edit_submission(user, submission)


def supervised_tasks_visible_to(user, mechanism: Mechanism | None = None) -> QuerySet[Task]:
    """Tasks as supervised in rounds, reported on by their units: published plans only; all
    of them for readers, for a unit the tasks it leads or takes part in; in `mechanism` if given
    (the mechanism in use), else in all the user's mechanisms. (Policies'
    `plan_tasks_visible_to` is the wider view of a task as read in its plan.)"""
    tasks = _in_scope(
        Task.objects.filter(plan__status=DivisionPlan.Status.PUBLISHED).select_related(
            "plan", "lead_unit"
        ),
        user,
        "plan__mechanism",
        mechanism,
    )
    if access.sees_everything(user):
        return tasks
    unit = access.acting_unit(user)
    if unit is None:
        return tasks.none()
    return tasks.involving(unit)


def get_supervised_task_for_user(user, pk) -> tuple[Task, bool]:
    """A task's supervision record and whether the user may act on it (rate, close out)."""
    access.require(may_use_rounds(user))
    task = get_object_or_404(supervised_tasks_visible_to(user), pk=pk)
    return task, may_manage_rounds(user)


def may_request_extension(user, task: Task) -> bool:
    """A unit asks for more time on the tasks it leads (alone or as a co-lead)."""
    unit = access.acting_unit(user)
    return unit is not None and task.is_led_by(unit)


def extension_requests_visible_to(user) -> QuerySet[ExtensionRequest]:
    requests = within_mechanisms_of(
        ExtensionRequest.objects.select_related(
            "task__plan", "task__lead_unit", "unit", "requested_by", "decided_by"
        ),
        user,
        "task__plan__mechanism",
    )
    if access.sees_everything(user):
        return requests
    unit = access.acting_unit(user)
    if unit is None:
        return requests.none()
    return requests.filter(_of_unit(unit))


def get_extension_request_for_user(user, pk) -> tuple[ExtensionRequest, bool]:
    """The request and whether the user may decide it (the secretariat, while pending)."""
    access.require(may_use_rounds(user))
    request = get_object_or_404(extension_requests_visible_to(user), pk=pk)
    return request, may_manage_rounds(user) and request.status == ExtensionRequest.Status.PENDING
