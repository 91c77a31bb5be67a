"""Tag messages and calls that come from a lender of the case.

Sources, most specific first: the case's debts (their lender names, and the platform profile each name
matches), the lender profiles of `xieshang.knowledge.lenders` (customer-service numbers, SMS
signatures, names). A record is tagged when its number is a listed customer-service number, when its
text carries a 【signature】 of a lender, when its counterpart's saved name names a lender, when it
comes from a service number (95xxx, 96xxx, 106xxx, 400/800) and names a lender, or when it comes from
an ordinary number, names a lender and reads as collection (`reads_as_collection`: a collector's
voice, or debt words addressed to the reader). A friend asking about an app, a borrower talking about
their own loan, or someone passing on what a collector wrote is not tagged.

Number association (`associate_by_number`, `lender_tags_propagate`): once one record of a case ties a
number to a lender, every untagged record of the case from that number (calls, messages, recordings,
imported earlier or later) takes that lender — the nearest tagged record in time decides when a number
speaks for several lenders. Carrier and SMS-gateway numbers (10…) are never associated. Numbers are
compared by `xieshang.core.phone.phone_key`.

Pure: the lender profiles are given to `LenderTagger` (evidence.lender_tags.case_tagger gives
xieshang.knowledge.lenders); the stored records' propagation is evidence.lender_tags.lender_tags_propagate.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from xieshang.core.phone import is_service_number, phone_key

_SIGNATURE = re.compile(r"[【\[]([^】\]\s]{2,20})[】\]]")

# Text from an ordinary number: tagged only when it names a lender AND reads as collection (see
# `reads_as_collection`). Matched on the NFKC form of the first TEXT_HEAD characters.
TEXT_HEAD = 600
_END = r"[^。！？!?\n]"
# Someone passing on what a collector wrote or said (a friend forwarding, a borrower complaining).
_PASSED_ON = re.compile(
    r"转发|截图|给我发|发给我|收到(?:了)?(?:一条|条|这个|这样的|他们的|催收的?)?(?:短信|信息|消息)"
    r"|(?:催收|他们|对方|那边|贷后)[^，,。！？!?\n]{0,4}(?:说|讲|骂|威胁|吓唬|给我|打给我|打电话给我|找我|找过我)"
)
# The writer speaks for the lender or its collection agency.
_COLLECTOR_VOICE = re.compile(
    rf"(?:我是|我们是|这里是|这边是|本人是|本人系|我系|我这边是|我们这边是){_END}{{0,20}}"
    r"(?:催收|贷后|法务|专员|客服|调解|委托|律师|资产|外访|工作人员|风控|经理)"
    rf"|受{_END}{{0,16}}委托|委托(?:的|我|我们|我司|本)|贷后(?:部|中心|专员|团队|管理)|法务部"
    r"|催收(?:专员|员|人员|部|组|中心|团队|公司)|我司|本公司|本平台|工号"
)
# A person about their own loan, or about the app (not the one collecting).
_OWN_LOAN = re.compile(
    r"(?<![你您])我(?:也|的|在|之前|上个月|前段时间|最近)?[^，,。！？!?\n]{0,8}"
    r"(?:逾期了|欠了|借了|借的|还不上|被催|用过|下载)|用过|好用|靠谱|推荐|额度|下款|怎么样|能借"
)
_DEBT_WORDS = re.compile(
    r"催收|还款|欠款|欠钱|欠债|欠费|欠的钱|逾期|还钱|账单|结清|罚息|违约金|应还|待还|未还|还清|再不还|还不还"
)
# Addressed to the reader, or a demand.
_ADDRESSED = re.compile(
    r"[你您]|尽快|立即|立刻|马上|赶紧|抓紧|速回|速还|今天之内|今日内|限期|不然|否则|再不|别装死|请于|务必"
)


def reads_as_collection(text: str) -> bool:
    """True when `text` reads as a lender's or collector's message to the borrower: the writer speaks
    for the lender (我是…委托的催收专员, 我司, 工号), or debt words addressed to the reader (你再不还钱,
    尽快还款) — and not a person passing on what a collector wrote, nor about their own loan or an app."""
    head = unicodedata.normalize("NFKC", text[:TEXT_HEAD])
    if _PASSED_ON.search(head):
        return False
    if _COLLECTOR_VOICE.search(head):
        return True
    if _OWN_LOAN.search(head):
        return False
    return bool(_DEBT_WORDS.search(head) and _ADDRESSED.search(head))


class LenderKnowledge(Protocol):
    """What the tagger asks of the lender profiles (xieshang.knowledge.lenders is one)."""

    def match_lender(self, text: str) -> Any: ...

    def match_lender_number(self, number: str) -> Any: ...

    def load_lender_profiles(self) -> Any: ...


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is isalnum() or "_"


def _norm(name: str) -> str:
    """As the lender profiles compare names: NFKC, case-folded, letters and digits only."""
    return _norm_nfkc(unicodedata.normalize("NFKC", name))


def _norm_nfkc(nfkc: str) -> str:
    """`_norm` of a text already in NFKC form."""
    return _NOT_ALNUM.sub("", nfkc.casefold())


@dataclass(frozen=True)
class LenderTag:
    lender: str
    debt_id: int | None = None


class LenderTagger:
    """Built once per import from the case's debts (and the lender profiles, when given):
    `tag(counterpart, text, name)` → LenderTag | None."""

    def __init__(self, debts: Iterable[tuple[int, str]], lenders: LenderKnowledge | None = None) -> None:
        self._knowledge = lenders
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

    def tag(
        self, counterpart: str, text: str, name: str, *, nfkc_text: str | None = None
    ) -> LenderTag | None:
        """`nfkc_text`: the NFKC form of `text`, when the caller has it (the same tag, one normalisation less)."""
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
        if counterpart and text and self._labels is not None:
            if nfkc_text is not None and len(text) <= TEXT_HEAD:  # the head is the whole text
                key = _norm_nfkc(nfkc_text)
            else:
                key = _norm(text[:TEXT_HEAD])
            hit = self._labels.search(key)
            if hit is not None and (is_service_number(counterpart) or reads_as_collection(text)):
                return self._by_name(hit.group(0))
        return None


@dataclass(frozen=True)
class TagRow:
    """What number association needs of one record."""

    id: int
    counterpart: str
    timestamp: datetime
    lender: str
    debt_id: int | None = None
    outgoing: bool = False  # the borrower wrote or called: never a source (they may write to a friend)


_NOT_A_NUMBER = re.compile(r"[A-Za-z@~,;]")


def association_key(counterpart: str) -> str | None:
    """The number records are associated by; None for what is not one party's number (e-mail, chat
    ids, group messages, numbers under 5 digits, carriers and SMS gateways shared by many senders)."""
    if not counterpart or _NOT_A_NUMBER.search(counterpart):
        return None
    key = phone_key(counterpart)
    if len(key.lstrip("+")) < 5 or key.startswith("10"):
        return None
    return key


def associate_by_number(rows: Iterable[TagRow]) -> dict[int, LenderTag]:
    """The tag each untagged row takes from the tagged rows of the same number: the nearest in time
    (the earlier one on a tie). Only what the number sent or placed ties it to a lender (a borrower's
    "我360借条的欠款还不上" to a friend does not). Rows whose number no such row shares are left out."""
    tagged: dict[str, list[tuple[datetime, int, LenderTag]]] = defaultdict(list)
    untagged: dict[str, list[TagRow]] = defaultdict(list)
    for row in rows:
        key = association_key(row.counterpart)
        if key is None:
            continue
        if row.lender:
            if row.outgoing:
                continue
            tagged[key].append((row.timestamp, row.id, LenderTag(row.lender, row.debt_id)))
        else:
            untagged[key].append(row)
    found: dict[int, LenderTag] = {}
    for key, waiting in untagged.items():
        sources = sorted(tagged.get(key, ()), key=lambda s: (s[0], s[1]))
        if not sources:
            continue
        times = [s[0] for s in sources]
        for row in waiting:
            i = bisect_left(times, row.timestamp)
            near = [sources[j] for j in (i - 1, i) if 0 <= j < len(sources)]
            best = min(near, key=lambda s: (abs(s[0] - row.timestamp), s[0], s[1]))
            found[row.id] = best[2]
    return found
