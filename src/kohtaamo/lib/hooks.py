"""Work one app asks to be told about after another app's write, without the writing app knowing it.

The timeline calls ``transcripts_ingested(workspace)`` after an ingest batch and feedback calls
``answers_written(workspace)`` after answers were stored; insights and quality register, in their
``AppConfig.ready()``, a function that queues their background work. A function registered twice (the
app loaded again in a test) runs once.
"""

from collections.abc import Callable


class Hook[T]:
    """Functions called with one value (a workspace) each time the owner runs the hook, in order registered."""

    def __init__(self) -> None:
        self.functions: list[Callable[[T], None]] = []

    def register(self, function: Callable[[T], None]) -> Callable[[T], None]:
        """Register ``function`` (usable as a decorator)."""
        if function not in self.functions:
            self.functions.append(function)
        return function

    def run(self, value: T) -> None:
        for function in self.functions:
            function(value)
