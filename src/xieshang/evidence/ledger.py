"""The append-only, hash-chained ledger of imports, annotations, exports, deletion requests and anchors.

Each entry's canonical JSON (sorted keys, no spaces, UTF-8) holds its sequence number, kind, time and
data; its hash is `sha256(canonical_json + prev_hash)`; the first entry's `prev_hash` is 64 zeros.
Changing, removing or reordering any entry breaks every hash after it.

Removing entries from the END leaves a valid shorter chain, and so does rewriting the whole chain: after
each commit the head (seq, hash) is also written beside the object store (`ledger-head.json`, a second
witness outside the database), and `verify` checks that the database still holds that entry unchanged.
An RFC 3161 anchor (tsa.py) is the witness nobody can rewrite.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from xieshang.evidence.models import LedgerEntry

GENESIS = "0" * 64
WITNESS_NAME = "ledger-head.json"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(payload: str, prev_hash: str) -> str:
    return hashlib.sha256((payload + prev_hash).encode("utf-8")).hexdigest()


def _lock() -> None:
    """Serialise appends (SQLite writers are serialised by BEGIN IMMEDIATE already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('xieshang_ledger'))")


@transaction.atomic
def ledger_append(
    *, kind: str, data: Mapping[str, Any], case_name: str = "", now: datetime | None = None
) -> LedgerEntry:
    if kind not in LedgerEntry.Kind.values:
        raise ValueError(f"unknown ledger kind {kind!r}")
    _lock()
    last = LedgerEntry.objects.order_by("-seq").only("seq", "hash").first()
    seq = last.seq + 1 if last else 1
    prev = last.hash if last else GENESIS
    created = now or timezone.now()
    payload = canonical_json(
        {
            "seq": seq,
            "kind": kind,
            "case": case_name,
            "at": created.isoformat(timespec="microseconds"),
            "data": dict(data),
        }
    )
    entry = LedgerEntry.objects.create(
        seq=seq,
        kind=kind,
        case_name=case_name,
        payload=payload,
        prev_hash=prev,
        hash=entry_hash(payload, prev),
        created_at=created,
    )
    transaction.on_commit(lambda: witness_write(entry.seq, entry.hash))
    return entry


def witness_path() -> Path:
    return Path(settings.XIESHANG_EVIDENCE_ROOT) / WITNESS_NAME


def witness_read() -> tuple[int, str] | None:
    """The (seq, hash) last written beside the store; None if there is none. ValueError if unreadable."""
    try:
        raw = witness_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(str(exc)) from exc
    body = json.loads(raw)  # ValueError on damage
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("seq"), int)
        or not isinstance(body.get("hash"), str)
    ):
        raise ValueError("not a ledger head")
    return body["seq"], body["hash"]


def witness_write(seq: int, hash_: str) -> None:
    """Record a committed head beside the store (atomic rename; never moves back to an older entry).

    Best effort: the entry is committed already, and a store that cannot be written is found by `verify`.
    """
    with contextlib.suppress(OSError, ValueError):
        current = witness_read()
        if current is not None and current[0] >= seq:
            return
        path = witness_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # One temporary file per thread: two requests of one server process may commit at the same time.
        tmp = path.with_name(f".{WITNESS_NAME}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(canonical_json({"seq": seq, "hash": hash_}) + "\n", encoding="utf-8")
        os.replace(tmp, path)


def witness_problem() -> ChainProblem | None:
    """Whether the database still holds the head the store last saw (no witness: nothing to compare)."""
    try:
        seen = witness_read()
    except ValueError:
        return ChainProblem(
            0,
            f"the ledger head kept beside the store ({WITNESS_NAME}) cannot be read",
            f"存放在证据库旁的台账头（{WITNESS_NAME}）无法读取",
        )
    if seen is None:
        return None
    seq, hash_ = seen
    entry = LedgerEntry.objects.filter(seq=seq).only("seq", "hash").first()
    if entry is None:
        last = ledger_head()
        ends, ends_zh = (f"#{last.seq}", f"#{last.seq}") if last else ("nothing (empty)", "空")
        return ChainProblem(
            seq,
            f"the store saw ledger #{seq}, the database ends at {ends}: entries were removed",
            f"证据库记下了台账 #{seq}，数据库中的台账止于 {ends_zh}：有条目被删除",
        )
    if entry.hash != hash_:
        return ChainProblem(
            seq,
            "differs from the entry the store saw: the ledger was rewritten",
            "与证据库记下的条目不同：台账被改写",
        )
    return None


def ledger_head() -> LedgerEntry | None:
    return LedgerEntry.objects.order_by("-seq").first()


def _same_time(signed: object, stored: datetime | None) -> bool:
    """The row's time is the one the payload signed (to the microsecond, in any time zone)."""
    if not isinstance(signed, str) or stored is None:
        return False
    try:
        when = datetime.fromisoformat(signed)
    except ValueError:
        return False
    if when.tzinfo is None or stored.tzinfo is None:
        return when.replace(tzinfo=None) == stored.replace(tzinfo=None)
    return when == stored


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    detail: str
    detail_zh: str = ""


def chain_problems(entries: Iterator[LedgerEntry] | None = None) -> Iterator[ChainProblem]:
    """Walk the chain in order; yield every break (sequence gap, wrong link, wrong hash, bad payload)."""
    rows = entries if entries is not None else LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000)
    expected_seq, prev = 1, GENESIS
    for entry in rows:
        if entry.seq != expected_seq:
            yield ChainProblem(
                entry.seq,
                f"sequence jumps from {expected_seq - 1} to {entry.seq}",
                f"序号从 {expected_seq - 1} 跳到 {entry.seq}（条目被删除或重排）",
            )
        if entry.prev_hash != prev:
            yield ChainProblem(
                entry.seq, "previous hash does not match the entry before", "前一哈希与上一条目不符"
            )
        if entry_hash(entry.payload, entry.prev_hash) != entry.hash:
            yield ChainProblem(
                entry.seq, "hash does not match the entry's content", "哈希与条目内容不符（内容被改动）"
            )
        try:
            body = json.loads(entry.payload)
            if canonical_json(body) != entry.payload:
                raise ValueError("not canonical")
            if body.get("seq") != entry.seq or body.get("kind") != entry.kind:
                yield ChainProblem(
                    entry.seq, "sequence or kind differs from the signed payload", "序号或类型与已签内容不符"
                )
            if body.get("case", "") != entry.case_name:
                yield ChainProblem(entry.seq, "case differs from the signed payload", "案件与已签内容不符")
            if not _same_time(body.get("at"), entry.created_at):
                yield ChainProblem(
                    entry.seq,
                    "time (created_at) differs from the signed payload",
                    "时间（created_at）与已签内容不符",
                )
        except ValueError:
            yield ChainProblem(entry.seq, "payload is not canonical JSON", "条目内容不是规范 JSON")
        expected_seq, prev = entry.seq + 1, entry.hash
