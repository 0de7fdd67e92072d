"""Django forms of the quality app's pages (the evaluation form itself is rendered from the scorecard)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaamo.inputs.widgets import CalendarDate
from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import Actor

from .models import QualityPlan
from .selectors.plan import members_who_can, plan_queues
from .selectors.scorecards import scorecards_active


class PlanForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every channel."),
    )  # fmt: skip

    class Meta:
        model = QualityPlan
        fields = [
            "scorecard", "per_agent", "period", "channels", "queues", "min_handle_seconds", "low_csat_weight",
            "flagged_weight", "prefer_low_aqs",
        ]  # fmt: skip
        widgets = {"queues": forms.CheckboxSelectMultiple}
        labels = {"scorecard": _("Scorecard")}  # the model field has no verbose name of its own
        help_texts = {
            "queues": _("None chosen: every queue."),
            "low_csat_weight": _(
                "1 = no extra weight; 3 = a dissatisfied customer's contact is three times as likely."
            ),
            "prefer_low_aqs": _(
                "Sample first the interactions with the lowest automatic score; those without one are drawn at random."
            ),
        }

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scorecard"].queryset = scorecards_active(actor=actor)
        self.fields["queues"].queryset = plan_queues(actor=actor)
        for name in ("low_csat_weight", "flagged_weight"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1


class CalibrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    scorecard = forms.ModelChoiceField(label=_("Scorecard"), queryset=None)
    interactions = forms.CharField(
        label=_("Interactions"), help_text=_("Interaction numbers, separated by commas or spaces.")
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Evaluators"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reference = forms.ModelChoiceField(
        label=_("Reference evaluator"), queryset=None, required=False,
        help_text=_("Optional: whose answers count as the gold standard. Without one, the consensus does."),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scorecard"].queryset = scorecards_active(actor=actor)
        people = members_who_can(actor=actor, capability="calibrate")
        self.fields["participants"].queryset = people
        self.fields["reference"].queryset = people

    def clean_interactions(self) -> list[int]:
        raw = self.cleaned_data["interactions"].replace(",", " ").split()
        try:
            return sorted({int(part) for part in raw})
        except ValueError:
            raise forms.ValidationError(_("Give interaction numbers only.")) from None


class CoachingForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    actions = forms.CharField(label=_("Agreed actions"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=CalendarDate())
    questions = forms.MultipleChoiceField(label=_("Questions to work on"), required=False)
    evaluations = forms.MultipleChoiceField(label=_("Evaluations discussed"), required=False)

    def __init__(
        self, *args: Any, questions: list[tuple[str, str]], evaluations: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = questions
        self.fields["evaluations"].choices = evaluations


class DisputeCategoryForm(forms.Form):
    name = forms.CharField(label=_("Category"), max_length=100)
    arbitrator = forms.ModelChoiceField(
        label=_("Arbitrator"), queryset=None, required=False,
        help_text=_("Who decides disputes of this kind. Without one, the evaluator or a team lead decides."),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arbitrator"].queryset = members_who_can(actor=actor, capability="evaluate")
        self.fields["arbitrator"].label_from_instance = lambda user: user.get_full_name() or user.email
