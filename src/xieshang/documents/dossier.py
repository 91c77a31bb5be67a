"""The evidence dossier: one ZIP a lender, a regulator (12378/12363) or a court can check by itself.

    manifest.json   every original: SHA-256, size, name, source path, format, import time, ledger entry;
                    the ledger head hash; the index's own hash
    index.pdf       the evidence index and the timeline of the contacts, messages and calls, in order (all of
                    them when they fit a readable PDF; else those tagged to the case's lenders, newest first cut)
    timeline.csv    every contact, message and call of the case, in order (UTF-8 with BOM: opens in Excel/WPS)
    findings.csv    every collection-conduct finding with the records it rests on (the PDF groups them when
                    there are many)
    transcripts.csv (a case with call transcripts) every machine-transcript segment with its offsets in the
                    recording, the model and its hash — "机器转写，请核对录音"
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
    tables: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The manifest; `tables`: (path, sha256) of the derived CSV tables (timeline, findings)."""
    data = {
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
    if tables:
        data["tables"] = [{"path": path, "sha256": sha256} for path, sha256 in tables]
    return data


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
    tables: Sequence[tuple[str, IO[bytes]]] = (),
) -> dict[str, Any]:
    """Write the ZIP to `out` and return its manifest. Each original is re-hashed while it is copied:
    a stored file whose bytes no longer match its recorded SHA-256 stops the export. `tables`: (name,
    seekable stream) of derived CSV tables — they may be large: read twice, never held in memory."""
    from xieshang.core.errors import IntegrityError

    ordered = sorted(files, key=lambda f: f.ref)
    ledger_bytes = ledger_jsonl(ledger)
    table_hashes: list[tuple[str, str]] = []
    sizes: dict[str, int] = {}
    for name, stream in tables:
        digest, size = hashlib.sha256(), 0
        stream.seek(0)
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        table_hashes.append((name, digest.hexdigest()))
        sizes[name] = size
    data = manifest(
        case_name=case_name,
        files=ordered,
        ledger_head=ledger_head,
        index_sha256=hashlib.sha256(index_pdf).hexdigest(),
        ledger_sha256=hashlib.sha256(ledger_bytes).hexdigest(),
        tables=table_hashes,
    )
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(
            _info("manifest.json"), json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )
        zf.writestr(_info("index.pdf"), index_pdf)
        zf.writestr(_info("ledger.jsonl"), ledger_bytes)
        for name, stream in tables:
            stream.seek(0)
            with zf.open(_info(name), "w", force_zip64=sizes[name] > 2**31) as dst:
                while chunk := stream.read(CHUNK):
                    dst.write(chunk)
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
    """Re-hash every original, the index and the tables against the manifest; check the ledger lines' own
    hashes."""
    problems: list[DossierProblem] = []
    with zipfile.ZipFile(zip_file) as zf:
        data = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
        derived = [data["index"], data["ledger"], *data.get("tables", [])]
        listed = {f["path"] for f in data["files"]} | {"manifest.json"} | {e["path"] for e in derived}
        for extra in sorted(names - listed):
            problems.append(DossierProblem(extra, "not in the manifest"))
        for entry in [*data["files"], *derived]:
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
