"""WeChat exports: WeChatMsg / MemoTrace CSV (`<remark>_utf8.csv`) and PyWxDump CSV (`<wxid>_<start>_<end>.csv`).
(MemoTrace's HTML and TXT exports are in `chat_wechat_text.py`.)

Direction: `IsSender` / `is_sender` 1 → OUTGOING, 0 → INCOMING; system lines (Type 10000/10002, PyWxDump
type names holding 系统) are neither → UNKNOWN with `meta["system"] = True`. A voice/video call line
(Type 50, "通话时长 01:05") carries `meta["call_duration_seconds"]`.

Speakers (WeChatMsg / MemoTrace CSV): `TalkerId` is the database's internal number of the conversation,
never a person. `Remark` / `NickName` / `Sender` are the SPEAKER's — the owner's own on a row the owner
sent. A first pass over the file (constant memory) finds the conversation's shape: more than one other
person speaking (or a `…@chatroom` id) is a group chat, whatever the file is called. One-to-one: the
counterpart is the contact's wxid (`Sender` of the rows they sent) named by their remark or nickname —
on the owner's rows too. Group: the counterpart is the group as the export names it (`<remark>_utf8.csv`),
`meta["group"]`, and every row keeps its speaker (`meta["sender"]` wxid, `meta["sender_name"]`). A chat
where the other person never speaks has no known counterpart id ("" and the file's name).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from xieshang.importers._common import format_error, from_epoch, parse_local
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext
from xieshang.importers.owner import normalise_id, owner_set
from xieshang.importers.textio import decode_text_head, open_text

MAX_FIELD = 1 << 20  # one CSV cell; larger → the file is refused
WECHAT_TYPES = {
    "1": "text", "3": "image", "34": "voice", "37": "friend_request", "42": "contact_card", "43": "video",
    "47": "sticker", "48": "location", "49": "app", "50": "call", "62": "short_video", "65": "enterprise_card",
    "66": "enterprise_card", "10000": "system", "10002": "system_recall",
}  # fmt: skip
SYSTEM_TYPES = {"10000", "10002"}
APP_SUBTYPES = {
    "1": "text", "3": "music", "4": "video_link", "5": "link", "6": "file", "8": "sticker",
    "17": "live_location", "19": "merged_forward", "33": "mini_program", "36": "mini_program",
    "51": "channels", "57": "quote", "62": "pat", "63": "live", "74": "file_uploading", "87": "group_notice",
    "2000": "transfer", "2001": "red_packet", "2003": "red_packet_cover",
}  # fmt: skip
WECHATMSG_REQUIRED = ("localId", "TalkerId", "Type", "IsSender", "CreateTime", "StrContent")
PYWXDUMP_REQUIRED = ("MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "CreateTime")
_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
_CALL_LENGTH = re.compile(r"(?:通话时长|Duration)[:：]?\s*(?:(\d{1,3}):)?(\d{1,3}):(\d{2})")
_TRUE, _FALSE = ("1", "true", "True", "TRUE"), ("0", "false", "False", "FALSE")


def _header(head: bytes) -> list[str]:
    guess = decode_text_head(head)
    if guess is None:
        return []
    first = guess[1].split("\n", 1)[0].strip("\r")
    try:
        return [c.strip() for c in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return []


def _rows(
    stream: IO[bytes], context: SourceContext, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row as dict) of a CSV, checking columns, cell size and encoding on the way."""
    text = open_text(stream, context)
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(text, strict=False)
    line = 1
    try:
        columns = next(reader, None)
        if columns is None:
            raise format_error(context, "line 1", "文件为空", "the file is empty")
        columns = [c.strip() for c in columns]
        missing = [c for c in required if c not in columns]
        if missing:
            raise format_error(
                context,
                "line 1",
                f"列不符合导出格式，缺少：{', '.join(missing)}",
                f"wrong columns, missing: {', '.join(missing)}",
            )
        for values in reader:
            if not values:
                line = reader.line_num
                continue
            if len(values) != len(columns):
                raise format_error(
                    context, f"line {line + 1}", f"列数应为 {len(columns)}，实为 {len(values)}",
                    f"expected {len(columns)} columns, found {len(values)}",
                )  # fmt: skip
            yield line + 1, dict(zip(columns, values, strict=True))
            line = reader.line_num
    except csv.Error as exc:
        raise format_error(
            context, f"line {reader.line_num}", f"CSV 格式错误（{exc}）", f"malformed CSV ({exc})"
        ) from None


def _sender_flag(value: str, context: SourceContext, position: str) -> bool:
    flag = value.strip()
    if flag in _TRUE or flag in _FALSE:
        return flag in _TRUE
    raise format_error(
        context, position, f"发送方标记无效：{value[:10]!r}", f"invalid sender flag: {value[:10]!r}"
    )


def call_seconds(text: str) -> int | None:
    """Seconds of a WeChat call line ("通话时长 01:05", "通话时长 1:02:03"), None when it has none."""
    match = _CALL_LENGTH.search(text)
    if not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _fits(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _direction(outgoing: bool, system: bool) -> Direction:
    if system:
        return Direction.UNKNOWN
    return Direction.OUTGOING if outgoing else Direction.INCOMING


@dataclass
class _Conversation:
    """What the first pass learnt: the other speakers (id → display name), the owner's ids, a group?"""

    others: dict[str, str]
    owner: set[str]
    chatroom: bool

    @property
    def group(self) -> bool:
        return self.chatroom or len(self.others) > 1


def conversation_name(context: SourceContext) -> str:
    """The conversation as the export names its file: `<remark>_utf8.csv` / `<remark>.txt` → remark."""
    stem = context.path.stem
    return stem[: -len("_utf8")] if stem.endswith("_utf8") else stem


def _speaker(row: dict[str, str]) -> tuple[str, str]:
    """(id, display name) of a row's speaker: `Sender` wxid (else the names), remark before nickname."""
    name = (row.get("Remark") or "").strip() or (row.get("NickName") or "").strip()
    return (row.get("Sender") or "").strip() or name, name


class WeChatMsgCsvImporter:
    """WeChatMsg / MemoTrace CSV (UTF-8 with BOM; CreateTime in Unix seconds)."""

    name = "wechatmsg_csv"
    version = "3"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return set(WECHATMSG_REQUIRED) <= set(_header(head))

    def _scan(self, stream: IO[bytes], context: SourceContext) -> _Conversation:
        others: dict[str, str] = {}
        owner = owner_set(context)
        chatroom = False
        for line, row in _rows(stream, context, WECHATMSG_REQUIRED):
            if row["Type"].strip() in SYSTEM_TYPES:
                continue
            who, name = _speaker(row)
            chatroom = chatroom or "@chatroom" in who or "@chatroom" in row["TalkerId"]
            if _sender_flag(row["IsSender"], context, f"line {line}"):
                if who:
                    owner.add(normalise_id(who))
            elif who and who not in others and len(others) < 3:
                others[who] = name
        return _Conversation(others, owner, chatroom)

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        start = stream.tell()
        chat = self._scan(stream, context)
        stream.seek(start)
        name = conversation_name(context)
        if chat.group:
            counterpart, counterpart_name = name, name
        elif chat.others:
            counterpart, counterpart_name = next(iter(chat.others.items()))
            counterpart_name = counterpart_name or name
        else:
            counterpart, counterpart_name = "", name
        for line, row in _rows(stream, context, WECHATMSG_REQUIRED):
            position = f"line {line}"
            msg_type = row["Type"].strip()
            sub_type = row.get("SubType", "").strip()
            system = msg_type in SYSTEM_TYPES
            who, who_name = _speaker(row)
            meta: dict[str, Any] = {
                "msg_type": WECHAT_TYPES.get(msg_type, msg_type),
                "local_id": row["localId"].strip(),
                "talker_id": row["TalkerId"].strip(),
                "sender": (row.get("Sender") or "").strip(),
                "sender_name": who_name,
            }
            if chat.group:
                meta["group"] = True
            if msg_type == "49" and sub_type:
                meta["app_type"] = APP_SUBTYPES.get(sub_type, sub_type)
            if system:
                meta["system"] = True
            if msg_type == "50":
                seconds = call_seconds(row["StrContent"])
                if seconds is not None:
                    meta["call_duration_seconds"] = seconds
            outgoing = _sender_flag(row["IsSender"], context, position)
            yield Record(
                kind=RecordKind.CHAT,
                timestamp=from_epoch(row["CreateTime"], context, position, millis=False),
                direction=_direction(outgoing, system),
                counterpart=counterpart,
                counterpart_name=counterpart_name,
                text=row["StrContent"],
                position=position,
                meta=meta,
            )


class PyWxDumpCsvImporter:
    """PyWxDump CSV (UTF-8; CreateTime is local time; `我` is the phone's owner; MsgSvrID is the message id)."""

    name = "pywxdump_csv"
    version = "2"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return set(PYWXDUMP_REQUIRED) <= set(_header(head))

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        formats: tuple[str, ...] = (
            _LOCAL_FORMATS  # narrowed to the file's own format by its first row (a cut time then fails)
        )
        for line, row in _rows(stream, context, PYWXDUMP_REQUIRED):
            position = f"line {line}"
            outgoing = _sender_flag(row["is_sender"], context, position)
            talker = row["talker"].strip()
            type_name = row["type_name"].strip()
            system = "系统" in type_name or type_name.lower() == "system"
            created = row["CreateTime"].strip()
            timestamp = (
                from_epoch(created, context, position, millis=len(created) == 13)
                if created.isdigit() and len(created) in (10, 13)  # Unix seconds or milliseconds
                else parse_local(created, formats, context, position)
            )
            if len(formats) > 1 and not created.isdigit():
                formats = tuple(f for f in formats if _fits(created, f))[:1] or formats
            room = row["room_name"].strip()
            meta: dict[str, Any] = {
                "msg_type": type_name,
                "sender": talker,
                "src": row.get("src", "").strip(),
            }
            if room.endswith("@chatroom"):
                meta["group"] = True  # the conversation id says it: each row keeps its speaker
            if system:
                meta["system"] = True
            seconds = call_seconds(row["msg"]) if "通话" in type_name else None
            if seconds is not None:
                meta["call_duration_seconds"] = seconds
            yield Record(
                kind=RecordKind.CHAT,
                timestamp=timestamp,
                direction=_direction(outgoing or talker == "我", system),
                counterpart=row["room_name"].strip(),
                counterpart_name="" if outgoing or talker == "我" else talker,
                text=row["msg"],
                position=position,
                external_id=row["MsgSvrID"].strip(),
                meta=meta,
            )
