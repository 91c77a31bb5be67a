"""What an unreadable file IS, and what to do — instead of a list of supported formats.

`identify(head, context)` is asked only after no importer read the file. It recognises, from content:
an encrypted iTunes/Finder backup (a file of one, or its Manifest.db), the backup's Manifest.db itself,
any other SQLite database (naming its tables), an Outlook `.msg` (OLE compound file), a Xiaomi `.bak` or
Android `adb backup` (`ANDROID BACKUP`, encrypted or not), a Huawei HiSuite/KoBackup backup (encrypted
with the user's password) and a ZIP archive.
"""

from __future__ import annotations

import re
from pathlib import Path

from xieshang.importers._common import format_error
from xieshang.importers.base import ImportFormatError, SourceContext
from xieshang.importers.ios_backup import ENCRYPTED_EN, ENCRYPTED_ZH, is_backup_root, is_encrypted
from xieshang.importers.sqlite_safe import MAGIC, open_error, sniff_tables

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEX40 = re.compile(r"^[0-9a-f]{40}$")
SUPPORTED_DB_ZH = (
    "支持的数据库：iOS sms.db、CallHistory.storedata，Android mmssms.db、calllog.db / contacts2.db"
)
SUPPORTED_DB_EN = (
    "supported databases: iOS sms.db and CallHistory.storedata, Android mmssms.db, calllog.db / contacts2.db"
)


def _in_backup(path: Path) -> Path | None:
    """The backup folder of a file named like a backup's (`<root>/<xx>/<40 hex>`), or of Manifest.db."""
    if path.name == "Manifest.db" and is_backup_root(path.parent):
        return path.parent
    if _HEX40.match(path.name) and path.parent.name == path.name[:2] and is_backup_root(path.parent.parent):
        return path.parent.parent
    return None


def _huawei(path: Path, head: bytes) -> bool:
    """A Huawei HiSuite / KoBackup backup: its `info.xml`, or an encrypted file beside it."""
    folder = path.parent
    if path.name.lower() == "info.xml":
        return b"backupfiles" in head.lower() or b"encrypt" in head.lower() or b"checkmsg" in head.lower()
    if path.suffix.lower() in (".enc", ".db", ".tar") and (folder / "info.xml").is_file():
        return not head.startswith(MAGIC)
    return False


_WECHAT_DB = re.compile(r"^(EnMicroMsg|MicroMsg|MSG\d*|message_\d+)\.db$", re.IGNORECASE)


def _known_db(tables: frozenset[str]) -> tuple[str, str] | None:
    """Databases we recognise but do not read: (zh, en) of what they are and what to do."""
    if "message" in tables and "msg_group" in tables and "handle" not in tables:
        return (
            "这是 iOS 5 或更早版本的短信数据库（sms.db），暂不支持：请升级后重新备份，或用其他工具导出为 XML/CSV",
            "this is an iOS 5 (or older) sms.db, not supported: back up from a newer iOS, or export it as XML/CSV",
        )
    if "ZWAMESSAGE" in tables or "messages" in tables and "jid" in tables:
        return (
            "这是 WhatsApp 的聊天数据库，暂不支持：请在 WhatsApp 中“导出聊天”后保存为文本",
            'this is a WhatsApp chat database, not supported: use WhatsApp\'s "Export chat" instead',
        )
    return None


def identify(head: bytes, context: SourceContext) -> ImportFormatError | None:
    """A refusal naming what the file is and what to do, or None when it is not recognised at all."""
    path = context.path
    root = _in_backup(path)
    if root is not None and is_encrypted(root):
        return format_error(context, "", ENCRYPTED_ZH, ENCRYPTED_EN)
    if path.name == "Manifest.db" and root is not None:
        return format_error(
            context, "",
            "这是 iTunes/Finder 备份的文件清单（Manifest.db），本身不含短信或通话：请导入整个备份文件夹",
            "this is an iTunes/Finder backup's file list (Manifest.db), which holds no messages or calls: "
            "import the whole backup folder",
        )  # fmt: skip
    if root is not None:
        return format_error(
            context, "",
            "这是 iTunes/Finder 备份中的一个文件，但不是短信或通话数据库：请导入整个备份文件夹",
            "this is one file of an iTunes/Finder backup, not its messages or calls: import the whole backup folder",
        )  # fmt: skip
    if head.startswith(MAGIC):
        tables = sniff_tables(head, context)
        if tables is None:
            return open_error(context) or format_error(
                context,
                "",
                "这是一个 SQLite 数据库，但已损坏或无法读取",
                "this is a SQLite database, but corrupt or unreadable",
            )
        known = _known_db(tables)
        if known is not None:
            return format_error(context, "", *known)
        shown = ", ".join(sorted(tables)[:12]) + (" …" if len(tables) > 12 else "")
        return format_error(
            context, "",
            f"这是一个结构未知的 SQLite 数据库（表：{shown or '无'}）。{SUPPORTED_DB_ZH}",
            f"this is a SQLite database of unknown schema (tables: {shown or 'none'}); {SUPPORTED_DB_EN}",
        )  # fmt: skip
    if _WECHAT_DB.match(path.name):
        return format_error(
            context, "",
            "这是微信的加密数据库（SQLCipher），不能直接读取：请用留痕 MemoTrace / WeChatMsg 导出为 CSV、HTML 或 TXT 后导入",
            "this is WeChat's encrypted database (SQLCipher), which cannot be read directly: export the chats "
            "with MemoTrace / WeChatMsg as CSV, HTML or TXT and import those",
        )  # fmt: skip
    if head.startswith(OLE_MAGIC):
        if path.suffix.lower() == ".msg" or "__substg1.0_".encode("utf-16-le") in head:
            return format_error(
                context, "",
                "这是 Outlook 邮件（.msg）：请在 Outlook 中打开后“另存为”.eml（或把邮件拖到桌面保存为 .eml），再导入",
                "this is an Outlook message (.msg): open it in Outlook and save it as .eml (or drag it to the "
                "desktop as .eml), then import that",
            )  # fmt: skip
        return format_error(
            context, "", "这是 Office 旧格式（OLE）文件（.doc/.xls/.msg）：请另存为 PDF 或 DOCX 后导入",
            "this is an old Office (OLE) file (.doc/.xls/.msg): save it as PDF or DOCX, then import that",
        )  # fmt: skip
    if head.startswith(b"MIUI BACKUP\n") or head.startswith(b"ANDROID BACKUP\n"):
        lines = head.split(b"\n", 12)
        at = next((i for i, line in enumerate(lines) if line == b"ANDROID BACKUP"), -1)
        encryption = lines[at + 3].strip().lower() if at >= 0 and len(lines) > at + 3 else b""
        brand_zh, brand_en = ("小米备份（.bak）", "a Xiaomi backup (.bak)") if head.startswith(b"MIUI") else (
            "Android adb 备份（.ab）", "an Android adb backup (.ab)")  # fmt: skip
        if encryption and encryption != b"none":
            return format_error(
                context, "",
                f"这是加密的{brand_zh}：请在手机上关闭备份密码后重新备份，或用「短信备份」类应用导出短信和通话 XML 后导入",
                f"this is {brand_en}, encrypted: back up again without a password, or export messages and calls "
                "as XML with an SMS backup app and import those",
            )  # fmt: skip
        return format_error(
            context, "",
            f"这是{brand_zh}，暂不能直接读取：请用「短信备份」类应用（如 SMS Backup & Restore）导出短信和通话 XML，"
            "或从备份中取出 mmssms.db / calllog.db 后导入",
            f"this is {brand_en}, which cannot be read directly: export messages and calls as XML with an SMS "
            "backup app (SMS Backup & Restore), or take mmssms.db / calllog.db out of it, and import those",
        )  # fmt: skip
    if _huawei(path, head):
        return format_error(
            context, "",
            "这是华为备份（HiSuite / 华为备份 KoBackup），已用备份密码加密：请在华为手机上恢复后，用「短信备份」类应用"
            "导出短信和通话 XML 再导入",
            "this is a Huawei backup (HiSuite / KoBackup), encrypted with the backup password: restore it on a "
            "phone, export messages and calls as XML with an SMS backup app, and import those",
        )  # fmt: skip
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() not in (".docx",):
        return format_error(
            context, "", "这是 ZIP 压缩包：请先解压，再导入解压出的文件夹",
            "this is a ZIP archive: extract it first, then import the extracted folder",
        )  # fmt: skip
    return None
