"""Writes for units, aliases, succession, regions, accounts and API tokens."""

import datetime
import json
import secrets
import string
from collections.abc import Iterable
from importlib import resources

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.orgs.models import ApiScope, ApiToken, Region, Unit, UnitAlias, User, normalize_name

REGIONS_FILE = "regions.json"
REGISTRY_FILE = "registry.json"


def _shipped_json(name: str) -> dict:
    return json.loads(resources.files("zhenxing.orgs").joinpath("data", name).read_text("utf-8"))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def save_if_changed(instance, values: dict) -> bool:
    """Set `values` on `instance` and save only if something changed (keeps the log quiet)."""
    changed = [key for key, value in values.items() if getattr(instance, key) != value]
    for key in changed:
        setattr(instance, key, values[key])
    if changed:
        instance.full_clean()
        instance.save()
    return bool(changed)


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


def units_load(rows: list[dict]) -> dict[str, Unit]:
    """Create or update units from rows of the shipped unit schema; returns them by code
    (with the units they refer to).

    Parents and successors may come later in `rows` or exist in the database already.
    Aliases are only added, so names added in the admin stay; the one exception keeps a
    reform unambiguous: a dissolved unit's own names are taken off its successor.
    """
    regions = dict(Region.objects.values_list("code", "pk"))
    codes = {row["code"] for row in rows}
    codes |= {row[key] for row in rows for key in ("parent", "succeeded_by") if row.get(key)}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}

    def links(row: dict) -> dict:
        parent, successor = (
            units.get(row.get("parent") or ""),
            units.get(row.get("succeeded_by") or ""),
        )
        return {
            "parent_id": parent.pk if parent else None,
            "succeeded_by_id": successor.pk if successor else None,
            "valid_to": _date(row.get("valid_to")),
        }

    for row in rows:
        values = {
            "full_name": row["full_name"],
            "short_name": row.get("short_name", ""),
            "english_name": row.get("english_name", ""),
            "kind": row["kind"],
            "region_id": regions.get(row.get("region") or ""),
            "responsibilities": row.get("responsibilities", ""),
            "valid_from": _date(row.get("valid_from")),
            "sort_order": row.get("sort_order", 1000),
        }
        unit = units.get(row["code"])
        if unit is None:
            # Files list parents and successors first, so one save usually suffices.
            unit = Unit(code=row["code"], **values, **links(row))
            unit.full_clean()
            unit.save()
            units[row["code"]] = unit
        else:
            save_if_changed(unit, values)
    for row in rows:
        save_if_changed(units[row["code"]], links(row))
    _unit_aliases_load(rows, units)
    return units


def _unit_aliases_load(rows: list[dict], units: dict[str, Unit]) -> None:
    ids = [unit.pk for unit in units.values()]
    existing = set(
        UnitAlias.objects.filter(unit_id__in=ids).values_list("unit_id", "normalized_name")
    )
    for row in rows:
        unit = units[row["code"]]
        names = [
            (unit.full_name, UnitAlias.Kind.FULL_NAME),
            (unit.short_name, UnitAlias.Kind.SHORT_NAME),
            (unit.english_name, UnitAlias.Kind.ENGLISH),
        ] + [
            (alias, UnitAlias.Kind.ABBREVIATION if alias.isascii() else UnitAlias.Kind.INFORMAL)
            for alias in row.get("aliases", [])
        ]
        own = set()
        for name, kind in names:
            normalized = normalize_name(name)
            own.add(normalized)
            if normalized and (unit.pk, normalized) not in existing:
                UnitAlias.objects.create(unit=unit, name=name.strip(), kind=kind)
                existing.add((unit.pk, normalized))
        successor = units.get(row.get("succeeded_by") or "")
        if successor is not None and any((successor.pk, name) in existing for name in own):
            for alias in UnitAlias.objects.filter(unit=successor, normalized_name__in=own):
                alias.delete()
                existing.discard((successor.pk, alias.normalized_name))


@transaction.atomic
def units_load_shipped() -> dict[str, Unit]:
    """Create or update the shipped registry of units (registry.json) and the regions it
    refers to; safe to run repeatedly. Returns the units by code."""
    regions_load_shipped()
    registry = _shipped_json(REGISTRY_FILE)
    return units_load(registry["units"] + provincial_department_rows(registry))


def provincial_department_rows(registry: dict) -> list[dict]:
    """The standard departments of each province the registry lists under
    `provincial_departments` (省财政厅, 省商务厅 …), as unit rows: 辽宁省财政厅, region and parent
    its province's, named also 省财政厅 (which a province's own documents write)."""
    spec = registry.get("provincial_departments") or {}
    governments = {row["code"]: row for row in registry["units"]}
    rows = []
    for government_code in spec.get("provinces", []):
        government = governments[government_code]
        province = government["full_name"].removesuffix("人民政府")  # 辽宁省, 内蒙古自治区
        level = "自治区" if province.endswith("自治区") else "省"
        prefix = government_code.removesuffix("-government")

        def named(template: str, province=province, level=level) -> str:
            return template.replace("{省}", province).replace("{级}", level)

        for department in spec.get("departments", []):
            rows.append(
                {
                    "code": f"{prefix}-{department['code']}",
                    "full_name": named(department["full_name"]),
                    "short_name": named(department["short_name"]),
                    "kind": Unit.Kind.LOCAL_DEPARTMENT,
                    "parent": government_code,
                    "region": government.get("region", ""),
                    "aliases": [named(alias) for alias in department.get("aliases", [])],
                    "responsibilities": department["responsibilities"],
                    "sort_order": government.get("sort_order", 1000) + department["sort_order"],
                }
            )
    return rows


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
    # Stops on a cycle already in the data (the admin can edit succeeded_by) instead of looping.
    while unit is not None and unit.pk not in chain:
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


def one_time_password(length: int = 12) -> str:
    """A random password for someone to replace at first login; meets the password rules
    (three character classes) so that the rules never refuse it."""
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(character.islower() for character in password)
            and any(character.isupper() for character in password)
            and any(character.isdigit() for character in password)
        ):
            return password


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
    *,
    user: User,
    name: str,
    expires_at: datetime.datetime | None = None,
    scopes: Iterable[str] = (ApiScope.ALL,),
) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and only its hash is kept.

    Without `expires_at` the token lives API_TOKEN_LIFETIME_DAYS (0: until revoked). `scopes`
    (ApiScope values): `all`, `read` alone, or named parts of the API it may also write to.
    """
    scopes = api_token_scopes_clean(scopes)
    if expires_at is None and settings.API_TOKEN_LIFETIME_DAYS:
        expires_at = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    raw = "zx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:8],
        token_hash=ApiToken.hash_token(raw),
        expires_at=expires_at,
        scopes=scopes,
    )
    return token, raw


def api_token_scopes_clean(scopes: Iterable[str]) -> list[str]:
    """The scopes in their choices' order; refuses none, unknown ones and `read` with others
    (a read-only token cannot write anywhere). `all` with others is just `all`."""
    chosen = {str(scope) for scope in scopes}
    unknown = chosen - set(ApiScope.values)
    if unknown:
        raise ValidationError(
            _("未知的权限范围：%(scopes)s。") % {"scopes": "、".join(sorted(unknown))}
        )
    if not chosen:
        raise ValidationError(_("请至少选择一个权限范围。"))
    if ApiScope.ALL in chosen:
        return [ApiScope.ALL.value]
    if ApiScope.READ in chosen and len(chosen) > 1:
        raise ValidationError(_("“只读”不能与其他权限范围同时选择。"))
    return [scope for scope in ApiScope.values if scope in chosen]


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save()
    return token


class ApiTokenExpired(Exception):
    """A known token past its lifetime: refused with a message saying so (401)."""

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        super().__init__(
            f"接口令牌 {token.prefix}… 已于 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M} "
            "过期，请在“接口令牌”页面生成新令牌。"
        )


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None (see api_token_find)."""
    token = api_token_find(raw)
    return token.user if token is not None else None


def api_token_find(raw: str) -> ApiToken | None:
    """The usable token of an active user for a raw value, or None; refreshes last use at most
    once a minute. Raises ApiTokenExpired for a token past its lifetime but otherwise valid.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash_token(raw or ""))
        .first()
    )
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.is_expired:
        raise ApiTokenExpired(token)
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Usage bookkeeping, not a change of the token: kept out of the change log.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


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
