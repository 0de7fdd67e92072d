"""A workspace's names for its own keys: customer attributes and contact reasons, as pages show them.

The keys come from the workspace's own systems (a CRM sends ``age_band``, the contact centre tags
``laskutus``), so no translation catalogue can know them: each workspace labels its keys per language in
``Workspace.display_labels``. A key nobody has labelled reads as a humanised word ("Age band"), never as
the raw snake_case identifier. Pure wording: it reads the workspace object it is given and runs no query.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from django.utils.translation import get_language

if TYPE_CHECKING:
    from .models import Workspace

Kind = Literal["attribute", "reason"]
KINDS: tuple[Kind, ...] = ("attribute", "reason")
LANGUAGES = ("fi", "sv", "en")
LABEL_MAX = 100
KEY_MAX = 200
# Rows per kind on the labels page: four fields a row stay under Django's 1,000 posted fields per request.
ROWS_MAX = 240
EXTRA_ROWS = 3
_SEPARATORS = re.compile(r"[_\s]+")


def humanise(key: str) -> str:
    """A key as a word: separators as spaces, the first letter capital ("age_band" → "Age band").

    Only the first letter changes, so "CRM_id" stays "CRM id" and "laskutus" becomes "Laskutus".
    """
    words = _SEPARATORS.sub(" ", key).strip()
    return words[:1].upper() + words[1:]


def language_of(language: str | None) -> str:
    """The two-letter language the labels are kept in ("en-gb" → "en"); the page's language when none."""
    return (language or get_language() or "fi").split("-")[0].lower()


def key_label(workspace: Workspace | None, kind: Kind, key: str, language: str | None = None) -> str:
    """The workspace's label for ``key`` in ``language`` (the page's language by default), else humanised.

    A label in another language is not borrowed: a Swedish page gets the Swedish label or the key as a
    word, never a Finnish label in the middle of Swedish text.
    """
    if not key:
        return ""
    labels = (workspace.display_labels or {}) if workspace is not None else {}
    texts = (labels.get(kind) or {}).get(key) or {}
    text = texts.get(language_of(language)) if isinstance(texts, dict) else None
    if isinstance(text, str) and text.strip():
        return text.strip()
    return humanise(key)


def labels_rows(
    display_labels: dict, kind: Kind, keys: list[str], limit: int = ROWS_MAX - EXTRA_ROWS
) -> list[dict[str, str]]:
    """One row per key, for the labels form: the labelled keys, then the unlabelled ``keys`` seen in the data.

    At most ``limit`` rows, labelled keys first, so a saved name is never dropped to make room for a key
    that has none (the form leaves room for a few empty rows after them).
    """
    labelled = display_labels.get(kind) or {}
    unlabelled = sorted(set(keys) - set(labelled))
    rows = []
    for key in (sorted(labelled) + unlabelled)[:limit]:
        texts = labelled.get(key) or {}
        rows.append({"key": key, **{code: str(texts.get(code, "")) for code in LANGUAGES}})
    return rows


def labels_from_rows(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The stored map for one kind from the form's rows: empty texts and rows without a label dropped."""
    result: dict[str, dict[str, str]] = {}
    for row in rows:
        key = (row.get("key") or "").strip()
        texts = {code: (row.get(code) or "").strip() for code in LANGUAGES}
        texts = {code: text for code, text in texts.items() if text}
        if key and texts:
            result[key] = texts
    return result
