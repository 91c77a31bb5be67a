"""The append-only, hash-chained ledger of imports, annotations, exports, deletion requests and anchors.

Each entry's canonical JSON (sorted keys, no spaces, UTF-8) holds its sequence number, kind, time and
data; its hash is `sha256(canonical_json + prev_hash)`; the first entry's `prev_hash` is 64 zeros.
Changing, removing or reordering any entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from xieshang.evidence.models import LedgerEntry

GENESIS = "0" * 64


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
    return LedgerEntry.objects.create(
        seq=seq,
        kind=kind,
        case_name=case_name,
        payload=payload,
        prev_hash=prev,
        hash=entry_hash(payload, prev),
        created_at=created,
    )


def ledger_head() -> LedgerEntry | None:
    return LedgerEntry.objects.order_by("-seq").first()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    detail: str


def chain_problems(entries: Iterator[LedgerEntry] | None = None) -> Iterator[ChainProblem]:
    """Walk the chain in order; yield every break (sequence gap, wrong link, wrong hash, bad payload)."""
    rows = entries if entries is not None else LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000)
    expected_seq, prev = 1, GENESIS
    for entry in rows:
        if entry.seq != expected_seq:
            yield ChainProblem(entry.seq, f"sequence jumps from {expected_seq - 1} to {entry.seq}")
        if entry.prev_hash != prev:
            yield ChainProblem(entry.seq, "previous hash does not match the entry before")
        if entry_hash(entry.payload, entry.prev_hash) != entry.hash:
            yield ChainProblem(entry.seq, "hash does not match the entry's content")
        try:
            body = json.loads(entry.payload)
            if canonical_json(body) != entry.payload:
                raise ValueError("not canonical")
            if body.get("seq") != entry.seq or body.get("kind") != entry.kind:
                yield ChainProblem(entry.seq, "sequence or kind differs from the signed payload")
        except ValueError:
            yield ChainProblem(entry.seq, "payload is not canonical JSON")
        expected_seq, prev = entry.seq + 1, entry.hash
