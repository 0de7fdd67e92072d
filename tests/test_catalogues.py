"""The fi and sv catalogues compile and the committed .mo files are compiled from them.

Two branches adding the same msgid make msgfmt refuse the whole file, and the pages then fall back to
English without any test of a translated page being the first to say why; this says it at once.
"""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "kohtaamo" / "locale"


def entries(po: Path) -> list[tuple[str | None, str, str, bool]]:
    """(msgctxt, msgid, msgstr, fuzzy) of every live entry; plural forms give their singular."""
    found, current, field, fuzzy = [], {}, None, False

    def close() -> None:
        if "msgid" in current and current["msgid"]:
            found.append((current.get("msgctxt"), current["msgid"], current.get("msgstr", ""), fuzzy))

    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            close()
            current, field, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            if "msgstr" in current:  # a new entry's flags right after the last one
                close()
                current = {}
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgstr" in current:  # msgfmt needs no blank line between
                close()
                current, fuzzy = {}, False
            field = {"msgstr[0]": "msgstr"}.get(keyword, keyword)
            current[field] = ast.literal_eval(value)
    return found


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_defined_once_and_translated(language):
    live = entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    keys = [(context, msgid) for context, msgid, _, _ in live]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    assert [msgid for _, msgid, msgstr, fuzzy in live if fuzzy or not msgstr] == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_compiled_catalogue_holds_every_message(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for context, msgid, msgstr, _ in entries(folder / "django.po"):
        got = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        assert got != msgid or msgstr == msgid, f"{msgid!r} is not in django.mo: run compilemessages"


def test_the_catalogues_hold_every_message_of_the_source(tmp_path):
    """`make messages` on a copy of the package finds nothing the committed catalogues lack.

    A page added without running it shows English to Finnish and Swedish users while every test above
    passes (the sentiment model page did); extracting into a copy says which messages are missing.
    """
    package = LOCALE.parent
    copy = tmp_path / "kohtaamo"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    subprocess.run(  # noqa: S603 -- our own django-admin on a copy of our package
        [str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "fi", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kohtaamo.settings"},
    )  # fmt: skip
    committed = {(c, m) for c, m, _, _ in entries(LOCALE / "fi" / "LC_MESSAGES" / "django.po")}
    extracted = {(c, m) for c, m, _, _ in entries(copy / "locale" / "fi" / "LC_MESSAGES" / "django.po")}
    assert sorted(extracted - committed, key=str) == [], "run `make messages` and translate the new messages"
