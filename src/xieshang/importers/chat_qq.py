"""QQ's built-in text export (`.txt`): header line, `=====` rules, 消息分组 / 消息对象, then messages.

Direction: the caller's `owner_ids` (QQ numbers, nicknames) decide first. Otherwise, in a two-person
conversation the partner is the `消息对象` (matched by nickname, then by the QQ number it was seen with) and
every other sender is the owner → OUTGOING; the owner's QQ number, once seen, is remembered for the rest of
the file. A conversation is a group when more than two people speak in it (a first pass over the file counts the
distinct senders of each 消息对象, constant memory), or its 消息分组 holds 群 or 讨论组 — never from the
folder's name alone. In a group a message is OUTGOING when its sender is the known owner,
INCOMING when the owner is known and it is someone else, UNKNOWN when the owner is not known. System lines
(系统消息, QQ 10000) are UNKNOWN with `meta["system"] = True`.

Counterpart: in a two-person conversation, the partner's QQ number (the `消息对象` name until the partner's
number is seen: owner messages before the partner's first one are held back, at most `LOOKAHEAD`, so the
whole conversation gets the same counterpart); in a group, the group name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from xieshang.importers._common import format_error, parse_local
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext
from xieshang.importers.owner import is_owner, normalise_id, owner_set
from xieshang.importers.textio import decode_text_head, open_text

HEADER = "消息记录"
_RULE = re.compile(r"^={10,}\s*$")
_MESSAGE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}) (.*?)(?:\((\d{4,12})\)|<([^<>\s]+)>)?\s*$"
)
_SECTION = re.compile(r"^(消息分组|消息对象)\s*[:：]\s*(.*)$")
_FORMATS = ("%Y-%m-%d %H:%M:%S",)
_SYSTEM_NICKS = {"系统消息", "系统提示"}
_SYSTEM_IDS = {"10000", "1000000"}
MAX_MESSAGE_CHARS = 1 << 20
LOOKAHEAD = 1000  # owner messages held back, at most, until the partner's QQ number is known


@dataclass
class _Section:
    group: str = ""
    partner: str = ""  # 消息对象
    partner_ids: set[str] = field(default_factory=set)
    held: list[dict[str, Any]] = field(default_factory=list)
    many: bool = False  # more than two people speak in it (the first pass counted): a group, however named

    @property
    def is_group(self) -> bool:
        return self.many or "群" in self.group or "讨论组" in self.group

    def counterpart(self) -> str:
        if self.is_group:
            return self.partner
        known = sorted(self.partner_ids, key=lambda i: (not i.isdigit(), i))
        return known[0] if known else self.partner


class QqTxtImporter:
    """QQ 消息管理器 "导出为 .txt": one record per message, in the context's time zone."""

    name = "qq_txt"
    version = "3"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        guess = decode_text_head(head)
        if guess is None:
            return False
        lines = guess[1].lstrip("\ufeff").splitlines()[:12]
        return bool(lines) and lines[0].startswith(HEADER) and any(_RULE.match(line) for line in lines)

    def _crowded(self, stream: IO[bytes], context: SourceContext) -> set[int]:
        """Indexes (in heading order) of the conversations where more than two people speak."""
        crowded: set[int] = set()
        index = 0
        speakers: set[str] = set()
        for raw in open_text(stream, context):
            line = raw.rstrip("\r\n")
            if _SECTION.match(line):
                index += 1
                speakers = set()
                continue
            match = _MESSAGE.match(line)
            if match and index not in crowded:
                nick, qq, address = match.group(2).strip(), match.group(3), match.group(4)
                who = (qq or address or "").strip() or nick
                if nick in _SYSTEM_NICKS or who in _SYSTEM_IDS:
                    continue
                speakers.add(who)
                if len(speakers) > 2:
                    crowded.add(index)
        return crowded

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        start = stream.tell()
        crowded = self._crowded(stream, context)
        stream.seek(start)
        index = 0
        text = open_text(stream, context)
        owners = owner_set(context)
        section = _Section()
        current: tuple[int, re.Match[str]] | None = None
        body: list[str] = []
        size = 0
        for line_number, raw in enumerate(text, start=1):
            line = raw.rstrip("\r\n")
            if line_number == 1:
                if not line.lstrip("\ufeff").startswith(HEADER):
                    raise format_error(context, "line 1", "不是 QQ 消息记录导出", "not a QQ message export")
                continue
            heading = _SECTION.match(line)
            if _RULE.match(line) or heading:
                if current is not None:
                    yield from self._message(current, body, section, owners, context)
                    current, body, size = None, [], 0
                if heading:
                    yield from self._release(section)
                    index += 1
                    if heading.group(1) == "消息分组":
                        section = _Section(group=heading.group(2).strip(), many=index in crowded)
                    else:
                        section = _Section(
                            group=section.group, partner=heading.group(2).strip(), many=index in crowded
                        )
                continue
            match = _MESSAGE.match(line)
            if match:
                if current is not None:
                    yield from self._message(current, body, section, owners, context)
                current, body, size = (line_number, match), [], 0
                continue
            if current is not None:
                size += len(line)
                if size > MAX_MESSAGE_CHARS:
                    raise format_error(
                        context, f"line {line_number}", "消息异常地长", "absurdly long message"
                    )
                body.append(line)
            elif line.strip():
                raise format_error(context, f"line {line_number}", "无法识别的行", "unrecognised line")
        if current is not None:
            yield from self._message(current, body, section, owners, context)
        yield from self._release(section)

    def _release(self, section: _Section) -> Iterator[Record]:
        counterpart = section.counterpart()
        for fields in section.held:
            yield Record(counterpart=counterpart, **fields)
        section.held.clear()

    def _direction(
        self, section: _Section, owners: set[str], nick: str, sender_id: str
    ) -> tuple[Direction, bool]:
        """(direction, system) of one message; learns the partner's and the owner's ids on the way."""
        if nick in _SYSTEM_NICKS or sender_id in _SYSTEM_IDS:
            return Direction.UNKNOWN, True
        ids = [i for i in (sender_id, nick) if i]
        if owners and is_owner(owners, *ids):
            return Direction.OUTGOING, False
        if section.is_group:
            return (Direction.INCOMING if owners else Direction.UNKNOWN), False
        if nick == section.partner or (sender_id and sender_id in section.partner_ids):
            section.partner_ids.update(i for i in (sender_id,) if i)
            return Direction.INCOMING, False
        if owners and sender_id:
            section.partner_ids.add(sender_id)  # owner known and not this one: the partner under another name
            return Direction.INCOMING, False
        owners.update(normalise_id(i) for i in ids)  # the other person of a two-person chat is the owner
        return Direction.OUTGOING, False

    def _message(
        self,
        current: tuple[int, re.Match[str]],
        body: list[str],
        section: _Section,
        owners: set[str],
        context: SourceContext,
    ) -> Iterator[Record]:
        line_number, match = current
        position = f"line {line_number}"
        stamp, nick, qq, address = match.groups()
        nick = nick.strip()
        sender_id = (qq or address or "").strip()
        while body and not body[-1].strip():
            body.pop()
        direction, system = self._direction(section, owners, nick, sender_id)
        meta: dict[str, Any] = {
            "conversation": section.partner,
            "group": section.group,
            "sender": nick,
            "sender_id": sender_id,
        }
        if system:
            meta["system"] = True
        fields: dict[str, Any] = {
            "kind": RecordKind.CHAT,
            "timestamp": parse_local(stamp, _FORMATS, context, position),
            "direction": direction,
            "counterpart_name": section.partner
            if section.is_group or direction != Direction.INCOMING
            else nick,
            "text": "\n".join(body),
            "position": position,
            "meta": meta,
        }
        if not section.is_group and not section.partner_ids:
            section.held.append(fields)
            if len(section.held) >= LOOKAHEAD:
                yield from self._release(section)
            return
        yield from self._release(section)
        yield Record(counterpart=section.counterpart(), **fields)
