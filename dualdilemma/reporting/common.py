"""Shared rendering helpers: deterministic JSON and rich text at a fixed width."""

from __future__ import annotations

import io
import json
from typing import Any

__all__ = ["dumps_json", "render_rich", "TEXT_WIDTH"]

#: Text reports fit this many columns.
TEXT_WIDTH = 100


def dumps_json(data: Any) -> str:
    """JSON with a fixed layout so identical input gives byte-identical output.

    >>> dumps_json({"b": 1, "a": [1, "1/2"]})
    '{\\n  "b": 1,\\n  "a": [\\n    1,\\n    "1/2"\\n  ]\\n}\\n'
    """
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_rich(*renderables: Any) -> str:
    """Render rich objects (tables, text) to a plain string ``TEXT_WIDTH`` columns wide, with
    no trailing spaces.

    >>> from rich.table import Table
    >>> table = Table("a", "long header")
    >>> table.add_row("x", "1")
    >>> any(line.endswith(" ") for line in render_rich(table).splitlines())
    False
    """
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=TEXT_WIDTH, color_system=None, force_terminal=False, soft_wrap=False
    )
    for item in renderables:
        console.print(item)
    # rich pads table cells and wrapped lines with spaces: no line ends in one
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
