"""The restore drill on the database the suite runs on (SQLite and PostgreSQL): back up, change
records and files, restore, compare; and restore refuses an archive that does not check out
before it touches anything."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhenxing.audit.models import ChangeRecord
from zhenxing.backups import services
from zhenxing.orgs.models import Unit, UnitAlias

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "policies" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "policies" / "2026" / "政策.docx").write_bytes(b"PK original policy")
    (settings.MEDIA_ROOT / "evidence").mkdir()
    (settings.MEDIA_ROOT / "evidence" / "b.pdf").write_bytes(b"%PDF-1.7 evidence")
    return settings.MEDIA_ROOT


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def state() -> dict:
    return {
        "units": sorted(Unit.objects.values_list("code", "full_name")),
        "aliases": sorted(UnitAlias.objects.values_list("name", flat=True)),
        "records": list(
            ChangeRecord.objects.order_by("sequence").values_list("sequence", "record_hash")
        ),
    }


def back_up(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", "--out", str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").iterdir()  # no scratch copy or partial file left
    assert archive.name.startswith("zhenxing-backup-") and archive.name.endswith(".tar.gz")
    assert str(archive) in out.getvalue()
    return archive


def seed() -> Unit:
    unit = Unit.objects.create(code="drill", full_name="演练单位", kind=Unit.Kind.OTHER)
    UnitAlias.objects.create(unit=unit, name="演练", kind="informal")
    return unit


def test_restore_drill_brings_back_records_and_files(media, tmp_path):
    unit = seed()
    before_records, before_files = state(), files_of(media)
    archive = back_up(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["engine"] == connection.vendor
    assert manifest["counts"]["orgs.Unit"] == 1
    assert manifest["media_files"] == 2
    assert "audit.0004_change_record_append_only_trigger" in manifest["migrations"]

    unit.full_name = "演练单位（改）"
    unit.save()
    UnitAlias.objects.all().delete()
    Unit.objects.create(code="after", full_name="备份后单位", kind=Unit.Kind.OTHER)
    (media / "policies" / "2026" / "政策.docx").write_bytes(b"PK changed")
    (media / "evidence" / "b.pdf").unlink()
    (media / "evidence" / "c.pdf").write_bytes(b"new")
    assert state() != before_records and files_of(media) != before_files

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "校验和全部相符" in out.getvalue() and "恢复完成" in out.getvalue()
    assert state() == before_records
    assert files_of(media) == before_files
    assert {path.name for path in tmp_path.iterdir()} == {"backups", "media"}  # no scratch left
    call_command("audit", "verify", stdout=io.StringIO())


def test_restore_refuses_a_tampered_archive_and_changes_nothing(media, tmp_path):
    seed()
    archive = back_up(tmp_path)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/evidence/b.pdf":
                data = b"%PDF-1.7 forged"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    Unit.objects.create(code="after", full_name="备份后单位", kind=Unit.Kind.OTHER)
    now_records, now_files = state(), files_of(media)
    with pytest.raises(CommandError, match="校验和不符：media/evidence/b.pdf"):
        call_command("restore", str(tampered), "--yes")
    assert (state(), files_of(media)) == (now_records, now_files)


def rewrite_manifest(archive: Path, target: Path, **changes) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                data = json.dumps(json.loads(data) | changes).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": "0.0.1"}, "备份来自版本 0.0.1"),
        ({"engine": "oracle"}, "备份的数据库为 oracle"),
        ({"migrations": ["audit.9999_future"]}, "当前代码没有的迁移"),
    ],
)
def test_restore_refuses_another_version_engine_or_future_migrations(
    media, tmp_path, changes, message
):
    seed()
    archive = rewrite_manifest(back_up(tmp_path), tmp_path / "other.tar.gz", **changes)
    Unit.objects.create(code="after", full_name="备份后单位", kind=Unit.Kind.OTHER)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--yes")
    assert Unit.objects.filter(code="after").exists()


def test_restore_asks_before_overwriting(media, tmp_path, monkeypatch):
    seed()
    archive = back_up(tmp_path)
    Unit.objects.create(code="after", full_name="备份后单位", kind=Unit.Kind.OTHER)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Unit.objects.filter(code="after").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's")
def test_backup_says_clearly_when_pg_dump_is_missing(media, tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(
        services.shutil, "which", lambda name: None if name == "pg_dump" else real_which(name)
    )
    with pytest.raises(CommandError, match="找不到 pg_dump：请安装 PostgreSQL 客户端"):
        call_command("backup", "--out", str(tmp_path / "backups"))
