"""Legal flags (spec calculations.md, "Legal flags"): codes are part of the contract.

Each raised flag carries its value, the threshold it crossed, and the rule (text, source, confidence mark)
read from `xieshang/knowledge/rules/*.toml`. Not legal advice: the marks say how sure the rule is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from xieshang.core.apr import Apr
from xieshang.core.casefile import DebtTerms
from xieshang.core.lpr import LprLookup, LprTable
from xieshang.core.money import ZERO
from xieshang.core.rules import LegalRule, RuleBook
from xieshang.core.schedule import Installment

PRIVATE_RULES_FROM = date(2020, 8, 20)  # the 4 × LPR rule applies to private loans made from this day
RATE_24 = Decimal("0.24")
RATE_36 = Decimal("0.36")
LPR_MULTIPLE = 4


# What each flag code means, in a few words (zh, en): the code is the contract, the title is for people.
FLAG_TITLES: dict[str, tuple[str, str]] = {
    "upfront_deduction": ("放款时预先扣除费用（砍头息）", "fee deducted from the loan up front"),
    "private_over_4x_lpr": (
        "民间借贷利率超过一年期 LPR 的四倍",
        "private loan: rate above 4 × the one-year LPR",
    ),
    "private_penalty_over_4x_lpr": (
        "民间借贷逾期利率超过一年期 LPR 的四倍",
        "private loan: overdue rate above 4 × the one-year LPR",
    ),
    "over_24": ("年化利率超过 24%", "annualised rate above 24 %"),
    "over_36": ("年化利率超过 36%", "annualised rate above 36 %"),
    "consumer_finance_non_interest_fee": (
        "消费金融公司收取利息以外的费用",
        "consumer-finance company charging fees besides interest",
    ),
}


@dataclass(frozen=True)
class LegalFlag:
    code: str
    value: Decimal
    threshold: Decimal
    unit: str  # "rate" (a fraction) or "money"
    rule: LegalRule
    note_zh: str = ""
    note_en: str = ""

    @property
    def source(self) -> str:
        """The source as the JSON contract shows it (the Chinese title and article)."""
        return self.rule.source.label()

    def source_label(self, lang: str) -> str:
        return self.rule.source.label(lang)

    def title(self, lang: str) -> str:
        zh, en = FLAG_TITLES.get(self.code, (self.code, self.code))
        return en if lang == "en" else zh

    @property
    def confidence(self) -> str:
        return self.rule.confidence


def lpr_cap(terms: DebtTerms, lpr: LprTable) -> tuple[Decimal, LprLookup] | None:
    """4 × the one-year LPR in force on the start date (None before the table's first entry)."""
    lookup = lpr.one_year_on(terms.start_date)
    if lookup is None:
        return None
    return LPR_MULTIPLE * lookup.rate, lookup


def _lpr_note(lookup: LprLookup, lpr: LprTable) -> tuple[str, str]:
    zh = f"按 {lookup.effective.isoformat()} 起执行的一年期 LPR {lookup.rate * 100:.2f}% 计算"
    en = f"using the one-year LPR of {lookup.rate * 100:.2f} % in force from {lookup.effective.isoformat()}"
    if lookup.beyond_table:
        zh += f"；利率表只核对到 {lpr.valid_through.isoformat()}，放款日在其后，沿用最后一个已知值，请核实"
        en += (
            f"; the table is confirmed only to {lpr.valid_through.isoformat()} and the start date is later: "
            "the last known value was used — please check"
        )
    return zh, en


SHOWN = Decimal("0.0001")  # a rate as the user sees it: the percent with two decimals (24.00 %)


def shown_rate(rate: Decimal) -> Decimal:
    """The rate rounded half-up to 4 decimals, as every page shows it: flags compare this, so a loan at a
    nominal 24 % whose IRR is 0.240004 (instalments rounded to the fen) shows 24.00 % and is not above it."""
    return rate.quantize(SHOWN, rounding=ROUND_HALF_UP)


def legal_flags(
    terms: DebtTerms, schedule: Sequence[Installment], apr: Apr | None, lpr: LprTable, rules: RuleBook
) -> tuple[LegalFlag, ...]:
    """The flags raised for one debt, in the order of the spec's table."""
    flags: list[LegalFlag] = []
    simple = apr.simple if apr is not None else None
    seen = shown_rate(simple) if simple is not None else None
    private = terms.lender_type == "private"
    old_private = private and terms.start_date < PRIVATE_RULES_FROM
    if terms.upfront_fee > 0:
        flags.append(
            LegalFlag("upfront_deduction", terms.upfront_fee, ZERO, "money", rules["upfront_deduction"])
        )
    cap = lpr_cap(terms, lpr) if private and not old_private else None
    if cap is not None:
        limit, lookup = cap
        zh, en = _lpr_note(lookup, lpr)
        if simple is not None and seen is not None and seen > limit:
            flags.append(
                LegalFlag("private_over_4x_lpr", simple, limit, "rate", rules["private_4x_lpr"], zh, en)
            )
        if shown_rate(terms.penalty_annual_rate) > limit:
            flags.append(
                LegalFlag(
                    "private_penalty_over_4x_lpr",
                    terms.penalty_annual_rate,
                    limit,
                    "rate",
                    rules["private_penalty_4x_lpr"],
                    zh,
                    en,
                )
            )
    if simple is not None and seen is not None and seen > RATE_24 and (old_private or not private):
        rule = rules["private_old_24_36" if old_private else "licensed_24"]
        flags.append(LegalFlag("over_24", simple, RATE_24, "rate", rule))
    if simple is not None and seen is not None and seen > RATE_36:
        rule = rules["private_old_24_36" if old_private else "cash_loan_36"]
        zh = en = ""
        if private and not old_private:
            zh = "该通知针对放贷机构；个人之间的民间借贷以上面的一年期 LPR 四倍为准"
            en = "that notice is addressed to lending institutions; for a loan between individuals the 4 × LPR cap above applies"
        flags.append(LegalFlag("over_36", simple, RATE_36, "rate", rule, zh, en))
    fees = terms.upfront_fee + sum((i.fee for i in schedule), ZERO)
    if terms.lender_type == "consumer_finance" and fees > 0:
        flags.append(
            LegalFlag(
                "consumer_finance_non_interest_fee", fees, ZERO, "money", rules["consumer_finance_fees"]
            )
        )
    return tuple(flags)
