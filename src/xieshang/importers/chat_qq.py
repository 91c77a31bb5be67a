"""QQ's built-in text export (`.txt`): header line, `=====` rules, 消息分组 / 消息对象, then messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from xieshang.importers._common import decode_text_head, format_error, open_text, parse_local
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext

HEADER = "消息记录"
_RULE = re.compile(r"^={10,}\s*$")
_MESSAGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}) (.*?)(?:\(([^()]*)\)|<([^<>]*)>)?\s*$")
_FORMATS = ("%Y-%m-%d %H:%M:%S",)
MAX_MESSAGE_CHARS = 1 << 20


class QqTxtImporter:
    """QQ 消息管理器 "导出为 .txt": one record per message, in the context's time zone."""

    name = "qq_txt"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        guess = decode_text_head(head)
        if guess is None:
            return False
        lines = guess[1].lstrip("\ufeff").splitlines()[:12]
        return bool(lines) and lines[0].startswith(HEADER) and any(_RULE.match(line) for line in lines)

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        text = open_text(stream, context)
        group = conversation = ""
        current: tuple[int, re.Match[str]] | None = None
        body: list[str] = []
        size = 0
        line_number = 0
        try:
            for line_number, raw in enumerate(text, start=1):
                line = raw.rstrip("\r\n")
                if line_number == 1:
                    if not line.lstrip("\ufeff").startswith(HEADER):
                        raise format_error(
                            context, "line 1", "不是 QQ 消息记录导出", "not a QQ message export"
                        )
                    continue
                if _RULE.match(line) or line.startswith(("消息分组:", "消息对象:")):
                    if current is not None:
                        yield self._record(current, body, group, conversation, context)
                        current, body, size = None, [], 0
                    if line.startswith("消息分组:"):
                        group = line.split(":", 1)[1].strip()
                    elif line.startswith("消息对象:"):
                        conversation = line.split(":", 1)[1].strip()
                    continue
                match = _MESSAGE.match(line)
                if match:
                    if current is not None:
                        yield self._record(current, body, group, conversation, context)
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
        except UnicodeDecodeError as exc:
            raise format_error(
                context,
                f"line {line_number + 1}",
                f"编码错误（{exc.reason}）",
                f"encoding error ({exc.reason})",
            ) from None
        if current is not None:
            yield self._record(current, body, group, conversation, context)

    def _record(
        self,
        current: tuple[int, re.Match[str]],
        body: list[str],
        group: str,
        conversation: str,
        context: SourceContext,
    ) -> Record:
        line_number, match = current
        position = f"line {line_number}"
        stamp, nick, qq, address = match.groups()
        nick = nick.strip()
        while body and not body[-1].strip():
            body.pop()
        direction = Direction.INCOMING if conversation and nick == conversation else Direction.UNKNOWN
        return Record(
            kind=RecordKind.CHAT,
            timestamp=parse_local(stamp, _FORMATS, context, position),
            direction=direction,
            counterpart=(qq or address or nick).strip(),
            counterpart_name=nick,
            text="\n".join(body),
            position=position,
            meta={"conversation": conversation, "group": group},
        )
