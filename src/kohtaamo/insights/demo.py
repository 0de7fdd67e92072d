"""Demo data of the insights app: every demo transcript and survey comment read, as the worker reads them
after an import, so the Topics page, the verbatim filters and the topic chips have something to show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .services.readings import readings_refresh

if TYPE_CHECKING:
    from kohtaamo.demo.context import DemoContext


def demo_step(ctx: DemoContext) -> None:
    """Read the texts of both client workspaces (their taxonomy was seeded when they were made)."""
    for world in ctx.clients.values():
        readings_refresh(workspace=world.workspace)
