"""Tag messages and calls that come from a lender of the case.

Sources, most specific first: the case's debts (their lender names, and the platform profile each name
matches), the lender profiles of `xieshang.knowledge.lenders` (customer-service numbers, SMS
signatures, names). A record is tagged when its number is a listed customer-service number, when its
text carries a 【signature】 of a lender, or when it comes from a service number (95xxx, 96xxx, 106xxx,
400/800) and names a lender. Ordinary people who merely mention a lender are not tagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

_SIGNATURE = re.compile(r"[【\[]([^】\]\s]{2,20})[】\]]")
_SERVICE_NUMBER = re.compile(r"^(?:\+?86)?(?:95\d{3,6}|96\d{3,6}|106\d{5,17}|400\d{7}|800\d{7}|10\d{3,4})$")


def _knowledge() -> ModuleType | None:
    try:
        from xieshang.knowledge import lenders
    except ImportError:  # the lender profiles are optional
        return None
    return lenders


def digits_of(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 5:
            return digits[len(prefix) :]
    return digits


def is_service_number(number: str) -> bool:
    return bool(_SERVICE_NUMBER.match(re.sub(r"[\s\-]", "", number)))


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


@dataclass(frozen=True)
class LenderTag:
    lender: str
    debt_id: int | None = None


class LenderTagger:
    """Built once per import from the case's debts: `tag(counterpart, text, name)` → LenderTag | None."""

    def __init__(self, debts: Iterable[tuple[int, str]]) -> None:
        self._knowledge = _knowledge()
        self._debts: list[tuple[int, str, str | None]] = []  # (debt id, lender name, profile id)
        for debt_id, lender in debts:
            profile = self._profile_by_name(lender)
            self._debts.append((debt_id, lender, profile.id if profile is not None else None))
        self.tag = lru_cache(maxsize=4096)(self._tag)

    def _profile_by_name(self, text: str) -> Any:
        if self._knowledge is None:
            return None
        return self._knowledge.match_lender(text)

    def _profile_by_number(self, number: str) -> Any:
        if self._knowledge is None:
            return None
        return self._knowledge.match_lender_number(number)

    def _from_profile(self, profile: Any) -> LenderTag:
        for debt_id, lender, profile_id in self._debts:
            if profile_id == profile.id:
                return LenderTag(lender, debt_id)
        return LenderTag(profile.display_name)

    def _from_name(self, text: str) -> LenderTag | None:
        key = _norm(text)
        best: tuple[int, int, str] | None = None
        for debt_id, lender, _ in self._debts:
            name = _norm(lender)
            if len(name) >= 2 and name in key and (best is None or len(name) > len(_norm(best[2]))):
                best = (0, debt_id, lender)
        if best is not None:
            return LenderTag(best[2], best[1])
        profile = self._profile_by_name(text)
        return self._from_profile(profile) if profile is not None else None

    def _tag(self, counterpart: str, text: str, name: str) -> LenderTag | None:
        profile = self._profile_by_number(counterpart) if counterpart else None
        if profile is not None:
            return self._from_profile(profile)
        for signature in _SIGNATURE.findall(text[:400]):
            tag = self._from_name(signature)
            if tag is not None:
                return tag
        if name:
            tag = self._from_name(name)
            if tag is not None:
                return tag
        if counterpart and is_service_number(counterpart) and text:
            return self._from_name(text[:400])
        return None
