"""Phone databases (SQLite) opened safely: read-only, immutable, bounded work, never written.

A phone's database is evidence: it is opened through a `file:…?mode=ro&immutable=1` URI (no journal, no
WAL, no lock file, not a byte written beside it), with `query_only`, `trusted_schema=OFF`, an authorizer
that allows nothing but reading, and a progress handler that stops any statement doing an absurd amount of
work. Before a row is read the file is checked:
- the 100-byte header (magic, page size a power of two from 512 to 65,536, the page count the header
  claims no larger than the file — "absurd page counts" are refused, not trusted);
- the schema parses (a corrupt or hostile `sqlite_master` — recursive views, triggers — is never
  executed: importers only read tables, and SQLite never runs a trigger on a SELECT);
- `PRAGMA quick_check` within a budget of virtual-machine steps proportional to the file's pages.
Work is counted in SQLite VM steps, not seconds, so the limits do not depend on a busy machine's clock;
the budgets keep a hostile file's refusal well under a second of work on a normal machine.

Every refusal is an `ImportFormatError` naming the file.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from xieshang.importers._common import format_error
from xieshang.importers.base import ImportFormatError, SourceContext

MAGIC = b"SQLite format 3\x00"
STEP = 1000  # the progress handler runs every STEP virtual-machine instructions
CHECK_BASE_STEPS = 20_000_000  # quick_check + schema: base budget …
CHECK_STEPS_PER_PAGE = 4_000  # … plus this much per page of the file
BATCH_STEPS = 50_000_000  # reading one batch of rows (BATCH rows) may take at most this many steps
BATCH = 500
MAX_VALUE_BYTES = 64 << 20  # one text or blob (an attachment's bytes are never in these databases)
MAX_MEMORY_DB = 256 << 20  # a database given as a stream without a file (tests, uploads in memory)

_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_PRAGMA,
}
_PRAGMAS = {"table_info", "quick_check", "query_only", "trusted_schema", "cell_size_check", "cache_size",
            "mmap_size", "temp_store", "page_count", "page_size", "table_list"}  # fmt: skip


@dataclass(frozen=True)
class Header:
    page_size: int
    page_count: int  # as the header claims it (0 when the header's count is not valid)
    write_version: int  # 1 legacy, 2 WAL


def read_header(head: bytes, context: SourceContext, size: int) -> Header:
    """The header of a SQLite file, checked against the file's size; ImportFormatError if absurd."""
    if len(head) < 100 or not head.startswith(MAGIC):
        raise format_error(context, "byte 0", "不是 SQLite 数据库", "not a SQLite database")
    raw_page = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if raw_page == 1 else raw_page
    write_version, read_version = head[18], head[19]
    if page_size < 512 or page_size & (page_size - 1):
        raise format_error(
            context, "byte 16", f"SQLite 页大小不合理：{raw_page}（文件已损坏）",
            f"absurd SQLite page size {raw_page} (the file is corrupt)",
        )  # fmt: skip
    if write_version not in (1, 2) or read_version not in (1, 2):
        raise format_error(
            context, "byte 18", "SQLite 文件格式版本未知（文件已损坏或被篡改）",
            "unknown SQLite file format version (corrupt or tampered file)",
        )  # fmt: skip
    change_counter, page_count, valid_for = (
        struct.unpack(">I", head[24:28])[0],
        struct.unpack(">I", head[28:32])[0],
        struct.unpack(">I", head[92:96])[0],
    )
    if change_counter != valid_for:
        page_count = 0  # written by an old SQLite: the count is not maintained
    if size < page_size or page_count * page_size > size:
        raise format_error(
            context, "byte 28",
            f"SQLite 头部声称 {page_count} 页 × {page_size} 字节，超过文件本身的 {size} 字节（文件已损坏或被截断）",
            f"the SQLite header claims {page_count} pages of {page_size} bytes, more than the file's {size} "
            "bytes (corrupt or truncated file)",
        )  # fmt: skip
    return Header(page_size, page_count, write_version)


class _Budget:
    """Counts VM steps; the progress handler aborts the statement past the limit."""

    def __init__(self) -> None:
        self.limit = 0
        self.used = 0
        self.exceeded = False

    def start(self, steps: int) -> None:
        self.limit, self.used, self.exceeded = steps, 0, False

    def __call__(self) -> int:
        self.used += STEP
        if self.used > self.limit:
            self.exceeded = True
            return 1  # non-zero: SQLite interrupts the statement
        return 0


def _authorizer(action: int, arg1: str | None, arg2: str | None, db: str | None, src: str | None) -> int:
    if action in _READ_ACTIONS:
        if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() not in _PRAGMAS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _file_of(stream: IO[bytes], context: SourceContext) -> Path | None:
    """The path of the file behind `stream` (same device and inode), else None."""
    name = getattr(stream, "name", None)
    if not isinstance(name, str | os.PathLike):
        return None
    path = Path(name)
    try:
        st = path.stat()
        fst = os.fstat(stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return path if (st.st_dev, st.st_ino) == (fst.st_dev, fst.st_ino) else None


class SafeDb:
    """One read-only, immutable, bounded connection to a phone database."""

    def __init__(self, conn: sqlite3.Connection, budget: _Budget, context: SourceContext, pages: int) -> None:
        self.conn = conn
        self.budget = budget
        self.context = context
        self.pages = pages
        self._columns: dict[str, set[str]] = {}

    def _error(self, exc: sqlite3.Error, what: str) -> ImportFormatError:
        if self.budget.exceeded:
            return format_error(
                self.context, "file",
                f"SQLite 数据库读取工作量异常（{what}），疑为恶意或损坏文件，已停止；未写入任何内容",
                f"the SQLite database needs an absurd amount of work ({what}): refused as hostile or corrupt; "
                "nothing was written",
            )  # fmt: skip
        return format_error(
            self.context, "file",
            f"SQLite 数据库已损坏或无法读取（{type(exc).__name__}: {str(exc)[:120]}）",
            f"the SQLite database is corrupt or unreadable ({type(exc).__name__}: {str(exc)[:120]})",
        )  # fmt: skip

    def tables(self) -> set[str]:
        rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table'", steps=CHECK_BASE_STEPS)
        return {str(r[0]) for r in rows}

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            rows = self.query(f"PRAGMA table_info({quote_ident(table)})", steps=CHECK_BASE_STEPS)
            self._columns[table] = {str(r[1]) for r in rows}
        return self._columns[table]

    def expr(self, table: str, column: str, alias: str = "", default: str = "NULL") -> str:
        """`table.column` when the table has it, else `default` — schemas differ between versions."""
        if column in self.columns(table):
            return f"{alias or quote_ident(table)}.{quote_ident(column)}"
        return default

    def col(self, table: str, column: str, alias: str = "", default: str = "NULL") -> str:
        """`expr(…) AS column`."""
        return f"{self.expr(table, column, alias, default)} AS {quote_ident(column)}"

    def query(
        self, sql: str, params: Sequence[Any] = (), *, steps: int = BATCH_STEPS
    ) -> list[tuple[Any, ...]]:
        """All rows of a small query (schema, look-up tables) within `steps`."""
        self.budget.start(steps)
        try:
            return list(self.conn.execute(sql, params))
        except sqlite3.Error as exc:
            raise self._error(exc, "query") from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        """Stream the rows of a query, BATCH at a time; each batch within BATCH_STEPS."""
        self.budget.start(BATCH_STEPS)
        try:
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            while True:
                self.budget.start(BATCH_STEPS)
                batch = cursor.fetchmany(BATCH)
                if not batch:
                    return
                yield from batch
        except sqlite3.Error as exc:
            raise self._error(exc, "rows") from None

    def check(self) -> None:
        """Schema parses and `PRAGMA quick_check` passes within its budget."""
        self.budget.start(CHECK_BASE_STEPS + CHECK_STEPS_PER_PAGE * self.pages)
        try:
            result = [str(r[0]) for r in self.conn.execute("PRAGMA quick_check(1)")]
        except sqlite3.Error as exc:
            raise self._error(exc, "quick_check") from None
        if result != ["ok"]:
            raise format_error(
                self.context, "file", f"SQLite 数据库已损坏（{result[0][:120] if result else '?'}）",
                f"the SQLite database is corrupt ({result[0][:120] if result else '?'})",
            )  # fmt: skip


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _configure(conn: sqlite3.Connection) -> _Budget:
    budget = _Budget()
    conn.set_progress_handler(budget, STEP)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    for pragma in ("query_only = ON", "trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0",
                   "temp_store = MEMORY", "cache_size = -16384"):  # fmt: skip
        conn.execute(f"PRAGMA {pragma}")
    conn.set_authorizer(_authorizer)
    return budget


@contextlib.contextmanager
def open_db(stream: IO[bytes], context: SourceContext, *, check: bool = True) -> Iterator[SafeDb]:
    """The database behind `stream`, checked (header, schema, quick_check); closed on exit."""
    head = stream.read(100)
    stream.seek(0)
    path = _file_of(stream, context)
    size = path.stat().st_size if path is not None else _stream_size(stream)
    header = read_header(head, context, size)
    pages = header.page_count or max(1, size // header.page_size)
    wal = context.path.with_name(context.path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise format_error(
            context, "file",
            f"数据库旁有尚未合并的日志 {wal.name}：最新的记录可能只在其中。请在电脑上用 sqlite3 执行 "
            "“PRAGMA wal_checkpoint”合并（在副本上操作）后再导入，或导入 iTunes/Finder 备份",
            f"{wal.name} beside the database holds changes not yet merged (the newest records may be only "
            "there): merge it on a copy (sqlite3 … 'PRAGMA wal_checkpoint') and import that, or import an "
            "iTunes/Finder backup",
        )  # fmt: skip
    conn = _connect(stream, path, size, context)
    try:
        budget = _configure(conn)
        db = SafeDb(conn, budget, context, pages)
        db.tables()  # parses the schema
        if check:
            db.check()
        yield db
    except sqlite3.Error as exc:
        raise format_error(
            context, "file", f"SQLite 数据库无法打开（{str(exc)[:120]}）",
            f"the SQLite database cannot be opened ({str(exc)[:120]})",
        ) from None  # fmt: skip
    finally:
        conn.close()


def _stream_size(stream: IO[bytes]) -> int:
    here = stream.tell()
    end = stream.seek(0, os.SEEK_END)
    stream.seek(here)
    return end


def _connect(stream: IO[bytes], path: Path | None, size: int, context: SourceContext) -> sqlite3.Connection:
    if path is not None:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    if size > MAX_MEMORY_DB:
        raise format_error(
            context,
            "file",
            "作为数据流提供的 SQLite 数据库过大",
            "a SQLite database given as a stream is too big",
        )
    data = stream.read()
    stream.seek(0)
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    try:
        conn.deserialize(data)
    except sqlite3.Error as exc:
        conn.close()
        raise format_error(
            context,
            "file",
            f"SQLite 数据库无法打开（{exc}）",
            f"the SQLite database cannot be opened ({exc})",
        ) from None
    return conn


def open_error(context: SourceContext) -> ImportFormatError | None:
    """Why the SQLite file at `context.path` cannot be read (header, schema, quick_check), or None."""
    try:
        with open(context.path, "rb") as fh, open_db(fh, context):
            return None
    except ImportFormatError as exc:
        return exc
    except OSError:
        return None


@lru_cache(maxsize=32)
def _tables_of(path: str, size: int, mtime_ns: int) -> frozenset[str] | None:
    context = SourceContext(path=Path(path), size=size)
    try:
        with open(path, "rb") as fh, open_db(fh, context, check=False) as db:
            return frozenset(db.tables())
    except (ImportFormatError, OSError):
        return None


def sniff_tables(head: bytes, context: SourceContext) -> frozenset[str] | None:
    """The table names of a SQLite file (for content detection), or None when `head` is not SQLite or the
    schema cannot be read. Read from the file at `context.path` when it holds these bytes; else from the
    head itself when the whole database fits in it."""
    if not head.startswith(MAGIC):
        return None
    path = context.path
    try:
        st = path.stat()
        with open(path, "rb") as fh:
            same = fh.read(len(head)) == head
    except OSError:
        same = False
    if same:
        return _tables_of(str(path), st.st_size, st.st_mtime_ns)
    try:
        with open_db(io.BytesIO(head), context, check=False) as db:
            return frozenset(db.tables())
    except ImportFormatError:
        return None
