"""Writes for units, aliases, succession, regions, accounts and API tokens."""

import datetime
import json
import secrets
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs.models import ApiToken, Region, Unit, UnitAlias, User, normalize_name

REGIONS_FILE = "regions.json"


def _shipped_json(name: str) -> dict:
    return json.loads(resources.files("zhenxing.orgs").joinpath("data", name).read_text("utf-8"))


@transaction.atomic
def regions_load_shipped() -> int:
    """Create or update the shipped regions (GB/T 2260); returns how many changed."""
    data = _shipped_json(REGIONS_FILE)
    existing = {region.code: region for region in Region.objects.all()}
    changed = 0
    for row in data["regions"]:
        parent = existing.get(row.get("parent") or "")
        values = {
            "name": row["name"],
            "short_name": row.get("short_name", ""),
            "english_name": row.get("english_name", ""),
            "level": row["level"],
            "parent": parent,
            "tags": row.get("tags", []),
        }
        region = existing.get(row["code"])
        if region is None:
            existing[row["code"]] = Region.objects.create(code=row["code"], **values)
            changed += 1
        elif any(getattr(region, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(region, key, value)
            region.save()
            changed += 1
    return changed


@transaction.atomic
def unit_alias_add(*, unit: Unit, name: str, kind: str) -> UnitAlias:
    """Register `name` as an alias of `unit` (no-op when it already is)."""
    normalized = normalize_name(name)
    if not normalized:
        raise ValidationError({"name": "别名不能为空。"})
    alias = UnitAlias.objects.filter(unit=unit, normalized_name=normalized).first()
    if alias is not None:
        return alias
    return UnitAlias.objects.create(unit=unit, name=name.strip(), kind=kind)


@transaction.atomic
def unit_succeed(*, predecessor: Unit, successor: Unit, on_date: datetime.date) -> Unit:
    """Record that `successor` took over `predecessor` on `on_date` (institutional reform).

    The predecessor stays readable with its history; its names remain aliases of itself,
    and lookups made for a date after `on_date` are handed to the successor. Open work is
    handed over by `zhenxing.mechanisms.services.membership_hand_over` and later apps.
    """
    if predecessor.pk == successor.pk:
        raise ValidationError("单位不能承继自身。")
    chain, unit = set(), successor
    while unit is not None:
        if unit.pk == predecessor.pk:
            raise ValidationError("承继关系不能成环。")
        chain.add(unit.pk)
        unit = unit.succeeded_by
    predecessor.valid_to = on_date
    predecessor.succeeded_by = successor
    predecessor.full_clean()
    predecessor.save()
    if successor.valid_from is None or successor.valid_from > on_date:
        successor.valid_from = on_date
        successor.save()
    return predecessor


def unit_current_successor(unit: Unit, on_date: datetime.date | None = None) -> Unit:
    """Follow the succession chain to the unit in force on `on_date`."""
    on_date = on_date or timezone.localdate()
    seen = set()
    while not unit.is_current(on_date) and unit.succeeded_by_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.succeeded_by
    return unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    unit: Unit | None,
    role: str,
    display_name: str = "",
    email: str = "",
    position: str = "",
    must_change_password: bool = True,
) -> User:
    """Create an account; without a password it cannot log in until one is set."""
    user = User(
        username=username,
        unit=unit,
        role=role,
        display_name=display_name,
        email=email,
        position=position,
        must_change_password=must_change_password,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and only its hash is kept."""
    raw = "zx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:8],
        token_hash=ApiToken.hash_token(raw),
        expires_at=expires_at,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save()
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None; refreshes last use at most once a minute."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash_token(raw or ""))
        .first()
    )
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Usage bookkeeping, not a change of the token: kept out of the change log.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def unit_groups_load_shipped() -> int:
    """Create or complete the shipped collective names; returns how many groups changed.

    Members added in the admin are kept: loading only adds what the file lists.
    """
    from zhenxing.orgs.models import UnitGroup

    data = _shipped_json("unit_groups.json")
    units = {unit.code: unit for unit in Unit.objects.all()}
    changed = 0
    for row in data["groups"]:
        group, created = UnitGroup.objects.get_or_create(
            name=row["name"], defaults={"note": row.get("note", "")}
        )
        wanted = {units[code].pk for code in row["units"] if code in units}
        missing = wanted - set(group.units.values_list("pk", flat=True))
        if missing:
            group.units.add(*missing)
        changed += int(created or bool(missing))
    return changed
