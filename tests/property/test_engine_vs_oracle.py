"""The event-based replay equals the literal day-by-day walk of the spec on random debts."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from tests.property.oracle import oracle_replay
from tests.property.strategies import debts, evaluation_offsets
from xieshang.core.casefile import DebtTerms
from xieshang.core.replay import replay
from xieshang.core.schedule import contract_schedule
from xieshang.core.status import debt_status


@settings(
    max_examples=int(os.environ.get("XS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(terms=debts(), offset=evaluation_offsets)
def test_engine_equals_daily_oracle(terms: DebtTerms, offset: int) -> None:
    on = terms.start_date + timedelta(days=offset)
    schedule = contract_schedule(terms)
    fast = replay(terms, schedule, on)
    slow = oracle_replay(terms, schedule, on)
    assert fast == slow
    assert debt_status(terms, schedule, fast) == debt_status(terms, schedule, slow)
