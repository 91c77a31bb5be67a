"""`xieshang offer add|list|accept|reject` and `agreement add|list|paid`: a full round trip from an offer to a
paid instalment, each figure checked against the stored rows and `negotiation.selectors`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from xieshang.cases.models import Case, Payment
from xieshang.negotiation.models import AgreedPayment, Agreement, Offer
from xieshang.negotiation.selectors import agreements_of_case, payment_status

from .conftest import TODAY, Cli

pytestmark = [pytest.mark.django_db]

FIRST_DUE = TODAY + timedelta(days=5)  # within the 7 days `next` looks ahead


def offer(cli_json, *extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return cli_json(
        "offer", "add", "e1", "--debt", "jt360", "--kind", "installments", "--by", "borrower",
        "--amount", "12000", "--months", "12", "--rate", "6", "--first-due", FIRST_DUE.isoformat(),
        "--valid-until", (TODAY + timedelta(days=10)).isoformat(), *extra,
    )  # fmt: skip


def test_offer_to_paid_installment(cli: Cli, cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    made = offer(cli_json)
    row = Offer.objects.get(pk=made["id"])
    assert row.annual_rate == Decimal("0.06") and made["annual_rate"] == "0.060000"
    assert row.monthly_payment is not None and row.total_payable is not None  # computed by the service
    assert made["monthly_payment"] == f"{row.monthly_payment:.2f}"
    assert made["total_payable"] == f"{row.total_payable:.2f}"
    assert row.total_payable > Decimal("12000")  # 6 % a year costs something
    assert (made["status"], made["proposed_on"], made["debt"]) == ("proposed", TODAY.isoformat(), "jt360")

    listed = cli_json("offer", "list", "e1")["offers"]
    assert listed == [made]
    status, out, _ = cli("offer", "list", "e1")
    assert status == 0 and f"#{row.pk}" in out and "分期" in out and f"{row.monthly_payment:.2f}" in out

    accepted = cli_json("offer", "accept", "e1", str(row.pk))
    row.refresh_from_db()
    assert accepted["status"] == row.status == "accepted" and row.decided_on == TODAY

    agreed = cli_json("agreement", "add", "e1", "--offer", str(row.pk), "--confirmation", "短信 95xxx")
    agreement = Agreement.objects.get(pk=agreed["id"])
    assert agreement.offer == row and agreement.debt == row.debt and agreement.amount == row.amount
    assert agreement.annual_rate == row.annual_rate and agreement.first_due_date == FIRST_DUE
    payments = list(agreement.payments.order_by("n"))
    assert len(payments) == 12 == len(agreed["payments"])
    for shown, p in zip(agreed["payments"], payments, strict=True):
        assert shown["id"] == p.pk and shown["due_date"] == p.due_date.isoformat()
        assert shown["amount"] == f"{p.amount:.2f}" and shown["status"] == payment_status(p, TODAY)
    assert agreed["total_due"] == f"{sum(p.amount for p in payments):.2f}"
    assert agreed["confirmation"] == "短信 95xxx"

    due = cli_json("next", "e1")["due_soon"]
    assert [(d["payment"], d["due_date"], d["days"]) for d in due] == [
        (payments[0].pk, FIRST_DUE.isoformat(), 5)
    ]

    first = payments[0]
    paid = cli_json("agreement", "paid", "e1", str(first.pk), "--on", FIRST_DUE.isoformat())
    first.refresh_from_db()
    assert first.paid_on == FIRST_DUE and first.paid_amount == first.amount
    assert paid["status"] == "paid" and paid["paid_amount"] == f"{first.amount:.2f}"
    assert Payment.objects.filter(debt=agreement.debt, date=FIRST_DUE, amount=first.amount).exists()

    listed_agreements = cli_json("agreement", "list", "e1")["agreements"]
    (overview,) = agreements_of_case(e1_case, TODAY)
    assert [a["id"] for a in listed_agreements] == [overview.agreement.pk]
    shown = listed_agreements[0]
    assert (
        shown["payments"][0]["status"] == "paid" and shown["payments"][0]["paid_on"] == FIRST_DUE.isoformat()
    )
    assert (
        shown["paid_total"] == f"{overview.paid_total:.2f}"
        and shown["remaining"] == f"{overview.remaining:.2f}"
    )
    assert [p["status"] for p in shown["payments"]] == [str(r.status) for r in overview.rows]
    assert cli_json("next", "e1")["due_soon"] == []

    # Later the second instalment is late: the list says so, as the selector does.
    later = payments[1].due_date + timedelta(days=3)
    shown = cli_json("agreement", "list", "e1", today=later)["agreements"][0]
    assert shown["state"] == "late" and shown["payments"][1]["status"] == "late"
    status, out, _ = cli("agreement", "list", "e1", today=later)
    assert status == 0 and "逾期" in out and "已还" in out
    status, out, _ = cli("agreement", "list", "e1", today=later, lang="en_US.UTF-8")
    assert status == 0 and "late" in out and "paid" in out and "Agreement #" in out


def test_reject_and_counter_offer(cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    first = offer(cli_json)
    counter = cli_json(
        "offer", "add", "e1", "--kind", "waiver", "--by", "lender", "--waive", "800", "--terms", "减免罚息",
        "--counter", str(first["id"]),
    )  # fmt: skip
    assert counter["responds_to"] == first["id"] and counter["debt"] == "jt360"  # taken from the countered
    assert Offer.objects.get(pk=first["id"]).status == "countered"
    rejected = cli_json("offer", "reject", "e1", str(counter["id"]), "--on", TODAY.isoformat())
    assert rejected["status"] == "rejected" == Offer.objects.get(pk=counter["id"]).status


def test_agreement_without_an_offer(cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    agreed = cli_json(
        "agreement", "add", "e1", "--debt", "jt360", "--kind", "settlement", "--amount", "9000",
        "--first-due", FIRST_DUE.isoformat(),
    )  # fmt: skip
    assert agreed["months"] == 1 and agreed["payments"][0]["amount"] == "9000.00"
    assert AgreedPayment.objects.filter(agreement_id=agreed["id"]).count() == 1


def _counts() -> tuple[int, ...]:
    return (
        Offer.objects.count(),
        Offer.objects.filter(status="proposed").count(),
        Agreement.objects.count(),
        AgreedPayment.objects.filter(paid_on__isnull=False).count(),
        Payment.objects.count(),
    )


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["offer", "add", "e1", "--kind", "loan", "--by", "borrower", "--amount", "1"], "kind"),
        (["offer", "add", "e1", "--kind", "waiver", "--by", "me", "--amount", "1"], "proposed_by"),
        (["offer", "add", "e1", "--kind", "waiver", "--by", "lender", "--amount", "1.234"], "--amount"),
        (
            ["offer", "add", "e1", "--kind", "waiver", "--by", "lender", "--rate", "abc", "--amount", "1"],
            "--rate",
        ),
        (["offer", "add", "e1", "--kind", "waiver", "--by", "lender"], "金额"),
        (["offer", "add", "e1", "--kind", "waiver", "--by", "lender", "--debt", "x", "--amount", "1"], "'x'"),
        (["offer", "accept", "e1", "999"], "999"),
        (["offer", "accept", "nobody", "1"], "nobody"),
        (["agreement", "add", "e1", "--debt", "jt360"], "--first-due"),
        (["agreement", "add", "e1", "--offer", "999"], "999"),
        (["agreement", "paid", "e1", "999", "--on", "2026-12-01"], "999"),
        (["agreement", "list", "nobody"], "nobody"),
    ],
)
def test_bad_input_is_exit_2_and_writes_nothing(
    cli: Cli,
    cli_json,
    e1_case: Case,
    argv: list[str],
    needle: str,  # type: ignore[no-untyped-def]
) -> None:
    offer(cli_json)
    before = _counts()
    status, out, err = cli(*argv)
    assert status == 2, err
    assert needle in err and "Traceback" not in err and out == ""
    assert _counts() == before


def test_a_payment_cannot_be_marked_twice_or_before_the_agreement(cli: Cli, cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    agreed = cli_json(
        "agreement", "add", "e1", "--debt", "jt360", "--kind", "installments", "--amount", "3000",
        "--months", "3", "--first-due", FIRST_DUE.isoformat(), "--on", (TODAY - timedelta(days=1)).isoformat(),
    )  # fmt: skip
    pk = str(agreed["payments"][0]["id"])
    status, _, err = cli("agreement", "paid", "e1", pk, "--on", "2026-01-01")
    assert status == 2 and "还款日期不能早于协议日期" in err
    status, _, err = cli("agreement", "paid", "e1", pk, "--on", (TODAY - timedelta(days=1)).isoformat())
    assert status == 2 and "协议当天的还款计入协议前的欠款" in err
    assert cli_json("agreement", "paid", "e1", pk, "--amount", "500")["paid_amount"] == "500.00"
    before = _counts()
    status, _, err = cli("agreement", "paid", "e1", pk, lang="en_US.UTF-8")
    assert status == 2 and "already marked as paid" in err and _counts() == before
