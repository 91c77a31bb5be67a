"""Tag messages and calls that come from a lender of the case.

Sources, most specific first: the case's debts (their lender names, and the platform profile each name
matches), the lender profiles of `xieshang.knowledge.lenders` (customer-service numbers, SMS
signatures, names). A record is tagged when its number is a listed customer-service number, when its
text carries a 【signature】 of a lender, or when it comes from a service number (95xxx, 96xxx, 106xxx,
400/800) and names a lender. Ordinary people who merely mention a lender are not tagged.
"""

from __future__ import annotations

import re
import unicodedata
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


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is isalnum() or "_"


def _norm(name: str) -> str:
    """As the lender profiles compare names: NFKC, case-folded, letters and digits only."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", name).casefold())


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
            profile = self._knowledge.match_lender(lender) if self._knowledge else None
            self._debts.append((debt_id, lender, profile.id if profile is not None else None))
        labels = {_norm(lender) for _, lender, _ in self._debts}
        if self._knowledge is not None:
            for profile in self._knowledge.load_lender_profiles():
                if profile.kind == "platform":
                    labels.update(_norm(n) for n in profile.names)
                    if profile.sms_senders is not None:
                        labels.update(_norm(n) for n in profile.sms_senders.value)
        ordered = sorted((label for label in labels if len(label) >= 2), key=len, reverse=True)
        self._labels = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self._by_number = lru_cache(maxsize=4096)(self._number_tag)
        self._by_name = lru_cache(maxsize=4096)(self._from_name)

    def _from_profile(self, profile: Any) -> LenderTag:
        for debt_id, lender, profile_id in self._debts:
            if profile_id == profile.id:
                return LenderTag(lender, debt_id)
        return LenderTag(profile.display_name)

    def _number_tag(self, counterpart: str) -> LenderTag | None:
        if self._knowledge is None or not counterpart:
            return None
        profile = self._knowledge.match_lender_number(counterpart)
        return self._from_profile(profile) if profile is not None else None

    def _from_name(self, text: str) -> LenderTag | None:
        key = _norm(text)
        best: tuple[int, str] | None = None
        for debt_id, lender, _ in self._debts:
            name = _norm(lender)
            if len(name) >= 2 and name in key and (best is None or len(name) > len(_norm(best[1]))):
                best = (debt_id, lender)
        if best is not None:
            return LenderTag(best[1], best[0])
        profile = self._knowledge.match_lender(text) if self._knowledge else None
        return self._from_profile(profile) if profile is not None else None

    def tag(self, counterpart: str, text: str, name: str) -> LenderTag | None:
        found = self._by_number(counterpart)
        if found is not None:
            return found
        for signature in _SIGNATURE.findall(text[:400]):
            found = self._by_name(signature)
            if found is not None:
                return found
        if name:
            found = self._by_name(name)
            if found is not None:
                return found
        if counterpart and text and self._labels is not None and is_service_number(counterpart):
            hit = self._labels.search(_norm(text[:400]))
            if hit is not None:
                return self._by_name(hit.group(0))
        return None
