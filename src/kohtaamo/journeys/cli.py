"""`kohtaamo` subcommands of the journeys app."""


def register(commands) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
