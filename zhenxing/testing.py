"""Test helpers shared by the apps' tests (STYLE.md §10).

`shipped_data_fixture` makes a fixture that loads the shipped mechanism and creates the people of
the permission matrices once per test package, inside a transaction rolled back at the end; each
test then runs in a savepoint inside it, so what a test changes is undone after it. Loading takes
seconds with the full registry of units, so paying it once per package instead of once per test
keeps the suite fast. The apps' `tests/conftest.py` install it with the `mechanism`, `personas`
and `people` fixtures below, which depend on it and read the loaded rows afresh for every test. Tests that need an empty database
live outside those packages (zhenxing/tests/test_fresh_install.py).

`people` adds to the named personas (zhenxing/conftest.py) the three outsiders of every
permission matrix: the anonymous visitor, an active account without a role and a deactivated one.
"""

import json
import re
import time
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenxing.conftest import PASSWORD, PERSONA_SPECS, Personas
from zhenxing.lib.forms import form_as_posted  # noqa: F401 - the tests import it from here
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.orgs.services import api_token_create
from zhenxing.security.receivers import LAST_ACTIVITY_AT, SIGNED_IN_AT
from zhenxing.security.selectors import second_factor_required

ANONYMOUS = "anonymous"
NO_ROLE = "no_role"
INACTIVE = "inactive"
SUPERUSER = "superuser"
PEOPLE = [*PERSONA_SPECS, NO_ROLE, INACTIVE, ANONYMOUS]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USERNAMES = {name: name.replace("_", ".") for name in [*PERSONA_SPECS, NO_ROLE, INACTIVE]}


def make_user(username: str, *, role: str = "", unit=None, **fields) -> User:
    """An account with the shared test password and no pending password change."""
    fields.setdefault("display_name", username)
    user = User(username=username, role=role, unit=unit, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _create_people() -> None:
    """The personas as zhenxing/conftest.py makes them, plus the role-less and inactive ones."""
    units = {unit.code: unit for unit in Unit.objects.all()}
    for name, (unit_code, role) in PERSONA_SPECS.items():
        make_user(USERNAMES[name], role=role, unit=units[unit_code], display_name=name)
    make_user(USERNAMES[NO_ROLE], unit=units["ndrc"])
    make_user(USERNAMES[INACTIVE], role=Role.UNIT_LIAISON, unit=units["ndrc"], is_active=False)


def shipped_data_fixture(scope: str, *, autouse: bool = True, then=None):
    """A fixture loading the shipped data once per `scope` ("package" or "module").

    With `autouse=False` only tests asking for `mechanism`, `personas` or `people` load it, so
    a package's file checks (which pytest-django runs after its database tests) load nothing.
    `then`, if given, is called after the people exist, inside the same transaction, to build
    what every test of the package reads (the reports tests' demo data); what it returns is
    the fixture's value.
    """

    @pytest.fixture(scope=scope, autouse=autouse, name="shipped_data")
    def shipped_data(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                mechanism_load_shipped()
                # The same fast hasher as conftest's function-scoped fast_password_hashing.
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    _create_people()
                built = then() if then else None
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return shipped_data


def _accounts() -> dict[str, User]:
    users = User.objects.select_related("unit").in_bulk(
        list(USERNAMES.values()), field_name="username"
    )
    return {name: users[username] for name, username in USERNAMES.items()}


@pytest.fixture
def mechanism(shipped_data, db) -> Mechanism:
    """The shipped mechanism, already loaded (zhenxing/conftest.py's `mechanism`, made cheap)."""
    return Mechanism.objects.get(code="northeast")


@pytest.fixture
def personas(shipped_data, db) -> Personas:
    """The named personas of zhenxing/conftest.py, read afresh from the preloaded accounts."""
    accounts = _accounts()
    return Personas(**{name: accounts[name] for name in PERSONA_SPECS})


@pytest.fixture
def people(shipped_data, db) -> dict[str, User | None]:
    """Every row of the permission matrices, by name; the anonymous visitor is None."""
    return _accounts() | {ANONYMOUS: None}


@pytest.fixture
def superuser(db) -> User:
    return make_user("root", is_superuser=True, is_staff=True)


def level_secretariats() -> dict[str, User]:
    """The Liaoning provincial and Fuxin city mechanisms (shipped demo data, loaded now if they
    are not yet) and a secretariat officer of each, keyed "liaoning" and "fuxin"."""
    if not Mechanism.objects.filter(code="fuxin").exists():
        mechanism_load_shipped("fuxin")  # and Liaoning above it
    return {
        code: make_user(
            f"{code}.secretariat",
            role=Role.SECRETARIAT_OFFICER,
            unit=Unit.objects.get(code=f"{code}-revitalization-office"),
        )
        for code in ("liaoning", "fuxin")
    }


def client_for(user: User | None, **client_options) -> Client:
    """A test client with a session for `user` (none for the anonymous visitor).

    The session is written directly, as Client.force_login does but without the login
    signal's last-login save: the matrices open hundreds of sessions.
    """
    client = Client(**client_options)
    if user is not None:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # As the login signal does: the idle and absolute limits count from now.
        session[SIGNED_IN_AT] = session[LAST_ACTIVITY_AT] = time.time()
        if second_factor_required(user):
            # As after entering the code of an enrolled authenticator (security/tests test it).
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def verified_device(user: User) -> TOTPDevice:
    """`user`'s confirmed TOTP device, enrolled now if they have none."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    )


def bearer_client_for(user: User | None) -> Client:
    """A test client that authenticates with a fresh API token of `user` and no session."""
    if user is None:
        return Client()
    _token, raw = api_token_create(user=user, name="matrix")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def expect(default, **exceptions) -> dict:
    """The expected outcome for every name in PEOPLE: `default` unless listed."""
    unknown = set(exceptions) - set(PEOPLE) - {SUPERUSER}
    assert not unknown, unknown
    return {name: exceptions.get(name, default) for name in PEOPLE} | {
        name: value for name, value in exceptions.items() if name == SUPERUSER
    }


def outcome(response):
    """A response as the matrices write it: a status code, "login", "admin-login" or a path."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return "login"
        if location.startswith("/admin/login/"):
            return "admin-login"
        return location
    return response.status_code


def api_body(body: dict | None, ids: dict) -> dict | None:
    """A JSON body of a matrix row with its "{name}" placeholders (alone or in lists) replaced
    by the integer ids of `ids`."""

    def filled(value):
        if isinstance(value, list):
            return [filled(item) for item in value]
        if isinstance(value, str) and value.startswith("{"):
            return int(value.format(**ids))
        return value

    return None if body is None else {key: filled(value) for key, value in body.items()}


def api_call(client: Client, method: str, url: str, body=None, *, multipart: bool = False):
    """One API request, its body (if any; a callable makes it afresh, for files) sent as JSON,
    or as multipart/form-data with `multipart`."""
    body = body() if callable(body) else body
    if body is None:
        return getattr(client, method)(url)
    if multipart:
        return getattr(client, method)(url, body)
    return getattr(client, method)(url, body, content_type="application/json")


def token_matrix(people: dict, method: str, url: str, body=None, *, multipart=False) -> dict:
    """The outcome of one API request for every person, each with their own token; each
    request is rolled back, so that an allowed action does not change what the next meets."""
    actual = {}
    for name, user in people.items():
        client = bearer_client_for(user)
        with transaction.atomic():
            actual[name] = outcome(api_call(client, method, url, body, multipart=multipart))
            transaction.set_rollback(True)
    return actual


def page_and_api(page, api, read) -> tuple:
    """What a page's action leaves (`read()` after `page()` answered its redirect, then undone)
    and what the API's action leaves: a test asserts the two are equal."""
    with transaction.atomic():
        assert page().status_code == 302
        from_page = read()
        transaction.set_rollback(True)
    response = api()
    assert response.status_code in (200, 201, 204), response.content
    return from_page, read()


# -- hostile uploads (zhenxing.lib.uploads must refuse each before a parser sees it) -----------
BOMB_XML_BYTES = 300 * 1024 * 1024  # the attack's policy held 288 MB of XML in 0.98 MB


def office_file(suffix: str = ".docx", replace: dict[str, bytes] | None = None) -> bytes:
    """A small valid .docx or .xlsx, with some parts replaced by hostile ones."""
    import io
    import zipfile

    buffer = io.BytesIO()
    if suffix == ".docx":
        import docx

        document = docx.Document()
        document.add_paragraph("第一条 为推动全面振兴，制定本办法。")
        document.save(buffer)
    else:
        from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx

        sheet = SheetTable("Sheet1", "", ["重点任务", "牵头单位"], [["任务", "单位"]])
        buffer.write(tables_to_xlsx([sheet]))
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename not in (replace or {}):
                archive.writestr(info.filename, source.read(info))
        for name, data in (replace or {}).items():
            if callable(data):
                with archive.open(name, "w", force_zip64=True) as stream:
                    data(stream)
            else:
                archive.writestr(name, data)
    return output.getvalue()


def _repeated_xml(opening: bytes, filler: bytes, closing: bytes):
    def write(stream):
        stream.write(opening)
        block = filler * (1024 * 1024 // len(filler))
        for _ in range(BOMB_XML_BYTES // len(block)):
            stream.write(block)
        stream.write(closing)

    return write


_bombs: dict[str, bytes] = {}


def zip_bomb(suffix: str = ".docx") -> bytes:
    """A file of about 1 MB whose main XML part unpacks to 300 MB (built once per process)."""
    if suffix not in _bombs:
        if suffix == ".docx":
            part = "word/document.xml"
            xml = _repeated_xml(
                b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>',
                "振兴".encode() * 8,
                b"</w:t></w:r></w:p></w:body></w:document>",
            )
        else:
            part = "xl/worksheets/sheet1.xml"
            xml = _repeated_xml(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
                b'<row><c t="inlineStr"><is><t>x</t></is></c></row>',
                b"</sheetData></worksheet>",
            )
        _bombs[suffix] = office_file(suffix, {part: xml})
    return _bombs[suffix]


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1))) * 10)
        for level in range(1, 10)
    )
    + b"]>"
)


def billion_laughs(suffix: str = ".docx") -> bytes:
    """A small file whose main XML part declares entities expanding to 10⁹ "lol"s."""
    if suffix == ".docx":
        return office_file(
            ".docx",
            {
                "word/document.xml": BILLION_LAUGHS
                + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
            },
        )
    return office_file(
        suffix,
        {
            "xl/worksheets/sheet1.xml": BILLION_LAUGHS
            + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
            b"</sheetData></worksheet>"
        },
    )


def sparse_sheet() -> bytes:
    """A 2 KB .xlsx without a dimension whose one far cell makes readers allocate 17 billion."""
    return office_file(
        ".xlsx",
        {
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData></worksheet>"
        },
    )


def pdf_with_pages(count: int) -> bytes:
    """A PDF of `count` blank pages (sharing one page object would be just as hostile)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- formula guard (every export writes through zhenxing.lib.xlsx_export) ----------------------
# A formula, a function call, arithmetic, and a formula behind a tab: what a user might type
# into any text field that an export later writes into a cell.
FORMULA_LIKE = ("=1+1", "@SUM(A1)", "-2+3", "\t=cmd")


def xlsx_texts(content: bytes) -> set[str]:
    """Every text cell of every sheet of an .xlsx, as a spreadsheet program reads it."""
    import io

    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {
        cell
        for name in workbook.sheet_names
        for row in workbook.get_sheet_by_name(name).to_python()
        for cell in row
        if isinstance(cell, str)
    }


def assert_neutralised(texts, written=FORMULA_LIKE) -> None:
    """Each formula-like text came out with the guard's apostrophe, none of them bare. Forms and
    services strip what users type, so a leading tab may already be gone ("\t=cmd" → "=cmd")."""
    texts = set(texts)
    for text in written:
        kept = {text, text.strip()}
        assert {"'" + form for form in kept} & texts, f"{text!r} missing or not neutralised"
        assert not kept & texts, f"{text!r} written as it was typed"


QUERY_BASELINES = Path(__file__).parent / "tests" / "query_baselines.json"


def queries_of(client: Client, url: str, params: dict | None = None, *, cached=False) -> int:
    """How many queries one GET of `url` runs after a first GET (so caches are warm): building
    the list's rows, or with `cached`, serving the copy the first GET left in the lists' cache
    (zhenxing/operations/list_cache.py): the second GET, once the first has set the browser's
    CSRF cookie, keeps a whole page."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2 if cached else 1):
        assert client.get(url, params).status_code == 200
    if not cached:
        caches["lists"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def assert_query_baseline(list_name: str, counts: dict[str, int]) -> None:
    """Hold a list to its query counts in zhenxing/tests/query_baselines.json (first page, deep
    page, a unit's scoped list): one query more fails; one fewer asks for the file to follow."""
    baseline = json.loads(QUERY_BASELINES.read_text())[list_name]
    assert counts == baseline, (
        f"{list_name}: queries {counts}, baseline {baseline} — a list that gains a query is a "
        "regression; if it lost one, lower the baseline in zhenxing/tests/query_baselines.json"
    )


def links(response) -> dict[str, str]:
    """rel → URL from an API list's RFC 8288 `Link` header (zhenxing/lib/pagination.py)."""
    found = re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("Link", ""))
    return {relation: url for url, relation in found}


def walk_cursor(client: Client, url: str, params: dict | None = None, key: str = "id") -> list:
    """`key` of every row of an API list, following rel="next" from the first page."""
    response, seen = client.get(url, params), []
    for _ in range(50):
        assert response.status_code == 200, response.content
        seen += [row[key] for row in response.json()]
        if "next" not in links(response):
            return seen
        response = client.get(links(response)["next"])
    raise AssertionError("the next links go round in circles")
