import pytest


@pytest.fixture(autouse=True)
def _development_certificate(tmp_path_factory, monkeypatch):
    """Letters here are signed with a development certificate made outside the working tree."""
    from letters import signing

    monkeypatch.setenv("LETTERS_DEV_SIGNING_DIR", str(tmp_path_factory.mktemp("signing")))
    signing.forget_loaded_signer()
    yield
    signing.forget_loaded_signer()
