from __future__ import annotations

import pytest

from tests.fakes import FakeUnitOfWorkFactory
from tests.school import School


@pytest.fixture
def fake_uow() -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory()


@pytest.fixture
async def school(fake_uow: FakeUnitOfWorkFactory) -> School:
    """A school on the in-memory unit of work."""
    return await School.open(fake_uow)
