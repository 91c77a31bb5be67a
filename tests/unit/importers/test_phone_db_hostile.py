"""Hostile and broken SQLite files: refused with a clear error, never written, never left running.

Work is bounded in SQLite VM steps (deterministic; no clock in these tests); `make bench` measures the
seconds each refusal takes (`importers.sqlite_hostile_refusals`)."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures.formats_phone_db import AndroidSms, IosMessage, write_ios_sms_db, write_mmssms_db
from xieshang.importers import sqlite_safe
from xieshang.importers.base import ImportFormatError
from xieshang.importers.registry import parse_path

T0 = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in the folder: (sha256, mtime_ns) — a write or a new -journal/-wal/-shm shows."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def _sms_db(path: Path, n: int = 3) -> Path:
    return write_mmssms_db(
        path, [AndroidSms("10690000", int(T0.timestamp() * 1000) + i, 1, f"第{i}条") for i in range(n)]
    )


def _refused_untouched(path: Path) -> ImportFormatError:
    before = _snapshot(path.parent)
    with pytest.raises(ImportFormatError) as info:
        parse_path(path)
    assert _snapshot(path.parent) == before  # nothing written, nothing created beside it
    assert path.name in info.value.message_zh and path.name in info.value.message_en
    return info.value


def _patch(path: Path, offset: int, data: bytes) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset : offset + len(data)] = data
    path.write_bytes(bytes(raw))


def test_absurd_page_count_refused(tmp_path: Path) -> None:
    db = _sms_db(tmp_path / "mmssms.db")
    counter = path_bytes(db)[24:28]
    _patch(db, 28, struct.pack(">I", 0x7FFFFFFF))
    _patch(db, 92, counter)  # the count is "valid" for this change counter
    error = _refused_untouched(db)
    assert "2147483647" in error.message_en and "more than the file" in error.message_en


def path_bytes(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize("page_size", [b"\x00\x03", b"\x7f\xff", b"\x00\x00"])
def test_absurd_page_size_refused(tmp_path: Path, page_size: bytes) -> None:
    db = _sms_db(tmp_path / "mmssms.db")
    _patch(db, 16, page_size)
    assert "page size" in _refused_untouched(db).message_en


def test_truncated_database_refused(tmp_path: Path) -> None:
    db = _sms_db(tmp_path / "mmssms.db", n=2000)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    error = _refused_untouched(db)
    assert "corrupt" in error.message_en or "truncated" in error.message_en


def test_corrupt_btree_refused(tmp_path: Path) -> None:
    db = _sms_db(tmp_path / "mmssms.db", n=2000)
    page = struct.unpack(">H", db.read_bytes()[16:18])[0]
    _patch(db, page * 10, b"\xff" * 64)  # garbage over the header of page 11 (a leaf of `sms`)
    error = _refused_untouched(db)
    assert "corrupt" in error.message_en


def test_recursive_views_and_triggers_are_never_run(tmp_path: Path) -> None:
    db = _sms_db(tmp_path / "mmssms.db")
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE VIEW forever AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r;
        CREATE VIEW loop_a AS SELECT * FROM forever;
        CREATE TRIGGER again AFTER UPDATE ON sms BEGIN UPDATE sms SET read = read + 1; END;
        CREATE TRIGGER grow BEFORE INSERT ON sms BEGIN INSERT INTO sms (body) SELECT x FROM forever; END;
        """
    )
    conn.close()
    before = _snapshot(tmp_path)
    _, records = parse_path(db)
    assert [r.text for r in records] == ["第0条", "第1条", "第2条"]
    assert _snapshot(tmp_path) == before


def test_a_view_in_place_of_a_table_is_refused(tmp_path: Path) -> None:
    """`message` as an endless recursive VIEW: not the sms.db schema (tables), refused naming the tables."""
    db = tmp_path / "sms.db"
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT, service TEXT);
        CREATE VIEW message AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
          SELECT x AS ROWID, 'spam' AS text FROM r;
        """
    )
    conn.close()
    error = _refused_untouched(db)
    assert "unknown schema" in error.message_en and "handle" in error.message_en
    assert "结构未知的 SQLite 数据库" in error.message_zh


def test_work_budget_stops_a_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A statement past its VM-step budget is interrupted and the file refused as hostile."""
    db = _sms_db(tmp_path / "mmssms.db", n=3000)
    monkeypatch.setattr(sqlite_safe, "BATCH_STEPS", 2_000)
    error = _refused_untouched(db)
    assert "absurd amount of work" in error.message_en and "未写入任何内容" in error.message_zh


def test_quick_check_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _sms_db(tmp_path / "mmssms.db", n=3000)
    monkeypatch.setattr(sqlite_safe, "CHECK_BASE_STEPS", 1_000)
    monkeypatch.setattr(sqlite_safe, "CHECK_STEPS_PER_PAGE", 0)
    assert "quick_check" in _refused_untouched(db).message_en


def test_huge_value_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = write_mmssms_db(
        tmp_path / "mmssms.db", [AndroidSms("1", int(T0.timestamp() * 1000), 1, "x" * 50_000)]
    )
    monkeypatch.setattr(sqlite_safe, "MAX_VALUE_BYTES", 10_000)
    assert "too big" in _refused_untouched(db).message_en


def test_uncheckpointed_wal_beside_the_copy_refused(tmp_path: Path) -> None:
    db = write_ios_sms_db(tmp_path / "sms.db", [IosMessage(1, "10086", T0, "hi")], nanoseconds=True)
    (tmp_path / "sms.db-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 28)
    error = _refused_untouched(db)
    assert "sms.db-wal" in error.message_zh and "wal_checkpoint" in error.message_en


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\0" * 10),  # shorter than its header
        lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080),
    ],
)
def test_garbage_after_the_magic_refused(tmp_path: Path, make: Callable[[Path], None]) -> None:
    db = tmp_path / "mmssms.db"
    make(db)
    error = _refused_untouched(db)
    assert "SQLite" in error.message_en


def test_the_database_is_opened_read_only_and_immutable(tmp_path: Path) -> None:
    """Even a statement that tries to write is refused by the connection (authorizer + query_only)."""
    db = _sms_db(tmp_path / "mmssms.db")
    context = sqlite_safe.SourceContext(path=db, size=db.stat().st_size)
    before = _snapshot(tmp_path)
    with db.open("rb") as fh, sqlite_safe.open_db(fh, context) as safe:
        for statement in (
            "DELETE FROM sms",
            "CREATE TABLE x (a)",
            "ATTACH 'other.db' AS o",
            "PRAGMA journal_mode = WAL",
        ):
            with pytest.raises(sqlite3.DatabaseError):
                safe.conn.execute(statement)
    assert _snapshot(tmp_path) == before
