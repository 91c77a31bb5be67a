"""MemoTrace / WeChatMsg exports besides CSV: HTML (`<remark>.html`) and TXT (`<remark>.txt`).

HTML: the page carries its messages as a JavaScript array, `const chatMessages = [ {type:1, text:'…',
is_send:0, avatar_path:'…', timestamp:1700000000, is_chatroom:0, displayname:'…'}, … ];`, strings in
single quotes with backslash escapes over HTML-escaped text (`<br>` for line breaks). It is read object by
object (64 KiB at a time; one object over 4 MiB is refused), never evaluated. `is_send` gives the
direction, `is_chatroom` says whether it is a group (the export's own flag), `displayname` is the
speaker's name (the owner's own on rows the owner sent — never the counterpart). The conversation is the
page's `<title>` (the contact's remark, or the group's name). A call (type 50) has no `is_send`: UNKNOWN.

TXT: blocks `YYYY-MM-DD HH:MM:SS <display name>` + text lines + a blank line; a system line has no name
(`YYYY-MM-DD HH:MM:SS <text>` alone). Only names are written, no direction: a first pass collects the
speakers. The owner is decided from the case's own ids (`SourceContext.owner_ids`, matched on names too),
else — in a two-person chat whose file is named after the contact (`<remark>.txt`, as MemoTrace names
it) — the speaker who is not that contact; else every message is UNKNOWN ("never guessed"). More than two
speakers is a group. Local times in the context's zone.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator
from typing import IO, Any

from xieshang.importers._common import format_error, from_epoch, parse_local
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext
from xieshang.importers.chat_wechat import WECHAT_TYPES, call_seconds, conversation_name
from xieshang.importers.owner import normalise_id, owner_set
from xieshang.importers.textio import decode_text_head, open_text

HTML_MARKER = "const chatMessages = ["
MAX_OBJECT = 4 << 20
CHUNK = 64 * 1024
_VALUE = r"'(?:[^'\\]|\\.)*'|[-\w.]+"
_PAIR = rf"\s*[A-Za-z_]\w*\s*:\s*(?:{_VALUE})"
_OBJECT = re.compile(rf"\{{(?:{_PAIR}(?:\s*,{_PAIR})*)?\s*,?\s*\}}", re.S)
_PAIRS = re.compile(rf"([A-Za-z_]\w*)\s*:\s*({_VALUE})", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"', "\\": "\\", "/": "/"}
_ESCAPE = re.compile(r"\\(.)", re.S)
_BR = re.compile(r"<br\s*/?>", re.I)


def _js_string(raw: str) -> str:
    text = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw[1:-1])
    return html.unescape(_BR.sub("\n", text))


def _object(source: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in _PAIRS.findall(source):
        if value.startswith("'"):
            out[key] = _js_string(value)
        else:
            out[key] = value
    return out


class WeChatMsgHtmlImporter:
    """MemoTrace / WeChatMsg HTML export (`const chatMessages = [...]`)."""

    name = "wechatmsg_html"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return HTML_MARKER.encode() in head and b"<html" in head[:4096].lower()

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        decoder = codecs.getincrementaldecoder("utf-8")("strict")  # MemoTrace writes UTF-8
        done = 0

        def more() -> str:
            nonlocal done
            raw = stream.read(CHUNK)
            try:
                piece = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise format_error(
                    context, f"byte {done + exc.start}", "不是 UTF-8 编码", "not UTF-8 text"
                ) from None
            done += len(raw)
            return piece

        buffer = more().lstrip("\ufeff")
        while HTML_MARKER not in buffer:
            piece = more()
            if not piece or len(buffer) > MAX_OBJECT:
                raise format_error(
                    context, "end of file", "找不到聊天记录数据（chatMessages）", "no chatMessages array"
                )
            buffer += piece
        found = _TITLE.search(buffer, 0, buffer.index(HTML_MARKER))
        title = html.unescape(found.group(1).strip()) if found else conversation_name(context)
        buffer = buffer[buffer.index(HTML_MARKER) + len(HTML_MARKER) :]
        n = 0
        pos = 0
        ended = False
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                pos += 1
            if buffer.startswith("]", pos):
                return
            if pos < len(buffer) and buffer[pos] == "{":
                match = _OBJECT.match(buffer, pos)
                if match:
                    n += 1
                    yield self._record(_object(match.group(0)[1:-1]), title, n, context)
                    pos = match.end()
                    continue
                if len(buffer) - pos > MAX_OBJECT or ended:
                    raise format_error(
                        context, f"message #{n + 1}", "聊天记录数据格式错误", "malformed message data"
                    )
            elif pos < len(buffer):
                raise format_error(
                    context, f"message #{n + 1}", "聊天记录数据格式错误", "malformed message data"
                )
            if ended:
                raise format_error(
                    context, "end of file", "聊天记录数据不完整（缺少 ]）", "truncated message data"
                )
            buffer = buffer[pos:]
            pos = 0
            piece = more()
            ended = not piece
            buffer += piece

    def _record(self, obj: dict[str, Any], title: str, n: int, context: SourceContext) -> Record:
        position = f"message #{n}"
        msg_type = str(obj.get("type", ""))
        group = str(obj.get("is_chatroom", "0")) == "1"
        system = msg_type in ("0", "10000")
        send = str(obj.get("is_send", ""))
        if system or send not in ("0", "1"):
            direction = Direction.UNKNOWN
        else:
            direction = Direction.OUTGOING if send == "1" else Direction.INCOMING
        speaker = str(obj.get("displayname", ""))
        meta: dict[str, Any] = {"msg_type": WECHAT_TYPES.get(msg_type, msg_type), "sender_name": speaker}
        if group:
            meta["group"] = True
        if system:
            meta["system"] = True
        body = str(obj.get("text", ""))
        for key in ("voice_to_text", "refer_text", "title", "url", "file_name", "pay_memo"):
            if obj.get(key):
                meta[key] = obj[key]
        if msg_type == "50":
            seconds = call_seconds(body)
            if seconds is not None:
                meta["call_duration_seconds"] = seconds
        return Record(
            kind=RecordKind.CHAT,
            timestamp=from_epoch(str(obj.get("timestamp", "")), context, position, millis=False),
            direction=direction,
            counterpart=title,
            counterpart_name=title,
            text=body,
            position=position,
            meta=meta,
        )


_TXT_HEAD = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (.*)$")


def _txt_blocks(stream: IO[bytes], context: SourceContext) -> Iterator[tuple[int, str, str, list[str]]]:
    """(line number, time, name-or-system-text, text lines) of each block."""
    text = open_text(stream, context)
    current: tuple[int, str, str] | None = None
    body: list[str] = []
    size = 0
    for number, raw in enumerate(text, start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff") if number == 1 else raw.rstrip("\r\n")
        head = _TXT_HEAD.match(line)
        if head and (current is None or not body or body[-1] == ""):
            if current is not None:
                yield (*current, _trim(body))
            current, body, size = (number, head.group(1), head.group(2).strip()), [], 0
            continue
        if current is None:
            if line.strip():
                raise format_error(context, f"line {number}", "无法识别的行", "unrecognised line")
            continue
        size += len(line)
        if size > MAX_OBJECT:
            raise format_error(context, f"line {number}", "消息异常地长", "absurdly long message")
        body.append(line)
    if current is not None:
        yield (*current, _trim(body))


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


class WeChatMsgTxtImporter:
    """MemoTrace / WeChatMsg TXT export."""

    name = "wechatmsg_txt"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        guess = decode_text_head(head)
        if guess is None:
            return False
        lines = guess[1].lstrip("\ufeff").split("\n")[:40]
        heads = [i for i, line in enumerate(lines) if _TXT_HEAD.match(line.rstrip("\r"))]
        return bool(heads) and heads[0] == 0 and len(heads) >= min(2, len(lines) // 3 or 1)

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        start = stream.tell()
        speakers: dict[str, int] = {}
        for _n, _when, name, body in _txt_blocks(stream, context):
            if body and len(speakers) < 50:
                speakers[name] = speakers.get(name, 0) + 1
        stream.seek(start)
        contact = conversation_name(context)
        owners = owner_set(context)
        owner = {s for s in speakers if normalise_id(s) in owners}
        reason = "owner_ids" if owner else ""
        group = len(speakers) > 2
        if not owner and len(speakers) == 2 and contact in speakers:
            owner, reason = set(speakers) - {contact}, "file_name"
        for number, when, name, body in _txt_blocks(stream, context):
            position = f"line {number}"
            meta: dict[str, Any] = {"sender_name": name if body else ""}
            if group:
                meta["group"] = True
            if not body:  # a system line: the time and its text
                direction, text = Direction.UNKNOWN, name
                meta["system"] = True
            else:
                text = "\n".join(body)
                if owner:
                    direction = Direction.OUTGOING if name in owner else Direction.INCOMING
                    meta["direction_from"] = reason
                else:
                    direction = Direction.UNKNOWN
            yield Record(
                kind=RecordKind.CHAT,
                timestamp=parse_local(when, ("%Y-%m-%d %H:%M:%S",), context, position),
                direction=direction,
                counterpart=contact,
                counterpart_name=contact,
                text=text,
                position=position,
                meta=meta,
            )
