"""The money figures of a debt's status on the evaluation day, by name (attributes of the engine's status):
one list for the assessment JSON, the letters' placeholders and the documents' facts."""

from __future__ import annotations

MONEY_FIGURES: tuple[str, ...] = (
    "paid_total",
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "overdue_fees",
    "penalty_unpaid",
    "late_fees_unpaid",
    "total_due_now",
    "payoff_now",
    "daily_penalty_now",  # last: the assessment JSON writes it after the debt's state (dpd, bucket, grace)
)
