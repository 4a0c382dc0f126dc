"""The English catalogues are complete, up to date with the code, and compiled (.mo matches .po).

Chinese is the source language, so an untranslated text would show Chinese in the English UI;
a text marked in a template or in Python but never extracted would too; a stale .mo would
silently serve old texts.

Two catalogues: zhenxing/locale (LOCALE_PATHS[0], everything but the project library's Python
code) and zhenxing/projects/locale (the project library's Python code, where makemessages puts
it because that app has a locale directory of its own). Refresh them from the package directory:

    cd zhenxing && zhenxing makemessages -l en --no-obsolete --add-location=file \
        -i tests -i conftest.py -i testing.py && zhenxing compilemessages -l en
"""

import ast
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

import zhenxing

PACKAGE = Path(zhenxing.__file__).resolve().parent
CATALOGUES = [PACKAGE / "locale", PACKAGE / "projects" / "locale"]
# Tests need no translation; keep these in step with the makemessages command above.
EXTRACTION_IGNORES = ["tests", "conftest.py", "testing.py", "static"]


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts of msgctxt/msgid/msgid_plural/msgstr[n] plus flags."""
    entries, entry, field = [], {"flags": set()}, None
    for line in path.read_text("utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return [entry for entry in entries if entry["msgid"]]


def key_of(entry: dict) -> tuple[str | None, str]:
    return entry.get("msgctxt"), entry["msgid"]


def po_path(locale_dir: Path) -> Path:
    return locale_dir / "en" / "LC_MESSAGES" / "django.po"


catalogues = pytest.mark.parametrize(
    "locale_dir", CATALOGUES, ids=[str(path.relative_to(PACKAGE)) for path in CATALOGUES]
)


def test_the_project_catalogue_is_the_first_locale_path():
    assert Path(settings.LOCALE_PATHS[0]).resolve() == CATALOGUES[0]


@catalogues
def test_every_text_has_an_english_translation(locale_dir):
    entries = read_po(po_path(locale_dir))
    assert len(entries) > 100
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert translations and all(translations), f"untranslated: {entry['msgid']}"


@catalogues
def test_compiled_catalogue_matches_the_source(locale_dir):
    with open(locale_dir / "en" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    for entry in read_po(po_path(locale_dir)):
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            assert catalogue.get((key, 0)) == entry["msgstr[0]"], f"stale .mo: {key}"
            assert catalogue.get((key, 1)) == entry["msgstr[1]"], f"stale .mo: {key}"
        else:
            assert catalogue.get(key) == entry["msgstr"], f"stale .mo: {key}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_marked_text_is_in_the_catalogues(tmp_path, monkeypatch):
    """makemessages on a copy of the package finds no text that the committed catalogues lack."""
    copy = tmp_path / "zhenxing"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.po", "*.mo")
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=["en"],
            ignore_patterns=EXTRACTION_IGNORES,
            no_obsolete=True,
            verbosity=0,
        )
    missing = []
    for locale_dir in CATALOGUES:
        where = locale_dir.relative_to(PACKAGE)
        extracted = po_path(copy / where)
        assert extracted.exists(), f"makemessages wrote no catalogue to {where}"
        committed = {key_of(entry) for entry in read_po(po_path(locale_dir))}
        missing += [
            f"{where}: {entry['msgid']!r}"
            for entry in read_po(extracted)
            if key_of(entry) not in committed
        ]
    assert not missing, (
        f"{len(missing)} marked texts are missing from the English catalogues; run makemessages "
        "and translate them (see this module's docstring):\n" + "\n".join(missing)
    )
