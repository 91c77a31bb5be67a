"""Who the owner of an export is: needed for direction where the format does not say it (e-mail, QQ).

The caller may pass the owner's identifiers in `SourceContext.owner_ids` (e-mail addresses, phone numbers,
QQ numbers, wxids). Otherwise each importer infers the owner from the file itself:
- e-mail: `Delivered-To` / `X-Original-To` (the mailbox the message was delivered to), and for an mbox the
  address found in at least half of its messages (From, To, Cc) — the owner is in every message of their
  own mailbox, as recipient in an inbox and as sender in a "Sent" folder;
- QQ: in a two-person conversation the partner is the `消息对象`; any other sender is the owner.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from xieshang.importers.base import SourceContext


def normalise_id(value: str) -> str:
    """An identifier as compared: stripped, lower-case, spaces and dashes removed."""
    return "".join(value.split()).replace("-", "").lower()


def owner_set(context: SourceContext) -> set[str]:
    """The owner's identifiers given by the caller, normalised."""
    return {normalise_id(v) for v in context.owner_ids if v.strip()}


def is_owner(owners: set[str], *ids: str) -> bool:
    """True when any of `ids` is one of the owner's (normalised) identifiers."""
    return any(i and normalise_id(i) in owners for i in ids)


class AddressTally:
    """Counts in how many messages each address appears (From, To, Cc): the mailbox owner is in most."""

    def __init__(self) -> None:
        self.messages = 0
        self.counts: Counter[str] = Counter()

    def add(self, addresses: Iterable[str]) -> None:
        self.messages += 1
        self.counts.update({normalise_id(a) for a in addresses if "@" in a})

    def owner(self) -> str | None:
        """The address present in at least half of the messages (and in 2 or more), else None."""
        if not self.counts:
            return None
        (top, count), *rest = self.counts.most_common(2)
        if count < 2 or count * 2 < self.messages:
            return None
        if rest and rest[0][1] == count:
            return None  # a tie: two people writing to each other only; nothing says which one is the owner
        return top
