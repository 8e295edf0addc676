"""Progress on a terminal for long work: the sweep's progress bar and a spinner, in one place.

Both write to stderr through rich and only when asked to or, by default, when stderr is a
terminal, so machine-readable output (JSON on stdout, files) never carries them.

* :func:`progress_bar` is the bar of :func:`~dualdilemma.analysis.sweep.map_chunks` (known
  number of steps).
* :func:`spinner` is for searches of unknown length (branch and bound): it yields a ``tick``
  to call now and then, and appears only once the work has taken :data:`SPINNER_DELAY`
  seconds, so quick calls print nothing.

Any long computation of the package (a command, a claim check) can wrap itself in
``with spinner("checking claims") as tick: ...`` and call ``tick()`` between steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dualdilemma.analysis.sweep import _progress_bar as progress_bar
from dualdilemma.analysis.sweep import _stderr_is_tty as stderr_is_tty
from dualdilemma.errors import InvalidParameterError

__all__ = ["progress_bar", "spinner", "stderr_is_tty", "SPINNER_DELAY"]

#: Seconds of work before a spinner appears.
SPINNER_DELAY = 1.0


def _show(show: bool | None) -> bool:
    if show is None:
        return stderr_is_tty()
    if not isinstance(show, bool):
        raise InvalidParameterError(f"progress must be True, False or None, got {show!r}")
    return show


@contextmanager
def spinner(
    description: str, *, show: bool | None = None, delay: float = SPINNER_DELAY
) -> Iterator[Callable[[], None]]:
    """A rich spinner on stderr with ``description``, the steps ticked and the time taken.

    ``show=None`` shows it only when stderr is a terminal; it appears at the first ``tick()``
    after ``delay`` seconds and is removed when the block ends.

    >>> with spinner("searching", show=False) as tick:
    ...     tick()
    """
    if not _show(show):
        yield lambda: None
        return
    forced = show is True  # asked for explicitly: draw even when stderr is not a terminal
    state: dict[str, Any] = {"bar": None, "task": None, "ticks": 0}
    started = time.perf_counter()

    def tick() -> None:
        state["ticks"] += 1
        if state["bar"] is None:
            if time.perf_counter() - started < delay:
                return
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.completed} steps"),
                TimeElapsedColumn(),
                console=Console(stderr=True, force_terminal=forced or None),
                transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(description, total=None)
        state["bar"].update(state["task"], completed=state["ticks"])

    try:
        yield tick
    finally:
        if state["bar"] is not None:
            state["bar"].stop()
