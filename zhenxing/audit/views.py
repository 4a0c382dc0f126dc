"""The change log pages: read-only, for the audit administrator."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from zhenxing.audit import redaction
from zhenxing.audit.forms import ChangeFilterForm
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs import access


@login_required
def change_list(request):
    access.require(access.may_read_audit_log(request.user))
    form = ChangeFilterForm(request.GET or None)
    records = ChangeRecord.objects.select_related("content_type")
    if form.is_valid():
        records = form.filter(records)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "audit/change_list.html", {"form": form, "page": page})


@login_required
def change_detail(request, pk):
    access.require(access.may_read_audit_log(request.user))
    record = get_object_or_404(ChangeRecord.objects.select_related("content_type"), pk=pk)
    rows = redaction.field_rows(record)
    return render(request, "audit/change_detail.html", {"record": record, "rows": rows})
