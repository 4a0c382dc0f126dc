"""API: the change log, for the audit administrator only."""

import datetime

from django.http import HttpResponse
from ninja import Router, Schema

from zhenxing.audit import redaction
from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.pagination import api_page
from zhenxing.operations.list_cache import cached_api_list, tables_of
from zhenxing.orgs import access

router = Router(tags=["audit"])


class ChangeOut(Schema):
    id: int
    time: datetime.datetime
    actor_name: str
    request_id: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_object_type(record):
        return record.content_type.model_class()._meta.label if record.content_type else ""

    @staticmethod
    def resolve_before(record):
        return redaction.visible_before(record)

    @staticmethod
    def resolve_after(record):
        return redaction.visible_after(record)


@router.get("/changes", response=list[ChangeOut])
def list_changes(
    request,
    response: HttpResponse,
    object_type: str = "",
    object_id: str = "",
    limit: int = 100,
    cursor: str = "",
):
    """The newest changes first; older ones by the `Link` header's rel="next" cursor."""
    access.require(access.may_read_audit_log(request.user))

    def rows():
        records = ChangeRecord.objects.select_related("content_type")
        if object_type and "." in object_type:
            app_label, model = object_type.lower().split(".", 1)
            records = records.filter(content_type__app_label=app_label, content_type__model=model)
        if object_id:
            records = records.filter(object_id=object_id)
        size = max(1, min(limit, 1000))
        ordering = ["-time", "-id"]
        return api_page(request, response, records, ordering=ordering, cursor=cursor, size=size)

    return cached_api_list(
        request, response, "audit.api", tables_of("audit", also=()), ChangeOut, rows
    )
