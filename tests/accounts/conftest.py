import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Sign-in and second-factor counters live in the cache, which would outlive a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
