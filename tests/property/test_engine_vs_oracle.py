"""The event-based replay equals the literal day-by-day walk of the spec on random debts."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from tests.property.oracle import oracle_replay
from tests.property.strategies import debts, evaluation_offsets
from xieshang.core.casefile import DebtTerms
from xieshang.core.replay import ReplayEngine, replay
from xieshang.core.schedule import contract_schedule
from xieshang.core.status import debt_status

SETTINGS = settings(
    max_examples=int(os.environ.get("XS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def engine_equals_daily_oracle(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Callable[[], None]:
    @config
    @given(terms=debts(), offset=evaluation_offsets)
    def check(terms: DebtTerms, offset: int) -> None:
        on = terms.start_date + timedelta(days=offset)
        schedule = contract_schedule(terms)
        fast = engine(terms, schedule, on)
        slow = oracle_replay(terms, schedule, on)
        assert fast == slow
        assert debt_status(terms, schedule, fast) == debt_status(terms, schedule, slow)

    return check


test_engine_equals_daily_oracle = engine_equals_daily_oracle()
