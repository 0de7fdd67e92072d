"""`kohtaamo` subcommands of the notify app."""


def register(commands) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
