"""Guard against payoff tensors that would not fit in memory.

A normal-form game with :math:`n` players and :math:`a_i` actions each stores
:math:`n \\prod_i a_i` payoffs.  With two actions and 40 suppliers that is 44 TB, so every
builder estimates the bytes first and refuses politely, pointing to
:class:`~dualdilemma.games.anonymous.AnonymousGame`, whose size grows linearly in the number of
players.
"""

from __future__ import annotations

import math
import os

from dualdilemma.errors import GameTooLargeError

__all__ = ["tensor_bytes", "memory_limit", "check_tensor_fits", "format_bytes"]

#: Exact-mode entries are Python Fractions: an 8-byte pointer plus a ~100-byte object.
EXACT_ENTRY_BYTES = 112


def format_bytes(num_bytes: float) -> str:
    """Human-readable size with binary prefixes.

    >>> format_bytes(3 * 1024**3)
    '3.0 GiB'
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(num_bytes) < 1024 or unit == "PiB":
            return f"{num_bytes:.1f} {unit}" if unit != "B" else f"{int(num_bytes)} B"
        num_bytes /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def tensor_bytes(num_players: int, shape: tuple[int, ...], *, exact: bool = False) -> int:
    """Bytes needed by the ``(n, a_1, ..., a_n)`` payoff tensor."""
    entries = num_players * math.prod(shape)
    return entries * (EXACT_ENTRY_BYTES if exact else 8)


def memory_limit() -> int:
    """The ceiling: the limit ``tensor_bytes`` of :mod:`dualdilemma.limits` when set (raise it
    with ``--limit tensor_bytes=N``), else ``DUALDILEMMA_MAX_BYTES``, else half of the memory
    the process may use (the physical memory, or its address-space limit if lower)."""
    from dualdilemma.limits import current

    configured = current().tensor_bytes
    if configured:
        return configured
    override = os.environ.get("DUALDILEMMA_MAX_BYTES")
    if override:
        return int(override)
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        physical = 8 * 1024**3
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY:
            physical = min(physical, soft)
    except (ImportError, ValueError, OSError):  # pragma: no cover - non-POSIX
        pass
    return physical // 2


def check_tensor_fits(
    num_players: int, shape: tuple[int, ...], *, exact: bool = False, limit: int | None = None
) -> int:
    """Return the tensor's size in bytes, or raise :class:`GameTooLargeError` if above ``limit``.

    >>> check_tensor_fits(40, (2,) * 40)
    Traceback (most recent call last):
    ...
    dualdilemma.errors.GameTooLargeError: a normal-form payoff tensor for 40 players ...
    """
    needed = tensor_bytes(num_players, shape, exact=exact)
    ceiling = memory_limit() if limit is None else limit
    if needed > ceiling:
        actions = (
            "x".join(str(a) for a in shape) if len(shape) <= 6 else (f"{shape[0]}x...x{shape[-1]}")
        )
        raise GameTooLargeError(
            f"a normal-form payoff tensor for {num_players} players with {actions} actions "
            f"needs {format_bytes(needed)}, above the limit of {format_bytes(ceiling)}; "
            "for identical players use dualdilemma.AnonymousGame, whose size grows linearly "
            "in the number of players (the limit is tensor_bytes: raise it with --limit "
            "tensor_bytes=N or dualdilemma.limits.override)"
        )
    return needed
