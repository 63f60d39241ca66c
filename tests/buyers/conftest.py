"""Personas of the buyer workspace: Alice (Accounthouder) and Bob (colleague) of Voorbeeld B.V.
buy for it once its workspace is on; Charlie, of another organisation, is the outsider."""

from __future__ import annotations

import pytest

from psoportal.buyers.services import buyer_activate


@pytest.fixture
def buyer(alice, organisation):
    return buyer_activate(organisation=organisation, by=alice)
