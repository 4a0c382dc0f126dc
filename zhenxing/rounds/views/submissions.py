"""A unit's report: write (with autosave), attach evidence, submit; the secretariat reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.indicators.services import indicator_labels
from zhenxing.lib.actions import confirmed
from zhenxing.lib.versions import conflict_context, parse_version
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Unit
from zhenxing.rounds import access, selectors, services
from zhenxing.rounds.forms import (
    AcceptForm,
    CloseOutForm,
    EvidenceForm,
    ReturnForm,
    SubmissionForm,
    editor_rows,
)
from zhenxing.rounds.models import CloseOut, Submission
from zhenxing.rounds.views import is_htmx, render_page


@login_required
def submission_detail(request, pk):
    submission, can_edit = access.get_submission_for_user(request.user, pk)
    return _page(request, submission, can_edit)


def _page(
    request, submission, can_edit, form=None, version=None, status=200, error=None, conflict=None
):
    user = request.user
    figures, needs = editor_rows(submission, form.data if form is not None else None)
    context = {
        "submission": submission,
        "round": submission.round,
        "task": submission.task,
        "can_edit": can_edit,
        "form": form or SubmissionForm(instance=submission),
        "version": version or submission.version,
        "figure_rows": figures,
        "indicator_labels": indicator_labels() if can_edit else [],
        "need_rows": needs,
        "error": error,
        "conflict": conflict,
        "evidence": submission.evidence.select_related("uploaded_by"),
        "coordination_needs": submission.coordination_needs.prefetch_related("units_asked"),
        "snapshots": submission.snapshots.select_related("submitted_by"),
        "events": submission.events.select_related("actor"),
        "participants": _participants(user, submission),
        "may_review": access.may_review(user, submission),
        "may_close_out": (may_close_out := _may_close_out(user, submission)),
        "unreported": selectors.unreported_participants(submission) if may_close_out else [],
        "unit_names": Unit.objects.current()
        .exclude(kind=Unit.Kind.INTERNAL_DEPARTMENT)
        .values_list("full_name", flat=True),
        "return_form": ReturnForm(),
        "accept_form": AcceptForm(),
        "close_out_form": CloseOutForm(),
        "status_colours": Submission.STATUS_COLOURS,
        "progress_colours": Submission.PROGRESS_COLOURS,
        "progress_labels": dict(Submission.Progress.choices),
    }
    return render_page(request, "rounds/submission_detail.html", context, status=status)


def _participants(user, submission) -> list[tuple[Submission, bool]]:
    """Beside the lead unit's report: each participant's status, and its report once submitted."""
    if submission.role != Submission.Role.LEAD:
        return []
    rows = list(
        Submission.objects.filter(
            round_id=submission.round_id,
            task_id=submission.task_id,
            role=Submission.Role.PARTICIPANT,
        )
        .select_related("unit")
        .prefetch_related("evidence", "coordination_needs__units_asked")
    )
    readable = set(
        access.submissions_visible_to(user)
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )
    # A draft is not a report: its default 进展状态 (未启动) was never said by the unit.
    return [(row, row.pk in readable and row.status != Submission.Status.DRAFT) for row in rows]


def _may_close_out(user, submission) -> bool:
    return (
        access.may_manage_rounds(user)
        and submission.role == Submission.Role.LEAD
        and submission.status == Submission.Status.ACCEPTED
        and submission.progress_status == Submission.Progress.COMPLETED
        and not CloseOut.objects.filter(task_id=submission.task_id).exists()
    )


def _posted_version(request) -> int | None:
    """The version the page read; None when missing, which the service refuses."""
    return parse_version(request.POST.get("version"))


@login_required
@require_POST
def submission_save(request, pk):
    """Save the draft (autosave posts here every few seconds while the unit types)."""
    submission, can_edit = access.get_submission_for_user(request.user, pk)
    require(can_edit)
    posted_version = _posted_version(request)
    form = SubmissionForm(request.POST, instance=submission)
    saved, error, conflict = None, None, False
    if form.is_valid():
        try:
            saved = services.submission_save_draft(
                submission=submission,
                user=request.user,
                fields=form.service_fields(),
                expected_version=posted_version,
                coordination_needs=form.needs,
            )
        except services.StaleSubmissionError as stale:
            error, conflict = stale.messages[0], True
        except ValidationError as invalid:
            error = "；".join(invalid.messages)
    else:
        error = _("请检查填写的内容。")
    if is_htmx(request):
        context = {
            "submission": submission,
            "saved": saved,
            "error": error,
            "conflict": conflict,
            "unresolved": form.unresolved,
            "current_version": Submission.objects.values_list("version", flat=True).get(pk=pk),
        }
        # A conflict is 409 like every stale write (static/js/zhenxing.js has htmx show it).
        return render_page(
            request, "rounds/_autosave.html", context, status=409 if conflict else 200
        )
    if saved is None and conflict:
        return _conflict_page(request, submission, form)
    if saved is None:
        return _page(request, submission, True, form, posted_version, 400, error)
    messages.success(request, _("草稿已保存。"))
    return redirect("rounds:submission_detail", pk)


@login_required
@require_POST
def submission_submit(request, pk):
    """Save what is on the page, then submit it; on any problem the page comes back as typed."""
    submission, can_edit = access.get_submission_for_user(request.user, pk)
    require(can_edit)
    posted_version = _posted_version(request)
    form = SubmissionForm(request.POST, instance=submission)
    if form.is_valid() and not form.unresolved:
        try:
            saved = services.submission_save_draft(
                submission=submission,
                user=request.user,
                fields=form.service_fields(),
                expected_version=posted_version,
                coordination_needs=form.needs,
            )
            posted_version = saved.version
            services.submission_submit(
                submission=saved, user=request.user, expected_version=saved.version
            )
        except services.StaleSubmissionError:
            return _conflict_page(request, submission, form)
        except ValidationError as error:
            message = "；".join(error.messages)
            return _page(request, submission, True, form, posted_version, 400, message)
        messages.success(request, _("已报送。报送内容已存档，不能再修改。"))
        return redirect("rounds:submission_detail", pk)
    error = _("请检查填写的内容。")
    if form.unresolved:
        error = _("以下单位名称未能识别，请使用全称或常用简称：") + "、".join(form.unresolved)
    return _page(request, submission, True, form, posted_version, 400, error)


def _conflict_page(request, submission, form):
    """409: the page as typed, what the other person saved beside it, and the current version
    (so saving again, having seen it, replaces their text)."""
    current = Submission.objects.get(pk=submission.pk)
    stale = services.StaleSubmissionError(current)
    record = ChangeRecord.objects.latest_for(current)
    conflict = conflict_context(form, SubmissionForm(instance=current), stale, record)
    return _page(request, current, True, form, current.version, 409, None, conflict)


@login_required
@require_POST
def evidence_upload(request, pk):
    submission, can_edit = access.get_submission_for_user(request.user, pk)
    require(can_edit)
    form = EvidenceForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.evidence_add(
                submission=submission, user=request.user, filename=upload.name, data=upload.read()
            )
        except ValidationError as invalid:
            error = "；".join(invalid.messages)
    else:
        error = _("请选择文件。")
    return _evidence_changed(request, submission, error)


def _evidence_changed(request, submission, error=None):
    """htmx swaps the evidence list in place (the text being typed stays); else reload."""
    if is_htmx(request):
        context = {
            "submission": submission,
            "can_edit": True,
            "evidence": submission.evidence.select_related("uploaded_by"),
            "evidence_error": error,
        }
        return render_page(request, "rounds/_evidence.html", context)
    if error:
        messages.error(request, error)
    return redirect("rounds:submission_detail", submission.pk)


@login_required
def evidence_download(request, pk):
    evidence, _can_remove = access.get_evidence_for_user(request.user, pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence, can_remove = access.get_evidence_for_user(request.user, pk)
    require(can_remove)
    submission = evidence.submission
    services.evidence_remove(evidence=evidence, user=request.user)
    return _evidence_changed(request, submission)


def _review(request, pk, form_class, action, done: str):
    submission, _can_edit = access.get_submission_for_user(request.user, pk)
    require(access.may_review(request.user, submission))
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("退回须写明意见。"))
        return redirect("rounds:submission_detail", pk)
    try:
        action(submission=submission, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("rounds:submission_detail", pk)


@login_required
@require_POST
def submission_return(request, pk):
    return _review(
        request, pk, ReturnForm, services.submission_return, _("已退回，并已通知报送单位。")
    )


@login_required
@require_POST
def submission_accept(request, pk):
    return _review(request, pk, AcceptForm, services.submission_accept, _("已采用。"))


@login_required
@require_POST
def submission_close_out(request, pk):
    """销号 from this accepted, completed lead report with evidence."""
    submission, _can_edit = access.get_submission_for_user(request.user, pk)
    require(access.may_manage_rounds(request.user))
    if not confirmed(request):
        return redirect("rounds:submission_detail", pk)
    form = CloseOutForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.task_close_out(
            task=submission.task, user=request.user, submission=submission, note=note
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("任务已销号。"))
    return redirect("rounds:submission_detail", pk)


@login_required
@require_POST
def submissions_accept(request):
    """Accept the ticked reports of the review queue, each as its own 采用."""
    require(access.may_manage_rounds(request.user))
    ids = [int(value) for value in request.POST.getlist("submission") if value.isdigit()]
    ticked = selectors.review_queue(access.submissions_visible_to(request.user).filter(pk__in=ids))
    accepted, refusals = services.submissions_accept(submissions=ticked, user=request.user)
    if accepted:
        messages.success(request, _("已采用 %(count)s 份报送。") % {"count": len(accepted)})
    elif not refusals:
        messages.warning(request, _("请先勾选要采用的报送。"))
    for refusal in refusals:
        messages.error(request, refusal)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("rounds:dashboard")
    return redirect(back)
