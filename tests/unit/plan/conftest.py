from __future__ import annotations

from decimal import Decimal

import pytest

from xieshang.core.plan.options import DebtPosition


@pytest.fixture
def e1_position() -> DebtPosition:
    """E1 on 2026-11-28 as spec/calculations.md states it (the engine's figures, typed in by hand)."""
    return DebtPosition(
        id="jt360",
        lender="360借条",
        lender_type="online_lender",
        annual_rate=Decimal("0.18"),
        outstanding_principal=Decimal("10446.37"),
        overdue_interest=Decimal("474.35"),
        overdue_fees=Decimal("0"),
        penalty_unpaid=Decimal("325.68"),
        late_fees_unpaid=Decimal("0"),
        payoff_now=Decimal("11269.71"),
        daily_penalty_now=Decimal("5.52"),
        dpd=105,
    )
