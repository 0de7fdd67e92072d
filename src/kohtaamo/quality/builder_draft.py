"""A scorecard as the builder page holds it while a QA lead edits it: every field as typed.

The builder never keeps state on the server between requests: each button posts the whole page, which is
read back into a :class:`Draft`, changed (a section added, a question moved) and shown again. Values stay
strings until :mod:`kohtaamo.quality.builder_forms` turns the draft into form JSON, so a typo is shown
back exactly as typed next to its error instead of being lost. No queries here: this is page plumbing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from kohtaamo.lib.qa.forms import SCALE_PRESETS

LANGUAGES = ("fi", "sv", "en")
CUSTOM_SCALE = "custom"
MAX_SECTIONS = 40  # a posted count beyond these is a forged page, not a scorecard
MAX_QUESTIONS = 100
BONUS = "b"  # the bonus section's prefix in field names; the scored sections are s0, s1, …


_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


def _text_from(value: object, others: Iterable[str] = ()) -> dict[str, str]:
    """A form text as the language fields; a plain string (the same in every language) fills fi, sv and en.

    ``others`` are the form's further languages: the page carries them along unseen so saving keeps them.
    """
    languages = (*LANGUAGES, *others)
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value) | dict.fromkeys(others, "")
    if isinstance(value, Mapping):
        return {lang: str(value.get(lang, "")) for lang in languages}
    return dict.fromkeys(languages, "")


def _other_languages(data: object) -> tuple[str, ...]:
    """Languages beyond fi, sv and en that any text of a stored form has."""
    found: dict[str, None] = {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend(item.values())
            if item and all(isinstance(v, str) for v in item.values()):
                found |= dict.fromkeys(k for k in item if isinstance(k, str) and _LANGUAGE_RE.fullmatch(k))
        elif isinstance(item, list):
            stack.extend(item)
    return tuple(sorted(lang for lang in found if lang not in LANGUAGES))


def _number_text(value: object) -> str:
    return str(int(value)) if isinstance(value, int | float) and float(value).is_integer() else str(value)


@dataclass
class DraftQuestion:
    id: str = ""
    text: dict[str, str] = field(default_factory=lambda: _text_from(None))
    help: dict[str, str] = field(default_factory=lambda: _text_from(None))
    weight: str = "1"
    scale: str = "yes_no"
    points: str = ""  # the custom scale's points as typed, "0 0.5 1"
    na_allowed: bool = False
    kind: str = "normal"
    auto_check: str = ""
    auto_phrases: str = ""  # one phrase a line
    errors: dict[str, str] = field(default_factory=dict)  # field → message

    @classmethod
    def from_form(cls, data: Mapping[str, Any], others: tuple[str, ...] = ()) -> DraftQuestion:
        scale = data.get("scale", "yes_no")
        custom = not isinstance(scale, str)
        return cls(
            id=str(data.get("id", "")),
            text=_text_from(data.get("text"), others),
            help=_text_from(data.get("help"), others),
            weight=_number_text(data.get("weight", 1)),
            scale=CUSTOM_SCALE if custom else scale,
            points=" ".join(_number_text(p) for p in scale) if custom else "",
            na_allowed=bool(data.get("na_allowed", False)),
            kind=str(data.get("kind", "normal")),
            auto_check=str(data.get("auto_check") or ""),
            auto_phrases="\n".join(data.get("auto_phrases") or ()),
        )


@dataclass
class DraftSection:
    id: str = ""
    title: dict[str, str] = field(default_factory=lambda: _text_from(None))
    questions: list[DraftQuestion] = field(default_factory=lambda: [DraftQuestion()])
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, data: Mapping[str, Any], others: tuple[str, ...] = ()) -> DraftSection:
        questions = [DraftQuestion.from_form(q, others) for q in data.get("questions", ())]
        return cls(id=str(data.get("id", "")), title=_text_from(data.get("title"), others), questions=questions)


@dataclass
class Draft:
    title: dict[str, str] = field(default_factory=lambda: _text_from(None))
    description: dict[str, str] = field(default_factory=lambda: _text_from(None))
    allow_above_100: bool = False
    sections: list[DraftSection] = field(default_factory=lambda: [DraftSection()])
    bonus: DraftSection | None = None
    other_languages: tuple[str, ...] = ()  # kept as they are; edited as JSON
    errors: dict[str, str] = field(default_factory=dict)  # the form's own fields
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field's html id, error with its place)

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Draft:
        """The builder's view of stored form JSON (already valid: it came through ``load_form``)."""
        bonus, others = data.get("bonus"), _other_languages(data)
        return cls(
            title=_text_from(data.get("title"), others),
            description=_text_from(data.get("description"), others),
            allow_above_100=bool(data.get("allow_above_100", False)),
            sections=[DraftSection.from_form(s, others) for s in data.get("sections", ())],
            bonus=DraftSection.from_form(bonus, others) if bonus else None,
            other_languages=others,
        )

    def all_sections(self) -> list[tuple[str, DraftSection]]:
        """(field prefix, section) for the scored sections and then the bonus section."""
        pairs = [(f"s{i}", s) for i, s in enumerate(self.sections)]
        return pairs + ([(BONUS, self.bonus)] if self.bonus is not None else [])

    def rows(self) -> list[tuple[str, DraftSection, list[tuple[str, DraftQuestion]]]]:
        """What the page draws: each section and its questions with the prefix of their field names."""
        return [(p, s, [(f"{p}-q{j}", q) for j, q in enumerate(s.questions)]) for p, s in self.all_sections()]


def _count(data: QueryDict, name: str, limit: int) -> int:
    raw = data.get(name, "")
    return min(int(raw), limit) if raw.isdigit() else 0


def _text_post(data: QueryDict, name: str) -> dict[str, str]:
    languages = (*LANGUAGES, *_posted_languages(data))
    return {lang: data.get(f"{name}-{lang}", "").strip() for lang in languages}


def _posted_languages(data: QueryDict) -> tuple[str, ...]:
    """The further languages the page carries (a few well-formed codes; anything else is dropped)."""
    codes = data.get("other_languages", "").split()[:20]
    return tuple(c for c in codes if _LANGUAGE_RE.fullmatch(c) and c not in LANGUAGES)


def _question_post(data: QueryDict, name: str) -> DraftQuestion:
    scale = data.get(f"{name}-scale", "yes_no")
    return DraftQuestion(
        id=data.get(f"{name}-id", "").strip(),
        text=_text_post(data, f"{name}-text"),
        help=_text_post(data, f"{name}-help"),
        weight=data.get(f"{name}-weight", "").strip(),
        scale=scale if scale in SCALE_PRESETS else CUSTOM_SCALE,
        points=data.get(f"{name}-points", "").strip(),
        na_allowed=bool(data.get(f"{name}-na")),
        kind=data.get(f"{name}-kind", "normal"),
        auto_check=data.get(f"{name}-auto_check", ""),
        auto_phrases=data.get(f"{name}-auto_phrases", "").strip(),
    )


def _section_post(data: QueryDict, name: str) -> DraftSection:
    count = _count(data, f"{name}-questions", MAX_QUESTIONS)
    return DraftSection(
        id=data.get(f"{name}-id", "").strip(),
        title=_text_post(data, f"{name}-title"),
        questions=[_question_post(data, f"{name}-q{j}") for j in range(count)],
    )


def draft_from_post(data: QueryDict) -> Draft:
    """The builder page as posted, every value kept as typed (counts are bounded; the rest is text)."""
    return Draft(
        title=_text_post(data, "title"),
        description=_text_post(data, "description"),
        allow_above_100=bool(data.get("allow_above_100")),
        sections=[_section_post(data, f"s{i}") for i in range(_count(data, "sections", MAX_SECTIONS))],
        bonus=_section_post(data, BONUS) if data.get("has_bonus") else None,
        other_languages=_posted_languages(data),
    )


def _section_at(draft: Draft, key: str) -> DraftSection | None:
    if key == BONUS:
        return draft.bonus
    index = int(key[1:]) if key[:1] == "s" and key[1:].isdigit() else -1
    return draft.sections[index] if 0 <= index < len(draft.sections) else None


def _move_question(draft: Draft, key: str, index: int, step: int) -> None:
    """Up from a section's first place goes to the end of the section above (down likewise), not nowhere."""
    section = _section_at(draft, key)
    if section is None or not 0 <= index < len(section.questions):
        return
    target = index + step
    if 0 <= target < len(section.questions):
        section.questions[index], section.questions[target] = section.questions[target], section.questions[index]
        return
    if key == BONUS:
        return
    neighbour = int(key[1:]) + step
    if 0 <= neighbour < len(draft.sections):
        question = section.questions.pop(index)
        into = draft.sections[neighbour].questions
        into.insert(len(into) if step < 0 else 0, question)


def draft_apply(draft: Draft, action: str) -> bool:
    """Apply a builder button ("add_question:s1", "up_question:s0:2", …); False when it names nothing."""
    verb, _, rest = action.partition(":")
    key, _, position = rest.partition(":")
    section = _section_at(draft, key)
    if verb == "add_section" and len(draft.sections) < MAX_SECTIONS:
        draft.sections.append(DraftSection())
    elif verb == "add_bonus" and draft.bonus is None:
        draft.bonus = DraftSection(title={"fi": "Lisäpisteet", "sv": "Bonuspoäng", "en": "Bonus"})
    elif verb == "remove_section" and section is not None:
        if key == BONUS:
            draft.bonus = None
        else:
            draft.sections.remove(section)
    elif verb in {"up_section", "down_section"} and section is not None and key != BONUS:
        index = draft.sections.index(section)
        target = index + (-1 if verb == "up_section" else 1)
        if 0 <= target < len(draft.sections):
            draft.sections[index], draft.sections[target] = draft.sections[target], section
    elif verb == "add_question" and section is not None and len(section.questions) < MAX_QUESTIONS:
        section.questions.append(DraftQuestion())
    elif verb == "remove_question" and section is not None and position.isdigit():
        if int(position) < len(section.questions):
            del section.questions[int(position)]
    elif verb in {"up_question", "down_question"} and position.isdigit():
        _move_question(draft, key, int(position), -1 if verb == "up_question" else 1)
    else:
        return False
    return True
