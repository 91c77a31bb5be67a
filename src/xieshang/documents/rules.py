"""Rules cited in documents, from the knowledge base (`xieshang/knowledge/rules/*.toml`), as footnote
sources carrying their confidence mark. An unconfirmed rule is worded as a possibility, never as law."""

from __future__ import annotations

from xieshang.core.money import fmt_money_grouped, fmt_percent
from xieshang.core.rules import LegalRule, RuleBook
from xieshang.documents.facts import FlagFacts
from xieshang.documents.model import Source, as_confidence


def rule_book() -> RuleBook:
    from xieshang.knowledge.rules import load_rules

    return load_rules()


def known_rule_ids() -> set[str]:
    return set(rule_book())


def _source_of(rule: LegalRule) -> Source:
    return Source(
        rule_id=rule.id,
        title=rule.source.label(),
        summary=rule.hedged_text("zh"),
        confidence=as_confidence(rule.confidence),
    )


def rule_source(rule_id: str) -> Source:
    return _source_of(rule_book()[rule_id])


# The knowledge-base rule behind each legal flag of the engine (spec calculations.md).
FLAG_RULES = {
    "upfront_deduction": "upfront_deduction",
    "private_over_4x_lpr": "private_4x_lpr",
    "private_penalty_over_4x_lpr": "private_penalty_4x_lpr",
    "over_24": "licensed_24",
    "over_36": "cash_loan_36",
    "consumer_finance_non_interest_fee": "consumer_finance_fees",
}
_MONEY_FLAGS = ("upfront_deduction", "consumer_finance_non_interest_fee")


def _show(flag: FlagFacts, value: object) -> str:
    from decimal import Decimal

    assert isinstance(value, Decimal)
    if flag.code in _MONEY_FLAGS:
        return f"{fmt_money_grouped(value)} 元"
    return f"{fmt_percent(value)}%"


def flag_sentence(flag: FlagFacts) -> str:
    """One calm sentence stating what the engine found, hedged by the flag's confidence."""
    value, threshold = _show(flag, flag.value), _show(flag, flag.threshold)
    what = {
        "upfront_deduction": f"放款时预先扣除了 {value}（砍头息），实际到手金额应作为借款本金计算。",
        "private_over_4x_lpr": f"按合同现金流计算的年化利率（单利）为 {value}，高于合同成立时一年期 LPR 的四倍 {threshold}。",
        "private_penalty_over_4x_lpr": f"约定的逾期年利率为 {value}，高于合同成立时一年期 LPR 的四倍 {threshold}。",
        "over_24": f"按合同现金流计算的年化利率（单利）为 {value}，高于 {threshold}。",
        "over_36": f"按合同现金流计算的年化利率（单利）为 {value}，高于 {threshold}。",
        "consumer_finance_non_interest_fee": f"除利息外另收取了费用 {value}。",
    }.get(flag.code, f"工作台提示：{flag.code}（{value}，参考值 {threshold}）。")
    if flag.confidence == "unconfirmed":
        return f"经计算：{what}相关规则尚未找到原文，此处仅作可能性提示，请贵方核实。"
    if flag.confidence == "quoted":
        return f"经计算：{what}相关规则系转引，请贵方核实并说明收费依据。"
    return f"经计算：{what}请贵方核实并予以调整。"


def flag_source(flag: FlagFacts) -> Source:
    """The footnote of a flag: the knowledge-base rule when known, else the engine's own source text."""
    confidence = as_confidence(flag.confidence)
    rule_id = FLAG_RULES.get(flag.code)
    book = rule_book()
    if rule_id and rule_id in book:
        rule = book[rule_id]
        return Source(
            rule_id=f"flag:{flag.code}",
            title=flag.source or rule.source.label(),
            summary=rule.hedged_text("zh"),
            confidence=confidence,
        )
    return Source(rule_id=f"flag:{flag.code}", title=flag.source, summary=flag.code, confidence=confidence)
