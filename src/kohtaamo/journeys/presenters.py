"""Shaping journeys data for pages: names, the initial values of edit forms, links that carry a pain
point into a new insight or action, quarter navigation, and Plotly figures as plain dicts (rendered by
journeys.js from a json_script element)."""

import json
from urllib.parse import urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kohtaamo.lib.journeymath.paths import CONTINUES, RESOLVED, UNRESOLVED, PathReport
from kohtaamo.timeline.models import channel_label
from kohtaamo.workspaces.labels import key_label
from kohtaamo.workspaces.models import Workspace

from .models import Persona, Touchpoint
from .persona_rules import rules_text
from .quarters import next_quarter, previous_quarter
from .targets import METRICS

TOUCHPOINT_FIELDS = ("name", "channel", "purpose", "kind", "contact_reasons", "owner")


def channel_name(label: str) -> str:
    return channel_label(label)


def metric_names() -> dict[str, str | Promise]:
    return {key: spec.label for key, spec in METRICS.items()}


def persona_initial(persona: Persona | None) -> dict | None:
    """The persona's fields as its edit form shows them (rules in their written form)."""
    if persona is None:
        return None
    return {"name": persona.name, "description": persona.description, "rules": rules_text(persona.rules)}


def touchpoint_initial(touchpoint: Touchpoint | None) -> dict | None:
    if touchpoint is None:
        return None
    return {f: getattr(touchpoint, f) for f in TOUCHPOINT_FIELDS}


def pain_point_title(dimension: str, key: str, names: dict[str, str], workspace: Workspace | None = None) -> str:
    if names.get(key):
        return names[key]
    if dimension == "channel":
        return channel_name(key)
    return key_label(workspace, "reason", key) if dimension == "reason" else key


def metric_filter_words(metric_filter: dict, workspace: Workspace | None, persona_names: dict) -> str:
    """An action's filter as people read it: "Channel: Phone · Contact reason: Billing · Persona: Seniors".

    The stored filter keeps the keys (``{"channel": "phone", "contact_reason": "laskutus"}``); reasons are
    named by the workspace's labels, a persona by its name (its id when it was deleted).
    """
    parts = []
    if metric_filter.get("channel"):
        parts.append(_("Channel: %(value)s") % {"value": channel_label(str(metric_filter["channel"]))})
    reasons = metric_filter.get("contact_reason")
    if reasons:
        listed = reasons if isinstance(reasons, list) else [reasons]
        names = ", ".join(key_label(workspace, "reason", str(r)) for r in listed)
        parts.append(_("Contact reason: %(value)s") % {"value": names})
    if metric_filter.get("persona"):
        persona = metric_filter["persona"]
        name = persona_names.get(persona) or persona_names.get(str(persona)) or f"#{persona}"
        parts.append(_("Persona: %(value)s") % {"value": name})
    return " · ".join(parts)


def pain_point_links(dimension: str, key: str, name: str, days: int) -> dict[str, str]:
    """Query strings that open a new insight (with this view as its evidence) or action (on this group)."""
    evidence = {"view": "pain", "dimension": dimension, "key": key, "days": days}
    action_filter = (
        {"channel": key} if dimension == "channel" else {"contact_reason": key} if dimension == "reason" else {}
    )
    if dimension == "persona":
        action_filter = {"persona": key}
    return {
        "insight_query": urlencode({"title": name, "evidence": json.dumps(evidence, sort_keys=True)}),
        "action_query": urlencode({"title": name, "metric": "repeat_rate", **action_filter}),
    }


def quarter_navigation(year: int, quarter: int) -> dict[str, str]:
    """The quarters either side, as the review page's ``?quarter=`` values."""
    return {
        "previous": "{}-{}".format(*previous_quarter(year, quarter)),
        "following": "{}-{}".format(*next_quarter(year, quarter)),
    }


def sankey_figure(report: PathReport) -> dict:
    """Journeys step by step: each column is the n-th contact, flowing into how the journey ended."""
    ends = {RESOLVED: _("Resolved"), UNRESOLVED: _("Unresolved"), CONTINUES: _("Continues")}
    colours = {RESOLVED: "#1d6b3a", UNRESOLVED: "#a1262b", CONTINUES: "#8a8f99"}
    nodes: dict[tuple[int, str], int] = {}
    names, node_colours = [], []

    def node(step: int, label: str) -> int:
        key = (-1, label) if label in ends else (step, label)
        if key not in nodes:
            nodes[key] = len(names)
            if label in ends:
                names.append(str(ends[label]))
            else:
                names.append(_("%(channel)s (contact %(n)d)") % {"channel": channel_name(label), "n": step + 1})
            node_colours.append(colours.get(label, "#0b5c7a"))
        return nodes[key]

    source, target, value = [], [], []
    for link in report.sankey:
        source.append(node(link.step, link.source))
        target.append(node(link.step + 1, link.target))
        value.append(link.n)
    return {
        "data": [
            {
                "type": "sankey",
                "arrangement": "snap",
                "node": {"label": names, "color": node_colours, "pad": 14, "thickness": 14},
                "link": {"source": source, "target": target, "value": value},
            }
        ],
        "layout": {"margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "height": 420, "font": {"size": 12}},
    }
