"""Case facts + engine figures + a template → a `Document`.

Every number a letter shows is formatted from a figure in `CaseFacts` (which the engine computed) —
`fill` adds, subtracts or estimates nothing. Templates reach the facts only through the names listed in
`fact_names()`; an unknown name is an error, so a typo in an edited template never prints a blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xieshang.core.errors import InputError
from xieshang.core.money import fmt_money_grouped, fmt_percent
from xieshang.core.money_figures import MONEY_FIGURES
from xieshang.documents import complaint_tables, tables
from xieshang.documents.facts import CaseFacts, DebtFacts
from xieshang.documents.model import (
    Block,
    BulletList,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Party,
    Signature,
    Source,
    Table,
    format_date_zh,
)
from xieshang.documents.rules import flag_sentence, flag_source, rule_source
from xieshang.documents.templates import (
    LETTER_KINDS,
    LETTER_NAMES,
    LetterTemplateSpec,
    placeholders_of,
    validate,
)

LENDER_TYPE_ZH = {
    "bank": "银行",
    "credit_card": "银行信用卡",
    "consumer_finance": "消费金融公司",
    "microloan": "小额贷款公司",
    "online_lender": "网络借贷平台",
    "private": "民间借贷",
}
METHOD_ZH = {
    "equal_installment": "等额本息",
    "equal_principal": "等额本金",
    "interest_first": "先息后本",
    "bullet": "到期还本付息",
    "fee_installment": "等本等费",
    "revolving": "信用卡透支（循环）",
}
HARDSHIP_ZH = {
    "unemployment": "失业",
    "illness": "本人或家人患病",
    "family": "家庭变故",
    "income_drop": "收入大幅下降",
    "disaster": "遭受灾害或意外",
    "other": "其他客观困难",
}
# Who a complaint goes to, by lender type (reference/regulations.md §4–5): 12378 NFRA for banks, card
# issuers and consumer-finance companies; an online platform is often a non-financial intermediary
# (助贷) for a licensed lender: to NFRA, copied to the market regulator 12315; small-loan companies are
# supervised locally; a private lender has no financial regulator — harassment and threats are for the
# police (刑法 art. 293-1, 治安管理处罚法 art. 42). 12363 (PBoC) is the credit-report line (征信异议).
REGULATOR_ZH = {
    "bank": ("国家金融监督管理总局", "12378"),
    "credit_card": ("国家金融监督管理总局", "12378"),
    "consumer_finance": ("国家金融监督管理总局", "12378"),
    "microloan": ("地方金融管理部门", "12378"),
    "online_lender": ("国家金融监督管理总局", "12378"),
    "private": ("当地公安机关", "110"),
}
REGULATOR_CC_ZH = {
    "online_lender": "市场监督管理部门（12315，平台为非持牌助贷或中介机构时）",
}
NO_HARDSHIP_ZH = "经济困难"  # the reason a letter gives when the case names none

CASE_FIGURES = ("total_due_now", "payoff_now", "outstanding_principal", "daily_penalty_now")


def money(value: Decimal) -> str:
    """An engine amount as letters show it: thousands separators, two decimals (7,660.08)."""
    return fmt_money_grouped(value)


def percent(rate: Decimal) -> str:
    """A rate (fraction) as a percentage with two decimals: 0.180001 → 18.00%."""
    return f"{fmt_percent(rate)}%"


@dataclass(frozen=True)
class FillContext:
    facts: CaseFacts
    debt: DebtFacts | None
    today: date
    extra: dict[str, str]  # values given by the user for this letter (e.g. the disputed record)


def fact_names() -> set[str]:
    names = {
        "borrower_name",
        "case_name",
        "date",
        "as_of",
        "monthly_income",
        "monthly_essential_expenses",
        "disposable_income",
        "dependents",
        "hardship_reasons",
        "debt_count",
        "other_debt_count",
        "others_total_due_now",
        "others_outstanding_principal",
        "regulator",
        "regulator_hotline",
        "regulator_cc",
        "credit_hotline",
        "legal_aid_hotline",
        "objection_item",
        "lender",
        "debt_id",
        "lender_type_name",
        "principal",
        "start_date",
        "method_name",
        "term",
        "annual_rate",
        "dpd",
        "bucket",
        "apr_simple",
        "settlement_waiving_penalties",
        "proposal_months",
        "proposal_monthly_payment",
        "proposal_total",
        "proposal_base",
        "proposal_rate",
        "proposal_first_due",
        "lender_phone",
        "agreement_date",
        "agreement_amount",
        "agreement_months",
        "agreement_monthly",
        "agreement_first_due",
        "agreement_paid",
        "agreement_total",
        "agreement_owed",
        "agreement_waived",
        "agreement_broken_on",
        "agreement_breaks_after_days",
    }
    names |= {f"all_{n}" for n in CASE_FIGURES}
    names |= set(MONEY_FIGURES)
    return names


CONDITIONS: dict[str, Callable[[FillContext], bool]] = {
    "has_debt": lambda c: c.debt is not None,
    "has_proposal": lambda c: c.debt is not None and c.debt.proposal is not None,
    # an agreement with the lender governs the debt (and has not broken): letters state it, not a new plan
    "under_agreement": lambda c: bool(c.debt and c.debt.agreement and c.debt.agreement.broken_on is None),
    "agreement_broken": lambda c: bool(c.debt and c.debt.agreement and c.debt.agreement.broken_on),
    "agreement_waives": lambda c: bool(c.debt and c.debt.agreement and c.debt.agreement.waived > 0),
    "agreement_can_break": lambda c: bool(c.debt and c.debt.agreement and c.debt.agreement.breaks_after_days),
    "terms_interest_free": lambda c: bool(
        c.debt
        and (
            (c.debt.proposal and c.debt.proposal.annual_rate == 0)
            or (c.debt.agreement and c.debt.agreement.broken_on is None and c.debt.agreement.annual_rate == 0)
        )
    ),
    # neither a plan to propose nor an agreement to state: the letter asks the lender to name the terms
    "no_terms_yet": lambda c: (
        c.debt is not None
        and c.debt.proposal is None
        and not (c.debt.agreement and c.debt.agreement.broken_on is None)
    ),
    "proposal_interest_free": lambda c: bool(c.debt and c.debt.proposal and c.debt.proposal.annual_rate == 0),
    "has_penalty": lambda c: bool(
        c.debt
        and (c.debt.figures.get("penalty_unpaid", 0) > 0 or c.debt.figures.get("late_fees_unpaid", 0) > 0)
    ),
    "has_late_fees": lambda c: bool(c.debt and c.debt.figures.get("late_fees_unpaid", 0) > 0),
    "has_overdue_fees": lambda c: bool(c.debt and c.debt.figures.get("overdue_fees", 0) > 0),
    "has_settlement": lambda c: bool(c.debt and c.debt.settlement_waiving_penalties is not None),
    # a settlement that really waives something (below the payoff amount)
    "settlement_saves": lambda c: bool(
        c.debt
        and c.debt.settlement_waiving_penalties is not None
        and "payoff_now" in c.debt.figures
        and c.debt.settlement_waiving_penalties < c.debt.figures["payoff_now"]
    ),
    "penalty_accrues": lambda c: bool(c.debt and c.debt.figures.get("daily_penalty_now", 0) > 0),
    "has_paid": lambda c: bool(c.debt and c.debt.figures.get("paid_total", 0) > 0),
    "has_hardship": lambda c: bool(c.facts.hardships),
    "has_dependents": lambda c: bool(c.facts.dependents),
    "has_disposable": lambda c: c.facts.disposable_income is not None,
    "is_card": lambda c: bool(c.debt and c.debt.lender_type == "credit_card"),
    "is_private": lambda c: bool(c.debt and c.debt.lender_type == "private"),
    "is_licensed_non_card": lambda c: bool(c.debt and c.debt.lender_type not in ("credit_card", "private")),
    "has_regulator_cc": lambda c: bool(c.debt and c.debt.lender_type in REGULATOR_CC_ZH),
    "has_legal_flags": lambda c: bool(c.debt and c.debt.legal_flags),
    "has_findings": lambda c: bool(tables.relevant_findings(c)),
    "has_evidence": lambda c: bool(c.facts.evidence),
    "has_cited_evidence": lambda c: bool(complaint_tables.cited_records(c)),
    "has_contacts": lambda c: bool(c.facts.contacts),
    "has_budget": lambda c: bool(c.facts.budget),
    "in_grace": lambda c: bool(c.debt and c.debt.in_grace),
    "overdue": lambda c: bool(c.debt and c.debt.dpd > 0),
    "allocation_feasible": lambda c: c.facts.allocation_feasible is True,
    "multiple_debts": lambda c: len(c.facts.debts) > 1,
    # a letter to one lender while the borrower owes others too (their names are not the lender's business)
    "has_other_debts": lambda c: c.debt is not None and len(c.facts.debts) > 1,
    "has_lender_phone": lambda c: bool(c.debt and c.debt.lender_phone),
    "has_objection_item": lambda c: bool(c.extra.get("objection_item")),
    "has_agreement_text": lambda c: bool(c.extra.get("agreement_text", "").strip()),
}

SOURCES: dict[str, Callable[[FillContext], Table | tuple[str, ...]]] = {
    "debts": tables.debts_table,
    "debt_figures": tables.debt_figures_table,
    "proposal": tables.proposal_table,
    "budget": tables.budget_table,
    "evidence_index": tables.evidence_table,
    "findings": tables.findings_table,
    "cited_findings": complaint_tables.cited_findings_table,
    "cited_evidence": complaint_tables.cited_evidence_table,
    "cited_files": complaint_tables.cited_files_table,
    "timeline": tables.timeline_table,
    "agreement_clauses": tables.agreement_clauses_table,
    "hardship_reasons": lambda c: tuple(HARDSHIP_ZH.get(h, h) for h in c.facts.hardships),
    "missing_clauses": tables.missing_clauses_list,
    "legal_flags": lambda c: (),  # one paragraph per flag, each citing its own source (see fill)
}


def _values(ctx: FillContext) -> dict[str, str]:
    f = ctx.facts
    values: dict[str, str] = {
        "borrower_name": f.borrower_name,
        "case_name": f.case_name,
        "date": format_date_zh(ctx.today),
        "as_of": format_date_zh(f.as_of),
        "monthly_income": money(f.monthly_income),
        "monthly_essential_expenses": money(f.monthly_essential_expenses),
        "hardship_reasons": "、".join(HARDSHIP_ZH.get(h, h) for h in f.hardships) or NO_HARDSHIP_ZH,
        "debt_count": str(len(f.debts)),
        "credit_hotline": "12363",
        "legal_aid_hotline": "12348",
    }
    if f.disposable_income is not None:
        values["disposable_income"] = money(f.disposable_income)
    if f.dependents:
        values["dependents"] = str(f.dependents)
    for name in CASE_FIGURES:
        if name in f.totals:
            values[f"all_{name}"] = money(f.totals[name])
    values.update({k: v for k, v in ctx.extra.items() if v})
    d = ctx.debt
    if d is None:
        return values
    regulator, hotline = REGULATOR_ZH.get(d.lender_type, REGULATOR_ZH["online_lender"])
    if d.method == "revolving":
        term = "无固定期限（信用卡）"
    else:
        term = f"{d.term_months}个月" if d.term_months else f"{d.term_days}天"
    values.update(
        {
            "lender": d.lender,
            "debt_id": d.id,
            "lender_type_name": LENDER_TYPE_ZH.get(d.lender_type, d.lender_type),
            "principal": money(d.principal),
            "start_date": format_date_zh(d.start_date),
            "method_name": METHOD_ZH.get(d.method, d.method),
            "term": term,
            "annual_rate": percent(d.annual_rate),
            "dpd": str(d.dpd),
            "bucket": d.bucket,
            "regulator": regulator,
            "regulator_hotline": hotline,
        }
    )
    if len(f.debts) > 1:
        values["other_debt_count"] = str(len(f.debts) - 1)
        values["others_total_due_now"] = money(f.others_total(d.id, "total_due_now"))
        values["others_outstanding_principal"] = money(f.others_total(d.id, "outstanding_principal"))
    if d.lender_type in REGULATOR_CC_ZH:
        values["regulator_cc"] = REGULATOR_CC_ZH[d.lender_type]
    if d.lender_phone:
        values["lender_phone"] = d.lender_phone
    for name in MONEY_FIGURES:
        if name in d.figures:
            values[name] = money(d.figures[name])
    if d.apr_simple is not None:
        values["apr_simple"] = percent(d.apr_simple)
    if d.settlement_waiving_penalties is not None:
        values["settlement_waiving_penalties"] = money(d.settlement_waiving_penalties)
    if d.proposal is not None:
        p = d.proposal
        values.update(
            {
                "proposal_months": str(p.months),
                "proposal_monthly_payment": money(p.monthly_payment),
                "proposal_total": money(p.total_payable),
                "proposal_base": money(p.base),
                "proposal_rate": percent(p.annual_rate),
            }
        )
        if p.first_due is not None:
            values["proposal_first_due"] = format_date_zh(p.first_due)
    if d.agreement is not None:
        a = d.agreement
        values.update(
            {
                "agreement_date": format_date_zh(a.agreed_on),
                "agreement_amount": money(a.amount),
                "agreement_months": str(a.months),
                "agreement_monthly": money(a.first_payment),
                "agreement_first_due": format_date_zh(a.first_due),
                "agreement_paid": str(a.installments_paid),
                "agreement_total": str(a.installments_total),
                "agreement_owed": money(a.owed),
                "agreement_waived": money(a.waived),
                "agreement_breaks_after_days": str(a.breaks_after_days),
            }
        )
        if a.broken_on is not None:
            values["agreement_broken_on"] = format_date_zh(a.broken_on)
    return values


def _format(text: str, values: dict[str, str], origin: str) -> str:
    try:
        return text.format_map(values)
    except KeyError as exc:
        name = exc.args[0]
        raise InputError(
            f"{origin}：本案没有“{name}”这一数据（请用 when 条件只在有数据时显示该段）",
            f"{origin}: this case has no value for {name!r} (guard the block with a `when` condition)",
        ) from None


def check_template(spec: LetterTemplateSpec) -> None:
    """Raise `TemplateError` if the template names anything the workbench does not provide."""
    from xieshang.documents.rules import known_rule_ids

    validate(
        spec,
        facts=fact_names(),
        conditions=set(CONDITIONS),
        sources=set(SOURCES),
        rules=known_rule_ids(),
    )


def fill(
    spec: LetterTemplateSpec,
    facts: CaseFacts,
    *,
    today: date,
    debt_id: str | None = None,
    extra: dict[str, str] | None = None,
) -> Document:
    """The document of one template for one case (and one of its debts, for letters to a lender)."""
    if spec.kind not in LETTER_KINDS:
        raise InputError(f"未知的文书类型：{spec.kind}", f"unknown letter kind: {spec.kind}")
    check_template(spec)
    if not facts.debts:
        name = LETTER_NAMES[spec.kind]
        raise InputError(
            f"本案还没有录入任何债务，无法生成{name[0]}：请先添加债务。",
            f"the case has no debts yet, so there is no {name[1].lower()} to write: add a debt first.",
        )
    debt = pick_debt(facts, debt_id)
    ctx = FillContext(facts=facts, debt=debt, today=today, extra=dict(extra or {}))
    values = _values(ctx)
    blocks: list[Block] = []
    sources: dict[str, Source] = {}  # in order of first citation: footnotes number as the text reads
    for b in spec.blocks:
        if b.when and not CONDITIONS[b.when](ctx):
            continue
        if b.unless and CONDITIONS[b.unless](ctx):
            continue
        for rule_id in b.cites:
            if rule_id not in sources:
                sources[rule_id] = rule_source(rule_id)
        if b.type == "heading":
            blocks.append(Heading(_format(b.text, values, spec.origin), level=b.level))
        elif b.type == "paragraph":
            blocks.append(Paragraph(_format(b.text, values, spec.origin), cites=b.cites))
        elif b.type == "pagebreak":
            blocks.append(PageBreak())
        elif b.type == "table":
            table = SOURCES[b.source](ctx)
            if isinstance(table, Table) and table.rows:
                blocks.append(table)
        elif b.source == "legal_flags":
            for flag in debt.legal_flags if debt is not None else ():
                source = flag_source(flag)
                sources.setdefault(source.rule_id, source)
                blocks.append(Paragraph(flag_sentence(flag), cites=(source.rule_id,)))
        elif b.type == "list":
            items = [_format(i, values, spec.origin) for i in b.items]
            if b.source:
                generated = SOURCES[b.source](ctx)
                items.extend(generated if isinstance(generated, tuple) else ())
            if items:
                blocks.append(BulletList(tuple(items), ordered=b.ordered))
    # a party whose name needs a value this case does not have (e.g. 抄送 for most lenders) is left out
    parties = tuple(
        (role, _format(name, values, spec.origin))
        for role, name in spec.parties
        if all(p in values for p in placeholders_of(name))
    )
    return Document(
        kind=spec.kind,
        title=_format(spec.title, values, spec.origin),
        subtitle=_format(spec.subtitle, values, spec.origin),
        date=today,
        parties=tuple(Party(role, name) for role, name in parties if name),
        blocks=tuple(blocks),
        signature=Signature(tuple(_format(x, values, spec.origin) for x in spec.signature))
        if spec.signature
        else None,
        sources=tuple(sources.values()),
        metadata={"template": spec.origin, "case": facts.case_name, "debt": debt.id if debt else ""},
    )


def pick_debt(facts: CaseFacts, debt_id: str | None) -> DebtFacts | None:
    """The debt a letter is about: the one named, else the first with anything outstanding."""
    if debt_id:
        try:
            return facts.debt(debt_id)
        except KeyError:
            ids = ", ".join(d.id for d in facts.debts)
            raise InputError(
                f"本案没有编号为 {debt_id} 的债务（现有：{ids}）",
                f"the case has no debt with id {debt_id} (it has: {ids})",
            ) from None
    for debt in facts.debts:
        if (
            debt.figures.get("outstanding_principal", Decimal(0)) > 0
            or debt.figures.get("total_due_now", Decimal(0)) > 0
        ):
            return debt
    return facts.debts[0] if facts.debts else None
