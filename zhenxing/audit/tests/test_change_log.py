"""The change log: one record per create, update and delete of every domain model, append-only."""

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import PermissionDenied

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import is_audited
from zhenxing.conftest import PASSWORD
from zhenxing.mechanisms.models import (
    Duty,
    LiaisonAssignment,
    Mechanism,
    Membership,
    SecretariatComponent,
)
from zhenxing.orgs.models import Region, Unit, UnitAlias, UnitGroup, User
from zhenxing.orgs.services import api_token_create
from zhenxing.testing import client_for, make_user


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def northeast() -> Mechanism:
    return Mechanism.objects.get(code="northeast")


@dataclass
class Case:
    """How to create one object of a model, and which field an update changes."""

    create: Any
    field: str
    new_value: Any


CASES = {
    "orgs.Region": Case(
        lambda: Region.objects.create(
            code="219901",
            name="测试县",
            level=Region.Level.COUNTY,
            parent=Region.objects.get(code="210000"),
        ),
        "name",
        "测试县（更名）",
    ),
    "orgs.Unit": Case(
        lambda: Unit.objects.create(
            code="audit-unit", full_name="审计测试单位", kind=Unit.Kind.OTHER
        ),
        "full_name",
        "审计测试单位（更名）",
    ),
    "orgs.UnitAlias": Case(
        lambda: UnitAlias.objects.create(
            unit=unit("mof"), name="财政部门", kind=UnitAlias.Kind.INFORMAL
        ),
        "kind",
        UnitAlias.Kind.ABBREVIATION,
    ),
    "orgs.User": Case(
        lambda: User.objects.create_user("audit.user", password=PASSWORD),
        "display_name",
        "审计对象",
    ),
    "orgs.ApiToken": Case(
        lambda: api_token_create(user=User.objects.get(username="reader"), name="脚本")[0],
        "name",
        "报送脚本",
    ),
    "mechanisms.Mechanism": Case(
        lambda: Mechanism.objects.create(
            code="audit-mechanism",
            name="测试工作机制",
            leading_group=unit("leading-group-northeast"),
            established_on=datetime.date(2024, 1, 1),
            lead_unit=unit("ndrc"),
            convener_unit=unit("ndrc"),
            secretariat_unit=unit("ndrc-regional-economy"),
        ),
        "name",
        "测试工作机制（更名）",
    ),
    "mechanisms.Membership": Case(
        lambda: Membership.objects.create(
            mechanism=northeast(),
            unit=unit("ndrc-regional-revitalization"),
            role=Membership.Role.MEMBER_UNIT,
            side=Membership.Side.CENTRAL,
            valid_from=datetime.date(2024, 1, 1),
        ),
        "valid_to",
        datetime.date(2025, 1, 1),
    ),
    "mechanisms.SecretariatComponent": Case(
        lambda: SecretariatComponent.objects.create(
            mechanism=northeast(), unit=unit("ndrc-regional-revitalization")
        ),
        "does_daily_work",
        True,
    ),
    "mechanisms.LiaisonAssignment": Case(
        lambda: LiaisonAssignment.objects.create(
            mechanism=northeast(),
            unit=unit("mof"),
            person=User.objects.get(username="participant.liaison"),
            valid_from=datetime.date(2024, 1, 1),
        ),
        "valid_to",
        datetime.date(2025, 1, 1),
    ),
    "mechanisms.Duty": Case(
        lambda: Duty.objects.create(
            mechanism=northeast(), position=99, kind=Duty.Kind.ASSIGNED, text="完成交办事项。"
        ),
        "text",
        "完成领导小组交办的其他事项。",
    ),
}


def as_json(value):
    """A value as the change log stores it."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def records_since(last_id: int):
    return list(ChangeRecord.objects.filter(id__gt=last_id).order_by("id"))


def last_record_id() -> int:
    return ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("label", list(CASES))
def test_create_update_delete_each_write_one_record(personas, label):
    case = CASES[label]
    actor = personas.secretariat

    def one_record(action) -> ChangeRecord:
        (record,) = records_since(mark)
        assert record.action == action
        assert record.content_type.model_class()._meta.label == label
        assert (record.user, record.actor_name, record.request_id) == (
            actor,
            actor.username,
            f"request-{action}",
        )
        return record

    mark = last_record_id()
    with acting_as(user=actor, request_id="request-create"):
        instance = case.create()
    record = one_record(ChangeRecord.Action.CREATE)
    assert record.object_id == str(instance.pk)
    assert record.object_repr == str(instance)
    assert record.before is None
    assert record.after["id"] == instance.pk

    old_value = as_json(getattr(instance, case.field))
    mark = last_record_id()
    with acting_as(user=actor, request_id="request-update"):
        setattr(instance, case.field, case.new_value)
        instance.save()
    record = one_record(ChangeRecord.Action.UPDATE)
    assert record.before[case.field] == old_value
    assert record.after[case.field] == as_json(case.new_value)
    assert record.changed_fields == [case.field]

    # Saving again without a change writes nothing.
    mark = last_record_id()
    instance.save()
    assert records_since(mark) == []

    pk = instance.pk
    mark = last_record_id()
    with acting_as(user=actor, request_id="request-delete"):
        instance.delete()
    record = one_record(ChangeRecord.Action.DELETE)
    assert record.object_id == str(pk)
    assert record.before[case.field] == as_json(case.new_value)
    assert record.after is None


def test_every_audited_model_of_the_foundation_is_covered(db):
    foundation = {"orgs", "mechanisms", "audit"}
    audited = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in foundation and is_audited(model)
    }
    assert audited - {"orgs.UnitGroup"} == set(CASES)
    assert not is_audited(ChangeRecord)


def test_many_to_many_changes_are_recorded(personas):
    group = UnitGroup.objects.create(name="测试集合")
    mark = last_record_id()
    with acting_as(user=personas.secretariat, request_id="m2m"):
        group.units.add(unit("liaoning-government"), unit("jilin-government"))
    (record,) = records_since(mark)
    assert record.action == ChangeRecord.Action.UPDATE
    assert record.after["units"]["ids"] == sorted(
        [unit("liaoning-government").pk, unit("jilin-government").pk]
    )


def test_password_hashes_never_reach_the_log(personas):
    user = make_user("hash.check", role="inspector")
    user.set_password("Another-Secret-99")
    user.save()
    token, _raw = api_token_create(user=user, name="script")
    hashes = {person.password for person in User.objects.all()} | {token.token_hash}
    records = list(ChangeRecord.objects.all())
    assert records
    for record in records:
        text = json.dumps([record.before, record.after], ensure_ascii=False)
        assert not any(value in text for value in hashes), record
        for snapshot in (record.before or {}, record.after or {}):
            for key in ("password", "token_hash"):
                assert snapshot.get(key) in (None, "[hidden]", "[changed]"), record
            for value in snapshot.values():
                if isinstance(value, str) and "$" in value:
                    with pytest.raises(ValueError):
                        identify_hasher(value)
    # The password change itself is logged, as a change, without a value.
    change = ChangeRecord.objects.filter(
        content_type__model="user", object_id=str(user.pk), action="update"
    ).get()
    assert change.changed_fields == ["password"]


def test_logging_in_writes_one_record_the_login_event(personas):
    """Issue 13 changed this: a login is logged (as its account event), last_login is not."""
    mark = last_record_id()
    client = client_for(None)
    response = client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    [record] = records_since(mark)
    assert record.content_type.model == "accountevent"
    assert (record.after["kind"], record.after["username"]) == ("login", "reader")
    assert record.user == personas.reader


def test_change_records_cannot_be_edited_or_deleted(personas):
    record = ChangeRecord.objects.latest("id")
    count = ChangeRecord.objects.count()
    record.actor_name = "someone else"
    with pytest.raises(PermissionDenied):
        record.save()
    with pytest.raises(PermissionDenied):
        record.delete()
    with pytest.raises(PermissionDenied):
        ChangeRecord.objects.filter(pk=record.pk).update(actor_name="someone else")
    with pytest.raises(PermissionDenied):
        ChangeRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(PermissionDenied):
        ChangeRecord.objects.all().delete()
    record.refresh_from_db()
    assert record.actor_name != "someone else"
    assert ChangeRecord.objects.count() == count


def test_deleting_an_actor_keeps_their_records(personas, superuser):
    actor = make_user("leaver", role="secretariat_officer")
    with acting_as(user=actor):
        alias = UnitAlias.objects.create(unit=unit("mof"), name="财政口", kind="informal")
    actor_id = actor.pk
    client_for(superuser).post(f"/admin/orgs/user/{actor.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(pk=actor_id).exists()
    record = ChangeRecord.objects.get(content_type__model="unitalias", object_id=str(alias.pk))
    # The record is not rewritten (that would break its hash): it keeps the id and the name.
    assert (record.user_id, record.actor_name) == (actor_id, "leaver")


def test_change_log_pages_filter_and_show_the_difference(personas):
    with acting_as(user=personas.secretariat, request_id="trace-audit-1"):
        mof = unit("mof")
        mof.short_name = "财政部（测试）"
        mof.save()
    record = ChangeRecord.objects.get(request_id="trace-audit-1")
    client = client_for(personas.audit_admin)
    listing = client.get("/audit/", {"request_id": "trace-audit-1"})
    assert [row.pk for row in listing.context["page"]] == [record.pk]
    by_actor = client.get("/audit/", {"actor": "secretariat", "action": "update"})
    assert record in list(by_actor.context["page"])
    detail = client.get(f"/audit/{record.pk}/")
    rows = {row["field"]: row for row in detail.context["rows"]}
    assert rows["short_name"] == {
        "field": "short_name",
        "before": "财政部",
        "after": "财政部（测试）",
        "changed": True,
    }
    assert not rows["full_name"]["changed"]
    assert "trace-audit-1" in detail.content.decode()


def test_change_log_api_filters_by_object(personas):
    mof = unit("mof")
    with acting_as(user=personas.secretariat, request_id="trace-audit-2"):
        mof.short_name = "财政部（测试）"
        mof.save()
    client = client_for(personas.audit_admin)
    response = client.get(
        "/api/v1/audit/changes", {"object_type": "orgs.Unit", "object_id": mof.pk}
    )
    rows = response.json()
    assert rows[0]["request_id"] == "trace-audit-2"
    assert rows[0]["actor_name"] == "secretariat"
    assert rows[0]["object_type"] == "orgs.Unit"
    assert rows[0]["after"]["short_name"] == "财政部（测试）"
    assert {row["object_id"] for row in rows} == {str(mof.pk)}
    assert len(client.get("/api/v1/audit/changes", {"limit": 3}).json()) == 3
