"""A mapping profile: reading and validating the file, with errors that name the line and column.

The whole profile is checked when it is loaded, before any row is read: a typo in a field name or a
timestamp pattern is one clear error at its place in the profile file, not a million rejected rows.
"""

from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from .convert import DURATION_UNITS, check_timestamp_format, zone_named

FORMATS = ("csv", "asterisk-queue-log")
MAX_PROFILE_BYTES = 256 * 1024
CUSTOMER_TARGETS = ("external_id", "email", "phone", "handle", "name", "language", "postal_code")
TIMESTAMP_TARGETS = ("started_at", "answered_at", "ended_at")
DURATION_TARGETS = ("wait_seconds", "handle_seconds", "wrap_seconds")
TEXT_TARGETS = (
    "external_id", "source", "channel", "direction", "queue", "agent", "agent.name", "team", "case_ref",
    "contact_reason", "outcome", "abandoned", "recording_url",
)  # fmt: skip
SPEC_KEYS = frozenset({"column", "value", "values", "otherwise", "format", "zone", "duration", "seconds_between"})
TOP_KEYS = frozenset({"name", "description", "format", "csv", "timestamps", "constants", "fields"})
CSV_KEYS = frozenset({"delimiter", "header", "columns", "skip_lines"})
# ``otherwise: keep`` (the default) passes an unmapped value through; ``otherwise: null`` drops it.
KEEP = "keep"


class ProfileInvalid(ValueError):
    """A profile that cannot be used; ``str()`` names the file, line, column and key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FieldRule:
    """How one canonical field is filled: from a column, a constant, or the seconds between two columns."""

    target: str
    column: str | None = None
    value: Any = None
    values: dict[str, Any] | None = None
    otherwise: Any = KEEP
    timestamp_format: str | None = None
    zone: ZoneInfo | None = None
    duration: str | None = None
    between: tuple[str, str] | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The file's columns this rule reads (for naming them in a row's errors)."""
        return self.between or ((self.column,) if self.column else ())


@dataclass(frozen=True)
class MappingProfile:
    name: str
    description: str
    format: str
    rules: tuple[FieldRule, ...]
    delimiter: str = ","
    header: bool = True
    columns: tuple[str, ...] = ()
    skip_lines: int = 0
    timestamp_format: str = "iso"
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def constant(self, target: str) -> Any:
        """The constant value the profile sets for ``target``, or None."""
        return next((r.value for r in self.rules if r.target == target and r.column is None and not r.between), None)

    def in_zone(self, zone: ZoneInfo) -> "MappingProfile":
        """The same profile reading local times in ``zone`` (``--zone`` on the command line)."""
        rules = tuple(replace(r, zone=zone) if r.zone is not None else r for r in self.rules)
        return replace(self, zone=zone, rules=rules)


def load_profile(text: str, source: str = "profile") -> MappingProfile:
    """Parse and check a profile (YAML or JSON text); raises :class:`ProfileInvalid` naming every problem."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PROFILE_BYTES:
        raise ProfileInvalid(source, [f"is larger than {MAX_PROFILE_BYTES // 1024} KB"])
    try:
        data = yaml.safe_load(text)  # JSON is YAML too; one reader names the place of a syntax error
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ProfileInvalid(source, [f"{where}cannot be read ({error.problem})"]) from None
    except yaml.YAMLError as error:
        raise ProfileInvalid(source, [f"cannot be read ({error})"]) from None
    checker = _Checker(tree)
    profile = checker.profile(data)
    if checker.problems:
        raise ProfileInvalid(source, checker.problems)
    assert profile is not None
    return profile


def shipped_profiles() -> dict[str, str]:
    """The profiles Kohtaamo ships: name → one-line description."""
    found = {}
    for entry in sorted(resources.files(__package__).joinpath("shipped").iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".json")):
            found[entry.name.rsplit(".", 1)[0]] = load_profile(entry.read_text("utf-8"), entry.name).description
    return found


def shipped_profile(name: str) -> MappingProfile | None:
    """A shipped profile by its name, or None."""
    for suffix in (".yaml", ".json"):
        entry = resources.files(__package__).joinpath("shipped", name + suffix)
        if name.replace("-", "").isalnum() and entry.is_file():
            return load_profile(entry.read_text("utf-8"), entry.name)
    return None


def _target_known(target: str) -> bool:
    head, _, rest = target.partition(".")
    if target in TEXT_TARGETS or target in TIMESTAMP_TARGETS or target in DURATION_TARGETS:
        return True
    if head == "attributes":
        return bool(rest)
    if head == "customer":
        sub, _, key = rest.partition(".")
        return rest in CUSTOMER_TARGETS or (sub == "attributes" and bool(key))
    return False


class _Checker:
    """Checks a parsed profile against its YAML node tree, so each problem names its line and column."""

    def __init__(self, tree: yaml.Node | None) -> None:
        self.tree = tree
        self.problems: list[str] = []

    def fail(self, path: tuple[str, ...], message: str) -> None:
        line, column = self._where(path)
        key = ".".join(path) or "profile"
        self.problems.append(f"line {line}, column {column}: {key} {message}")

    def _where(self, path: tuple[str, ...]) -> tuple[int, int]:
        node, found = self.tree, self.tree
        for key in path:
            if not isinstance(node, yaml.MappingNode):
                break
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                break
            found, node = match[0], match[1]
        mark = found.start_mark if found is not None else None
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)

    def profile(self, data: Any) -> MappingProfile | None:
        if not isinstance(data, dict):
            self.fail((), "must be a mapping of name, format, fields …")
            return None
        for key in sorted(set(map(str, data)) - TOP_KEYS):
            self.fail((key,), f"is not a profile key (use {', '.join(sorted(TOP_KEYS))})")
        name = self.text(data, ("name",), required=True)
        fmt = self.text(data, ("format",), required=True)
        if fmt and fmt not in FORMATS:
            self.fail(("format",), f"must be one of {', '.join(FORMATS)}")
        stamps = self.mapping(data, ("timestamps",))
        timestamp_format = self.timestamp_format(stamps, ("timestamps", "format")) or "iso"
        zone = self.zone(stamps, ("timestamps", "zone")) or ZoneInfo("UTC")
        csv_options = self.mapping(data, ("csv",))
        for key in sorted(set(map(str, csv_options)) - CSV_KEYS):
            self.fail(("csv", key), f"is not a csv option (use {', '.join(sorted(CSV_KEYS))})")
        rules = [
            FieldRule(target=str(target), value=value)
            for target, value in self.mapping(data, ("constants",)).items()
            if self.target_ok(("constants", str(target))) and self.scalar(("constants", str(target)), value)
        ]
        fields = self.mapping(data, ("fields",))
        if not fields and fmt:
            self.fail(("fields",), "must map at least the canonical external_id and started_at")
        for target, spec in fields.items():
            rule = self.rule(str(target), spec, timestamp_format, zone)
            if rule is not None:
                rules.append(rule)
        named = {r.target for r in rules}
        for required in ("external_id", "started_at", "channel"):
            if fields and required not in named:
                self.fail(("fields",), f"must fill {required} (from a column, or as a constant)")
        columns = csv_options.get("columns") or []
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            self.fail(("csv", "columns"), "must be a list of column names")
            columns = []
        header = csv_options.get("header", not columns)
        if not isinstance(header, bool):
            self.fail(("csv", "header"), "must be true or false")
        elif not header and not columns and fmt == "csv":
            self.fail(("csv", "columns"), "must name the columns of a file without a header line")
        delimiter = csv_options.get("delimiter", ",")
        if not isinstance(delimiter, str) or len(delimiter) != 1:
            self.fail(("csv", "delimiter"), "must be one character, e.g. ',' or ';' or '\\t'")
            delimiter = ","
        skip = csv_options.get("skip_lines", 0)
        if not isinstance(skip, int) or isinstance(skip, bool) or not 0 <= skip <= 100:
            self.fail(("csv", "skip_lines"), "must be a whole number from 0 to 100")
            skip = 0
        return MappingProfile(
            name=name,
            description=self.text(data, ("description",)),
            format=fmt,
            rules=tuple(rules),
            delimiter=delimiter,
            header=header is True,
            columns=tuple(columns),
            skip_lines=skip,
            timestamp_format=timestamp_format,
            zone=zone,
        )

    def rule(self, target: str, spec: Any, timestamp_format: str, zone: ZoneInfo) -> FieldRule | None:
        path = ("fields", target)
        if not self.target_ok(path):
            return None
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict):
            self.fail(path, "must be a column name or a mapping with column, value, values …")
            return None
        for key in sorted(set(map(str, spec)) - SPEC_KEYS):
            self.fail((*path, key), f"is not a field option (use {', '.join(sorted(SPEC_KEYS))})")
        column = self.text(spec, (*path, "column")) or None
        between = spec.get("seconds_between")
        if between is not None:
            if target not in DURATION_TARGETS:
                self.fail((*path, "seconds_between"), "is only for wait_seconds, handle_seconds, wrap_seconds")
            if not (isinstance(between, list) and len(between) == 2 and all(isinstance(c, str) for c in between)):
                self.fail((*path, "seconds_between"), "must be two column names: [from, to]")
                between = None
        if (column is None) + ("value" not in spec) + (between is None) != 2:
            self.fail(path, "needs exactly one of column, value or seconds_between")
            return None
        if "value" in spec and not self.scalar((*path, "value"), spec["value"]):
            return None
        values = spec.get("values")
        if values is not None and not (
            isinstance(values, dict) and all(self.scalar((*path, "values", str(k)), v) for k, v in values.items())
        ):
            if not isinstance(values, dict):
                self.fail((*path, "values"), "must map the file's values to Kohtaamo's, e.g. {ANSWERED: answered}")
            values = None
        if not self.scalar((*path, "otherwise"), spec.get("otherwise", KEEP)):
            return None
        is_time = target in TIMESTAMP_TARGETS or between is not None
        if not is_time and ("format" in spec or "zone" in spec):
            self.fail(path, "format and zone are only for timestamps")
        duration = spec.get("duration")
        if duration is not None and (target not in DURATION_TARGETS or duration not in DURATION_UNITS):
            self.fail((*path, "duration"), f"must be one of {', '.join(DURATION_UNITS)} on a *_seconds field")
            duration = None
        return FieldRule(
            target=target,
            column=column,
            value=spec.get("value"),
            values={str(k): v for k, v in values.items()} if values else None,
            otherwise=spec.get("otherwise", KEEP),
            timestamp_format=(self.timestamp_format(spec, (*path, "format")) or timestamp_format) if is_time else None,
            zone=(self.zone(spec, (*path, "zone")) or zone) if is_time else None,
            duration=(duration or "s") if target in DURATION_TARGETS and between is None else None,
            between=(between[0], between[1]) if between else None,
        )

    def target_ok(self, path: tuple[str, ...]) -> bool:
        if _target_known(path[-1]):
            return True
        self.fail(path, "is not a canonical field (docs/import-format.md lists them; attributes.<key> for others)")
        return False

    def scalar(self, path: tuple[str, ...], value: Any) -> bool:
        if value is None or isinstance(value, str | int | float | bool):
            return True
        self.fail(path, "must be a text, a number, true/false or null")
        return False

    def text(self, data: dict, path: tuple[str, ...], *, required: bool = False) -> str:
        value = data.get(path[-1])
        if value is None or value == "":
            if required:
                self.fail(path, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(path, "must be a text")
            return ""
        return value.strip()

    def mapping(self, data: dict, path: tuple[str, ...]) -> dict:
        value = data.get(path[-1])
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, "must be a mapping")
            return {}
        return value

    def timestamp_format(self, data: dict, path: tuple[str, ...]) -> str | None:
        fmt = self.text(data, path)
        if not fmt:
            return None
        try:
            check_timestamp_format(fmt)
        except ValueError as error:
            self.fail(path, str(error))
            return None
        return fmt

    def zone(self, data: dict, path: tuple[str, ...]) -> ZoneInfo | None:
        name = self.text(data, path)
        if not name:
            return None
        try:
            return zone_named(name)
        except ValueError as error:
            self.fail(path, str(error))
            return None
