"""Shared fixtures: the shipped mechanism and named personas, one per role.

Personas (STYLE.md §10): the secretariat officer, a lead-unit liaison (NDRC), a
participating-unit liaison (MOF), a province's liaison and leader (Liaoning), an outsider
liaison from another province (Jilin), a leading-group reader, an inspector, and the three
administrators. Each has a usable password `PASSWORD` and no pending password change.

`english` is the test client reading the pages in English.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import translation

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit, User

PASSWORD = "Correct-Horse-42"


@dataclass
class Personas:
    secretariat: User
    lead_liaison: User
    participant_liaison: User
    province_liaison: User
    province_leader: User
    outsider: User
    reader: User
    inspector: User
    system_admin: User
    security_admin: User
    audit_admin: User

    def all(self) -> dict[str, User]:
        return dict(vars(self))


PERSONA_SPECS = {
    "secretariat": ("ndrc-regional-economy", Role.SECRETARIAT_OFFICER),
    "lead_liaison": ("ndrc", Role.UNIT_LIAISON),
    "participant_liaison": ("mof", Role.UNIT_LIAISON),
    "province_liaison": ("liaoning-government", Role.UNIT_LIAISON),
    "province_leader": ("liaoning-government", Role.UNIT_LEADER),
    "outsider": ("jilin-government", Role.UNIT_LIAISON),
    "reader": ("leading-group-northeast", Role.LEADING_GROUP_READER),
    "inspector": ("ndrc", Role.INSPECTOR),
    "system_admin": ("ndrc", Role.SYSTEM_ADMINISTRATOR),
    "security_admin": ("ndrc", Role.SECURITY_ADMINISTRATOR),
    "audit_admin": ("ndrc", Role.AUDIT_ADMINISTRATOR),
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache, as each starts with an empty database: the open
    site's per-address counters, its cached datasets and the captcha answers would otherwise
    carry from one test to the next (a full run reached the open pages' rate limit, 429)."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def force_login_includes_the_second_factor(monkeypatch):
    """`Client.force_login` skips the login form; for an administrator it skips the second
    factor too, as `zhenxing.testing.client_for` does, so that tests of other doors need not
    enrol an authenticator. The factor itself is tested through the real login
    (zhenxing/security/tests/test_second_factor.py)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from zhenxing.security.selectors import second_factor_required
    from zhenxing.testing import verified_device

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if second_factor_required(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Persona passwords are hashed once per test: the slow production hasher would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mechanism(db) -> Mechanism:
    existing = Mechanism.objects.filter(code="northeast").first()
    return existing or mechanism_load_shipped()


@pytest.fixture
def personas(mechanism) -> Personas:
    units = {unit.code: unit for unit in Unit.objects.all()}
    people = {}
    for name, (unit_code, role) in PERSONA_SPECS.items():
        user = User(
            username=name.replace("_", "."), unit=units[unit_code], role=role, display_name=name
        )
        user.set_password(PASSWORD)
        user.save()
        people[name] = user
    return Personas(**people)


@pytest.fixture
def english(client):
    """pytest-django's `client`, reading the pages in English: it sends the cookie that the
    header's language switch sets (log in with force_login).

    A request leaves the language it activated active in the test's thread; the default,
    Chinese, is active again after the test, so that no later test runs in English.
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    translation.deactivate()
