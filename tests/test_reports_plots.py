"""Region maps people understand: axes in words, one colour per region in every scenario, the
scenario's own point marked, a default grid that straddles the boundaries, exact legends; and
the reporting package has no import cycle between the block builder and the renderers."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from dualdilemma.cli import main  # noqa: E402
from dualdilemma.commands import sweep as sweep_command  # noqa: E402
from dualdilemma.scenarios import load_scenario  # noqa: E402

SCENARIOS = ("nsg-1975", "mtcr-1987", "australia-group-1985")


@pytest.mark.parametrize("name", SCENARIOS)
def test_default_grid_straddles_the_region_boundaries(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", name, "--no-progress", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    shares = sorted(region["fraction"] for region in data["regions"])
    assert len(shares) >= 2, data["regions"]  # more than one region on the default map
    assert shares[-1] < 0.9, shares  # no region swamps the map
    market = load_scenario(name).market
    values = market.parameter_values()
    for axis, grid in data["grid"].items():  # the scenario's own value lies inside the grid
        assert min(grid["values"]) <= float(values[axis]) <= max(grid["values"])


def _plot(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    captured = {}
    import importlib

    module = importlib.import_module("dualdilemma.analysis.region_map")

    original = module.plot_region_map

    def spy(*args: object, **kwargs: object) -> object:
        ax = original(*args, **kwargs)
        captured["ax"] = ax
        return ax

    monkeypatch.setattr(module, "plot_region_map", spy)
    path = tmp_path / f"{name}.svg"
    assert main(["sweep", name, "--no-progress", "--plot", str(path)]) == 0
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    return captured["ax"]


def test_plot_names_axes_marks_the_point_and_explains_the_legend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ax = _plot("nsg-1975", tmp_path, monkeypatch)
    capsys.readouterr()
    assert ax.get_xlabel() == "safeguard quality of United States, s_1"
    assert ax.get_ylabel() == "harm valuation of United States, h_1"
    stars = [line for line in ax.get_lines() if line.get_label() == "the scenario's own values"]
    assert len(stars) == 1
    scenario = load_scenario("nsg-1975").market.parameter_values()
    assert stars[0].get_xdata()[0] == pytest.approx(float(scenario["s_1"]))
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "the scenario's own values" in texts
    for text in texts[:-1]:  # every region entry says what holds and what does not
        assert "all-export" in text and "all-control" in text and "United States" in text


def test_region_colours_are_fixed_across_scenarios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from matplotlib.colors import to_hex

    seen: dict[str, str] = {}
    for name in SCENARIOS:
        ax = _plot(name, tmp_path, monkeypatch)
        capsys.readouterr()
        legend = ax.get_legend()
        for patch, text in zip(legend.get_patches(), legend.get_texts(), strict=False):
            meaning = text.get_text()
            for supplier in load_scenario(name).suppliers:
                meaning = meaning.replace(supplier, "LEADER")
            colour = to_hex(patch.get_facecolor())
            assert seen.setdefault(meaning, colour) == colour, (name, meaning)
    assert len(seen) >= 2
    assert len(set(sweep_command.REGION_COLOURS.values())) == len(sweep_command.REGION_COLOURS)


RENDERERS = ("text", "markdown", "latex", "html", "document", "verdict", "figures")


@pytest.mark.parametrize("module", RENDERERS)
def test_renderers_do_not_import_the_block_builder(module: str) -> None:
    """The cycle reporting/blocks <-> renderers is gone: renderers import the document model."""
    import dualdilemma.reporting as package

    path = Path(package.__file__).with_name(f"{module}.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert "dualdilemma.reporting.blocks" not in imported
