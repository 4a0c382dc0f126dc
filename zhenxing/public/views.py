"""The open-data site (/open/, no sign-in) and the secretariat's page choosing what it shows."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhenxing.lib.xlsx_export import neutralise_formula
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs import access as org_access
from zhenxing.public import access, selectors
from zhenxing.public.forms import PublicationsForm
from zhenxing.public.limits import rate_limited
from zhenxing.public.services import publications_set


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
    org_access.require(access.may_manage_publications(request.user))
    mechanism = get_object_or_404(Mechanism, code=code)
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
