"""Case creation, the debt form (validated by the case-file parser, same messages), import/export, the
assessment and plans pages with the E1 figures of spec calculations.md, the steps and the dashboard."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings

from xieshang.cases.models import Case, Debt
from xieshang.core.casefile import parse_case_data
from xieshang.core.errors import XieshangError
from xieshang.core.money import plain_decimal

pytestmark = pytest.mark.django_db

E1_FORM = {
    "id": "jt360",
    "lender": "360借条",
    "lender_type": "online_lender",
    "principal": "20000.00",
    "daily_rate": "0.05",  # rates are typed in percent: 0.05 % a day (万分之五)
    "day_basis": "360",
    "method": "equal_installment",
    "term_months": "12",
    "start_date": "2026-01-15",
    "grace_days": "3",
    "penalty_multiplier": "1.5",
    "penalty_base": "installment",
    "payments": "2026-02-15 1833.60\n2026-03-15 1833.60\n2026-04-14 1833.60\n"
    "2026-05-15 1833.60\n2026-06-17 1833.60\n2026-07-15 1833.60",
}
NEW_CASE = {
    "name": "li-ming",
    "borrower_name": "李明",
    "monthly_income": "5200.00",
    "monthly_essential_expenses": "3600.00",
    "hardships": ["unemployment"],
    "as_of": "2026-11-28",
}


def _page(response: Any) -> str:
    return str(response.content.decode())


def test_create_a_case_then_add_the_e1_debt_and_see_the_figures(owner_client: Client) -> None:
    response = owner_client.post("/cases/new/", NEW_CASE, follow=True)
    assert response.redirect_chain[-1][0] == "/cases/li-ming/"
    case = Case.objects.get(name="li-ming")
    assert case.hardships == ["unemployment"] and case.as_of == date(2026, 11, 28)
    response = owner_client.post("/cases/li-ming/debts/new/", E1_FORM, follow=True)
    assert response.redirect_chain[-1][0] == "/cases/li-ming/assessment/"
    page = _page(response)
    # E1 of spec calculations.md, shown with two decimals and the thousands separator.
    for figure in ("7,660.08", "6,860.05", "474.35", "325.68", "10,446.37", "11,269.71", "5.52", "18.00 %"):
        assert figure in page, figure
    assert "M4" in page and "105" in page
    assert "No legal flag" not in page and "这笔欠款没有法律提示" in page
    assert Debt.objects.get(case=case).payments.count() == 6


def _parser_message(debt: dict[str, Any]) -> str:
    data = {"borrower": {"name": "李明", "monthly_income": "5200", "monthly_essential_expenses": "3600"}}
    try:
        parse_case_data({**data, "debts": [debt]})
    except XieshangError as error:
        return error.message_zh
    raise AssertionError("the parser accepted it")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"principal": "-5"}, "principal"),
        ({"annual_rate": "18"}, "daily_rate"),  # both rates given
        ({"daily_rate": "50%"}, "daily_rate"),  # above 1000 % a year
        ({"term_months": "", "term_days": "30"}, "term_days"),  # term_days only with bullet
        ({"payments": "2026-01-10 100"}, "payments"),  # a payment before the start date
        ({"id": "bad id!"}, "id"),
    ],
)
def test_debt_form_errors_are_the_case_file_parsers(
    owner_client: Client, e1_case: Case, change: dict[str, str], field: str
) -> None:
    form = {**E1_FORM, "id": "other", **change}
    response = owner_client.post(f"/cases/{e1_case.name}/debts/new/", form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    debt: dict[str, Any] = {k: v for k, v in form.items() if v != "" and k != "payments"}
    debt.update(day_basis=360, term_months=int(debt["term_months"]) if "term_months" in debt else None)
    debt = {k: v for k, v in debt.items() if v is not None}
    if "term_days" in debt:
        debt["term_days"] = int(debt["term_days"])
    debt["grace_days"] = 3
    debt["start_date"] = date(2026, 1, 15)
    for rate in ("annual_rate", "daily_rate"):  # typed in percent, kept as a fraction
        if rate in debt:
            debt[rate] = plain_decimal(Decimal(debt[rate].rstrip("%")) / 100)
    if change.get("payments"):
        debt["payments"] = [{"date": date(2026, 1, 10), "amount": "100"}]
    # the parser's own words (one source of the rules), next to the field, without the internal place
    place, problem = _parser_message(debt).split(": ", 1)
    assert any(problem in e for e in errors[field]), (problem, errors[field])
    assert not any(place.replace("debts[0]", "debts[1]") in e or "debts[" in e for e in errors[field])
    assert e1_case.debts.count() == 1  # nothing written


def test_a_bad_payment_line_is_named(owner_client: Client, e1_case: Case) -> None:
    response = owner_client.post(
        f"/cases/{e1_case.name}/debts/new/", {**E1_FORM, "id": "b", "payments": "2026-02-15"}
    )
    assert "第 1 行" in response.context["form"].errors["payments"][0]


def test_editing_a_debt_keeps_its_row_and_replaces_payments(owner_client: Client, e1_case: Case) -> None:
    debt = e1_case.debts.get()
    page = _page(owner_client.get(f"/cases/{e1_case.name}/debts/jt360/"))
    assert "2026-06-17 1833.6" in page and 'value="20000"' in page
    response = owner_client.post(
        f"/cases/{e1_case.name}/debts/jt360/", {**E1_FORM, "payments": "2026-02-15 1833.60"}
    )
    assert response.status_code == 302
    debt.refresh_from_db()
    assert debt.payments.count() == 1 and debt.daily_rate is not None and debt.annual_rate is None
    owner_client.post(f"/cases/{e1_case.name}/debts/jt360/delete/")
    assert not e1_case.debts.exists()


def test_export_then_import_round_trips(owner_client: Client, e1_case: Case) -> None:
    response = owner_client.get(f"/cases/{e1_case.name}/export.toml")
    text = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="e1.toml"'
    data = tomllib.loads(text)
    assert data["debts"][0]["daily_rate"] == "0.0005" and len(data["debts"][0]["payments"]) == 6
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("e1.toml", text.encode(), content_type="application/toml")
    response = owner_client.post("/cases/import/", {"file": upload, "name": "copy"})
    assert response.status_code == 302
    copy = Case.objects.get(name="copy")
    assert copy.borrower_name == "李明" and copy.debts.get().payments.count() == 6
    page = _page(owner_client.get("/cases/copy/assessment/"))
    assert "7,660.08" in page


def test_import_names_the_problem_and_writes_nothing(owner_client: Client, e1_case: Case) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = owner_client.get(f"/cases/{e1_case.name}/export.toml").content.replace(b'"20000"', b'"-5"')
    response = owner_client.post("/cases/import/", {"file": SimpleUploadedFile("x.toml", bad), "name": "bad"})
    assert response.status_code == 400
    assert "debts[0].principal" in _page(response)
    assert not Case.objects.filter(name="bad").exists()
    taken = owner_client.post("/cases/import/", {"file": SimpleUploadedFile("x.toml", b"x"), "name": "e1"})
    assert "不能使用" in _page(taken) and "已被使用" not in _page(taken)


def test_replace_a_case_from_a_file(owner_client: Client, e1_case: Case) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = owner_client.get(f"/cases/{e1_case.name}/export.toml").content.replace(
        "李明".encode(), "李明明".encode()
    )
    response = owner_client.post(
        f"/cases/{e1_case.name}/replace/", {"file": SimpleUploadedFile("x.toml", text)}
    )
    assert response.status_code == 302
    e1_case.refresh_from_db()
    assert e1_case.borrower_name == "李明明" and e1_case.debts.count() == 1


def test_case_form_uses_the_parsers_messages(owner_client: Client) -> None:
    response = owner_client.post("/cases/new/", {**NEW_CASE, "monthly_income": "lots"})
    errors = response.context["form"].errors
    message = errors["monthly_income"][0]
    assert "必须是非负金额" in message and "例如 20000" in message and "borrower." not in message
    dup = owner_client.post("/cases/new/", NEW_CASE)
    assert dup.status_code == 302
    again = owner_client.post("/cases/new/", NEW_CASE)
    assert "name" in again.context["form"].errors


def test_case_form_names_every_mistake_at_once(owner_client: Client) -> None:
    response = owner_client.post("/cases/new/", {**NEW_CASE, "name": "bad name!", "monthly_income": "-1"})
    errors = response.context["form"].errors
    assert "name" in errors and "必须是非负金额" in errors["monthly_income"][0]


def test_plans_page_shows_the_e1_options_and_the_chart(owner_client: Client, e1_case: Case) -> None:
    page = _page(owner_client.get(f"/cases/{e1_case.name}/plans/"))
    # E1 on 2026-11-28: base 10,920.72; 12 months at 0 % → 910.06; at 18 % → 1,001.21 first, 12,014.55 in all.
    for figure in ("10,920.72", "910.06", "1,001.21", "12,014.55", "1,600.00"):
        assert figure in page, figure
    assert '<tr class="chosen" data-kind="installments" data-months="12" data-rate="0"' in page
    assert "<svg" in page and "</svg>" in page


def test_case_page_shows_the_nine_steps(owner_client: Client, e1_case: Case) -> None:
    response = owner_client.get(f"/cases/{e1_case.name}/")
    steps = response.context["steps"]
    assert [s.number for s in steps] == list(range(1, 10))
    keys = [s.key for s in steps]
    assert keys[0] == "contact_early" and keys[5] == "overdue_policy" and keys[8] == "agreement"
    policy = steps[5]
    assert policy.state == "done"  # a debt entered and its figures computed
    assert steps[0].state == "missing" and steps[0].next_action
    page = _page(response)
    for title in (
        "尽早联系平台",
        "保留沟通记录",
        "联系客服",
        "说明情况并提供证据",
        "保持积极沟通",
        "了解逾期政策",
        "协商延期还款方案",
        "逾期费用调解",
        "达成协议并履约",
    ):
        assert title in page, title


def test_dashboard_shows_what_is_owed_and_what_each_day_costs(owner_client: Client, e1_case: Case) -> None:
    page = _page(owner_client.get("/"))
    assert "7,660.08" in page and "5.52" in page and "11,269.71" in page
    assert "即将逾期" not in page  # the next instalment (2026-12-15) is 17 days away
    e1_case.as_of = date(2026, 12, 10)
    e1_case.save()
    page = _page(owner_client.get("/"))
    assert "即将逾期" in page and "2026-12-15" in page


def test_english_pages(owner_client: Client, e1_case: Case) -> None:
    owner_client.cookies["django_language"] = "en"
    page = _page(owner_client.get(f"/cases/{e1_case.name}/assessment/"))
    assert "Penalty interest unpaid" in page and "not legal advice" in page


@override_settings(LANGUAGE_CODE="en")
def test_step_titles_are_translated(owner_client: Client, e1_case: Case) -> None:
    owner_client.cookies["django_language"] = "en"
    assert "Contact the lender early" in _page(owner_client.get(f"/cases/{e1_case.name}/"))


def test_a_raised_flag_reads_as_words_with_its_source_in_both_languages(
    e1_case: Case, owner_client: Client
) -> None:
    from decimal import Decimal

    debt = e1_case.debts.get()
    debt.upfront_fee = Decimal("1000.00")
    debt.save()
    zh = owner_client.get(f"/cases/{e1_case.name}/assessment/").content.decode()
    assert 'data-flag="upfront_deduction"' in zh
    assert "砍头息" in zh and "民法典" in zh
    en = owner_client.get(f"/cases/{e1_case.name}/assessment/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "fee deducted from the loan up front" in en


def test_the_plan_chart_speaks_the_page_language(e1_case: Case, owner_client: Client) -> None:
    zh = owner_client.get(f"/cases/{e1_case.name}/plans/").content.decode()
    en = owner_client.get(f"/cases/{e1_case.name}/plans/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    zh_svg = zh[zh.index("<svg") : zh.index("</svg>")]
    en_svg = en[en.index("<svg") : en.index("</svg>")]
    assert "开价" in zh_svg
    assert "Opening ask" in en_svg and "开价" not in en_svg


def test_the_plans_page_shows_what_is_known_of_the_lender_with_sources(
    e1_case: Case, owner_client: Client
) -> None:
    page = owner_client.get(f"/cases/{e1_case.name}/plans/").content.decode()
    assert "关于 360借条 政策的已知资料" in page
    assert "来源：" in page and "未知（没有找到可靠来源，不作猜测）" in page
