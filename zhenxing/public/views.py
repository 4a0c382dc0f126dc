"""The open-data site (/open/, no sign-in) and the secretariat's page choosing what it shows;
suggestions from the public: the form, the receipt, the status page, the public list, and the
inbox where the secretariat routes them and units answer."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhenxing.lib.xlsx_export import neutralise_formula
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs import access as org_access
from zhenxing.public import access, selectors
from zhenxing.public.captcha import captcha_question, captcha_svg
from zhenxing.public.forms import (
    AnswerForm,
    PublicationsForm,
    PublishForm,
    RouteForm,
    StatusForm,
    SuggestionForm,
)
from zhenxing.public.limits import rate_limited, seconds_to_wait, too_many_requests
from zhenxing.public.services import (
    publications_set,
    suggestion_answer,
    suggestion_publish,
    suggestion_route,
    suggestion_submit,
)


@rate_limited("open")
def open_index(request):
    return render(
        request, "public/open_index.html", {"mechanisms": selectors.publishing_mechanisms()}
    )


def _publishing_mechanism(code) -> Mechanism:
    return get_object_or_404(selectors.publishing_mechanisms(), code=code)


@rate_limited("open")
def open_mechanism(request, code):
    mechanism = _publishing_mechanism(code)
    names = selectors.dataset_names(mechanism)
    datasets = {
        name: selectors.open_dataset(mechanism, name)
        for name in names
        if not name.startswith("plan-")
    }
    context = {
        "mechanism": mechanism,
        "datasets": datasets,
        "plans": [selectors.open_dataset(mechanism, n) for n in names if n.startswith("plan-")],
    }
    return render(request, "public/open_mechanism.html", context)


@rate_limited("open")
def open_plan(request, code, pk):
    mechanism = _publishing_mechanism(code)
    dataset = selectors.open_dataset(mechanism, f"plan-{pk}")
    if dataset is None:
        raise Http404
    return render(request, "public/open_plan.html", {"mechanism": mechanism, "dataset": dataset})


@rate_limited("open")
def open_dataset_file(request, code, name, file_format):
    mechanism = _publishing_mechanism(code)
    dataset = selectors.open_dataset(mechanism, name)
    if dataset is None:
        raise Http404
    if file_format == "json":
        return JsonResponse(
            {
                "mechanism": mechanism.code,
                "name": dataset.name,
                "title": dataset.title,
                "columns": [{"key": key, "title": title} for key, title in dataset.columns],
                "rows": dataset.rows,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _key, title in dataset.columns])
    for row in dataset.rows:
        writer.writerow([neutralise_formula(str(row[key])) for key, _title in dataset.columns])
    # A byte-order mark, so that spreadsheet programs read the Chinese as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{mechanism.code}-{name}.csv"'
    return response


@login_required
def publication_manage(request, code):
    mechanism = get_object_or_404(Mechanism, code=code)
    org_access.require(access.may_manage_publications(request.user, mechanism))
    form = PublicationsForm(request.POST or None, mechanism=mechanism)
    if request.method == "POST" and form.is_valid():
        publications_set(
            mechanism=mechanism,
            datasets=form.cleaned_data["datasets"],
            plans=form.cleaned_data["plans"],
            user=request.user,
        )
        messages.success(request, _("公开内容已保存。"))
        return redirect("public:publication_manage", code=mechanism.code)
    return render(request, "public/publication_manage.html", {"mechanism": mechanism, "form": form})


# -- suggestions from the public -------------------------------------------------------------
@rate_limited("open")
def suggestion_new(request, code):
    mechanism = get_object_or_404(Mechanism, code=code)
    if request.method == "POST" and (wait := seconds_to_wait(request, "suggest")):
        return too_many_requests(wait)
    form = SuggestionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SUBMITTED_FIELDS}
        suggestion = suggestion_submit(mechanism=mechanism, **fields)
        return render(request, "public/suggestion_receipt.html", {"suggestion": suggestion})
    return render(request, "public/suggestion_form.html", {"form": form, "mechanism": mechanism})


@rate_limited("open")
def captcha_image(request, token):
    question = captcha_question(token)
    if question is None:
        raise Http404
    response = HttpResponse(captcha_svg(question), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@rate_limited("open")
def suggestion_status(request):
    # Each look-up counts against the stricter limit, so receipts cannot be tried in bulk.
    if request.method == "POST" and (wait := seconds_to_wait(request, "status")):
        return too_many_requests(wait)
    form = StatusForm(request.POST or None)
    suggestion, not_found = None, False
    if request.method == "POST" and form.is_valid():
        suggestion = selectors.suggestion_find(**form.cleaned_data)
        not_found = suggestion is None
    context = {"form": form, "suggestion": suggestion, "not_found": not_found}
    return render(request, "public/suggestion_status.html", context)


@rate_limited("open")
def suggestion_public_list(request, code):
    mechanism = get_object_or_404(Mechanism, code=code)
    suggestions = selectors.suggestions_listed(mechanism=mechanism)
    context = {"mechanism": mechanism, "suggestions": suggestions}
    return render(request, "public/suggestion_public_list.html", context)


@login_required
def suggestion_inbox(request):
    org_access.require(access.may_open_inbox(request.user))
    visible = access.suggestions_visible_to(request.user)
    suggestions = within_mechanism(visible, mechanism_in_use(request)).select_related(
        "region", "responsible_unit"
    )[:500]
    return render(request, "public/suggestion_inbox.html", {"suggestions": suggestions})


@login_required
def suggestion_detail(request, pk):
    suggestion, may_answer = access.get_suggestion_for_user(request.user, pk)
    may_handle = access.may_handle_suggestions(request.user)
    forms = {
        "route": RouteForm(initial={"unit": suggestion.responsible_unit_id}),
        "answer": AnswerForm(initial={"answer": suggestion.answer}),
        "publish": PublishForm(
            initial={
                "answer_published": suggestion.answer_published,
                "listed_publicly": suggestion.listed_publicly,
            }
        ),
    }
    action = request.POST.get("action")
    if request.method == "POST" and action in forms:
        allowed = may_answer if action == "answer" else may_handle
        org_access.require(allowed)
        form = forms[action] = type(forms[action])(request.POST)
        if form.is_valid():
            try:
                ACTIONS[action](suggestion=suggestion, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                # The action's form may not be drawn in this state; the message always is.
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已保存。"))
                return redirect("public:suggestion_detail", pk=suggestion.pk)
    context = {
        "suggestion": suggestion,
        "may_answer": may_answer and not suggestion.answer_published,
        "may_handle": may_handle,
        "forms": forms,
    }
    return render(request, "public/suggestion_detail.html", context)


@login_required
def suggestion_attachment(request, pk):
    suggestion, _may_answer = access.get_suggestion_for_user(request.user, pk)
    if not suggestion.attachment:
        raise Http404
    return FileResponse(
        suggestion.attachment.open("rb"),
        as_attachment=True,
        filename=suggestion.attachment_name,
        content_type=suggestion.attachment_type,
    )


SUBMITTED_FIELDS = ["category", "region", "text", "contact_name", "contact", "attachment"]
ACTIONS = {
    "route": lambda *, suggestion, user, unit, note: suggestion_route(
        suggestion=suggestion, unit=unit, note=note, user=user
    ),
    "answer": suggestion_answer,
    "publish": suggestion_publish,
}
