"""`kohtaamo` subcommands of the operations app."""


def register(commands) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
