"""Fixtures shared by the paper reproductions' tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def rows(request) -> list[dict]:
    """The regenerated table rows of the test module's ``REPRODUCE`` script (computed once per
    module, not at collection)."""
    return request.module.REPRODUCE.rows()
