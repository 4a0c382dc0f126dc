"""`zhenxing restore ARCHIVE [--yes]`: check an archive of `zhenxing backup`, then bring back
its database and uploaded files. Stop the web server and timers first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenxing.backups.services import BackupError, backup_check, backup_restore, record_counts


class Command(BaseCommand):
    help = "恢复 / Restore a backup archive (checked before anything is touched)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        archive = options["archive"]
        try:
            manifest = backup_check(archive)
        except BackupError as error:
            raise CommandError(f"备份未通过检查，未做任何改动：{error}") from error
        data = manifest.data
        self.stdout.write(
            f"备份 {archive.name}：{data['created_at']}，版本 {data['version']}，"
            f"数据库 {data['engine']}，上传文件 {data['media_files']} 个，校验和全部相符。"
        )
        if not options["yes"]:
            answer = input("恢复将覆盖当前数据库和全部上传文件。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何改动。")
        try:
            backup_restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        differences = {
            label: (count, actual)
            for label, count in manifest.counts.items()
            if (actual := record_counts().get(label)) != count
        }
        if differences:
            raise CommandError(f"恢复后记录数与清单不符：{differences}")
        self.stdout.write(f"恢复完成：{len(manifest.counts)} 类记录的数量与清单一致。")
