"""Words for the codes the quality app stores and computes (translated where shown)."""

from django.utils.translation import gettext_lazy as _

SAMPLED_REASONS = {
    "random": _("picked at random"),
    "low_csat": _("low CSAT (extra weight)"),
    "flagged": _("flagged (extra weight)"),
    "low_csat+flagged": _("low CSAT and flagged (extra weight)"),
    "low_aqs": _("low automatic score (AQS)"),
    "manual": _("chosen by hand"),
    "calibration": _("calibration"),
}
QUOTA_STATUSES = {
    "met": _("met"),
    "on_track": _("on track"),
    "behind": _("behind pace"),
    "overdue": _("overdue"),
}
CX_VERDICTS = {
    "no_evidence": _("no evidence yet"),
    "helps": _("passing goes with happier customers"),
    "hurts": _("passing goes with less happy customers"),
    "no_effect": _("no clear difference"),
}
COACHING_VERDICTS = {
    "improved": _("improved"),
    "worse": _("worse"),
    "same": _("no change"),
    "too_early": _("too early to tell"),
}
BIAS_VERDICTS = {"lenient": _("lenient"), "harsh": _("harsh"), "aligned": _("aligned"), "no data": _("no data")}
KINDS = {"normal": "", "fail_section": _("fails the section"), "fail_all": _("critical: fails all")}
AUTO_CHECKS = {
    "greeting": _("Greeting with the company's or own name"),
    "closing": _("Closing"),
    "customer_name_used": _("Customer's name used"),
    "hold_announced": _("Hold announced and thanked"),
    "forbidden_phrases": _("No forbidden phrases"),
    "example_phrases": _("Says something like the example phrases"),
    "spelling": _("Spelling of the agent's messages"),
}
SPEAKERS = {"agent": _("Agent"), "customer": _("Customer")}
SPOTLIGHT_REASONS = {
    "escalation": _("escalation or churn words"),
    "sentiment_fell": _("sentiment fell from start to end"),
    "long_silence": _("long silence"),
    "slow_response": _("slow response"),
    "repeat_contact": _("repeat contact"),
}
AGREEMENT_VERDICTS = {
    "trust": _("trust"),
    "review": _("review: use with a human check"),
    "do_not_use": _("do not use"),
    "too_few": _("too few to say"),
}
# The scorecard builder's words for the answer types (scales) and what a failed answer does.
SCALES = {
    "yes_no": _("Yes / No"),
    "1-3": _("Scale 1–3"),
    "1-4": _("Scale 1–4"),
    "1-5": _("Scale 1–5"),
    "0-10": _("Scale 0–10"),
    "custom": _("Own points"),
}
FAILING = {
    "normal": _("nothing more"),
    "fail_section": _("the section scores 0"),
    "fail_all": _("critical: the evaluation scores 0"),
}
