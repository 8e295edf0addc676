"""HTML rendering of report blocks: one self-contained page that works offline.

The page holds everything: a short inline style sheet, the tables, the verdict block, the
formulas (sympy's pretty printer in ``<pre>``, with the LaTeX source in a ``title``) and the
figures as inline SVG (:class:`~dualdilemma.reporting.document.Figure`, drawn by matplotlib).
It loads nothing from the network and has no JavaScript.  All text is escaped with
:func:`html.escape`; the SVG comes from matplotlib, stripped of its XML prologue.
"""

from __future__ import annotations

import html
import re

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

__all__ = ["render_html", "STYLE"]

#: The page's style sheet (inline; no external resources).
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62rem;
       margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { border-bottom: 2px solid #444; padding-bottom: .2rem; }
h2 { border-bottom: 1px solid #bbb; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f2f2f2; text-align: left; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
dl.kv { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; }
dl.kv dt { font-weight: 600; } dl.kv dd { margin: 0; }
section.verdict { background: #f6f8ff; border-left: 4px solid #3455b5; padding: .4rem 1rem; }
pre.formula { background: #fafafa; border: 1px solid #e3e3e3; padding: .5rem; overflow-x: auto; }
p.note { color: #6a4b00; font-style: italic; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #333; }
"""

_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _table(block: Table) -> str:
    align = block.alignment()
    out = ["<table>"]
    if block.title:
        out.append(f"<caption>{_e(block.title)}</caption>")
    head = "".join(
        f'<th class="{"r" if a == "r" else "l"}">{_e(h)}</th>'
        for h, a in zip(block.headers, align, strict=True)
    )
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in block.rows:
        cells = "".join(
            f'<td class="{"r" if a == "r" else "l"}">{_e(c)}</td>'
            for c, a in zip(row, align, strict=True)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _key_values(block: KeyValues) -> str:
    items = [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in block.items]
    if block.title == "Glossary":  # long: folded, opened with a click (no script needed)
        return (
            '<details class="glossary"><summary><strong>Glossary</strong> (every term and '
            'symbol of this report)</summary>\n<dl class="kv">\n'
            + "\n".join(items)
            + "\n</dl>\n</details>"
        )
    out = [f'<p class="kv-title"><strong>{_e(block.title)}</strong></p>'] if block.title else []
    out.append('<dl class="kv">')
    out += items
    out.append("</dl>")
    return "\n".join(out)


def _figure(block: Figure) -> str:
    svg = _PROLOGUE.sub("", block.draw()).strip()
    return (
        f'<figure id="figure-{_e(block.key)}">\n{svg}\n'
        f"<figcaption><strong>{_e(block.title)}.</strong> {_e(block.caption)}</figcaption>\n"
        "</figure>"
    )


def render_html(blocks: list[Block], title: str = "dualdilemma report") -> str:
    """Render blocks as a complete, self-contained HTML page.

    The blocks after the heading "Verdict" up to the next heading are wrapped in
    ``<section class="verdict">``.

    >>> page = render_html([Heading("A & B"), Table("T", ("a", "b"), (("x", "1"),))])
    >>> page.startswith("<!DOCTYPE html>"), "<h1>A &amp; B</h1>" in page, "<script" in page
    (True, True, False)
    """
    body: list[str] = []
    in_verdict = False
    for block in blocks:
        if isinstance(block, Heading):
            if in_verdict:
                body.append("</section>")
                in_verdict = False
            level = min(max(block.level, 1), 6)
            if block.text == "Verdict" and level == 2:
                body.append('<section class="verdict" id="verdict">')
                in_verdict = True
            body.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_e(block.text)}</p>")
        elif isinstance(block, KeyValues):
            body.append(_key_values(block))
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Formula):
            body.append(
                f"<p>{_e(block.statement)}:</p>\n"
                f'<pre class="formula" title="{_e(block.latex)}">'
                f"{_e(block.pretty or block.expression)}</pre>"
            )
        elif isinstance(block, Note):
            body.append(f'<p class="note">note: {_e(block.text)}</p>')
        elif isinstance(block, Figure):
            body.append(_figure(block))
    if in_verdict:
        body.append("</section>")
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return "".join(line.rstrip() + "\n" for line in page.splitlines())
