"""Every network of `kerasgan.networks` and `kerasgan.models`: call, config, `.keras` file."""

import pytest

from tests.helpers import NETWORKS, network_classes, run_network_test


def test_every_network_has_a_tiny_case():
    """A new network fails here until `tests.helpers.NETWORKS` has a case for it."""
    covered = {name for name, _, _ in NETWORKS.values()}
    missing = sorted(set(network_classes()) - covered)
    assert not missing, f"add a case to tests.helpers.NETWORKS for {missing}"
    assert covered <= set(network_classes())


@pytest.mark.parametrize("case", list(NETWORKS))
def test_network(case, tmp_path):
    run_network_test(case, tmp_path)
