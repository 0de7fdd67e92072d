"""Reading a JSONL file of interactions (the import format) for `kohtaamo quality autoqa`, a bad line
costing only itself.

Only the fields the checks read are validated — ``id`` or ``external_id``, ``transcript`` (turns with
``speaker``, ``text`` and ``at`` in seconds or timestamps), ``customer.name``, ``agent.name``,
``channel``, ``language`` — so a file that would import also reads here, and one problem is named by
its line and field.
"""

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kohtaamo.lib.text.lines import LANGUAGE_CODE, LineError
from kohtaamo.lib.wellformed import clean_json, text_problem

MAX_TURNS = 5_000
MAX_TURN_CHARS = 20_000
MAX_NAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class InteractionLine:
    line: int
    id: str | int
    transcript: list[dict[str, Any]]
    customer_name: str | None
    agent_name: str | None
    channel: str | None
    language: str | None


def _identifier(data: dict) -> str | int | None:
    for key in ("id", "external_id"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and value.strip():
            return value
    return None


def _turn_problem(index: int, turn: Any) -> str | None:
    where = f"transcript[{index}]"
    if not isinstance(turn, dict):
        return f"{where}: must be an object with speaker, text and at"
    if not isinstance(turn.get("text"), str):
        return f"{where}.text: needs a string"
    if len(turn["text"]) > MAX_TURN_CHARS:
        return f"{where}.text: longer than {MAX_TURN_CHARS:,} characters"
    if turn.get("speaker") is not None and not isinstance(turn["speaker"], str):
        return f"{where}.speaker: needs a string such as agent or customer"
    at = turn.get("at")
    if at is None or isinstance(at, int | float) and not isinstance(at, bool) and math.isfinite(at) and at >= 0:
        return None
    if isinstance(at, str):
        try:
            datetime.fromisoformat(at.strip())
            return None
        except ValueError:
            pass
    return f"{where}.at: seconds from the start (a number ≥ 0) or an ISO 8601 timestamp"


def _name(data: dict, key: str) -> tuple[str | None, str | None]:
    """``data[key].name`` (a string or absent), or the problem with it."""
    part = data.get(key)
    if part is None or isinstance(part, str) and key == "agent":
        return None, None
    if not isinstance(part, dict):
        return None, f"{key}: must be an object"
    name = part.get("name")
    if name is None or name == "":
        return None, None
    if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
        return None, f"{key}.name: needs a string of at most {MAX_NAME_CHARS} characters"
    return name, None


def parse_interaction_line(number: int, raw: bytes) -> InteractionLine | LineError:
    """One line of the file (1-based ``number``)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LineError(number, "not UTF-8 text")
    except (json.JSONDecodeError, RecursionError) as error:
        where = f" ({error.msg} at column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        return LineError(number, f"not valid JSON{where}")
    if not isinstance(data, dict):
        return LineError(number, "must be a JSON object (an interaction in the import format)")
    identifier = _identifier(data)
    if identifier is None:
        return LineError(number, "id: needs an id or external_id (a string or a number)")
    data, problems = clean_json(data)
    if problems:
        path, reason = problems[0]
        shown = identifier if isinstance(identifier, int) or not text_problem(identifier) else None
        return LineError(number, f"{path}: {reason}", shown)
    transcript = data.get("transcript")
    if transcript is None:
        transcript = []
    if not isinstance(transcript, list):
        return LineError(number, "transcript: must be a list of {speaker, text, at}", identifier)
    if len(transcript) > MAX_TURNS:
        return LineError(number, f"transcript: more than {MAX_TURNS:,} turns", identifier)
    for index, turn in enumerate(transcript):
        problem = _turn_problem(index, turn)
        if problem:
            return LineError(number, problem, identifier)
    customer_name, problem = _name(data, "customer")
    agent_name, agent_problem = _name(data, "agent")
    if problem or agent_problem:
        return LineError(number, problem or agent_problem or "", identifier)
    channel = data.get("channel")
    if channel is not None and not isinstance(channel, str):
        return LineError(number, "channel: needs a string such as phone or chat", identifier)
    language = data.get("language")
    if language is not None and (not isinstance(language, str) or not LANGUAGE_CODE.match(language.lower())):
        return LineError(number, "language: a language code such as fi, sv or en", identifier)
    return InteractionLine(
        number,
        identifier,
        transcript,
        customer_name,
        agent_name,
        channel.strip().lower() or None if channel else None,
        language.lower() if language else None,
    )


def parse_interaction_lines(lines: Iterable[bytes]) -> Iterator[InteractionLine | LineError]:
    """Every non-blank line, numbered from 1 as an editor shows it."""
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield parse_interaction_line(number, raw)
