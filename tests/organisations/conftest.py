import pytest


@pytest.fixture(autouse=True)
def _mail(mail_immediately):
    pass
