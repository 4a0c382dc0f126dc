"""Backup and restore: one dated archive holding the database, the uploaded files (MEDIA_ROOT)
and a manifest with SHA-256 checksums of every member.

The database goes through SQLite's online backup API (safe while the server runs) or `pg_dump`
in its custom format; restore checks the whole archive (checksums, format, application version,
database engine, migrations) before it touches anything.
"""

import datetime
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump and pg_restore, with argument lists, never a shell
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """An archive that cannot be made or may not be restored; the message says why."""


@dataclass(frozen=True)
class Manifest:
    data: dict

    @property
    def engine(self) -> str:
        return self.data["engine"]

    @property
    def counts(self) -> dict:
        return self.data["counts"]


def application_version() -> str:
    return importlib.metadata.version("zhenxing")


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"不支持的数据库：{vendor}")
    return vendor


def _digest(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _digest(handle)


def record_counts() -> dict[str, int]:
    """Rows per model of the project's apps (and Django's own), to compare after a restore."""
    return {
        model._meta.label: model._default_manager.using("default").count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _postgres_environment() -> dict:
    params = connection.settings_dict
    environment = os.environ.copy()
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            environment[variable] = str(params[key])
    return environment


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（apt-get install postgresql-client，"
            f"版本不低于数据库服务器），或把它所在目录加入 PATH。"
        )
    return path


def _run_postgres_tool(name: str, arguments: list[str], *, failure: str) -> None:
    result = subprocess.run(  # nosec B603  # the PostgreSQL tool found beside the server, an argument list
        [_postgres_tool(name), *arguments],
        env=_postgres_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{failure}：{result.stderr.strip()}")


def _dump_database(target: Path, engine: str) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return
    _run_postgres_tool(
        "pg_dump", ["--format=custom", "--no-owner", f"--file={target}"], failure="pg_dump 失败"
    )


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def backup_create(*, out_dir: Path | None = None) -> Path:
    """Write one archive `zhenxing-backup-YYYYMMDD-HHMMSS.tar.gz` into `out_dir` and return it."""
    engine = _engine()
    out_dir = Path(out_dir or settings.BACKUP_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    archive = out_dir / f"zhenxing-backup-{now.astimezone(datetime.UTC):%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=out_dir) as scratch:
        database = Path(scratch) / DATABASE_MEMBER[engine]
        _dump_database(database, engine)
        media = [
            (path, MEDIA_PREFIX + path.relative_to(media_root).as_posix())
            for path in _media_files()
        ]
        checksums = {DATABASE_MEMBER[engine]: _sha256(database)}
        checksums |= {name: _sha256(path) for path, name in media}
        manifest = {
            "format": FORMAT,
            "application": "zhenxing",
            "version": application_version(),
            "created_at": now.isoformat(),
            "engine": engine,
            "database": DATABASE_MEMBER[engine],
            "migrations": applied_migrations(),
            "counts": record_counts(),
            "media_files": len(media),
            "checksums": checksums,
        }
        manifest_path = Path(scratch) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(database, arcname=DATABASE_MEMBER[engine])
            for path, name in media:
                tar.add(path, arcname=name)
        partial.rename(archive)
    return archive


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def backup_check(archive: Path) -> Manifest:
    """Read and check the whole archive; raise BackupError naming the first problem."""
    try:
        tar = tarfile.open(archive, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"无法读取备份文件：{error}") from error
    with tar:
        members = {member.name: member for member in tar.getmembers()}
        if MANIFEST not in members:
            raise BackupError("备份文件中没有清单（manifest.json）")
        for member in members.values():
            if not (member.isfile() and _safe_name(member.name)):
                raise BackupError(f"备份文件中有不允许的条目：{member.name}")
        try:
            data = json.loads(tar.extractfile(members[MANIFEST]).read().decode("utf-8"))
        except ValueError as error:
            raise BackupError("清单不是有效的 JSON") from error
        if data.get("application") != "zhenxing" or data.get("format") != FORMAT:
            raise BackupError("不是本系统可读的备份（应用或格式不符）")
        if data.get("version") != application_version():
            raise BackupError(
                f"备份来自版本 {data.get('version')}，当前为 {application_version()}：请先安装同一版本再恢复"
            )
        if data.get("engine") != _engine():
            raise BackupError(f"备份的数据库为 {data.get('engine')}，当前为 {_engine()}")
        known = {
            f"{app}.{name}"
            for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        }
        unknown = sorted(set(data.get("migrations", [])) - known)
        if unknown:
            raise BackupError(f"备份含有当前代码没有的迁移：{'、'.join(unknown[:5])}")
        checksums = data.get("checksums", {})
        if set(checksums) != set(members) - {MANIFEST}:
            raise BackupError("备份文件的条目与清单不符（缺少或多出文件）")
        if data.get("database") not in checksums:
            raise BackupError("备份文件中没有数据库")
        for name, expected in checksums.items():
            if _digest(tar.extractfile(members[name])) != expected:
                raise BackupError(f"校验和不符：{name}")
    return Manifest(data)


def _restore_database(path: Path, engine: str) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    _postgres_tool("pg_restore")  # missing: say so before closing anything
    connections.close_all()
    _run_postgres_tool(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        failure="pg_restore 失败（数据库未改动）",
    )


def _restore_media(extracted: Path) -> None:
    """Replace MEDIA_ROOT's contents by the archive's (the directory itself stays: it may be a mount)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    source = extracted / MEDIA_PREFIX.rstrip("/")
    if source.exists():
        for child in source.iterdir():
            shutil.move(str(child), media_root / child.name)


def backup_restore(archive: Path) -> Manifest:
    """Check `archive`, then replace the database and MEDIA_ROOT by its contents."""
    manifest = backup_check(archive)
    media_root = Path(settings.MEDIA_ROOT)
    with (
        tempfile.TemporaryDirectory(dir=media_root.parent) as scratch,
        tarfile.open(archive, "r:gz") as tar,
    ):
        tar.extractall(scratch, filter="data")
        _restore_database(Path(scratch) / manifest.data["database"], manifest.engine)
        _restore_media(Path(scratch))
    return manifest
