"""API: the signed-in user, units (list, detail, alias lookup) and regions."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from zhenxing.orgs import access
from zhenxing.orgs.models import Region, Unit, normalize_name
from zhenxing.orgs.selectors import find_units

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    full_name: str
    short_name: str
    english_name: str
    kind: str
    parent_id: int | None
    region_code: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    succeeded_by_id: int | None

    @staticmethod
    def resolve_region_code(unit):
        return unit.region.code if unit.region_id else None


class UnitDetailOut(UnitOut):
    aliases: list[str]

    @staticmethod
    def resolve_aliases(unit):
        return [alias.name for alias in unit.aliases.all()]


class RegionOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    tags: list[str]

    @staticmethod
    def resolve_parent_code(region):
        return region.parent.code if region.parent_id else None


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    unit: UnitOut | None


@router.get("/me", response=MeOut, tags=["accounts"])
def me(request):
    return request.user


@router.get("/units", response=list[UnitOut])
def list_units(request, q: str = "", kind: str = "", include_former: bool = False):
    access.require(access.may_use_business_pages(request.user))
    units = Unit.objects.select_related("region")
    if not include_former:
        units = units.current()
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(aliases__normalized_name__contains=normalize_name(q)).distinct()
    return units


@router.get("/units/lookup", response=list[UnitOut])
def lookup_units(request, name: str, within: str = "", on_date: datetime.date | None = None):
    """Exact lookup by any alias; `within` is a region code or unit code to prefer."""
    access.require(access.may_use_business_pages(request.user))
    context = None
    if within:
        context = (
            Region.objects.filter(code=within).first()
            or Unit.objects.select_related("region", "parent__region").filter(code=within).first()
        )
    return find_units(name, within=context, on_date=on_date)


@router.get("/units/{unit_id}", response=UnitDetailOut)
def get_unit(request, unit_id: int):
    unit, _can_edit = access.get_unit_for_user(request.user, unit_id)
    return unit


@router.get("/regions", response=list[RegionOut], tags=["regions"])
def list_regions(request, level: str = "", parent: str = ""):
    access.require(access.may_use_business_pages(request.user))
    regions = Region.objects.select_related("parent")
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent__code=parent)
    return regions


@router.get("/regions/{code}", response=RegionOut, tags=["regions"])
def get_region(request, code: str):
    access.require(access.may_use_business_pages(request.user))
    return get_object_or_404(Region.objects.select_related("parent"), code=code)
