"""Display helpers: figures with n and interval, channel names, verdicts in plain words.

Durations, dates and times come from the site-wide ``readable`` filters.
"""

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaamo.journeys.persona_rules import rule_words as _rule_words
from kohtaamo.journeys.presenters import channel_name, metric_filter_words
from kohtaamo.journeys.targets import METRICS
from kohtaamo.lib import readable
from kohtaamo.lib.cxmetrics import Difference, Estimate
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.templatetags.readable import duration as readable_duration
from kohtaamo.workspaces.templatetags.readable import interval as interval_html

register = template.Library()


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return number_format(round(value, digits), digits)


def _p_value(p: float | None) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "= –"
    return "< 0.001" if p < 0.001 else f"= {_num(p, 3)}"


@register.simple_tag
def estimate(e: Estimate | None, digits: int = 1, unit: str = "") -> SafeString:
    """``12.3 % [9.8–15.1] n = 230``; greyed and marked when there are too few to rank."""
    return _estimate_html(e, lambda x: _num(x, digits), unit)


@register.simple_tag
def duration_estimate(e: Estimate | None) -> SafeString:
    """A mean of seconds as people read it: ``1 h 2 min [58 min – 1 h 6 min] n=230``."""
    return _estimate_html(e, readable_duration)


def _estimate_html(e: Estimate | None, shown: Callable[[float], str], unit: str = "") -> SafeString:
    """An estimate with its interval and n, each number written by ``shown``; a dash when nothing was measured."""
    if e is None or e.n == 0:
        return mark_safe('<span class="muted">–</span>')  # noqa: S308 (a constant)
    low, high = shown(e.ci_low), shown(e.ci_high)
    title = _("95 %% interval %(interval)s, n = %(n)s") % {"interval": readable.interval_text(low, high), "n": e.n}
    return format_html(
        '<span class="est{}" title="{}">{}{} <small class="muted">{} n={}</small></span>',
        " too-few" if e.too_few else "", title, shown(e.value), unit, interval_html(low, high), e.n,
    )  # fmt: skip


@register.simple_tag
def difference(d: Difference | None, digits: int = 1) -> SafeString:
    if d is None or d.n1 == 0 or d.n2 == 0 or math.isnan(d.difference):
        return mark_safe('<span class="muted">–</span>')  # noqa: S308 (a constant)
    significant = d.p_value < 0.05 and not d.too_few
    return format_html(
        '<span class="{}">{}{} <small class="muted">{}</small></span>',
        "sig" if significant else "muted", "+" if d.difference > 0 else "", _num(d.difference, digits),
        interval_html(_num(d.ci_low, digits), _num(d.ci_high, digits)),
    )  # fmt: skip


@register.filter
def channel(label: str) -> str:
    return channel_name(label)


@register.filter
def lookup(mapping: dict | None, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def percent(value: float | None) -> str:
    return _num(value, 1)


@register.simple_tag
def verdict_text(result: dict | None, metric: str) -> str:
    """The follow-up said plainly: reached, missed (and why) or not yet measurable (and until when)."""
    if not result:
        return _("Not done yet: the follow-up starts when the action is marked done.")
    spec = METRICS[metric]
    reason = result.get("reason")
    if reason == "window_open":
        last = date.fromisoformat(str(result["after"][1]))
        return _("Not yet measurable: the four weeks after the action end on %(day)s.") % {
            "day": readable.date_text(last, get_language() or "fi")
        }
    if reason == "too_few":
        return _(
            "Not yet measurable: too few data (n = %(before)s before and %(after)s after; "
            "at least 30 are needed on each side)."
        ) % {"before": result.get("before_n", 0), "after": result.get("after_n", 0)}
    figures = {
        "metric": spec.label, "before": _num(result.get("before_value")), "after": _num(result.get("after_value")),
        "diff": _num(result.get("difference")), "low": _num(result.get("ci_low")), "high": _num(result.get("ci_high")),
        "p": _p_value(result.get("p_value")),
    }  # fmt: skip
    texts = {
        "improved": _(
            "Goal reached: %(metric)s went from %(before)s to %(after)s "
            "(difference %(diff)s, 95 %% CI %(low)s to %(high)s, p %(p)s)."
        ),
        "short_of_target": _(
            "Goal missed: %(metric)s improved from %(before)s to %(after)s "
            "(difference %(diff)s, 95 %% CI %(low)s to %(high)s, p %(p)s), but did not reach the target."
        ),
        "no_change": _(
            "Goal missed: no significant change in %(metric)s (%(before)s before, %(after)s after; "
            "difference %(diff)s, 95 %% CI %(low)s to %(high)s, p %(p)s)."
        ),
        "worse": _(
            "Goal missed: %(metric)s got worse, from %(before)s to %(after)s "
            "(difference %(diff)s, 95 %% CI %(low)s to %(high)s, p %(p)s)."
        ),
    }
    text = texts[reason] % figures
    if result.get("seasonal_change") is not None:
        text += " " + _("Adjusted for seasonality by the change over the same weeks a year earlier (%(change)s).") % {
            "change": _num(result["seasonal_change"])
        }
    else:
        text += " " + _("Not adjusted for seasonality: there is no data for the same weeks a year earlier.")
    return text


@register.filter
def can(actor: Actor | None, capability: str) -> bool:
    return bool(actor) and actor.can(capability)


@register.simple_tag(takes_context=True)
def rule_words(context: dict[str, Any], rule: dict) -> str:
    """``{% rule_words rule %}``: a persona rule as a sentence, attribute keys by the workspace's labels."""
    return _rule_words(rule, getattr(context.get("actor"), "workspace", None))


@register.simple_tag(takes_context=True)
def filter_words(context: dict[str, Any], metric_filter: dict, persona_names: dict | None = None) -> str:
    """``{% filter_words action.metric_filter %}``: "Channel: Phone · Contact reason: Billing"."""
    workspace = getattr(context.get("actor"), "workspace", None)
    return metric_filter_words(metric_filter or {}, workspace, persona_names or {})


@register.filter
def higher_is_better(metric: str) -> bool:
    """Whether a rise in the action's metric is good (resolution) or bad (repeat contacts)."""
    spec = METRICS.get(metric)
    return bool(spec and spec.higher_is_better)
