"""The dual-dilemma reproduction: regenerated evidence against the claims' expectations, the
sympy proofs, the theory's sentences and the committed tables."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from dualdilemma.claims import CLAIMS

HERE = Path(__file__).parent


def _reproduce():
    path = HERE / "reproduce.py"
    spec = importlib.util.spec_from_file_location("papers_dual_dilemma_reproduce", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REPRODUCE = _reproduce()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """The regenerated evidence rows (computed once per module, not at collection)."""
    return REPRODUCE.rows()


def test_every_conditioned_claim_holds_and_every_naive_claim_fails(rows) -> None:
    assert [r["name"] for r in rows] == [c.name for c in CLAIMS]
    for r in rows:
        expected = "counterexample" if r["naive_of"] else "holds"
        assert r["status"] == expected, r


def test_every_proof_step_is_verified() -> None:
    text = REPRODUCE.proofs_table()
    assert "| verified |" in text and "NOT verified" not in text


def _statuses(markdown: str) -> dict[str, str]:
    found = re.findall(r"^\| (C\d[\w-]*) \| [^|]+ \| (holds|counterexample) \|", markdown, re.M)
    return dict(found)


def test_committed_tables_are_current(rows) -> None:
    regenerated = {r["name"]: r["status"] for r in rows}
    for name in ("table.md", "README.md"):
        committed = _statuses((HERE / name).read_text())
        assert committed == regenerated, f"{name} is stale: run reproduce.py --write"
    readme = (HERE / "README.md").read_text()
    table = (HERE / "table.md").read_text()
    assert REPRODUCE.readme_with(table, readme) == readme, "README's generated section is stale"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("claim", [pytest.param(c, id=c.name) for c in CLAIMS])
def test_each_claim_quotes_the_theory_verbatim(claim) -> None:
    theory = _words((HERE / "THEORY.txt").read_text())
    for piece in claim.source.split("[...]"):
        assert _words(piece).strip() in theory, piece
