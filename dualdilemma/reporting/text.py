"""Text rendering of report blocks: rich tables, at most 100 columns wide.

Formulas are typeset by sympy's pretty printer (several lines, Unicode); figures are left to the
HTML format.
"""

from __future__ import annotations

from typing import Any

from dualdilemma.reporting.common import render_rich
from dualdilemma.reporting.document import (
    Block,
    Figure,
    Formula,
    Heading,
    KeyValues,
    Note,
    Paragraph,
    Table,
)

__all__ = ["render_text"]


def _table(block: Table) -> Any:
    from rich import box
    from rich.table import Table as RichTable

    table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    for index, (header, align) in enumerate(zip(block.headers, block.alignment(), strict=True)):
        table.add_column(
            header,
            justify="right" if align == "r" else "left",
            overflow="fold",
            ratio=3 if index in block.wide else None,
        )
    for row in block.rows:
        table.add_row(*row)
    return table


def _key_values(block: KeyValues) -> Any:
    from rich.table import Table as RichTable

    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in block.items:
        grid.add_row(key, value)
    return grid


def render_text(blocks: list[Block]) -> str:
    """Render blocks as plain text with rich tables (no colour), 100 columns wide.

    >>> print(render_text([Heading("Title"), Table("T", ("a", "b"), (("x", "1"),))]), end="")
    Title
    =====
    T
    <BLANKLINE>
     a   b
     ─────
     x   1
    <BLANKLINE>
    """
    from rich.padding import Padding
    from rich.text import Text

    items: list[Any] = []
    previous: Block | None = None
    for previous, block in zip([None, *blocks], blocks, strict=False):
        if isinstance(block, Heading):
            underline = "=" if block.level == 1 else "-"
            if items:
                items.append(Text(""))
            items.append(Text(block.text))
            items.append(Text(underline * min(len(block.text), 100)))
        elif isinstance(block, Paragraph):
            if previous is not None and isinstance(previous, Paragraph):
                items.append(Text(""))  # consecutive paragraphs (the verdict) read apart
            items.append(Text(block.text))
        elif isinstance(block, KeyValues):
            if block.title:
                items.append(Text(""))
                items.append(Text(block.title))
            items.append(_key_values(block))
        elif isinstance(block, Table):
            if block.title:
                items.append(Text(""))
                items.append(Text(block.title))
            items.append(_table(block))
        elif isinstance(block, Formula):
            items.append(Text(""))
            items.append(Text(f"{block.statement}:"))
            items.append(Padding(Text(block.pretty or block.expression), (0, 0, 0, 4)))
        elif isinstance(block, Figure):
            continue  # pictures are drawn in the HTML format only
        elif isinstance(block, Note):
            items.append(Text(f"note: {block.text}"))
    rendered = render_rich(*items)
    return "".join(line.rstrip() + "\n" for line in rendered.splitlines())
