"""Plain Markdown tables and the scaffolding of the paper reproductions in ``papers/``.

Each ``papers/<paper>/reproduce.py`` computes a table with the package and prints it; with
``--write`` it refreshes the committed ``table.md`` beside it.  Its test loads the script as a
module (the ``papers`` folders are not a package) and compares the regenerated numbers with the
published ones.  The cells of :func:`markdown_table` are written as given (no escaping, no
alignment row), so the committed tables stay byte-identical to the text the scripts print.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["markdown_table", "reproduction_main", "load_reproduction", "committed_table"]

#: The file a reproduction script writes and its test compares with.
TABLE_FILE = "table.md"


def markdown_table(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A pipe table: a header row, a ``|---|`` rule and one line per row, each cell ``str()``-ed.

    Parameters
    ----------
    headers : sequence
        The column headers.
    rows : iterable of sequences
        The rows, each with one cell per header.

    Returns
    -------
    str
        The table, every line (the last one included) ending in a newline.

    Examples
    --------
    >>> print(markdown_table(["n", "k*"], [(2, 2), (3, "2, 3")]), end="")
    | n | k* |
    |---|---|
    | 2 | 2 |
    | 3 | 2, 3 |
    """
    lines = [_line(headers), "|" + "---|" * len(headers)]
    lines += [_line(row) for row in rows]
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def reproduction_main(
    render: Callable[[], str], here: str | Path, argv: Sequence[str] | None = None
) -> str:
    """Print the table ``render()`` returns; with ``--write`` in ``argv`` also save it.

    Parameters
    ----------
    render : callable
        Builds the table text.
    here : str or Path
        The reproduction script (its ``__file__``); the table is written beside it as
        ``table.md``.
    argv : sequence of str, optional
        The command-line arguments (default ``sys.argv[1:]``).

    Returns
    -------
    str
        The text printed.
    """
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    print(text, end="")
    if "--write" in argv:
        Path(here).with_name(TABLE_FILE).write_text(text)
    return text


def load_reproduction(here: str | Path) -> ModuleType:
    """Import the ``reproduce.py`` that sits beside ``here`` (a test file's ``__file__``).

    The module is named after its folder (``papers_<folder>_reproduce``), so the scripts of
    different papers never share a module name.
    """
    path = Path(here).with_name("reproduce.py")
    spec = importlib.util.spec_from_file_location(f"papers_{path.parent.name}_reproduce", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def committed_table(here: str | Path) -> str:
    """The committed ``table.md`` beside ``here`` (a test file's ``__file__``)."""
    return Path(here).with_name(TABLE_FILE).read_text()
