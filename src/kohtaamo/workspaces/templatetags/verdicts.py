"""Site-wide verdict badges: ``{% load verdicts %}`` then ``{% change_badge difference %}`` and friends.

The verdict comes first (an arrow, a colour and a word: better, worse, no clear difference, too few to
say; good, fair, poor) and the figures behind it — interval, n, p-value — sit in the badge's
``<details>`` and its hover title. The rules are in ``kohtaamo.lib.verdicts``; this module only words
them in the page's language and formats the numbers. Every badge renders ``_verdict.html``.
"""

import math
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kohtaamo.lib import verdicts
from kohtaamo.lib.cxmetrics import Difference

register = template.Library()


def _labels() -> dict[str, str]:
    """The verdict words, looked up at render time so each page gets its own language."""
    return {
        "better": pgettext("verdict", "better"),
        "worse": pgettext("verdict", "worse"),
        "no_difference": pgettext("verdict", "no clear difference"),
        "too_few": pgettext("verdict", "too few to say"),
        "good": pgettext("verdict", "good"),
        "poor": pgettext("verdict", "poor"),
        "reliable": pgettext("verdict", "reliable"),
        "tentative": pgettext("verdict", "tentative"),
        "unreliable": pgettext("verdict", "unreliable"),
        "fair": pgettext("verdict", "fair"),
    }


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return number_format(round(value, digits), digits)


def _signed(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + number_format(round(abs(value), digits), digits)


def _p(p: float | None) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p = –"
    return f"p < {_num(0.001, 3)}" if p < 0.001 else f"p = {_num(p, 3)}"


def _context(verdict: verdicts.Verdict, details: list[str], label: str = "") -> dict[str, Any]:
    return {
        "key": verdict.key,
        "tone": verdict.tone,
        "arrow": verdict.arrow,
        "label": label or _labels()[verdict.key],
        "details": " · ".join(d for d in details if d),
    }


@register.inclusion_tag("_verdict.html")
def change_badge(
    d: Difference | str | None,
    higher_is_better: bool = True,
    digits: int = 1,
    against: str = "",
    min_n: int = 30,
    better: str = "",
    worse: str = "",
    same: str = "",
) -> dict[str, Any]:
    """A difference (a − b) as better / worse / no clear difference, its figures in the details.

    ``against`` names what it is compared with ("vs the previous period"); it starts the details.
    ``better``, ``worse`` and ``same`` replace the words where a page has apter ones ("passing goes
    with happier customers").
    """
    if not isinstance(d, Difference):
        return _context(verdicts.TOO_FEW, [_("No data to compare.")])
    verdict = verdicts.change_verdict(
        d.difference, d.ci_low, d.ci_high, d.p_value, too_few=d.too_few, higher_is_better=higher_is_better
    )
    details = []
    if not math.isnan(d.difference):
        details.append(f"{_signed(d.difference, digits)} {against}".strip())
    if not math.isnan(d.ci_low):
        details.append(
            _("95 %% interval %(low)s to %(high)s")
            % {"low": _signed(d.ci_low, digits), "high": _signed(d.ci_high, digits)}
        )
    if not math.isnan(d.p_value):
        details.append(_p(d.p_value))
    details.append(_("n = %(a)s and %(b)s") % {"a": d.n1, "b": d.n2})
    if verdict is verdicts.TOO_FEW:
        details.append(_("at least %(n)s answers are needed on each side") % {"n": min_n})
    words = {"better": better, "worse": worse, "no_difference": same}
    return _context(verdict, details, words.get(verdict.key, ""))


@register.inclusion_tag("_verdict.html")
def group_badge(flag: str, difference: float, p_adjusted: float, n: int) -> dict[str, Any]:
    """A breakdown group against all other answers; its difference and corrected p-value in the details."""
    verdict = verdicts.group_verdict(flag)
    details = [] if math.isnan(difference) else [_("%(diff)s vs the rest") % {"diff": _signed(difference)}]
    if not math.isnan(p_adjusted):
        details.append(_("%(p)s, corrected for multiple testing") % {"p": _p(p_adjusted)})
    details.append(f"n = {n}")
    if verdict is verdicts.TOO_FEW:
        details.append(_("at least %(n)s answers are needed") % {"n": 30})
    return _context(verdict, details)


@register.inclusion_tag("_verdict.html")
def followup_badge(result: Mapping[str, Any] | None, higher_is_better: bool) -> dict[str, Any]:
    """A journey action's before/after follow-up; nothing while its four weeks are still running."""
    result = result or {}
    verdict = verdicts.followup_verdict(
        str(result.get("reason") or ""), result.get("difference"), higher_is_better=higher_is_better
    )
    if verdict is None:
        return {"hide": True}
    details = []
    if result.get("difference") is not None:
        details.append(_("%(diff)s after the action") % {"diff": _signed(result["difference"])})
    if result.get("ci_low") is not None and result.get("ci_high") is not None:
        details.append(
            _("95 %% interval %(low)s to %(high)s")
            % {"low": _signed(result["ci_low"]), "high": _signed(result["ci_high"])}
        )
    if result.get("p_value") is not None:
        details.append(_p(result["p_value"]))
    details.append(
        _("n = %(a)s before and %(b)s after") % {"a": result.get("before_n", 0), "b": result.get("after_n", 0)}
    )
    return _context(verdict, details)


@register.inclusion_tag("_verdict.html")
def icc_badge(icc: float | None, units: int, raters: int = 2, icc3: float | None = None) -> dict[str, Any]:
    """Agreement on total scores (ICC(2,1)) in Koo & Li's words; ICC(3,1) and n in the details."""
    verdict = verdicts.icc_verdict(icc, units, raters)
    words = {
        "excellent": pgettext("verdict", "excellent agreement"),
        "good": pgettext("verdict", "good agreement"),
        "moderate": pgettext("verdict", "moderate agreement"),
        "poor": pgettext("verdict", "poor agreement"),
    }
    details = [f"ICC(2,1) = {_num(icc, 2)}"]
    if icc3 is not None:
        details.append(f"ICC(3,1) = {_num(icc3, 2)}")
    details.append(_("n = %(n)s interactions scored by everyone") % {"n": units})
    if verdict is verdicts.TOO_FEW:
        details.append(_("at least %(n)s are needed") % {"n": verdicts.ICC_MIN_UNITS})
    return _context(verdict, details, words.get(verdict.key, ""))


@register.inclusion_tag("_verdict.html")
def alpha_badge(alpha: float | None, units: int) -> dict[str, Any]:
    """Agreement on one question (Krippendorff's α) in Krippendorff's words; α and n in the details."""
    verdict = verdicts.alpha_verdict(alpha, units)
    details = [f"α = {_num(alpha, 2)}", _("n = %(n)s interactions") % {"n": units}]
    if verdict is verdicts.TOO_FEW:
        details.append(_("at least %(n)s are needed") % {"n": verdicts.ALPHA_MIN_UNITS})
    return _context(verdict, details)


@register.inclusion_tag("_verdict.html")
def wape_badge(backtest: Mapping[str, Any] | None) -> dict[str, Any]:
    """A forecast's accuracy (good / fair / poor) from its backtest; the WAPEs and bias in the details."""
    test = backtest or {}
    days = int(test.get("holdout_days") or 0)
    actual = float(test.get("actual") or 0.0)
    verdict = verdicts.wape_verdict(test.get("wape_day"), days, actual)

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{_num(100 * value, 1)} %"

    if not days:
        return _context(verdict, [_("too little history for a backtest")])
    details = [
        _("WAPE %(value)s per day") % {"value": pct(test.get("wape_day"))},
        _("%(value)s per interval") % {"value": pct(test.get("wape_interval"))},
        _("bias %(value)s") % {"value": "–" if test.get("bias") is None else f"{_signed(100 * test['bias'])} %"},
        _("last %(days)s days, %(n)s contacts") % {"days": days, "n": number_format(actual, 0, force_grouping=True)},
    ]
    if verdict is verdicts.TOO_FEW:
        details.append(
            _("at least %(days)s days and %(n)s contacts are needed")
            % {"days": verdicts.WAPE_MIN_DAYS, "n": verdicts.WAPE_MIN_CONTACTS}
        )
    label = (
        "" if verdict is verdicts.TOO_FEW else _("forecast accuracy %(verdict)s") % {"verdict": _labels()[verdict.key]}
    )
    return _context(verdict, details, label)
