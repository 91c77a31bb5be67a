"""Does a repayment agreement say what it must? The clauses that 商业银行信用卡业务监督管理办法 art. 70
requires of a 个性化分期还款协议 (and that any lender's plan should state so that both sides know what
was agreed):

- the balance and its structure (本金 / 利息 / 费用 …),
- the repayment cycle and the amount of each payment,
- whether annual fee, interest and other fees continue to be charged,
- the breach terms (what happens if a payment is missed).

Art. 70 also caps a card plan at five years; and once signed, collection stops. Pure: text or
structured terms in, an `AgreementCheck` out. A keyword check is a reading aid, not a legal review:
it reports what it could not find so that the borrower asks for it in writing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

CARD_MAX_MONTHS = 60  # art. 70: at most five years
RULE_ID = "credit_card_art70"


class Clause(StrEnum):
    BALANCE = "balance"
    BALANCE_STRUCTURE = "balance_structure"
    CYCLE = "cycle"
    AMOUNTS = "amounts"
    FEES_INTEREST = "fees_interest"
    BREACH = "breach"


CLAUSE_TEXT: dict[Clause, tuple[str, str]] = {
    Clause.BALANCE: ("欠款总额（协议所涉的全部余额）", "the total balance the agreement covers"),
    Clause.BALANCE_STRUCTURE: (
        "欠款构成（本金、利息、费用等各多少）",
        "how the balance splits into principal, interest, fees",
    ),
    Clause.CYCLE: ("还款周期与期数（分几期、每期何日还）", "the repayment cycle and number of payments"),
    Clause.AMOUNTS: ("每期还款金额", "the amount of each payment"),
    Clause.FEES_INTEREST: (
        "年费、利息和其他费用是否继续收取",
        "whether annual fee, interest and other fees continue to be charged",
    ),
    Clause.BREACH: ("违约条款（未按期还款的后果）", "the breach terms (what happens if a payment is missed)"),
}

_AMOUNT = r"(?:人民币|￥|¥)?\s*\d[\d,，]*(?:\.\d{1,2})?\s*(?:元|块)"
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_PATTERNS: dict[Clause, tuple[re.Pattern[str], ...]] = {
    Clause.BALANCE: (
        re.compile(
            r"(?:欠款|债务|剩余|应还|待还|未还|协议|结欠)[^。；;\n]{0,6}(?:总额|总计|合计|余额|金额|本息)[^。；;\n]{0,12}?"
            + _AMOUNT
        ),
        re.compile(r"(?:共计|合计|总计)[^。；;\n]{0,6}?" + _AMOUNT),
    ),
    Clause.CYCLE: (
        re.compile(r"分\s*(?:\d+|[一二两三四五六七八九十百]+)\s*(?:期|个月)"),
        re.compile(r"(?:每月|每期)\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:日|号)"),
        re.compile(r"(?:期数|还款周期|还款期限)[^。；;\n]{0,4}(?:为|：|:)"),
    ),
    Clause.AMOUNTS: (re.compile(r"(?:每期|每月|月供|首期|末期)[^。；;\n]{0,10}?" + _AMOUNT),),
    Clause.FEES_INTEREST: (
        re.compile(
            r"(?:年费|利息|罚息|手续费|违约金|其他费用|各项费用|费用)[^。；;\n]{0,12}"
            r"(?:继续|照常|不再|停止|暂停|免除|免收|减免|豁免|不收取|收取|计收|计息)"
        ),
        re.compile(r"(?:停息|停止计息|免息|不计息|停止收取)"),
    ),
    Clause.BREACH: (
        re.compile(r"违约(?:责任|条款|处理|后果)"),
        re.compile(
            r"(?:未按|未能按|逾期未|未如期)[^。；;\n]{0,16}(?:恢复|失效|取消|终止|解除|追偿|视为|有权)"
        ),
        re.compile(r"(?:如|若)[^。；;\n]{0,8}(?:违约|逾期)[^。；;\n]{0,16}(?:恢复|失效|取消|终止|解除|有权)"),
    ),
}

_STRUCTURE_PART = re.compile(
    r"(本金|利息|罚息|复利|年费|手续费|违约金|分期手续费|费用)[^。；;，,\n]{0,6}?" + _AMOUNT
)
_MONTHS = re.compile(r"分\s*(\d+|[一二两三四五六七八九十百]+)\s*(?:期|个月)")
_YEARS = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*年(?:内|期)?还清")
_COLLECTION_STOP = re.compile(r"(?:停止|不再|暂停)[^。；;\n]{0,4}催收")


def chinese_number(text: str) -> int | None:
    """'12' → 12, '十二' → 12, '二十四' → 24, '六十' → 60, '一百' → 100; else None."""
    if text.isdigit():
        return int(text)
    if text == "一百":
        return 100
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        u = _CN_DIGITS.get(units, -1) if units else 0
        return t * 10 + u if t >= 0 and u >= 0 else None
    return _CN_DIGITS.get(text) if len(text) == 1 else None


@dataclass(frozen=True)
class Finding:
    code: str
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh


@dataclass(frozen=True)
class AgreementCheck:
    present: tuple[Clause, ...]
    missing: tuple[Clause, ...]
    warnings: tuple[Finding, ...] = ()
    months: int | None = None
    rule_id: str = RULE_ID

    @property
    def complete(self) -> bool:
        return not self.missing

    def missing_text(self, lang: str = "zh") -> list[str]:
        index = 1 if lang.startswith("en") else 0
        return [CLAUSE_TEXT[c][index] for c in self.missing]


def _finish(found: set[Clause], months: int | None, *, card: bool, collection_stop: bool) -> AgreementCheck:
    warnings: list[Finding] = []
    if card and months is not None and months > CARD_MAX_MONTHS:
        warnings.append(
            Finding(
                "term_over_5_years",
                f"分期 {months} 期超过信用卡个性化分期还款协议最长 5 年（60 期）的上限。",
                f"{months} instalments exceed the five-year (60-month) limit of a card repayment plan.",
            )
        )
    if not collection_stop:
        warnings.append(
            Finding(
                "collection_stop_not_stated",
                "协议未写明签订后停止催收，建议要求写明。",
                "The agreement does not say that collection stops once it is signed: ask for it.",
            )
        )
    present = tuple(c for c in Clause if c in found)
    missing = tuple(c for c in Clause if c not in found)
    return AgreementCheck(present=present, missing=missing, warnings=tuple(warnings), months=months)


def check_agreement_text(text: str, *, card: bool = True) -> AgreementCheck:
    """Read an agreement's text (as the lender sent it) and report the required clauses not found."""
    normalized = text.replace("\u3000", " ")
    found = {clause for clause, patterns in _PATTERNS.items() if any(p.search(normalized) for p in patterns)}
    parts = {m.group(1) for m in _STRUCTURE_PART.finditer(normalized)}
    if len(parts) >= 2 or (parts and found & {Clause.BALANCE}):
        found.add(Clause.BALANCE_STRUCTURE)
    months: int | None = None
    if m := _MONTHS.search(normalized):
        months = chinese_number(m.group(1))
    elif m := _YEARS.search(normalized):
        years = chinese_number(m.group(1))
        months = years * 12 if years is not None else None
    return _finish(found, months, card=card, collection_stop=bool(_COLLECTION_STOP.search(normalized)))


@dataclass(frozen=True)
class AgreementTerms:
    """The terms of a plan as structured data (what the workbench itself proposes)."""

    balance: Decimal | None = None
    balance_parts: Mapping[str, Decimal] = field(default_factory=dict)
    months: int | None = None
    payment_day: int | None = None
    installment_amount: Decimal | None = None
    interest_continues: bool | None = None
    fees_continue: bool | None = None
    breach_terms: str = ""
    collection_stops: bool = False


def check_agreement_terms(terms: AgreementTerms, *, card: bool = True) -> AgreementCheck:
    found: set[Clause] = set()
    if terms.balance is not None:
        found.add(Clause.BALANCE)
    if len(terms.balance_parts) >= 1 and terms.balance is not None:
        found.add(Clause.BALANCE_STRUCTURE)
    if terms.months is not None:
        found.add(Clause.CYCLE)
    if terms.installment_amount is not None:
        found.add(Clause.AMOUNTS)
    if terms.interest_continues is not None and terms.fees_continue is not None:
        found.add(Clause.FEES_INTEREST)
    if terms.breach_terms.strip():
        found.add(Clause.BREACH)
    return _finish(found, terms.months, card=card, collection_stop=terms.collection_stops)
