"""Django forms of the quality app's pages (the evaluation form itself is rendered from the scorecard)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import CAPABILITIES
from kohtaamo.workspaces.models import Queue

from .models import QualityPlan, Scorecard


def members_who_can(workspace, capability: str):
    return (
        get_user_model()
        .objects.filter(memberships__workspace=workspace, memberships__role__in=CAPABILITIES[capability])
        .order_by("first_name", "email")
    )


class PlanForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every channel."),
    )  # fmt: skip

    class Meta:
        model = QualityPlan
        fields = [
            "scorecard", "per_agent", "period", "channels", "queues", "min_handle_seconds", "low_csat_weight",
            "flagged_weight",
        ]  # fmt: skip
        widgets = {"queues": forms.CheckboxSelectMultiple}
        help_texts = {
            "queues": _("None chosen: every queue."),
            "low_csat_weight": _(
                "1 = no extra weight; 3 = a dissatisfied customer's contact is three times as likely."
            ),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scorecard"].queryset = Scorecard.objects.filter(workspace=workspace, archived=False)
        self.fields["queues"].queryset = Queue.objects.filter(workspace=workspace)
        for name in ("low_csat_weight", "flagged_weight"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1


class CalibrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    scorecard = forms.ModelChoiceField(label=_("Scorecard"), queryset=Scorecard.objects.none())
    interactions = forms.CharField(
        label=_("Interactions"), help_text=_("Interaction numbers, separated by commas or spaces.")
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Evaluators"), queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reference = forms.ModelChoiceField(
        label=_("Reference evaluator"), queryset=get_user_model().objects.none(), required=False,
        help_text=_("Optional: whose answers count as the gold standard. Without one, the consensus does."),
    )  # fmt: skip

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scorecard"].queryset = Scorecard.objects.filter(workspace=workspace, archived=False)
        people = members_who_can(workspace, "calibrate")
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
    follow_up_on = forms.DateField(
        label=_("Follow-up date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    questions = forms.MultipleChoiceField(label=_("Questions to work on"), required=False)
    evaluations = forms.MultipleChoiceField(label=_("Evaluations discussed"), required=False)

    def __init__(self, *args, questions, evaluations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = questions
        self.fields["evaluations"].choices = evaluations
