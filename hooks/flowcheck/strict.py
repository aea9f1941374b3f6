"""Strict builds that hold whatever the log level.

MkDocs' strict mode counts the warnings that reach its counting handler on the ``mkdocs`` logger.
At ``mkdocs build -q`` (the logger at ERROR), or under a host's own logging (filters, levels,
handlers removed), a warning is never counted and a strict build passes. A hook that logs its
rules' findings as warnings therefore counts them itself: :class:`WarningTally` tells how many
of its warnings MkDocs did count, and :func:`uncounted_message` is the one error the hook ends a
strict build with when some were not.

Plain Python (the standard library's logging only); the hooks raise MkDocs' ``Abort`` with it.
"""

from __future__ import annotations

import logging

__all__ = ["WarningTally", "uncounted_message"]


def _counted(logger_name: str) -> int:
    """Warnings (and worse) counted so far by the counting handlers on ``logger_name``
    (MkDocs' ``CountHandler``: a handler with a ``counts`` mapping of level -> number)."""
    total = 0
    for handler in logging.getLogger(logger_name).handlers:
        counts = getattr(handler, "counts", None)
        if isinstance(counts, dict):
            total += sum(n for level, n in counts.items() if isinstance(level, int) and level >= logging.WARNING)
    return total


class WarningTally:
    """Log a hook's warnings and remember each one, and whether MkDocs' strict counter saw it."""

    def __init__(self, log: logging.Logger | logging.LoggerAdapter, counter_logger: str = "mkdocs") -> None:
        self.log = log
        self.counter_logger = counter_logger
        self.messages: list[str] = []
        self.uncounted = 0

    def warning(self, message: str) -> None:
        before = _counted(self.counter_logger)
        self.log.warning(message)
        self.messages.append(message)
        if _counted(self.counter_logger) <= before:
            self.uncounted += 1

    def reset(self) -> None:
        self.messages.clear()
        self.uncounted = 0


def uncounted_message(tool: str, messages: list[str], uncounted: int) -> str | None:
    """The error that ends a strict build whose warnings MkDocs did not count, or None."""
    if not messages or not uncounted:
        return None
    listed = "\n".join(f"  - {message}" for message in messages)
    count = len(messages)
    them = "them" if count != 1 else "it"
    return (f"Aborted: {tool} found {count} problem{'s' if count != 1 else ''} at level 'warn' in strict mode, "
            f"but MkDocs did not count {them} as {'warnings' if count != 1 else 'a warning'} (the build runs with -q "
            f"or a log level that hides warnings), so {tool} ends the build itself:\n{listed}")
