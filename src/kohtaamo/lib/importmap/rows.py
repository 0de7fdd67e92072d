"""One row of another system's file → one canonical interaction record, by a profile's rules."""

from dataclasses import dataclass
from typing import Any

from .convert import read_duration, read_timestamp
from .profile import KEEP, FieldRule, MappingProfile


@dataclass(frozen=True)
class CellProblem:
    column: str
    message: str


class MappingError(ValueError):
    """A row that cannot be mapped; each problem names the file's column (and the field it fills)."""

    def __init__(self, problems: list[CellProblem], external_id: str = "") -> None:
        super().__init__("; ".join(f"{p.column}: {p.message}" for p in problems))
        self.problems = problems
        self.external_id = external_id


def map_row(profile: MappingProfile, row: dict[str, str]) -> dict[str, Any]:
    """The canonical record a row makes; raises :class:`MappingError` naming every cell that is wrong.

    An empty cell fills nothing (the canonical parser then says whether the field was required).
    """
    record: dict[str, Any] = {}
    problems: list[CellProblem] = []
    for rule in profile.rules:
        try:
            value = _value(rule, row)
        except ValueError as error:
            problems.append(CellProblem(_label(rule), f"{error}: {_shown(rule, row)}"))
            continue
        if value is not None and value != "":
            _put(record, rule.target, value)
    if problems:
        external_id = record.get("external_id")
        raise MappingError(problems, external_id if isinstance(external_id, str) else "")
    return record


def column_of(profile: MappingProfile, target: str) -> str | None:
    """How a row's error names a canonical field: the column that filled it, e.g. ``Start (started_at)``."""
    rule = next((r for r in profile.rules if r.target == target and r.columns), None)
    return _label(rule) if rule else None


def _label(rule: FieldRule) -> str:
    return f"{' – '.join(rule.columns)} ({rule.target})" if rule.columns else rule.target


def _shown(rule: FieldRule, row: dict[str, str]) -> str:
    return ", ".join(repr((row.get(c) or "")[:40]) for c in rule.columns)


def _value(rule: FieldRule, row: dict[str, str]) -> Any:
    if rule.between is not None:
        start, end = (row.get(c) or "" for c in rule.between)
        if not start.strip() or not end.strip():
            return None
        assert rule.timestamp_format is not None and rule.zone is not None
        seconds = (
            read_timestamp(end, rule.timestamp_format, rule.zone)
            - read_timestamp(start, rule.timestamp_format, rule.zone)
        ).total_seconds()
        if seconds < 0:
            raise ValueError("the second time is before the first")
        return seconds
    if rule.column is None:
        return rule.value
    raw = (row.get(rule.column) or "").strip()
    if rule.values is not None:
        if raw in rule.values:
            return rule.values[raw]
        if rule.otherwise != KEEP:
            return rule.otherwise
    if not raw:
        return None
    if rule.timestamp_format is not None:
        assert rule.zone is not None
        return read_timestamp(raw, rule.timestamp_format, rule.zone).isoformat()
    if rule.duration is not None:
        return read_duration(raw, rule.duration)
    return raw


def _put(record: dict[str, Any], target: str, value: Any) -> None:
    """Set a dotted target: ``customer.phone``, ``attributes.campaign``, ``agent.name``."""
    if target == "agent.name":
        agent = record.get("agent")
        record["agent"] = {"id": agent if isinstance(agent, str) else None, "name": value}
        return
    if target == "agent" and isinstance(record.get("agent"), dict):
        record["agent"]["id"] = value
        return
    *parents, leaf = target.split(".")
    node = record
    for parent in parents:
        node = node.setdefault(parent, {})
    node[leaf] = value
