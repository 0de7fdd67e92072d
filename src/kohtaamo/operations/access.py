"""Capabilities of the operations app beyond those in ``kohtaamo.workspaces.access``."""

from kohtaamo.workspaces.access import CAPABILITIES, INTEGRATION, LEADS

# Integrations (API tokens) may read KPIs and plans, e.g. for a wallboard or a BI tool.
CAPABILITIES["read_operations_api"] = LEADS | {INTEGRATION}
