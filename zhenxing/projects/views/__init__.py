"""Pages of the project library: projects (list, detail, edit, updates), imports, statistics
and the signing funnel. Each view checks access with `projects.access`, calls one form or
service, and renders or redirects."""

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"
