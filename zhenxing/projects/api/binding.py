"""What the projects API's writes share: the page's form bound to the JSON input (ids for
pickers, yuan for the forms' 万元), the refusals' shapes, and 409 with the current record."""

import datetime

from ninja import Schema
from ninja.errors import HttpError

from zhenxing.lib.actions import api_form, run_versioned_api_action
from zhenxing.lib.money import UNIT_FACTORS, WAN
from zhenxing.orgs.models import Region


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    current: dict


YUAN_FIELDS = {
    "total_investment",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
    "announced_amount",
    "signed_amount",
    "funds_in_place",
}


def form_value(name: str, value):
    """A JSON value as the page's form posts it: a region's id for its code, 万元 for yuan."""
    if value is None:
        return ""
    if name == "region_code":
        region = Region.objects.filter(code=value).first()
        if region is None:
            raise HttpError(400, f"地区代码 {value} 不存在。")
        return region.pk
    if name in YUAN_FIELDS:
        return value / UNIT_FACTORS[WAN]
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def bound_form(form_class, payload: Schema, names: dict, *, instance=None, **options):
    """The page's form (zhenxing.lib.actions.api_form) with the payload's fields renamed."""
    changes = {
        names.get(name, f"{name}_wan" if name in YUAN_FIELDS else name): form_value(name, value)
        for name, value in payload.dict(exclude_unset=True).items()
    }
    return api_form(form_class, changes, instance=instance, **options)


def versioned(service, schema, **arguments):
    """Run a versioned edit's service: 409 with the current record in `schema` when stale."""

    def current(row):
        return schema.from_orm(row).dict()

    return run_versioned_api_action(service, current, **arguments)
