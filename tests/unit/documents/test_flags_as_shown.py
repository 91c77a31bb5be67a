"""The complaint letter says what the flags say: a loan at 24 % whose IRR is 0.240004 (shown 24.00 %) is not
called "above 24 %" anywhere — the letters read `legal_flags`, compared at the precision the user sees."""

from __future__ import annotations

from datetime import date

from xieshang.core.casefile import parse_case_data
from xieshang.documents.engine import case_facts
from xieshang.documents.fill import fill
from xieshang.documents.render_text import render_text
from xieshang.documents.templates import load_file_template


def _case(rate: str) -> dict[str, object]:
    return {
        "borrower": {"name": "王五", "monthly_income": "5000", "monthly_essential_expenses": "3000"},
        "debts": [
            {
                "id": "d",
                "lender": "某平台",
                "lender_type": "online_lender",
                "principal": "1021.00",
                "annual_rate": rate,
                "method": "equal_installment",
                "term_months": 12,
                "start_date": date(2026, 1, 15),
            }
        ],
    }


def test_complaint_about_a_24_percent_loan_does_not_say_above_24() -> None:
    on = date(2026, 11, 28)
    at_24 = case_facts(parse_case_data(_case("0.24")), on, case_name="c")
    assert at_24.debts[0].apr_simple is not None and str(at_24.debts[0].apr_simple) == "0.240004"
    assert "over_24" not in {f.code for f in at_24.debts[0].legal_flags}
    text = render_text(fill(load_file_template("complaint"), at_24, today=on))
    assert "超过 24%" not in text and "高于 24" not in text
    above = case_facts(parse_case_data(_case("0.25")), on, case_name="c")
    assert "over_24" in {f.code for f in above.debts[0].legal_flags}
    assert "高于 24" in render_text(fill(load_file_template("complaint"), above, today=on))
