"""Demo data of the quality app: one step run by `kohtaamo demo` after the interactions exist."""


def demo_step(ctx) -> None:
    """Add this app's demo data (nothing yet)."""
