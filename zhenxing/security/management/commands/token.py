"""`zhenxing token`: API tokens from the server console (docs/api.md), for a script's account.

    zhenxing token create USERNAME --name PURPOSE [--scope rounds --scope projects] [--days N]
                                                  prints the token once (default scope: read)
    zhenxing token list USERNAME                  prefix, purpose, scopes, expiry, state
    zhenxing token revoke PREFIX                  revokes the token(s) with that prefix

The same service as the token page (orgs.services.api_token_create): scopes are checked the
same way; the token acts as its person, never with more rights. Audited as the command.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import ApiScope, ApiToken, User
from zhenxing.orgs.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "接口令牌 / API tokens: create, list, revoke."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        create = subcommands.add_parser("create", help="issue a token (printed once)")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument(
            "--scope",
            action="append",
            choices=ApiScope.values,
            dest="scopes",
            help="repeat for several; default: read",
        )
        create.add_argument("--days", type=int, help="lifetime in days (default: the setting)")
        listing = subcommands.add_parser("list", help="a person's tokens")
        listing.add_argument("username")
        revoke = subcommands.add_parser("revoke", help="revoke by prefix (zx_…)")
        revoke.add_argument("prefix")

    def handle(self, *args, subcommand, **options):
        with acting_as(actor_name=f"command:token {subcommand}"):
            if subcommand == "create":
                return self.create(**options)
            if subcommand == "list":
                return self.list(options["username"])
            return self.revoke(options["prefix"])

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r}")
        return user

    def create(self, *, username, name, scopes, days, **_options):
        expires_at = None
        if days is not None:
            expires_at = timezone.now() + datetime.timedelta(days=days)
        try:
            token, raw = api_token_create(
                user=self._user(username),
                name=name,
                scopes=scopes or [ApiScope.READ],
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(raw)
        self.stderr.write(f"scopes: {', '.join(token.scopes)}; shown once, keep it safe")

    def list(self, username: str):
        for token in self._user(username).api_tokens.all():
            state = "revoked" if token.revoked_at else "expired" if token.is_expired else "active"
            expires = f"{token.expires_at:%Y-%m-%d}" if token.expires_at else "-"
            scopes = ",".join(token.scopes)
            self.stdout.write(f"{token.prefix}…\t{token.name}\t{scopes}\t{expires}\t{state}")

    def revoke(self, prefix: str):
        tokens = ApiToken.objects.filter(prefix=prefix[:8], revoked_at__isnull=True)
        if not tokens:
            raise CommandError(f"no active token with prefix {prefix[:8]!r}")
        for token in tokens:
            api_token_revoke(token=token)
            self.stdout.write(f"revoked {token.prefix}… ({token.user.username}: {token.name})")
