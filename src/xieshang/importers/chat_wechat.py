"""WeChat exports: WeChatMsg / MemoTrace CSV (`<remark>_utf8.csv`) and PyWxDump CSV (`<wxid>_<start>_<end>.csv`)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

from xieshang.importers._common import decode_text_head, format_error, from_epoch, open_text, parse_local
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext

MAX_FIELD = 1 << 20  # one CSV cell; larger → the file is refused
WECHAT_TYPES = {
    "1": "text", "3": "image", "34": "voice", "42": "contact_card", "43": "video", "47": "sticker",
    "48": "location", "49": "app", "50": "call", "10000": "system", "10002": "recall",
}  # fmt: skip
APP_SUBTYPES = {
    "5": "link",
    "6": "file",
    "19": "merged_forward",
    "57": "quote",
    "2000": "transfer",
    "2001": "red_packet",
}
WECHATMSG_REQUIRED = ("localId", "TalkerId", "Type", "IsSender", "CreateTime", "StrContent")
PYWXDUMP_REQUIRED = ("MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "CreateTime")
_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S")


def _header(head: bytes) -> list[str]:
    guess = decode_text_head(head)
    if guess is None:
        return []
    first = guess[1].split("\n", 1)[0].strip("\r")
    try:
        return next(csv.reader([first]))
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
    except UnicodeDecodeError as exc:
        raise format_error(
            context, f"line {line + 1}", f"编码错误（{exc.reason}）", f"encoding error ({exc.reason})"
        ) from None
    except csv.Error as exc:
        raise format_error(
            context, f"line {reader.line_num}", f"CSV 格式错误（{exc}）", f"malformed CSV ({exc})"
        ) from None


def _sender_flag(value: str, context: SourceContext, position: str) -> bool:
    if value.strip() in ("0", "1"):
        return value.strip() == "1"
    raise format_error(
        context, position, f"发送方标记无效：{value[:10]!r}", f"invalid sender flag: {value[:10]!r}"
    )


class WeChatMsgCsvImporter:
    """WeChatMsg / MemoTrace CSV (UTF-8 with BOM; CreateTime in Unix seconds)."""

    name = "wechatmsg_csv"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return set(WECHATMSG_REQUIRED) <= set(_header(head))

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        for line, row in _rows(stream, context, WECHATMSG_REQUIRED):
            position = f"line {line}"
            msg_type = row["Type"].strip()
            sub_type = row.get("SubType", "").strip()
            meta: dict[str, Any] = {
                "msg_type": WECHAT_TYPES.get(msg_type, msg_type),
                "local_id": row["localId"].strip(),
                "sender": row.get("Sender", "").strip(),
            }
            if msg_type == "49" and sub_type:
                meta["app_type"] = APP_SUBTYPES.get(sub_type, sub_type)
            outgoing = _sender_flag(row["IsSender"], context, position)
            yield Record(
                kind=RecordKind.CHAT,
                timestamp=from_epoch(row["CreateTime"], context, position, millis=False),
                direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                counterpart=row["TalkerId"].strip(),
                counterpart_name=(row.get("Remark") or row.get("NickName") or "").strip(),
                text=row["StrContent"],
                position=position,
                meta=meta,
            )


class PyWxDumpCsvImporter:
    """PyWxDump CSV (UTF-8; CreateTime is local time; `我` is the phone's owner; MsgSvrID is the message id)."""

    name = "pywxdump_csv"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return set(PYWXDUMP_REQUIRED) <= set(_header(head))

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        for line, row in _rows(stream, context, PYWXDUMP_REQUIRED):
            position = f"line {line}"
            outgoing = _sender_flag(row["is_sender"], context, position)
            talker = row["talker"].strip()
            yield Record(
                kind=RecordKind.CHAT,
                timestamp=parse_local(row["CreateTime"], _LOCAL_FORMATS, context, position),
                direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                counterpart=row["room_name"].strip(),
                counterpart_name="" if outgoing or talker == "我" else talker,
                text=row["msg"],
                position=position,
                external_id=row["MsgSvrID"].strip(),
                meta={
                    "msg_type": row["type_name"].strip(),
                    "sender": talker,
                    "src": row.get("src", "").strip(),
                },
            )
