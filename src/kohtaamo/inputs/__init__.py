"""What every way in shares: JSON bodies read within limits, the well-formed ``Text`` type for API
schemas and parameters, and the guard that checks every query and form field (docs/security.md)."""
