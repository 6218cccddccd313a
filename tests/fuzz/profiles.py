"""Hypothesis profiles of the fuzz tests; ``HPM_FUZZ_PROFILE`` picks one.

- ``ci`` (default, what ``scripts/test`` runs): a hundred examples per parser,
  derandomized, so every run tries the same examples.
- ``fuzz`` (``scripts/fuzz``): 10,000 examples per parser (``HPM_FUZZ_EXAMPLES``
  changes it), a new seed every run.

Neither keeps a database of examples (no ``.hypothesis`` folder in the checkout);
a failure prints its seed and its minimal example, which becomes an ``@example``.
"""

from __future__ import annotations

import os
from typing import Final

from hypothesis import HealthCheck, settings

CI_EXAMPLES: Final = 100
FUZZ_EXAMPLES: Final = int(os.environ.get("HPM_FUZZ_EXAMPLES", "10000"))

_COMMON: Final = {
    "deadline": None,
    "database": None,
    # One loopback server serves every example of a test; its reply is swapped per
    # example, so the function-scoped fixture is shared on purpose.
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile(
    "hpm-ci", max_examples=CI_EXAMPLES, derandomize=True, **_COMMON
)
settings.register_profile(
    "hpm-fuzz", max_examples=FUZZ_EXAMPLES, print_blob=True, **_COMMON
)

PROFILE: Final = os.environ.get("HPM_FUZZ_PROFILE", "ci")
FUZZ: Final = settings.get_profile(f"hpm-{PROFILE}")
"""Settings of every fuzz test (use as a decorator)."""
