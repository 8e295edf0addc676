"""Test-suite settings shared by tests/, papers/ and the doctests.

Under CI (``CI`` set in the environment) hypothesis runs derandomized, so a CI run is a
deterministic function of the code: a red run can be reproduced exactly, and a green one does
not depend on luck.  Locally each run explores new examples.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
