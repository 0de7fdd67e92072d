"""Plotly figures as plain dicts (rendered by journeys.js from a json_script element)."""

from django.utils.translation import gettext as _

from kohtaamo.lib.journeymath.paths import CONTINUES, RESOLVED, UNRESOLVED, PathReport
from kohtaamo.timeline.models import Channel

CHANNEL_NAMES = dict(Channel.choices)


def channel_name(label: str) -> str:
    return str(CHANNEL_NAMES.get(label, label))


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
