"""The change log pages: read-only, for the audit administrator."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from zhenxing.audit import exports, redaction
from zhenxing.audit.forms import ChangeFilterForm, ExportForm
from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.pagination import FastPaginator
from zhenxing.lib.xlsx_export import CONTENT_TYPE as XLSX
from zhenxing.operations.list_cache import cached_fragment, kept_page, tables_of
from zhenxing.orgs import access


@login_required
def change_list(request):
    access.require(access.may_read_audit_log(request.user))
    form = ChangeFilterForm(request.GET or None)

    def table() -> str:
        records = ChangeRecord.objects.select_related("content_type")
        if form.is_valid():
            records = form.filter(records)
        page = FastPaginator(records, 50).get_page(request.GET.get("page"))
        context = {"page": page, "request": request}
        return render_to_string("audit/_change_table.html", context)

    def page() -> HttpResponse:
        rows = cached_fragment(request, "audit", tables_of("audit", also=()), table)
        return render(request, "audit/change_list.html", {"form": form, "table": rows})

    return kept_page(request, "audit", tables_of("audit", also=()), page)


@login_required
def change_detail(request, pk):
    access.require(access.may_read_audit_log(request.user))
    record = get_object_or_404(ChangeRecord.objects.select_related("content_type"), pk=pk)
    rows = redaction.field_rows(record)
    return render(request, "audit/change_detail.html", {"record": record, "rows": rows})


@login_required
def change_export(request):
    """The records of a date range as .xlsx or .csv, for the assessor."""
    access.require(access.may_read_audit_log(request.user))
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return render(
            request, "audit/change_export.html", {"form": form}, status=400 if request.GET else 200
        )
    data = form.cleaned_data
    name = f"audit-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}.{data['file_format']}"
    if data["file_format"] == "csv":
        response = StreamingHttpResponse(
            exports.change_records_csv(form.records()), content_type="text/csv; charset=utf-8"
        )
    else:
        content = exports.change_records_xlsx(
            form.records(), date_from=data["date_from"], date_to=data["date_to"]
        )
        response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response
