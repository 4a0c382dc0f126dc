"""API: the designations of regions (GET /api/v1/programmes/designations), filtered as the
list page is, with the same access module."""

from ninja import Query, Router, Schema

from zhenxing.orgs.access import require
from zhenxing.programmes import access, selectors

router = Router(tags=["programmes"])


class DesignationOut(Schema):
    id: int
    region_code: str
    region_name: str
    kind: str
    kind_label: str
    resource_stage: str
    batch: int | None
    document_title: str
    document_number: str
    first_year: int
    last_year: int | None
    note: str
    source_url: str
    version: int


class DesignationFilter(Schema):
    kind: str = ""
    province: str = ""
    year: int | None = None


@router.get("/designations", response=list[DesignationOut])
def designation_list(request, filters: Query[DesignationFilter]):
    """Designations, optionally of one type (`kind`), in one province (its GB/T 2260 code) and
    in force in one year."""
    require(access.may_read_designations(request.user))
    designations = selectors.designations_filtered(
        kind=filters.kind, province_code=filters.province, year=filters.year
    )
    return [
        {
            "id": designation.pk,
            "region_code": designation.region.code,
            "region_name": designation.region.name,
            "kind": designation.kind,
            "kind_label": str(designation.get_kind_display()),
            "resource_stage": designation.resource_stage,
            "batch": designation.batch,
            "document_title": designation.document_title,
            "document_number": designation.document_number,
            "first_year": designation.first_year,
            "last_year": designation.last_year,
            "note": designation.note,
            "source_url": designation.source_url,
            "version": designation.version,
        }
        for designation in designations
    ]
