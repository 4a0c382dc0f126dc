"""Writes for mechanisms: loading the shipped mechanism, membership, liaisons, hand-over."""

import datetime
import json
from importlib import resources

from django.db import transaction
from django.utils import timezone

from zhenxing.mechanisms.models import (
    Duty,
    LiaisonAssignment,
    Mechanism,
    Membership,
    SecretariatComponent,
)
from zhenxing.orgs.models import Region, Unit
from zhenxing.orgs.services import (
    save_if_changed,
    unit_groups_load_shipped,
    units_load,
    units_load_shipped,
)

# The national mechanism, and a provincial and a city one under it (demo data, issue 17).
SHIPPED_MECHANISMS = {
    "northeast": "northeast.json",
    "liaoning": "liaoning.json",
    "fuxin": "fuxin.json",
}


def shipped_mechanism_data(code: str = "northeast") -> dict:
    name = SHIPPED_MECHANISMS[code]
    return json.loads(
        resources.files("zhenxing.mechanisms").joinpath("data", name).read_text("utf-8")
    )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def mechanism_load_shipped(code: str = "northeast") -> Mechanism:
    """Load or update the shipped mechanism with the registry of units (orgs/data/registry.json)
    and regions it draws on, then its own units; safe to run repeatedly. A mechanism under
    another (`parent` in its file) loads that one first when it is missing."""
    data = shipped_mechanism_data(code)
    spec = data["mechanism"]
    parent = None
    if spec.get("parent"):
        parent = Mechanism.objects.filter(code=spec["parent"]).first()
        parent = parent or mechanism_load_shipped(spec["parent"])
    units = units_load_shipped()
    units.update(units_load(data["units"]))
    region = Region.objects.filter(code=spec["region"]).first() if spec.get("region") else None
    values = {
        "level": spec.get("level", Mechanism.Level.NATIONAL),
        "parent": parent,
        "region": region,
        "name": spec["name"],
        "short_name": spec.get("short_name", ""),
        "english_name": spec.get("english_name", ""),
        "leading_group": units[spec["leading_group"]],
        "established_on": _date(spec["established_on"]),
        "basis": spec.get("basis", ""),
        "lead_unit": units[spec["lead_unit"]],
        "convener_unit": units[spec["convener_unit"]],
        "convener_title": spec.get("convener_title", ""),
        "member_title": spec.get("member_title", ""),
        "secretariat_unit": units[spec["secretariat_unit"]],
        "secretariat_composition": spec.get("secretariat_composition", ""),
        "data_version": data["version"],
    }
    mechanism = Mechanism.objects.filter(code=spec["code"]).first()
    if mechanism is None:
        mechanism = Mechanism.objects.create(code=spec["code"], **values)
    else:
        save_if_changed(mechanism, values)
    for order, row in enumerate(spec["members"], start=1):
        valid_from = _date(row.get("valid_from")) or mechanism.established_on
        membership_values = {
            "role": row["role"],
            "side": row["side"],
            "valid_to": _date(row.get("valid_to")),
            "sort_order": order * 10,
        }
        membership, created = Membership.objects.get_or_create(
            mechanism=mechanism,
            unit=units[row["unit"]],
            valid_from=valid_from,
            defaults=membership_values,
        )
        if not created:
            save_if_changed(membership, membership_values)
    for row in spec.get("secretariat_components", []):
        component, created = SecretariatComponent.objects.get_or_create(
            mechanism=mechanism,
            unit=units[row["unit"]],
            defaults={"does_daily_work": row.get("does_daily_work", False)},
        )
        if not created:
            save_if_changed(component, {"does_daily_work": row.get("does_daily_work", False)})
    for position, row in enumerate(spec["duties"], start=1):
        duty_values = {
            "kind": row["kind"],
            "text": row["text"],
            "english_text": row["english_text"],
        }
        duty, created = Duty.objects.get_or_create(
            mechanism=mechanism, position=position, defaults=duty_values
        )
        if not created:
            save_if_changed(duty, duty_values)
    Duty.objects.filter(mechanism=mechanism, position__gt=len(spec["duties"])).delete()
    unit_groups_load_shipped()
    return mechanism


@transaction.atomic
def membership_hand_over(
    *, mechanism: Mechanism, predecessor: Unit, successor: Unit, on_date: datetime.date
) -> Membership | None:
    """End the predecessor's membership on `on_date` and start the successor's (reform)."""
    current = mechanism.memberships.current(on_date - datetime.timedelta(days=1)).filter(
        unit=predecessor
    )
    membership = current.first()
    if membership is None:
        return None
    membership.valid_to = on_date
    membership.save()
    for liaison in LiaisonAssignment.objects.current(on_date).filter(
        mechanism=mechanism, unit=predecessor
    ):
        liaison.valid_to = on_date
        liaison.save()
    new_membership, _created = Membership.objects.get_or_create(
        mechanism=mechanism,
        unit=successor,
        valid_from=on_date,
        defaults={
            "role": membership.role,
            "side": membership.side,
            "sort_order": membership.sort_order,
        },
    )
    return new_membership


@transaction.atomic
def liaison_assign(
    *, mechanism: Mechanism, unit: Unit, person, valid_from=None
) -> LiaisonAssignment:
    """Name `person` as `unit`'s liaison officer from `valid_from` (today by default)."""
    assignment, _created = LiaisonAssignment.objects.get_or_create(
        mechanism=mechanism,
        unit=unit,
        person=person,
        valid_from=valid_from or timezone.localdate(),
    )
    return assignment


def mechanism_as_dict(mechanism: Mechanism, on_date: datetime.date | None = None) -> dict:
    """The mechanism as plain data (the `mechanism show --json` contract and the API)."""
    members = [
        {
            "name": membership.unit.full_name,
            "short_name": membership.unit.short_name,
            "english_name": membership.unit.english_name,
            "kind": membership.unit.kind,
            "role": membership.role,
            "side": membership.side,
            "valid_from": membership.valid_from.isoformat() if membership.valid_from else None,
        }
        for membership in mechanism.current_memberships(on_date)
    ]
    return {
        "code": mechanism.code,
        "name": mechanism.name,
        "short_name": mechanism.short_name,
        "english_name": mechanism.english_name,
        "level": mechanism.level,
        "parent": mechanism.parent.name if mechanism.parent else None,
        "leading_group": mechanism.leading_group.full_name,
        "established_on": mechanism.established_on.isoformat(),
        "lead_unit": mechanism.lead_unit.full_name,
        "convener_unit": mechanism.convener_unit.full_name,
        "convener_title": mechanism.convener_title,
        "secretariat_unit": mechanism.secretariat_unit.full_name,
        "secretariat_parent_unit": (
            mechanism.secretariat_unit.parent.full_name
            if mechanism.secretariat_unit.parent
            else None
        ),
        "secretariat_composition": mechanism.secretariat_composition,
        "members": members,
        "duties": [duty.text for duty in mechanism.duties.all()],
        "data_version": mechanism.data_version,
    }
