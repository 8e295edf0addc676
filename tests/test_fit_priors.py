"""The [priors] table of a scenario: parsing, validation and the inverse CDFs."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from dualdilemma.errors import InvalidParameterError
from dualdilemma.fit.sampling import check_samples, draw_values
from dualdilemma.scenarios import parse_scenario

BASE = """
[market]
value = 10
risk_without_supply = 0.1
risk_with_supply = 0.9
discount = 0.9
[[supplier]]
name = "A"
capacity = 0.5
harm = 20
safeguard = 0.5
[[supplier]]
name = "B"
capacity = 0.6
harm = 10
safeguard = 0.3
[capacity_paths]
years = [1980, 1990]
B = [0.6, 0.9]
"""


def prior(path: str, body: str) -> str:
    return f'[priors."{path}"]\n{body}\nrationale = "r"\nsource = "s"\n'


def test_priors_are_parsed_with_defaults() -> None:
    text = (
        BASE
        + prior("supplier.A.harm", "low = 10\nhigh = 30")
        + prior(
            "market.discount", 'distribution = "triangular"\nlow = 0.8\nhigh = 0.95\nmode = 0.9'
        )
        + prior("paths.B", 'distribution = "loguniform"\nlow = 0.5\nhigh = 2\ngroup = "growth"')
    )
    scenario = parse_scenario(text)
    harm, discount, path = scenario.priors
    assert (harm.low, harm.high, harm.point, harm.group) == (10, 30, 20, "harm")
    assert harm.distribution == "uniform" and harm.target == ("A", "harm")
    assert discount.mode == Fraction(9, 10) and discount.group == "market"
    assert path.point == 1 and path.group == "growth" and path.kind == "paths"
    assert scenario.to_dict()["priors"][0]["path"] == "supplier.A.harm"


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("supplier.A.harm", "low = 25\nhigh = 30", "outside [low, high]"),
        ("supplier.A.harm", "low = 10\nhigh = 30\nspread = 1", "unknown key 'spread'"),
        ("supplier.C.harm", "low = 10\nhigh = 30", "unknown supplier 'C'"),
        ("supplier.A.colour", "low = 10\nhigh = 30", "supplier.<name>.<field>"),
        ("market.valu", "low = 5\nhigh = 30", "did you mean 'value'"),
        ("market.value", 'distribution = "loguniform"\nlow = 0\nhigh = 30', "outside the domain"),
        ("supplier.A.harm", 'distribution = "triangular"\nlow = 10\nhigh = 30', "needs 'mode'"),
        ("supplier.A.harm", "low = 10\nhigh = 30\nmode = 20", "triangular priors only"),
        ("supplier.A.safeguard", "low = 0.2\nhigh = 1.2", "outside the domain"),
        ("supplier.A.harm", "low = 30\nhigh = 10", "low must be below high"),
        ("paths.A", "low = 0.5\nhigh = 2", "needs a row for 'A'"),
        ("market.discount", "low = 0.5\nhigh = 1", "outside the domain"),
        ("market.risk_without_supply", "low = 0\nhigh = 0.95", "risk_without_supply"),
    ],
)
def test_bad_priors_name_the_key(path: str, body: str, message: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        parse_scenario(BASE + prior(path, body), origin="x.toml")
    text = str(info.value)
    assert message in text
    assert text.startswith("x.toml: [priors.")


def test_source_and_rationale_are_required() -> None:
    with pytest.raises(InvalidParameterError, match="missing required key 'source'"):
        parse_scenario(BASE + '[priors."market.value"]\nlow = 5\nhigh = 20\nrationale = "r"\n')
    with pytest.raises(InvalidParameterError, match="rationale must not be empty"):
        parse_scenario(
            BASE + '[priors."market.value"]\nlow = 5\nhigh = 20\nrationale = ""\nsource = "s"\n'
        )


@pytest.mark.parametrize(
    ("body", "reference"),
    [
        ("low = 10\nhigh = 30", stats.uniform(10, 20)),
        ('distribution = "loguniform"\nlow = 10\nhigh = 30', stats.loguniform(10, 30)),
        (
            'distribution = "triangular"\nlow = 10\nhigh = 30\nmode = 15',
            stats.triang(0.25, loc=10, scale=20),
        ),
    ],
)
def test_inverse_cdfs_match_scipy(body: str, reference) -> None:
    scenario = parse_scenario(BASE + prior("supplier.A.harm", body))
    u = np.linspace(0.001, 0.999, 37)
    np.testing.assert_allclose(scenario.priors[0].ppf(u), reference.ppf(u), rtol=1e-12)
    draws = draw_values(scenario.priors, 1024, seed=4)[:, 0]
    assert stats.kstest(draws, reference.cdf).pvalue > 0.05


@pytest.mark.parametrize("samples", [0, 1, 3, 1000, 2.0, True])
def test_sample_counts_must_be_powers_of_two(samples) -> None:
    with pytest.raises(InvalidParameterError):
        check_samples(samples)
