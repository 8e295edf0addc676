"""Markdown rendering of report blocks (GitHub-flavoured: pipe tables, ``$$`` display math).

Table cells escape the characters that would break a pipe table (``|``, line breaks) and
Markdown emphasis (``*``, ``_``, backticks); formulas are given both in LaTeX and, in a code
span, as plain text.
"""

from __future__ import annotations

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

__all__ = ["render_markdown", "escape_markdown"]

_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "<": "&lt;",
        ">": "&gt;",
        "\n": " ",
    }
)


def escape_markdown(text: str) -> str:
    """Escape text for a Markdown paragraph or table cell.

    >>> escape_markdown("a|b *c* K_o")
    'a\\\\|b \\\\*c\\\\* K\\\\_o'
    """
    return str(text).translate(_SPECIAL)


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(escape_markdown(c) if c else " " for c in cells) + " |"


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], align: str) -> list[str]:
    rule = ["---:" if a == "r" else ":---" for a in align]
    return [_row(headers), "| " + " | ".join(rule) + " |", *(_row(r) for r in rows)]


def render_markdown(blocks: list[Block]) -> str:
    """Render blocks as a Markdown document.

    >>> print(render_markdown([Heading("Title"), Table("T", ("a", "b"), (("x", "1"),))]), end="")
    # Title
    <BLANKLINE>
    **T**
    <BLANKLINE>
    | a | b |
    | :--- | ---: |
    | x | 1 |
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + escape_markdown(block.text))
        elif isinstance(block, Paragraph):
            out.append(escape_markdown(block.text))
        elif isinstance(block, KeyValues):
            lines = [f"**{escape_markdown(block.title)}**", ""] if block.title else []
            lines += [f"- {escape_markdown(k)}: {escape_markdown(v)}" for k, v in block.items]
            out.append("\n".join(lines))
        elif isinstance(block, Table):
            lines = [f"**{escape_markdown(block.title)}**", ""] if block.title else []
            lines += _table(block.headers, block.rows, block.alignment())
            out.append("\n".join(lines))
        elif isinstance(block, Formula):
            code = block.expression.replace("`", "'")
            out.append(
                f"{escape_markdown(block.statement)}:\n\n$$\n{block.latex}\n$$\n\n``{code}``"
            )
        elif isinstance(block, Note):
            out.append(f"> note: {escape_markdown(block.text)}")
        elif isinstance(block, Figure):
            continue  # pictures are drawn in the HTML format only
    return "\n\n".join(out) + "\n"
