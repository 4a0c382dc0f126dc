"""`zhenxing backup [--out DIR]`: one dated archive of the database and the uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenxing.backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = "备份 / Back up the database and MEDIA_ROOT into one dated, checksummed archive."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="directory for the archive (BACKUP_DIR)")

    def handle(self, *args, **options):
        try:
            archive = backup_create(out_dir=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份完成：{archive}（{archive.stat().st_size:,} 字节）")
