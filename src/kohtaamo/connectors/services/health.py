"""What the settings page says about a connector: when data last came, and the last thing that went wrong."""

from django.utils import timezone

from kohtaamo.timeline.ingest import IngestReport

from ..models import Connector

MAX_ERROR = 500


def connector_seen(*, connector: Connector, report: IngestReport | None = None) -> None:
    """Data arrived; a rejected record becomes the connector's last error (with its field and reason)."""
    now = timezone.now()
    fields: dict[str, object] = {"last_seen_at": now}
    if report is not None and report.rejected:
        first = report.rejected[0]
        reasons = "; ".join(f"{e.field} {e.message}" for e in first.errors)
        fields |= {"last_error": f"{first.external_id}: {reasons}"[:MAX_ERROR], "last_error_at": now}
    Connector.objects.of(connector.workspace).filter(pk=connector.pk).update(**fields)


def connector_failed(*, connector: Connector, error: str) -> None:
    """A poll or delivery that could not be handled: the reason, safe to show (no network details)."""
    Connector.objects.of(connector.workspace).filter(pk=connector.pk).update(
        last_error=error[:MAX_ERROR], last_error_at=timezone.now()
    )
