r"""LaTeX rendering of report blocks: a complete ``article`` document.

Text (names, notes, table cells) is escaped by :func:`escape_latex`, so a supplier called
``R&D_Co 100%`` cannot break the document; formulas come from :func:`sympy.latex` and are set
in ``gather*`` environments, one conjunct of a condition per line.  The document needs only
standard packages (``inputenc``, ``fontenc``, ``geometry``, ``amsmath``, ``amssymb``,
``longtable``) and compiles with ``pdflatex``.
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

__all__ = ["render_latex", "escape_latex", "PREAMBLE"]

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

#: The document's preamble.
PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{longtable}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\allowdisplaybreaks
"""


def escape_latex(text: str) -> str:
    r"""Escape text for LaTeX's text mode.

    >>> print(escape_latex("R&D_Co 100% {x} ~ $5"))
    R\&D\_Co 100\% \{x\} \textasciitilde{} \$5
    """
    return "".join(_ESCAPES.get(ch, ch) for ch in str(text))


def _table(block: Table) -> list[str]:
    spec = "".join(
        "p{5.5cm}" if index in block.wide else ("r" if align == "r" else "l")
        for index, align in enumerate(block.alignment())
    )
    lines = []
    if block.title:
        lines.append(r"\par\noindent\textbf{" + escape_latex(block.title) + "}")
    lines.append(r"{\small")
    lines.append(r"\begin{longtable}{" + spec + "}")
    lines.append(r"\hline")
    lines.append(" & ".join(escape_latex(h) for h in block.headers) + r" \\")
    lines.append(r"\hline")
    lines.append(r"\endhead")
    for row in block.rows:
        lines.append(" & ".join(escape_latex(c) for c in row) + r" \\")
    lines.append(r"\hline")
    lines.append(r"\end{longtable}")
    lines.append("}")
    return lines


def _key_values(block: KeyValues) -> list[str]:
    lines = []
    if block.title:
        lines.append(r"\par\noindent\textbf{" + escape_latex(block.title) + "}")
    lines.append(r"{\small")
    lines.append(r"\begin{longtable}{lp{10.5cm}}")
    for key, value in block.items:
        lines.append(f"{escape_latex(key)} & {escape_latex(value)} " + r"\\")
    lines.append(r"\end{longtable}")
    lines.append("}")
    return lines


def _formula(block: Formula) -> list[str]:
    lines = [escape_latex(block.statement) + ":"]
    terms = list(block.terms) or [block.latex]
    if len(terms) == 1:
        lines += [r"\begin{gather*}", terms[0], r"\end{gather*}"]
    else:
        body = [terms[0]] + [r"\wedge\ " + term for term in terms[1:]]
        lines += [r"\begin{gather*}", (r" \\" + "\n").join(body), r"\end{gather*}"]
    return lines


def render_latex(blocks: list[Block]) -> str:
    r"""Render blocks as a complete LaTeX document.

    >>> source = render_latex([Heading("A & B"), Paragraph("50% done")])
    >>> source.startswith(r"\documentclass"), r"\section*{A \& B}" in source
    (True, True)
    >>> source.rstrip().endswith(r"\end{document}")
    True
    """
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            command = "section*" if block.level <= 1 else "subsection*"
            body.append(f"\\{command}{{{escape_latex(block.text)}}}")
        elif isinstance(block, Paragraph):
            body.append(escape_latex(block.text) + r"\par")
        elif isinstance(block, KeyValues):
            body.extend(_key_values(block))
        elif isinstance(block, Table):
            body.extend(_table(block))
        elif isinstance(block, Formula):
            body.extend(_formula(block))
        elif isinstance(block, Note):
            body.append(r"\emph{note: " + escape_latex(block.text) + r"}\par")
        elif isinstance(block, Figure):
            continue  # pictures are drawn in the HTML format only
    return PREAMBLE + "\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n"
