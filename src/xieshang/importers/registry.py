"""All importers, and format detection from a file's content (the name only breaks ties)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from xieshang.importers._common import format_error
from xieshang.importers.android_sms import AndroidSmsDbImporter
from xieshang.importers.base import Importer, Record, SourceContext
from xieshang.importers.call_db import AndroidCallDbImporter, IosCallHistoryImporter
from xieshang.importers.call_log import CallLogImporter
from xieshang.importers.chat_qq import QqTxtImporter
from xieshang.importers.chat_wechat import PyWxDumpCsvImporter, WeChatMsgCsvImporter
from xieshang.importers.chat_wechat_text import WeChatMsgHtmlImporter, WeChatMsgTxtImporter
from xieshang.importers.documents import DocumentImporter
from xieshang.importers.email_import import EmlImporter
from xieshang.importers.ios_sms import IosSmsImporter
from xieshang.importers.mbox import MboxImporter
from xieshang.importers.recordings import CallRecordingImporter
from xieshang.importers.refusals import identify
from xieshang.importers.safexml import scan_prolog
from xieshang.importers.sms_backup import SmsBackupImporter

HEAD_SIZE = 64 * 1024
_HTML5_DOCTYPE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<!DOCTYPE\s+html\s*>", re.IGNORECASE)

# file-name suffixes that favour an importer when several read the same head
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "sms_backup_restore": (".xml",),
    "sms_backup_restore_calls": (".xml",),
    "eml": (".eml", ".txt"),
    "mbox": (".mbox", ".mbx", ""),
    "wechatmsg_csv": (".csv",),
    "pywxdump_csv": (".csv",),
    "qq_txt": (".txt",),
    "wechatmsg_html": (".html", ".htm"),
    "wechatmsg_txt": (".txt",),
    "call_recording": (".amr", ".mp3", ".m4a", ".aac", ".wav", ".ogg", ".flac", ".3gp"),
    "document": (".pdf", ".jpg", ".jpeg", ".png", ".docx"),
}


def all_importers() -> tuple[Importer, ...]:
    """Every importer, most specific first. Each has a stable `name` and a `version`."""
    return (
        SmsBackupImporter(),
        CallLogImporter(),
        IosSmsImporter(),
        IosCallHistoryImporter(),
        AndroidSmsDbImporter(),
        AndroidCallDbImporter(),
        MboxImporter(),
        EmlImporter(),
        WeChatMsgCsvImporter(),
        PyWxDumpCsvImporter(),
        WeChatMsgHtmlImporter(),
        QqTxtImporter(),
        WeChatMsgTxtImporter(),
        CallRecordingImporter(),
        DocumentImporter(),
    )


def importer_named(name: str) -> Importer:
    """The importer with this `name` (KeyError if none)."""
    for importer in all_importers():
        if importer.name == name:
            return importer
    raise KeyError(name)


def detect(head: bytes, context: SourceContext) -> Importer:
    """The importer that reads a file whose first bytes (up to 64 KiB) are `head`.

    Raises `ImportFormatError` naming the file when it is empty, declares a DTD (refused: XXE / billion
    laughs), or no importer reads it.
    """
    if not head.strip():
        raise format_error(context, "byte 0", "文件为空", "the file is empty")
    prolog = scan_prolog(head)
    if prolog.doctype and not _HTML5_DOCTYPE.match(head):  # HTML pages (MemoTrace) are never parsed as XML
        raise format_error(
            context,
            "prolog",
            "XML 含有 DTD / 实体声明（DOCTYPE、ENTITY），出于安全原因拒绝导入，未解析任何内容",
            "XML with a DTD / entity declarations (DOCTYPE, ENTITY) is refused for safety; nothing was resolved",
        )
    candidates = [imp for imp in all_importers() if imp.sniff(head, context)]
    if not candidates:
        known = identify(head, context)
        if known is not None:
            raise known
        raise format_error(
            context,
            "byte 0",
            "无法识别文件格式（支持：短信/通话备份 XML、iPhone sms.db / CallHistory.storedata / 整个 iTunes 备份文件夹、"
            "Android mmssms.db / calllog.db、eml、mbox、微信 CSV/HTML/TXT、QQ txt、通话录音、PDF/JPG/PNG/DOCX）",
            "unknown format (supported: SMS/call backup XML, iPhone sms.db / CallHistory.storedata / a whole "
            "iTunes backup folder, Android mmssms.db / calllog.db, eml, mbox, WeChat CSV/HTML/TXT, QQ txt, "
            "call recordings, PDF/JPG/PNG/DOCX)",
        )
    suffix = context.path.suffix.lower()
    for importer in candidates:
        if suffix in _SUFFIXES.get(importer.name, ()):
            return importer
    return candidates[0]


def context_for(path: Path, *, default_timezone: str = "Asia/Shanghai") -> SourceContext:
    """A `SourceContext` from a file on disk (size and mtime from the file system)."""
    stat = path.stat()
    return SourceContext(
        path=path,
        size=stat.st_size,
        mtime=datetime.fromtimestamp(stat.st_mtime, UTC),
        default_timezone=default_timezone,
    )


def parse_stream(stream: IO[bytes], context: SourceContext) -> tuple[Importer, Iterator[Record]]:
    """Detect the format from the stream's head (then rewind) and return the importer and its records.

    The stream must be seekable (a file opened "rb", or `io.BytesIO`).
    """
    head = stream.read(HEAD_SIZE)
    importer = detect(head, context)
    stream.seek(0)
    return importer, importer.parse(stream, context)


def parse_path(path: Path, *, default_timezone: str = "Asia/Shanghai") -> tuple[Importer, list[Record]]:
    """Convenience for tests and scripts: read a whole file's records into a list."""
    context = context_for(path, default_timezone=default_timezone)
    with path.open("rb") as stream:
        importer, records = parse_stream(stream, context)
        return importer, list(records)
