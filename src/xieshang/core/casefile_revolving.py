"""A credit card in a case file (`method = "revolving"`, spec case-file.md): its own keys, nothing else.

A card has no principal, term or start date but one statement the borrower has; the rest of the product
sees it as a `DebtTerms` whose `principal` is the statement balance and `start_date` the statement date,
with the card's own terms in `DebtTerms.revolving`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xieshang.core.casefile_fields import Fields, fail

# The keys a revolving debt may carry (spec case-file.md); any other key is an error.
REVOLVING_KEYS = (
    "id",
    "lender",
    "lender_type",
    "method",
    "statement_date",
    "statement_balance",
    "due_days",
    "annual_rate",
    "daily_rate",
    "day_basis",
    "min_payment_percent",
    "late_fee_percent",
    "late_fee_min",
    "grace_days",
    "payments",
    "agreements",
)
DEFAULT_DUE_DAYS = 20
DEFAULT_MIN_PAYMENT_PERCENT = Decimal("0.10")
DEFAULT_LATE_FEE_PERCENT = Decimal("0.05")
MAX_WINDOW_DAYS = 27  # due_days + grace_days: a statement's window ends before the next statement


@dataclass(frozen=True)
class RevolvingTerms:
    """The card's own terms. `statement_date`/`statement_balance` are also the debt's `start_date` and
    `principal`; the daily rate is `DebtTerms.daily_interest_rate` and 违约金 % `late_fee_percent`."""

    statement_date: date
    statement_balance: Decimal
    due_days: int
    min_payment_percent: Decimal
    late_fee_min: Decimal


def check_revolving_keys(f: Fields) -> None:
    """Every key of a revolving debt must be one of `REVOLVING_KEYS`."""
    for key in f.data:
        if key not in REVOLVING_KEYS:
            fail(
                f.at(str(key)),
                "不能用于信用卡（method = revolving）",
                "is not allowed with method revolving",
            )


def read_revolving(f: Fields) -> tuple[RevolvingTerms, int, Decimal]:
    """The card's terms, its grace days and its 违约金 percent."""
    statement_date = f.day("statement_date")
    assert statement_date is not None
    balance = f.amount("statement_balance", required=True, positive=True)
    due_days = f.integer("due_days", default=DEFAULT_DUE_DAYS, minimum=1, maximum=25)
    assert due_days is not None
    grace = f.integer("grace_days", default=0, maximum=MAX_WINDOW_DAYS) or 0
    if due_days + grace > MAX_WINDOW_DAYS:
        fail(
            f.at("grace_days"),
            f"due_days + grace_days 不能超过 {MAX_WINDOW_DAYS} 天（还款期须在下一账单日前结束）",
            f"due_days + grace_days must be at most {MAX_WINDOW_DAYS} "
            "(a statement's window ends before the next statement)",
            grace,
        )
    minimum = f.rate("min_payment_percent")
    if minimum is None:
        minimum = DEFAULT_MIN_PAYMENT_PERCENT
    elif minimum > 1:
        fail(
            f.at("min_payment_percent"),
            "必须在 0 到 1 之间（0.10 表示 10%）",
            "must be 0 … 1 (0.10 = 10 %)",
            minimum,
        )
    late = f.rate("late_fee_percent")
    terms = RevolvingTerms(
        statement_date=statement_date,
        statement_balance=balance,
        due_days=due_days,
        min_payment_percent=minimum,
        late_fee_min=f.amount("late_fee_min"),
    )
    return terms, grace, DEFAULT_LATE_FEE_PERCENT if late is None else late
