"""What a document may say about a case: the borrower's facts and the engine's figures, as plain values.

`engine.py` builds these from a case file (or a stored case) by running the engine; `fill.py` turns them
into documents. Nothing here computes a figure: every amount is one the engine reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class FlagFacts:
    """A legal flag the engine raised on a debt (spec calculations.md, legal flags)."""

    code: str
    value: Decimal
    threshold: Decimal
    source: str
    confidence: str


@dataclass(frozen=True)
class ProposalFacts:
    """The plan option proposed for a debt (the engine's allocation choice)."""

    months: int
    annual_rate: Decimal
    base: Decimal
    monthly_payment: Decimal
    total_payable: Decimal
    first_due: date | None = None


@dataclass(frozen=True)
class AgreementFacts:
    """The agreement in force on a debt (the engine's figures; spec calculations.md, "Agreements")."""

    agreed_on: date
    kind: str  # installments | settlement
    amount: Decimal
    annual_rate: Decimal
    months: int  # 1 for a settlement
    first_payment: Decimal  # the first agreed instalment (the monthly payment)
    first_due: date
    owed: Decimal
    waived: Decimal
    installments_paid: int
    installments_total: int
    broken_on: date | None = None
    breaks_after_days: int = 0


@dataclass(frozen=True)
class DebtFacts:
    id: str
    lender: str
    lender_type: str
    principal: Decimal
    start_date: date
    method: str
    term_months: int | None
    term_days: int | None
    annual_rate: Decimal
    # engine figures on the evaluation date: overdue_principal, overdue_interest, overdue_fees,
    # penalty_unpaid, late_fees_unpaid, total_due_now, outstanding_principal, payoff_now,
    # daily_penalty_now, paid_total
    figures: Mapping[str, Decimal]
    dpd: int
    bucket: str
    in_grace: bool
    apr_simple: Decimal | None = None
    apr_compound: Decimal | None = None
    legal_flags: tuple[FlagFacts, ...] = ()
    settlement_waiving_penalties: Decimal | None = None
    proposal: ProposalFacts | None = None
    lender_phone: str = ""
    agreement: AgreementFacts | None = None  # the latest agreement on or before the evaluation date


@dataclass(frozen=True)
class BudgetLine:
    """One line of the income & expenditure statement and the evidence that proves it."""

    direction: str  # "income" | "expense"
    label: str
    amount: Decimal
    proofs: tuple[str, ...] = ()  # evidence references: file names or item ids


@dataclass(frozen=True)
class EvidenceFacts:
    ref: str  # E1, E2, … in the order of the index
    name: str
    kind: str
    sha256: str
    source: str
    imported_at: datetime | None = None
    first_at: datetime | None = None
    description: str = ""


@dataclass(frozen=True)
class ProvidedFacts:
    """A proof the borrower has in hand but did not import: a checklist item ticked as obtained."""

    ref: str  # 附1, 附2, … (after the imported evidence E01, E02, …)
    key: str  # the checklist document key (= the evidence doc_type it stands for)
    name: str
    note: str = ""


@dataclass(frozen=True)
class ContactFacts:
    """One contact of the timeline: a call, a message, an e-mail, a chat line."""

    when: datetime
    kind: str
    direction: str  # in | out | ""
    counterpart: str
    summary: str
    evidence_ref: str = ""
    status: str = ""  # 草稿 / 发件箱 / 发送失败 / 排队 … for a message its source marks so; "" otherwise
    time_known: bool = True  # False: the source gave no time (the file's mtime stood in) — "时间未知"


@dataclass(frozen=True)
class NegotiationFacts:
    """One item of the negotiation record the user entered: a contact they logged (with 工号 and promises),
    an offer or counter-offer and its answer, an agreement, an agreed payment with its proof."""

    when: datetime  # local (Beijing) time; a date-only item at 00:00
    what: str  # 联系记录 / 方案 / 还价 / 方案答复 / 协议 / 协议还款
    summary: str  # what was entered, in Chinese, complete
    ledger_seq: int | None = None  # the ledger entry written when it was entered (None: before the ledger)
    evidence_ref: str = ""  # proof among the dossier's originals (E03), if linked


@dataclass(frozen=True)
class FindingFacts:
    """A collection-conduct finding (complaint letter)."""

    rule: str
    severity: str
    confidence: str
    source: str
    when: datetime | None
    detail: str
    evidence_refs: tuple[str, ...] = ()  # the evidence FILES (E01, …) its records come from
    lender: str = ""  # the lender the evidence was tagged with ("" = not known)
    evidence_ids: tuple[str, ...] = ()  # the records it rests on (`CitedRecordFacts.id`)
    suspected_lender: str = ""  # untagged: the lender the content names ("" = none named)
    # When a letter keeps only the first and the latest finding of a rule and lender (see
    # conduct_facts.condense_findings): how many of that kind there were, and over which days.
    similar: int = 0
    similar_first: datetime | None = None
    similar_last: datetime | None = None


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one rule about one lender, in time order (undated ones last)."""

    rule: str
    lender: str
    items: tuple[FindingFacts, ...]

    @property
    def first(self) -> datetime | None:
        return self.items[0].when

    @property
    def last(self) -> datetime | None:
        dated = [f.when for f in self.items if f.when is not None]
        return dated[-1] if dated else None


def findings_by_kind(findings: Iterable[FindingFacts]) -> list[FindingGroup]:
    """The findings grouped by rule and lender, groups in the order they first appear."""
    groups: dict[tuple[str, str], list[FindingFacts]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.lender), []).append(f)
    return [
        FindingGroup(rule, lender, tuple(sorted(items, key=lambda f: (f.when is None, f.when))))
        for (rule, lender), items in groups.items()
    ]


@dataclass(frozen=True)
class CitedRecordFacts:
    """One record a conduct finding rests on (the complaint's evidence index numbers them 证据1, 证据2, …)."""

    id: str  # the evidence record's id
    when: datetime  # local (Beijing) time
    kind: str  # 短信 / 彩信 / 通话 / 录音 …
    counterpart: str  # the other party's number as recorded
    excerpt: str  # a short excerpt of a message, or what the call log says of a call
    source_file: str  # the original file's name
    sha256: str  # SHA-256 of the original file
    position: str  # where in that file, in Chinese ("第 3 条短信，第 40 行")


@dataclass(frozen=True)
class CaseFacts:
    case_name: str
    borrower_name: str
    as_of: date
    monthly_income: Decimal
    monthly_essential_expenses: Decimal
    debts: tuple[DebtFacts, ...]
    totals: Mapping[str, Decimal] = field(default_factory=dict)  # total_due_now, payoff_now, …
    dependents: int | None = None
    hardships: tuple[str, ...] = ()
    disposable_income: Decimal | None = None
    allocation_feasible: bool | None = None
    allocation_monthly_total: Decimal | None = None
    budget: tuple[BudgetLine, ...] = ()
    evidence: tuple[EvidenceFacts, ...] = ()
    contacts: tuple[ContactFacts, ...] = ()
    findings: tuple[FindingFacts, ...] = ()
    cited: tuple[CitedRecordFacts, ...] = ()  # the records the findings cite, oldest first
    ledger_head: str = ""
    provided: tuple[ProvidedFacts, ...] = ()  # ticked checklist items without an imported file
    timeline_note: str = ""  # what the timeline (`contacts`) leaves out, if anything
    negotiation: tuple[NegotiationFacts, ...] = ()  # the negotiation record the user entered, in time order

    def others_total(self, debt_id: str, figure: str) -> Decimal:
        """The sum of one engine figure over the case's OTHER debts (a letter to one lender names only
        that lender's debt and, where its purpose needs the whole picture, says how much is owed elsewhere)."""
        return sum((d.figures.get(figure, Decimal(0)) for d in self.debts if d.id != debt_id), Decimal(0))

    def debt(self, debt_id: str) -> DebtFacts:
        for debt in self.debts:
            if debt.id == debt_id:
                return debt
        raise KeyError(debt_id)
