"""The English catalogue is complete and its compiled .mo matches the .po (compilemessages was run).

Chinese is the source language, so an untranslated text would show Chinese in the English UI;
a stale .mo would silently serve old texts.
"""

import ast
import gettext
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


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


def test_every_text_has_an_english_translation():
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 100
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert translations and all(translations), f"untranslated: {entry['msgid']}"


def test_compiled_catalogue_matches_the_source():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    for entry in read_po(CATALOGUE / "django.po"):
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            assert catalogue.get((key, 0)) == entry["msgstr[0]"], f"stale .mo: {key}"
            assert catalogue.get((key, 1)) == entry["msgstr[1]"], f"stale .mo: {key}"
        else:
            assert catalogue.get(key) == entry["msgstr"], f"stale .mo: {key}"
