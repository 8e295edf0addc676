"""Helpers shared by the subcommands."""

from __future__ import annotations

from dualdilemma.errors import DualDilemmaError

__all__ = ["UsageError"]


class UsageError(DualDilemmaError, ValueError):
    """A command-line argument was invalid."""
