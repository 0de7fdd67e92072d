"""Scorecards and their versions, as the actor's workspace has them."""

from django.db.models import Count, QuerySet
from django.http import Http404

from kohtaamo.workspaces.access import Actor, get_visible_or_404

from ..models import Scorecard, ScorecardVersion


def scorecards_all(*, actor: Actor) -> QuerySet[Scorecard]:
    """Every scorecard of the workspace, archived ones too (old evaluations are reported on them)."""
    return Scorecard.objects.of(actor)


def scorecards_active(*, actor: Actor) -> QuerySet[Scorecard]:
    """The scorecards a new evaluation, plan or calibration session may use."""
    return Scorecard.objects.of(actor).filter(archived=False)


def scorecard_listing(*, actor: Actor) -> QuerySet[Scorecard]:
    """Every scorecard with how many versions and evaluations it has."""
    return Scorecard.objects.of(actor).annotate(
        versions_count=Count("versions", distinct=True), evaluations_count=Count("versions__evaluations")
    )


def scorecard_keys(*, actor: Actor) -> set[str]:
    """The form ids the workspace's scorecards already have (a new one must not reuse one)."""
    return set(Scorecard.objects.of(actor).values_list("key", flat=True))


def scorecard_get(*, actor: Actor, scorecard_id: int) -> Scorecard:
    """A scorecard of the workspace, or 404."""
    return get_visible_or_404(Scorecard, actor, scorecard_id)


def scorecard_current_version(*, actor: Actor, scorecard_id: int) -> ScorecardVersion:
    """The newest version of a scorecard of the workspace (``Scorecard.DoesNotExist`` when there is none)."""
    return Scorecard.objects.of(actor).get(pk=scorecard_id).current


def scorecard_versions(*, actor: Actor, scorecard: Scorecard) -> QuerySet[ScorecardVersion]:
    """The scorecard's versions, newest first, with how many evaluations each has."""
    versions = ScorecardVersion.objects.of(actor).filter(scorecard=scorecard)
    return versions.annotate(evaluations_count=Count("evaluations")).order_by("-number")


def scorecard_version_get(*, actor: Actor, scorecard_id: int, number: int) -> ScorecardVersion:
    """One numbered version of a scorecard of the workspace, or 404."""
    versions = ScorecardVersion.objects.of(actor).select_related("scorecard")
    version = versions.filter(scorecard_id=scorecard_id, number=number).first()
    if version is None:
        raise Http404
    return version
