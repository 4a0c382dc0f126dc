"""`zhenxing security check` (fails while an active superuser exists) and console resets.

    zhenxing security check                       exit 1 when an active superuser exists
    zhenxing security reset-password USERNAME     one-time password, changed at next login
    zhenxing security reset-second-factor USERNAME  removes the person's TOTP devices

The resets are for the server console, where an administrator's account is reset in the
presence of a second administrator (docs/security/auth.md); both are audited.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import User
from zhenxing.security.services import active_superusers, password_reset_issue


class Command(BaseCommand):
    help = "安全检查与控制台重置 / Security check and console resets."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser("check", help="exit 1 while any active superuser exists")
        reset = subcommands.add_parser("reset-password", help="issue a one-time password")
        reset.add_argument("username")
        factor = subcommands.add_parser("reset-second-factor", help="remove TOTP devices")
        factor.add_argument("username")

    def handle(self, *args, subcommand, **options):
        if subcommand == "check":
            return self.check_superusers()
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no account {options['username']!r}")
        with acting_as(actor_name=f"command:security {subcommand}"):
            if subcommand == "reset-password":
                password = password_reset_issue(target=user)
                self.stdout.write(f"{user.username}: {password}")
            else:
                with transaction.atomic():
                    removed, _details = TOTPDevice.objects.filter(user=user).delete()
                    # Logged through the account: TOTP devices are not zhenxing rows.
                    user.must_change_password = True
                    user.save(update_fields=["must_change_password"])
                self.stdout.write(f"{user.username}: {removed} device(s) removed")

    def check_superusers(self):
        names = list(active_superusers().values_list("username", flat=True))
        if names:
            raise CommandError(
                "active superusers (deactivate them after set-up): " + ", ".join(names)
            )
        self.stdout.write("ok: no active superuser")
