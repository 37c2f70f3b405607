"""Every registered variant: a tiny configuration, fit, config round trip, `.keras` generator."""

import pytest

from kerasgan.models import get_variant
from kerasgan.models.registry import VARIANTS, variants
from tests.helpers import TINY, run_variant_test


def test_every_registered_variant_has_a_tiny_configuration():
    """A variant is added by one registry row; this fails until it has a TINY entry."""
    missing = [row.name for row in VARIANTS if row.name not in TINY]
    assert not missing, f"add a tiny configuration to tests.helpers.TINY for {missing}"
    assert all(TINY[row.name][0] == row.name for row in VARIANTS)
    assert {variant for variant, _ in TINY.values()} <= {row.name for row in VARIANTS}
    for name, cls in variants().items():
        assert get_variant(name.upper().replace("_", "-")) is cls


@pytest.mark.parametrize("key", list(TINY))
def test_variant(key, tmp_path):
    run_variant_test(key, tmp_path)
