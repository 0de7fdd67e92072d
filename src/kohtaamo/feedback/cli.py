"""`kohtaamo` subcommands of the feedback app."""


def register(commands) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
