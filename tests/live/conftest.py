from tests.live.fixtures import *  # noqa: F403
