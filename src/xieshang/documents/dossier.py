"""The evidence dossier: one ZIP a lender, a regulator (12378/12363) or a court can check by itself.

    manifest.json   every original: SHA-256, size, name, source path, format, import time, ledger entry;
                    the ledger head hash; the index's own hash
    index.pdf       the evidence index and the timeline of every contact, message and call, in order
    ledger.jsonl    the case's ledger entries (payload, prev_hash, hash: sha256(payload + prev_hash))
    originals/      the files exactly as imported

Deterministic: the same evidence and ledger give the same manifest and the same ZIP bytes (sorted
order, fixed timestamps and permissions; the PDF renderer is deterministic too). Pure: the originals are
read through the `open` callable of each `DossierFile`, so this module needs no database.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

MANIFEST_FORMAT = "xieshang-dossier/1"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # ZIP's epoch: no clock leaks into the archive
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DossierFile:
    ref: str  # E01, E02, … (the evidence index's numbering)
    sha256: str
    size: int
    original_name: str
    source_path: str
    format: str
    imported_at: datetime
    ledger_seq: int | None
    records: int
    open: Callable[[], IO[bytes]]

    @property
    def path(self) -> str:
        return f"originals/{self.ref}_{safe_name(self.original_name)}"


@dataclass(frozen=True)
class LedgerLine:
    seq: int
    kind: str
    payload: str
    prev_hash: str
    hash: str


def safe_name(name: str) -> str:
    """A file name safe inside a ZIP on every system (no folders, no control or reserved characters)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r'[\x00-\x1f<>:"|?*]', "_", base).strip(" .")
    return base[:120] or "file"


def manifest(
    *,
    case_name: str,
    files: Sequence[DossierFile],
    ledger_head: tuple[int, str] | None,
    index_sha256: str,
    ledger_sha256: str,
) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "case": case_name,
        "ledger_head": None if ledger_head is None else {"seq": ledger_head[0], "hash": ledger_head[1]},
        "files": [
            {
                "ref": f.ref,
                "path": f.path,
                "sha256": f.sha256,
                "size": f.size,
                "original_name": f.original_name,
                "source_path": f.source_path,
                "format": f.format,
                "imported_at": f.imported_at.isoformat(),
                "ledger_seq": f.ledger_seq,
                "records": f.records,
            }
            for f in files
        ],
        "index": {"path": "index.pdf", "sha256": index_sha256},
        "ledger": {"path": "ledger.jsonl", "sha256": ledger_sha256},
        "hash_rule": "sha256 of each file's bytes; ledger entry hash = sha256(payload + prev_hash)",
    }


def ledger_jsonl(lines: Iterable[LedgerLine]) -> bytes:
    rows = (
        json.dumps(
            {"seq": x.seq, "kind": x.kind, "payload": x.payload, "prev_hash": x.prev_hash, "hash": x.hash},
            ensure_ascii=False,
            sort_keys=True,
        )
        for x in sorted(lines, key=lambda x: x.seq)
    )
    return "".join(row + "\n" for row in rows).encode("utf-8")


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def write_dossier(
    out: IO[bytes],
    *,
    case_name: str,
    files: Sequence[DossierFile],
    ledger_head: tuple[int, str] | None,
    ledger: Sequence[LedgerLine],
    index_pdf: bytes,
) -> dict[str, Any]:
    """Write the ZIP to `out` and return its manifest. Each original is re-hashed while it is copied:
    a stored file whose bytes no longer match its recorded SHA-256 stops the export."""
    from xieshang.core.errors import IntegrityError

    ordered = sorted(files, key=lambda f: f.ref)
    ledger_bytes = ledger_jsonl(ledger)
    data = manifest(
        case_name=case_name,
        files=ordered,
        ledger_head=ledger_head,
        index_sha256=hashlib.sha256(index_pdf).hexdigest(),
        ledger_sha256=hashlib.sha256(ledger_bytes).hexdigest(),
    )
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(
            _info("manifest.json"), json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )
        zf.writestr(_info("index.pdf"), index_pdf)
        zf.writestr(_info("ledger.jsonl"), ledger_bytes)
        for f in ordered:
            digest = hashlib.sha256()
            with f.open() as src, zf.open(_info(f.path), "w", force_zip64=f.size > 2**31) as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != f.sha256:
                raise IntegrityError(
                    f"证据文件 {f.original_name} 的内容与记录的 SHA-256 不符，已停止导出。",
                    f"evidence file {f.original_name} no longer matches its recorded SHA-256; export stopped.",
                )
    return data


@dataclass(frozen=True)
class DossierProblem:
    item: str
    detail: str


def verify_dossier(zip_file: IO[bytes] | str) -> list[DossierProblem]:
    """Re-hash every original and the index against the manifest; check the ledger lines' own hashes."""
    problems: list[DossierProblem] = []
    with zipfile.ZipFile(zip_file) as zf:
        data = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
        listed = {f["path"] for f in data["files"]} | {"manifest.json", "index.pdf", "ledger.jsonl"}
        for extra in sorted(names - listed):
            problems.append(DossierProblem(extra, "not in the manifest"))
        for entry in [*data["files"], data["index"], data["ledger"]]:
            if entry["path"] not in names:
                problems.append(DossierProblem(entry["path"], "missing"))
                continue
            digest = hashlib.sha256()
            with zf.open(entry["path"]) as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() != entry["sha256"]:
                problems.append(DossierProblem(entry["path"], "sha256 differs from the manifest"))
        if "ledger.jsonl" in names:
            for line in zf.read("ledger.jsonl").decode("utf-8").splitlines():
                if not line.strip():
                    continue
                row = json.loads(line)
                expected = hashlib.sha256((row["payload"] + row["prev_hash"]).encode("utf-8")).hexdigest()
                if expected != row["hash"]:
                    problems.append(DossierProblem(f"ledger #{row['seq']}", "entry hash does not match"))
    return problems
