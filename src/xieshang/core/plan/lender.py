"""Lender profiles as values: what is known about a lender type or a platform, every fact with its source.

A field that is `None` is UNKNOWN — the product says so and never fills it in with a guess.
The data files live in `xieshang/knowledge/lenders/`; this module only defines the shapes, so that the
pure core (recommendations) can take a profile as a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, TypeVar

from xieshang.core.rules import CONFIDENCE_SHORT

Confidence = Literal["verified", "quoted", "unconfirmed"]
CONFIDENCES: tuple[Confidence, ...] = ("verified", "quoted", "unconfirmed")

LENDER_TYPES: tuple[str, ...] = (
    "bank",
    "credit_card",
    "consumer_finance",
    "microloan",
    "online_lender",
    "private",
)

# The option kinds a lender may be known to offer (the same words as the plan's option kinds).
OPTION_KINDS: tuple[str, ...] = (
    "installments",  # re-scheduling the debt into instalments (个性化分期 / 再分期)
    "settlement_waiving_penalties",  # paying off now with penalties and late fees waived
    "extension",  # 延期还款
    "partial_waiver",  # 减免部分罚息、费用或利息
    "principal_only_installments",  # 停息分期
    "settlement_discount",  # 一次性结清并减免
    "down_payment_installments",  # 首付 + 分期
)

T = TypeVar("T")

CONFIDENCE_ZH: dict[str, str] = {mark: zh for mark, (zh, _en) in CONFIDENCE_SHORT.items()}


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """One fact: its value, where it comes from, how sure we are, and when it was checked."""

    value: T
    source: str
    confidence: Confidence
    checked: date
    note: str = ""

    @property
    def is_law(self) -> bool:
        """Only a verified fact may be stated as a rule; the rest is 'reported' or 'possible'."""
        return self.confidence == "verified"


@dataclass(frozen=True)
class LenderProfile:
    """What is known about one lender type (kind "type") or one platform (kind "platform").

    Every policy field is a `Sourced` fact or None (unknown). `names` are the display name first, then
    aliases used to recognise the lender in a case file or a message.
    """

    id: str
    kind: Literal["type", "platform"]
    names: tuple[str, ...]
    lender_type: Sourced[str]
    operator: Sourced[str] | None = None
    customer_service: Sourced[tuple[str, ...]] | None = None
    sms_senders: Sourced[tuple[str, ...]] | None = None
    contact_channels: Sourced[tuple[str, ...]] | None = None
    grace_days: Sourced[int] | None = None
    penalty_practice: Sourced[str] | None = None
    options_offered: Sourced[tuple[str, ...]] | None = None
    max_installment_months: Sourced[int] | None = None
    extension_interest: Sourced[str] | None = None  # "continues" | "paused"
    evidence_requested: Sourced[tuple[str, ...]] | None = None
    notes: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.names[0]

    def known_fields(self) -> dict[str, Sourced[object]]:
        """The policy fields that are known, by name (for display and JSON)."""
        out: dict[str, Sourced[object]] = {}
        for name in POLICY_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


POLICY_FIELDS: tuple[str, ...] = (
    "operator",
    "customer_service",
    "sms_senders",
    "contact_channels",
    "grace_days",
    "penalty_practice",
    "options_offered",
    "max_installment_months",
    "extension_interest",
    "evidence_requested",
)


# How each policy field is named to the user (中文, English).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "operator": ("运营主体", "Operator"),
    "customer_service": ("客服电话", "Customer service"),
    "sms_senders": ("短信签名", "SMS signatures"),
    "contact_channels": ("联系渠道", "Contact channels"),
    "grace_days": ("宽限期（天）", "Grace period (days)"),
    "penalty_practice": ("罚息做法", "Penalty practice"),
    "options_offered": ("已知提供的方案", "Options known to be offered"),
    "max_installment_months": ("最长分期（月）", "Longest instalment plan (months)"),
    "extension_interest": ("延期期间利息", "Interest during an extension"),
    "evidence_requested": ("可能要求的材料", "Evidence they may ask for"),
}


@dataclass(frozen=True)
class PolicyFact:
    """One policy field as the user sees it: the fact (None = unknown) and the profile it came from."""

    field: str
    fact: Sourced[object] | None
    origin: str  # "platform:<id>" | "type:<lender_type>" | "" when unknown

    def label(self, lang: str) -> str:
        zh, en = FIELD_LABELS[self.field]
        return en if lang == "en" else zh

    def value_text(self, lang: str) -> str:
        """The value in words ("未知" / "unknown" when no source was found)."""
        if self.fact is None:
            return "unknown" if lang == "en" else "未知（没有找到可靠来源）"
        value = self.fact.value
        if isinstance(value, tuple):
            return ("; " if lang == "en" else "；").join(str(v) for v in value)
        if self.field == "extension_interest":
            words = {"continues": ("利息照计", "interest continues"), "paused": ("停息", "interest paused")}
            zh, en = words.get(str(value), (str(value), str(value)))
            return en if lang == "en" else zh
        return str(value)


X = TypeVar("X")


@dataclass(frozen=True)
class LenderPolicy:
    """The policy the plan works with for one debt: the platform's own facts, else its type's facts.

    Each accessor returns the `Sourced` fact (so the user sees where a limit comes from) and the origin
    of the profile that gave it ("platform:<id>" or "type:<lender_type>"); (None, "") when unknown.
    """

    lender_type: str
    platform: LenderProfile | None = None
    type_profile: LenderProfile | None = None

    def _first(self, getter: Callable[[LenderProfile], Sourced[X] | None]) -> tuple[Sourced[X] | None, str]:
        for profile in (self.platform, self.type_profile):
            if profile is None:
                continue
            value = getter(profile)
            if value is not None:
                return value, f"{profile.kind}:{profile.id}"
        return None, ""

    def max_installment_months(self) -> tuple[Sourced[int] | None, str]:
        return self._first(lambda p: p.max_installment_months)

    def options_offered(self) -> tuple[Sourced[tuple[str, ...]] | None, str]:
        return self._first(lambda p: p.options_offered)

    def extension_interest(self) -> tuple[Sourced[str] | None, str]:
        return self._first(lambda p: p.extension_interest)

    def evidence_requested(self) -> tuple[Sourced[tuple[str, ...]] | None, str]:
        return self._first(lambda p: p.evidence_requested)

    def customer_service(self) -> tuple[Sourced[tuple[str, ...]] | None, str]:
        return self._first(lambda p: p.customer_service)

    def facts(self) -> tuple[PolicyFact, ...]:
        """Every policy field, known or not: the platform's fact first, else the lender type's."""
        out = []
        for name in POLICY_FIELDS:
            fact, origin = None, ""
            for profile in (self.platform, self.type_profile):
                value = None if profile is None else getattr(profile, name)
                if profile is not None and value is not None:
                    fact, origin = value, f"{profile.kind}:{profile.id}"
                    break
            out.append(PolicyFact(name, fact, origin))
        return tuple(out)
