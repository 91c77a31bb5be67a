"""Options beyond the fixed core: each one's figures checked by hand on E1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xieshang.core.plan.extra_options import (
    all_options,
    down_payment,
    extension,
    judge,
    partial_waiver,
    principal_only,
    settlement_discount,
)
from xieshang.core.plan.options import DebtPosition, core_options
from xieshang.knowledge.lenders import lender_policy

D = Decimal
ON = date(2026, 11, 28)


def test_extension_interest_continuing_vs_paused(e1_position: DebtPosition) -> None:
    going = extension(e1_position, ON, 3, 12, "continues")
    paused = extension(e1_position, ON, 3, 12, "paused")
    # 3 months of simple interest at 18 % on 10,920.72 = 491.43 (q(10920.72 × 0.18 × 3 / 12)).
    assert going.params["accrued_interest"] == "491.43"
    assert paused.params["accrued_interest"] == "0.00"
    assert going.payments[0].due_date == date(2027, 3, 28) and going.payments[0].month == 4
    assert going.months_to_debt_free == paused.months_to_debt_free == 15
    # Paused: the same schedule as 12 months at the contract rate, only 3 months later.
    assert paused.total_payable == D("12014.55")
    assert going.total_payable > paused.total_payable


def test_partial_waiver_amounts(e1_position: DebtPosition) -> None:
    half = partial_waiver(e1_position, ON, D("0.5"), D(0), D(0))
    assert half.total_payable == D("11269.71") - D("162.84")  # q(325.68 / 2)
    more = partial_waiver(e1_position, ON, D(1), D(1), D("0.5"))
    assert more.total_payable == D("11269.71") - D("325.68") - D("237.18")  # q(474.35 / 2) = 237.18
    assert more.months_to_debt_free == 0


def test_principal_only_and_discount_and_down_payment(e1_position: DebtPosition) -> None:
    po = principal_only(e1_position, ON, 12)
    assert po.total_payable == D("10446.37") and po.monthly_payment == D("870.53")
    disc = settlement_discount(e1_position, ON, D("0.2"))
    assert disc.total_payable == D("8736.58")  # q(10920.72 × 0.8) = 8736.576 → 8736.58
    down = down_payment(e1_position, ON, D("0.1"), 12)
    assert down.monthly_payment == D("1092.07")  # q(1092.072)
    assert down.total_payable == D("10920.72") and down.later_payment == D("819.05")
    assert down.months_to_debt_free == 12


def test_all_options_keep_the_core_first_and_unchanged(e1_position: DebtPosition) -> None:
    options = all_options(e1_position, ON, lender_policy("360借条", "online_lender"))
    core = core_options(e1_position, ON)
    assert [o.total_payable for o in options[: len(core)]] == [o.total_payable for o in core]
    kinds = {o.kind for o in options}
    assert {"extension", "partial_waiver", "principal_only_installments", "settlement_discount"} <= kinds
    assert "down_payment_installments" in kinds
    # 360借条's policy is unknown: no option claims to be within it.
    assert all(o.within_policy is None for o in options)


def test_policy_marks_plans_beyond_the_credit_card_limit(e1_position: DebtPosition) -> None:
    policy = lender_policy("某银行信用卡", "credit_card")
    long_ext = extension(e1_position, ON, 3, 60, "continues")
    assert judge(long_ext, policy).within_policy is False  # 63 months > 60
    assert judge(principal_only(e1_position, ON, 36), policy).within_policy is True
    # Extension interest follows a known policy; unknown → both variants are shown.
    unknown = [o for o in all_options(e1_position, ON, policy) if o.kind == "extension"]
    assert {o.params["interest"] for o in unknown} == {"continues", "paused"}


def _annuity(amount: Decimal, annual: Decimal, n: int) -> Decimal:
    """The spec's A = q(P·r·(1+r)^n / ((1+r)^n − 1)), typed in again here as the hand check."""
    r = annual / 12
    return (amount * r * (1 + r) ** n / ((1 + r) ** n - 1)).quantize(D("0.01"))


def test_extension_continuing_by_hand(e1_position: DebtPosition) -> None:
    going = extension(e1_position, ON, 3, 12, "continues")
    # 10,920.72 + 491.43 = 11,412.15 rescheduled over 12 months at 18 % from month 4.
    assert _annuity(D("11412.15"), D("0.18"), 12) == D("1046.27")
    assert going.monthly_payment == D("1046.27") and going.payments[-1].month == 15
    assert going.total_payable == D("12555.17")
    # Nothing is paid in the 3 months of the extension.
    assert all(p.month >= 4 for p in going.payments) and len(going.payments) == 12


def test_principal_only_acts_on_the_principal_at_zero_apr(e1_position: DebtPosition) -> None:
    po = principal_only(e1_position, ON, 24)
    assert po.base == D("10446.37") and po.apr_simple is None  # finish() not applied yet
    finished = [o for o in all_options(e1_position, ON) if o.kind == "principal_only_installments"]
    assert [o.months for o in finished] == [12, 24, 36]
    for option in finished:
        assert option.apr_simple == 0 and option.total_payable == D("10446.37")
        # overdue interest 474.35 + penalty 325.68 are what the borrower asks to have waived
        assert option.params["waived"] == "800.03"
        assert option.saving_vs_payoff_now == D("11269.71") - D("10446.37")


def test_down_payment_last_installment_takes_the_rounding(e1_position: DebtPosition) -> None:
    down = down_payment(e1_position, ON, D("0.1"), 12)
    # 9,828.65 / 12 = 819.054… → 819.05 × 11 = 9,009.55; the last carries the remaining 819.10.
    assert [p.amount for p in down.payments[1:-1]] == [D("819.05")] * 11
    assert down.payments[-1].amount == D("819.10") and down.payments[0].month == 0


def test_policy_notes_in_both_languages_with_the_confidence_in_words(e1_position: DebtPosition) -> None:
    policy = lender_policy("招联好期贷", "consumer_finance")
    options = all_options(e1_position, ON, policy)
    ext = next(o for o in options if o.kind == "extension")
    assert ext.within_policy is True
    assert "有资料称" in ext.note("zh") and "转引" in ext.note("zh") and "quoted" not in ext.note("zh")
    assert ext.note("en").startswith("reportedly offered") and "quoted" in ext.note("en")
    disc = next(o for o in options if o.kind == "settlement_discount")
    assert disc.within_policy is None and disc.note("en") and disc.note("zh")
