"""Issue #13 item 7: production defaults. DEBUG is off unless asked for, the secret key is
generated once into the var directory, and with DEBUG off, a secret and ALLOWED_HOSTS the
deployment checks pass at WARNING level (HTTPS redirect, HSTS, secure cookies). Each case runs
the real settings module in a fresh interpreter, as the server would."""

import json
import os
import stat
import subprocess  # nosec B404  # runs our own command with a fixed argv
import sys

import pytest
from django.urls import reverse

VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_COOKIES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set while the browser tests run; never in deployment
]
PRODUCTION = {
    "SECRET_KEY": "q8v#2zK!p0w9x7LmN4rT6yU1iO3aS5dF8gH0jK2lZ4xC6vB8nM",
    "ALLOWED_HOSTS": "zhenxing.example.gov.cn",
}
SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'debug': s.DEBUG, 'key': s.SECRET_KEY, 'redirect': s.SECURE_SSL_REDIRECT, "
    "'hsts': s.SECURE_HSTS_SECONDS, 'cookies': s.SESSION_COOKIE_SECURE, "
    "'proxy': list(getattr(s, 'SECURE_PROXY_SSL_HEADER', None) or [])}))"
)


def run(tmp_path, *arguments, **variables) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "zhenxing.settings", "ZHENXING_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env |= variables
    return subprocess.run(  # nosec B603  # this interpreter and our own arguments
        [sys.executable, *arguments], env=env, capture_output=True, text=True, timeout=120
    )


def settings_in(tmp_path, **variables) -> dict:
    code = f"import django; django.setup(); {SHOW}"
    result = run(tmp_path, "-c", code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_is_off_unless_asked_for(tmp_path):
    assert settings_in(tmp_path)["debug"] is False
    assert settings_in(tmp_path, DEBUG="false")["debug"] is False
    assert settings_in(tmp_path, DEBUG="true")["debug"] is True


def test_the_secret_key_is_generated_once_into_the_var_directory(tmp_path):
    first, second = settings_in(tmp_path), settings_in(tmp_path)
    assert first["key"] == second["key"] and len(first["key"]) >= 50
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == first["key"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (
        settings_in(tmp_path, SECRET_KEY=PRODUCTION["SECRET_KEY"])["key"]
        == (PRODUCTION["SECRET_KEY"])
    )


def test_https_defaults_and_the_proxy_switch(tmp_path):
    production = settings_in(tmp_path, **PRODUCTION)
    assert production["redirect"] and production["hsts"] >= 31536000 and production["cookies"]
    assert production["proxy"] == []
    behind_proxy = settings_in(tmp_path, SECURE_PROXY_SSL_HEADER="true", **PRODUCTION)
    assert behind_proxy["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    demo = settings_in(
        tmp_path, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false"
    )
    assert not demo["redirect"] and demo["hsts"] == 0 and not demo["cookies"]
    assert demo["debug"] is False


def deploy_check(tmp_path, **variables) -> subprocess.CompletedProcess:
    arguments = ["-m", "zhenxing.manage", "check", "--deploy", "--fail-level", "WARNING"]
    return run(tmp_path, *arguments, **variables)


def test_the_deployment_checks_pass_with_debug_off_a_secret_and_allowed_hosts(tmp_path):
    result = deploy_check(tmp_path, DEBUG="false", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "weakened, warning",
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_SSL_REDIRECT": "false"}, "security.W008"),
        ({"SECURE_COOKIES": "false"}, "security.W012"),
        ({"DEBUG": "true"}, "security.W018"),
    ],
)
def test_the_deployment_checks_catch_a_weakened_setting(tmp_path, weakened, warning):
    result = deploy_check(tmp_path, **(PRODUCTION | weakened))
    assert result.returncode != 0 and warning in result.stderr + result.stdout


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
