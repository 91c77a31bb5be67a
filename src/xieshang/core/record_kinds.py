"""The kinds of evidence record and their names: one table for the web (EvidenceRecord.Kind), the CLI's
import report and --kind, and the documents (timeline, cited records). The order is the pages' order."""

from __future__ import annotations

from typing import NamedTuple


class KindNames(NamedTuple):
    zh: str
    en: str  # one record
    en_plural: str  # a count of them ("calls 3")


RECORD_KINDS: dict[str, KindNames] = {
    "sms": KindNames("短信", "SMS", "SMS"),
    "mms": KindNames("彩信", "MMS", "MMS"),
    "call": KindNames("通话", "call", "calls"),
    "email": KindNames("电子邮件", "e-mail", "e-mails"),
    "attachment": KindNames("附件", "attachment", "attachments"),
    "chat": KindNames("聊天消息", "chat message", "chat messages"),
    "recording": KindNames("通话录音", "call recording", "recordings"),
    "document": KindNames("文件", "document", "documents"),
    # one segment of a machine transcript of a recording (derived from a recording; never imported)
    "transcript": KindNames("转写片段", "transcript segment", "transcript segments"),
}


def record_kind_name(kind: str, lang: str = "zh") -> str:
    """The name of one record of `kind` in `lang` ("en…" or Chinese); an unknown kind as it is."""
    names = RECORD_KINDS.get(kind)
    if names is None:
        return kind
    return names.en if lang.startswith("en") else names.zh
