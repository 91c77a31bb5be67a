"""The budget: an income & expenditure statement by category, in the spirit of the UK Standard Financial
Statement, and the disposable income derived from it.

The case file's two numbers (`borrower.monthly_income`, `borrower.monthly_essential_expenses`) are the
minimum and always rule: the optional `[budget]` section breaks them down by category. Itemised lines may
add up to less than the declared number (the rest is shown as "not itemised"), never to more.

    [budget.income]            wages, benefits, other
    [budget.expenditure]       housing, utilities, food_housekeeping, transport, communications,
                               childcare_school, health, insurance, other_essential
    budget.note = "..."        optional free text

`read_budget_section(top)` is the case-file reader (hook for `core/casefile.py`'s `_SECTIONS`),
`budget_to_data(budget)` writes it back, `budget_statement(borrower, budget)` derives the statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xieshang.core.casefile_fields import Fields, fail
from xieshang.core.money import ZERO, fmt_money, fmt_money_grouped, parse_amount, plain_decimal

# (key, 中文, English) — the order of the statement.
INCOME_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("wages", "工资及经营收入（税后）", "Wages and self-employment (net)"),
    ("benefits", "补贴、养老金、低保等", "Benefits, pensions, allowances"),
    ("other", "其他收入（家人支持、租金等）", "Other income (family support, rent…)"),
)
EXPENDITURE_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("housing", "住房（房租、房贷、物业）", "Housing (rent, mortgage, service charges)"),
    ("utilities", "水电燃气", "Utilities (water, power, gas)"),
    ("food_housekeeping", "伙食及日用品", "Food and housekeeping"),
    ("transport", "交通", "Transport"),
    ("communications", "通讯（话费、网费）", "Communications (phone, internet)"),
    ("childcare_school", "子女照护及教育", "Childcare and school"),
    ("health", "医疗", "Health"),
    ("insurance", "保险", "Insurance"),
    ("other_essential", "其他必要支出", "Other essential spending"),
)
UNITEMISED = ("unitemised", "未分项部分", "Not itemised")


@dataclass(frozen=True)
class Budget:
    """The `[budget]` section as given: amounts by category (only the categories given)."""

    income: tuple[tuple[str, Decimal], ...] = ()
    expenditure: tuple[tuple[str, Decimal], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class BudgetLine:
    section: str  # "income" | "expenditure"
    category: str
    label_zh: str
    label_en: str
    amount: Decimal

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


@dataclass(frozen=True)
class BudgetStatement:
    income: tuple[BudgetLine, ...]
    expenditure: tuple[BudgetLine, ...]
    total_income: Decimal
    total_expenditure: Decimal
    disposable_income: Decimal
    itemised: bool  # a [budget] section was given
    dependents: int | None = None
    note: str = ""

    def derivation(self, lang: str) -> str:
        """How the disposable income was derived, in words and figures."""
        i, e, d = (
            fmt_money_grouped(self.total_income),
            fmt_money_grouped(self.total_expenditure),
            fmt_money_grouped(self.disposable_income),
        )
        if lang == "en":
            text = f"Disposable income = monthly income {i} − essential expenses {e} = {d} a month"
            if self.disposable_income <= 0:
                text += " (nothing is left for repayments: any plan must start from the hardship)"
            return text
        text = f"可支配收入 = 月收入 {i} − 必要支出 {e} = 每月 {d}"
        if self.disposable_income <= 0:
            text += "（收入不够覆盖必要支出：方案只能从困难情况谈起）"
        return text

    def as_json(self) -> dict[str, object]:
        def lines(rows: tuple[BudgetLine, ...]) -> list[dict[str, str]]:
            return [
                {
                    "category": r.category,
                    "label": r.label_zh,
                    "label_en": r.label_en,
                    "amount": fmt_money(r.amount),
                }
                for r in rows
            ]

        return {
            "income": lines(self.income),
            "expenditure": lines(self.expenditure),
            "total_income": fmt_money(self.total_income),
            "total_expenditure": fmt_money(self.total_expenditure),
            "disposable_income": fmt_money(self.disposable_income),
            "itemised": self.itemised,
            "derivation": self.derivation("zh"),
            "derivation_en": self.derivation("en"),
        }


def _read_amounts(
    f: Fields | None, categories: tuple[tuple[str, str, str], ...]
) -> tuple[tuple[str, Decimal], ...]:
    if f is None:
        return ()
    out = []
    for key, _zh, _en in categories:
        if f.has(key):
            out.append((key, f.amount(key)))
    f.finish()
    return tuple(out)


def read_budget_section(top: Fields) -> Budget | None:
    """The case-file reader of the optional `[budget]` section (unknown keys are errors)."""
    f = top.table("budget", required=False)
    if f is None:
        return None
    budget = Budget(
        income=_read_amounts(f.table("income", required=False), INCOME_CATEGORIES),
        expenditure=_read_amounts(f.table("expenditure", required=False), EXPENDITURE_CATEGORIES),
        note=f.text("note", required=False),
    )
    f.finish()
    _check_against_borrower(top, budget)
    return budget


def _check_against_borrower(top: Fields, budget: Budget) -> None:
    """Items adding up to more than the declared totals are an error at reading time already."""
    borrower = top.data.get("borrower")
    if not isinstance(borrower, dict):
        return  # the borrower reader reports it
    income = parse_amount(borrower.get("monthly_income"))
    expenses = parse_amount(borrower.get("monthly_essential_expenses"))
    if income is not None and expenses is not None:
        budget_statement(income, expenses, budget)


_plain = plain_decimal


def budget_to_data(budget: Budget) -> dict[str, object]:
    """The `[budget]` section as TOML-ready data (inverse of `read_budget_section`)."""
    data: dict[str, object] = {}
    if budget.income:
        data["income"] = {k: _plain(v) for k, v in budget.income}
    if budget.expenditure:
        data["expenditure"] = {k: _plain(v) for k, v in budget.expenditure}
    if budget.note:
        data["note"] = budget.note
    return data


def _lines(
    section: str,
    given: tuple[tuple[str, Decimal], ...],
    categories: tuple[tuple[str, str, str], ...],
    declared: Decimal,
    place: str,
    declared_place: str,
) -> tuple[BudgetLine, ...]:
    labels = {key: (zh, en) for key, zh, en in categories}
    rows = [BudgetLine(section, key, *labels[key], amount) for key, amount in given]
    itemised = sum((r.amount for r in rows), ZERO)
    if itemised > declared:
        fail(
            place,
            f"分项合计 {fmt_money(itemised)} 超过 {declared_place} {fmt_money(declared)}",
            f"the items add up to {fmt_money(itemised)}, more than {declared_place} {fmt_money(declared)}",
        )
    if itemised < declared:
        rows.append(BudgetLine(section, UNITEMISED[0], UNITEMISED[1], UNITEMISED[2], declared - itemised))
    return tuple(rows)


def budget_statement(
    monthly_income: Decimal,
    monthly_essential_expenses: Decimal,
    budget: Budget | None = None,
    dependents: int | None = None,
) -> BudgetStatement:
    """The statement: the declared totals rule; a `[budget]` breaks them down (never adds to them)."""
    b = budget or Budget()
    income = _lines(
        "income", b.income, INCOME_CATEGORIES, monthly_income, "budget.income", "borrower.monthly_income"
    )
    expenditure = _lines(
        "expenditure",
        b.expenditure,
        EXPENDITURE_CATEGORIES,
        monthly_essential_expenses,
        "budget.expenditure",
        "borrower.monthly_essential_expenses",
    )
    return BudgetStatement(
        income=income,
        expenditure=expenditure,
        total_income=monthly_income,
        total_expenditure=monthly_essential_expenses,
        disposable_income=monthly_income - monthly_essential_expenses,
        itemised=budget is not None,
        dependents=dependents,
        note=b.note,
    )
