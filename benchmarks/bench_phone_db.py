"""Phone databases: an iOS `sms.db` of 200,000 messages read by the importer next to `sqlite3` reading the
same rows (the same query, every column the importer reads, no records built), and how long hostile
SQLite files take to be refused (goal: each within 5 s).

- `write_big_ios_sms_db(path, n, seed=0)`: iOS 14+ shape (nanosecond dates), 400 handles, 1 in 20
  messages in one of 30 group chats, 1 in 8 outgoing, 1 in 4 with the text only in `attributedBody`,
  1 in 200 with an attachment row (no file: listed as missing).
"""

from __future__ import annotations

import random
import sqlite3
import struct
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tests.fixtures.formats_phone_db import _IOS_SCHEMA, typedstream

from benchmarks.bench_importers import LENDERS, TEMPLATES
from benchmarks.framework import BenchResult, best_of
from xieshang.importers.base import ImportFormatError
from xieshang.importers.ios_sms import IosSmsImporter
from xieshang.importers.registry import context_for, parse_path

APPLE = datetime(2001, 1, 1, tzinfo=UTC)


def write_big_ios_sms_db(path: Path, n: int, *, seed: int = 0) -> Path:
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.executescript(_IOS_SCHEMA.format(extra=", destination_caller_id TEXT, is_spam INTEGER DEFAULT 0"))
    conn.executemany(
        "INSERT INTO handle (ROWID, id, country, service) VALUES (?, ?, 'cn', 'SMS')",
        [(i, f"+86139{i:08d}") for i in range(1, 401)],
    )
    conn.executemany(
        "INSERT INTO chat (ROWID, guid, style, chat_identifier, display_name) VALUES (?, ?, 43, ?, ?)",
        [(c, f"SMS;+;chat{c}", f"chat{c:06d}", f"群{c}") for c in range(1, 31)],
    )
    conn.executemany(
        "INSERT INTO chat_handle_join VALUES (?, ?)",
        [(c, h) for c in range(1, 31) for h in (c, c + 100, c + 200)],
    )
    start = int((datetime(2023, 1, 1, tzinfo=UTC) - APPLE).total_seconds()) * 1_000_000_000

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(1, n + 1):
            _number, lender = rng.choice(LENDERS)
            text = rng.choice(TEMPLATES).format(
                l=lender, d=rng.randint(1, 400), a=f"{rng.randint(100, 90000)}.00", b="0.00", m=1, day=1
            )
            attributed = i % 4 == 0
            from_me = i % 8 == 0
            yield (i, f"G-{i:08d}", None if attributed else text, rng.randint(1, 400), "SMS",
                   start + i * 61_000_000_000, int(from_me), int(from_me), typedstream(text) if attributed else None,
                   "+8618600000000")  # fmt: skip

    conn.executemany(
        "INSERT INTO message (ROWID, guid, text, handle_id, service, date, is_from_me, is_sent, attributedBody, "
        "destination_caller_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    conn.executemany(
        "INSERT INTO chat_message_join VALUES (?, ?)", [((i // 20) % 30 + 1, i) for i in range(20, n + 1, 20)]
    )
    conn.executemany(
        "INSERT INTO attachment (ROWID, guid, filename, mime_type, transfer_name) VALUES (?, ?, ?, 'image/jpeg', ?)",
        [
            (i, f"A-{i}", f"~/Library/SMS/Attachments/00/00/A-{i}/IMG_{i}.jpg", f"IMG_{i}.jpg")
            for i in range(200, n + 1, 200)
        ],
    )
    conn.executemany(
        "INSERT INTO message_attachment_join VALUES (?, ?)", [(i, i) for i in range(200, n + 1, 200)]
    )
    conn.commit()
    conn.close()
    return path


# the importer's own query (see IosSmsImporter._messages), read as plain rows
_BASELINE_SQL = (
    "SELECT m.ROWID, m.guid, m.text, m.attributedBody, m.service, m.date, m.date_read, m.date_delivered, "
    "m.is_from_me, m.is_sent, m.is_delivered, m.error, m.item_type, m.subject, m.destination_caller_id, m.account, "
    "m.is_read, m.cache_has_attachments, h.id, h.service, c.chat_id FROM message m "
    "LEFT JOIN handle h ON h.ROWID = m.handle_id LEFT JOIN (SELECT message_id, MIN(chat_id) AS chat_id "
    "FROM chat_message_join GROUP BY message_id) c ON c.message_id = m.ROWID ORDER BY m.ROWID"
)


def sqlite_rows(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return sum(1 for _row in conn.execute(_BASELINE_SQL))
    finally:
        conn.close()


def import_rows(path: Path) -> int:
    context = context_for(path)
    with path.open("rb") as stream:
        return sum(1 for _record in IosSmsImporter().parse(stream, context))


def _hostile(work: Path, good: Path) -> dict[str, Path]:
    """Copies of a real-sized database broken in the ways an attacker or a bad copy would."""
    raw = good.read_bytes()
    page = struct.unpack(">H", raw[16:18])[0]
    files: dict[str, Path] = {}

    def variant(name: str, data: bytes) -> None:
        files[name] = work / f"{name}.db"
        files[name].write_bytes(data)

    absurd = bytearray(raw)
    absurd[28:32] = struct.pack(">I", 0x7FFFFFFF)
    absurd[92:96] = absurd[24:28]
    variant("absurd_page_count", bytes(absurd))
    variant("truncated", raw[: len(raw) // 2])
    corrupt = bytearray(raw)
    for at in range(page * 50, len(raw), page * 97):
        corrupt[at : at + 64] = b"\xff" * 64
    variant("corrupt_pages", bytes(corrupt))
    huge = work / "oversized_value.db"
    huge.write_bytes(raw)
    conn = sqlite3.connect(huge)
    conn.execute("UPDATE message SET text = ? WHERE ROWID = 7", ("催" * (23 << 20),))  # 69 MB in one text
    conn.commit()
    conn.close()
    files["oversized_value"] = huge
    return files


def _with_views(work: Path, good: Path) -> Path:
    """A good database plus endless recursive views and self-feeding triggers: read, never run."""
    views = work / "recursive_views.db"
    views.write_bytes(good.read_bytes())
    conn = sqlite3.connect(views)
    conn.executescript(
        "CREATE VIEW forever AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r;"
        "CREATE TRIGGER loop AFTER UPDATE ON message BEGIN UPDATE message SET is_read = is_read + 1; END;"
    )
    conn.close()
    return views


def _refusal_seconds(path: Path) -> float:
    start = time.perf_counter()
    try:
        parse_path(path)
    except ImportFormatError:
        return time.perf_counter() - start
    raise AssertionError(f"{path.name} was not refused")


def run(quick: bool) -> list[BenchResult]:
    n = 20_000 if quick else 200_000
    with tempfile.TemporaryDirectory(prefix="xs-bench-phone-") as tmp:
        work = Path(tmp)
        db = write_big_ios_sms_db(work / "sms.db", n)
        assert import_rows(db) == sqlite_rows(db) == n
        base = best_of(2, lambda: sqlite_rows(db))
        ours = best_of(2, lambda: import_rows(db))
        size = db.stat().st_size / 1e6
        views = _with_views(work, db)
        with_views = best_of(1, lambda: import_rows(views))
        results = [
            BenchResult(
                f"importers.ios_sms_db_{n // 1000}k",
                ours,
                "s",
                "sqlite3 reading the same rows",
                base,
                "ratio <= 8",
                f"{size:.0f} MB; {n / ours:,.0f} records/s (quick_check, typedstream text, groups, statuses; "
                f"no database); with recursive views + triggers added: {with_views:.2f} s, none run",
            )
        ]
        hostile = _hostile(work, db)
        times: dict[str, float] = {name: _refusal_seconds(path) for name, path in hostile.items()}
        worst_name, worst = max(times.items(), key=lambda kv: kv[1])

        def open_only() -> None:
            sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True).close()

        results.append(
            BenchResult(
                "importers.sqlite_hostile_refusal_worst",
                worst,
                "s",
                "opening a good database",
                best_of(3, open_only),
                "value <= 5",
                f"{size:.0f} MB files; worst {worst_name}; "
                + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(times.items())),
            )
        )
        return results
