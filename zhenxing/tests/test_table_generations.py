"""Table generations (zhenxing/operations/generations.py) move on when a write is committed, in
the database where every server process reads them, and not for a write rolled back."""

import pytest
from django.db import transaction

from zhenxing.operations import generations
from zhenxing.operations.models import TableGeneration
from zhenxing.orgs.models import Unit


def stored(table: str) -> int:
    row = TableGeneration.objects.filter(table=table).first()
    return row.value if row else 0


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_moves_the_stored_generation_that_other_processes_read(monkeypatch):
    unit = Unit.objects.create(code="gen-test", full_name="代数测试单位", kind=Unit.Kind.OTHER)
    before = generations.generations_of(("orgs_unit",), "default")
    # This process's own count held where it was, as another server process's would be.
    monkeypatch.setattr(generations, "_local", generations._local.copy())
    frozen = generations._local.copy()
    Unit.objects.filter(pk=unit.pk).update(full_name="别处改的名称")
    monkeypatch.setattr(generations, "_local", frozen)
    after = generations.generations_of(("orgs_unit",), "default")
    assert after[0][0] == before[0][0] + 1
    assert after != before


@pytest.mark.django_db(transaction=True)
def test_one_transaction_moves_it_once_and_a_rolled_back_one_not_at_all():
    unit = Unit.objects.create(code="gen-test", full_name="代数测试单位", kind=Unit.Kind.OTHER)
    before = stored("orgs_unit")
    with pytest.raises(RuntimeError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(full_name="不会留下")
        raise RuntimeError
    assert stored("orgs_unit") == before
    with transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(full_name="留下")
        Unit.objects.filter(pk=unit.pk).update(short_name="也留下")
    assert stored("orgs_unit") == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_does_not_lose_the_later_write():
    unit = Unit.objects.create(code="gen-test", full_name="代数测试单位", kind=Unit.Kind.OTHER)
    before = stored("orgs_unit")
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            Unit.objects.filter(pk=unit.pk).update(full_name="回滚的")
            raise RuntimeError
        Unit.objects.filter(pk=unit.pk).update(full_name="留下")
    assert stored("orgs_unit") == before + 1


@pytest.mark.django_db(transaction=True)
def test_the_bump_command_moves_every_table_on():
    from io import StringIO

    from django.core.management import call_command

    Unit.objects.create(code="gen-test", full_name="代数测试单位", kind=Unit.Kind.OTHER)
    before = stored("orgs_unit")
    out = StringIO()
    call_command("generations", "bump", stdout=out)
    assert stored("orgs_unit") == before + 1
    assert "已更新" in out.getvalue()
