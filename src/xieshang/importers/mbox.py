"""A Unix mbox (mboxo/mboxrd), read one message at a time from the byte stream (constant memory in the
number of messages; one message is held at a time).

A message starts at a `From ` line that follows a blank line (or starts the file) and carries a date
(`From sender Tue Mar  5 02:30:00 2024`, Gmail's `From 1234@xxx Sat Jan 01 00:00:00 +0000 2011`); a body
line `From here on` is therefore not a separator even when a writer forgot to escape it. mboxrd escaping is
undone: `>From ` → `From `, `>>From ` → `>From `.

Owner (for direction): the caller's `owner_ids`, else the address found in at least half of the first
`OWNER_SAMPLE` messages (From, To, Cc, Delivered-To) — read in a first, header-only pass over those
messages, then the stream is rewound (it must be seekable; if not, no owner is inferred).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.parser import BytesHeaderParser
from typing import IO

from xieshang.importers._common import format_error, zone
from xieshang.importers.base import Record, SourceContext
from xieshang.importers.email_import import MessageReader, addresses, looks_like_headers
from xieshang.importers.owner import AddressTally, owner_set

_FROM_LINE = re.compile(rb"^From \S*.*\d{1,2}:\d{2}(?::\d{2})?.*\d{4}\s*$")
_FROM_FORMATS = ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %z %Y", "%a %b %d %H:%M %Y")
OWNER_SAMPLE = 1000
_HEADER_LIMIT = 256 * 1024  # header bytes of one message read in the owner pass


def _messages(stream: IO[bytes]) -> Iterator[tuple[int, bytes, list[bytes]]]:
    """(line number of the From_ line, the From_ line, the message's lines) for each message."""
    lines: list[bytes] = []
    start, from_line, previous_blank = 0, b"", True
    for number, line in enumerate(stream, start=1):
        if previous_blank and line.startswith(b"From ") and _FROM_LINE.match(line.rstrip(b"\r\n")):
            if from_line:
                yield start, from_line, lines
            lines, from_line, start = [], line, number
            previous_blank = False
            continue
        if not from_line:
            yield 0, b"", [line]  # text before the first From_ line: not an mbox
            return
        previous_blank = not line.strip()
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        lines.append(line)
    if from_line:
        yield start, from_line, lines


def _infer_owner(stream: IO[bytes]) -> set[str]:
    """The mailbox owner's address from a header-only pass over the first messages; the stream is rewound."""
    if not stream.seekable():
        return set()
    tally = AddressTally()
    parser = BytesHeaderParser(policy=policy.default)
    try:
        for n, (_start, _from, lines) in enumerate(_messages(stream)):
            if n >= OWNER_SAMPLE or not _from:
                break
            header: list[bytes] = []
            size = 0
            for line in lines:
                if not line.strip() or size > _HEADER_LIMIT:
                    break
                header.append(line)
                size += len(line)
            msg = parser.parsebytes(b"".join(header))
            tally.add(a for key in ("from", "to", "cc", "delivered-to") for _n, a in addresses(msg, key))
    finally:
        stream.seek(0)
    owner = tally.owner()
    return {owner} if owner else set()


def from_line_date(line: bytes) -> datetime | None:
    """The UTC time on an mbox `From ` line (asctime, optionally with a numeric zone), else None."""
    parts = line.decode("ascii", "replace").split()
    for count in (6, 5):
        if len(parts) < count + 1:
            continue
        for fmt in _FROM_FORMATS:
            try:
                when = datetime.strptime(" ".join(parts[-count:]), fmt)
            except ValueError:
                continue
            return when if when.tzinfo else when.replace(tzinfo=zone("UTC"))
    return None


class MboxImporter:
    """A Unix mbox: messages after `From ` lines."""

    name = "mbox"
    version = "3"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        lines = head.split(b"\n", 60)[:60]
        return bool(_FROM_LINE.match(lines[0].rstrip(b"\r"))) and looks_like_headers(lines[1:])

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        owners = owner_set(context) or _infer_owner(stream)
        reader = MessageReader(owners)
        for count, (start, from_line, lines) in enumerate(_messages(stream), start=1):
            if not from_line:
                raise format_error(
                    context, "line 1", "不是 mbox 文件（缺少 From 行）", "not an mbox: no From line"
                )
            if lines and not lines[-1].strip():
                lines = lines[:-1]  # the blank line that separates messages
            position = f"message {count}, line {start}"
            yield reader.record(b"".join(lines), context, position, from_line_date(from_line), self.name)
