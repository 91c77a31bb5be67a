"""Hostile and broken XML: refused before anything is resolved, in bounded time and memory."""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import Sms, write_sms_backup
from xieshang.importers.base import ImportFormatError, SourceContext
from xieshang.importers.safexml import iter_children, scan_prolog
from xieshang.importers.sms_backup import SmsBackupImporter

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE smses [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<smses count="1"><sms address="1" date="1704067200000" type="1" body="&lol9;" /></smses>
"""


def _xxe(target: Path) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE smses [<!ENTITY xxe SYSTEM "file://{target}">]>\n'
        '<smses count="1"><sms address="1" date="1704067200000" type="1" body="&xxe;" /></smses>\n'
    )


@pytest.mark.parametrize("kind", ["billion_laughs", "xxe", "external_dtd", "parameter_entity"])
def test_dtd_refused_fast_and_small(tmp_path, refuse, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    text = {
        "billion_laughs": BILLION_LAUGHS,
        "xxe": _xxe(secret),
        "external_dtd": f'<?xml version="1.0"?><!DOCTYPE smses SYSTEM "file://{secret}"><smses count="0"/>',
        "parameter_entity": f'<!DOCTYPE smses [<!ENTITY % p SYSTEM "file://{secret}"> %p;]><smses/>',
    }[kind]
    path = tmp_path / "sms-hostile.xml"
    path.write_text(text)
    tracemalloc.start()
    started = time.perf_counter()
    error = refuse(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "DTD" in error.message_en and "DTD" in error.message_zh
    assert "TOP-SECRET" not in error.message_en + error.message_zh
    assert elapsed < 1.0
    assert peak < 5 * 1024 * 1024


def test_parser_refuses_dtd_even_when_detection_is_bypassed(tmp_path):
    path = tmp_path / "sms.xml"
    path.write_text(BILLION_LAUGHS)
    context = SourceContext(path, path.stat().st_size)
    with path.open("rb") as stream, pytest.raises(ImportFormatError, match="DTD"):
        list(SmsBackupImporter().parse(stream, context))


def test_undefined_entity_is_an_error_with_line(tmp_path, refuse):
    path = tmp_path / "sms.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<smses>\n<sms address="1" date="1" type="1" body="&ghost;"/>\n</smses>\n'
    )
    error = refuse(path)
    assert "line 3" in error.message_en


def test_truncated_backup_names_line_and_column(tmp_path, refuse):
    t = datetime(2024, 1, 1, tzinfo=UTC)
    path = write_sms_backup(
        tmp_path / "sms.xml", [Sms("1", f"第{k}条", t + timedelta(minutes=k)) for k in range(50)]
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    error = refuse(path)
    assert "line " in error.message_en and "column" in error.message_en
    assert "截断" in error.message_zh


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (bytes(range(256)) * 4, "unknown format"),
        (b"<smses", "unknown format"),
    ],
)
def test_empty_and_garbage(tmp_path, refuse, content, reason):
    path = tmp_path / "sms-x.xml"
    path.write_bytes(content)
    assert reason in refuse(path).message_en


def test_wrong_root_refused_by_parser(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<calls/>")
    context = SourceContext(path, 8)
    with path.open("rb") as stream, pytest.raises(ImportFormatError, match="root element"):
        list(SmsBackupImporter().parse(stream, context))


def test_huge_body_attribute_refused(tmp_path, refuse):
    path = tmp_path / "sms.xml"
    body = "催" * ((1 << 20) + 10)
    path.write_text(
        f'<smses><sms address="1" date="1704067200000" type="1" body="{body}"/></smses>', encoding="utf-8"
    )
    assert "long" in refuse(path).message_en


def test_prolog_scanner():
    assert scan_prolog(b"<?xml version='1.0'?>\n<!-- c --><smses count='1'>").root == "smses"
    assert scan_prolog(b"\xef\xbb\xbf<calls>").root == "calls"
    assert scan_prolog("<?xml version='1.0' encoding='UTF-16'?><smses>".encode("utf-16")).root == "smses"
    assert scan_prolog(b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>").doctype
    assert scan_prolog(b"hello").garbage


def test_streaming_memory_is_flat(tmp_path):
    """Peak Python memory while parsing 2,000 vs 20,000 messages: about the same (not 10×)."""
    t = datetime(2024, 1, 1, tzinfo=UTC)

    def peak(n: int) -> int:
        path = write_sms_backup(
            tmp_path / f"sms-{n}.xml",
            [Sms("95188", "逾期提醒" * 20, t + timedelta(seconds=k)) for k in range(n)],
        )
        context = SourceContext(path, path.stat().st_size)
        tracemalloc.start()
        with path.open("rb") as stream:
            count = sum(1 for _ in SmsBackupImporter().parse(stream, context))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == n
        return top

    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5 + 256 * 1024


def test_iter_children_skips_nested(tmp_path):
    data = b"<smses><sms a='1'/><mms><parts><part/></parts></mms><sms a='2'/></smses>"
    context = SourceContext(tmp_path / "x.xml", len(data))
    tags = [
        (e.tag, e.get("a"))
        for e in iter_children(io.BytesIO(data), context, root="smses", tags=("sms", "mms"))
    ]
    assert tags == [("sms", "1"), ("mms", None), ("sms", "2")]
