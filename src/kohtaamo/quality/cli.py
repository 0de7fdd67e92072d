"""`kohtaamo` subcommands of the quality app."""


def register(commands) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
