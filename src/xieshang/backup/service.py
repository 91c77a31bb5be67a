"""`backup_create` and `backup_restore`: the database, the evidence store and the ledger head in one archive.

The archive is a tar file (readable by any `tar`), its members in this order:

    xieshang-backup.json   the manifest: format, version, time, database vendor, the database member's
                           SHA-256, the ledger head, the number and bytes of the objects
    database.sqlite3       SQLite: the database as SQLite's online backup API copies it (one snapshot)
    database.jsonl         PostgreSQL: every row of every table, one JSON line each (Django's model
                           serialisation, times to the microsecond), read in one REPEATABLE READ
                           transaction (one snapshot)
    ledger-head.json       the ledger head of that snapshot (the witness written beside the store)
    objects/ab/cdef…       every original the snapshot's evidence files refer to, named by its SHA-256

Consistent: the database is read as one snapshot and the ledger head and the list of objects come from that
same snapshot; objects are content-addressed and never change, so an import running meanwhile only adds
objects the snapshot does not name. Each object is hashed as it is written; a damaged one stops the backup.

Restore checks every member against the manifest before it touches anything, refuses to go back over a
vault whose ledger is newer than the backup's (or a different one) unless `force` — and with `force` it
first saves what is there as `before-restore-<time>.tar` beside the data (evidence is never thrown away) —
then replaces the database, adds the objects, writes the ledger head and runs `evidence_verify`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from xieshang import __version__
from xieshang.core.errors import InputError, IntegrityError
from xieshang.evidence import store
from xieshang.evidence.integrity import VerifyReport, evidence_verify
from xieshang.evidence.ledger import WITNESS_NAME, canonical_json, witness_read
from xieshang.evidence.models import EvidenceFile, LedgerEntry

FORMAT = 1
MANIFEST = "xieshang-backup.json"
CHUNK = 1024 * 1024


@dataclass
class BackupReport:
    path: str
    vendor: str
    objects: int = 0
    object_bytes: int = 0
    head: dict[str, Any] | None = None
    saved_before: str = ""  # restore --force: where the replaced state was saved
    verify: VerifyReport | None = None
    moved_aside: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "database": self.vendor,
            "objects": self.objects,
            "object_bytes": self.object_bytes,
            "ledger_head": self.head,
        }
        if self.saved_before:
            out["saved_before"] = self.saved_before
        if self.verify is not None:
            out["verify"] = self.verify.as_json()
        return out


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader(io.RawIOBase):
    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._fh.read(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


# --- the snapshot ----------------------------------------------------------------------------------


def _snapshot_sqlite(target: Path) -> tuple[dict[str, Any] | None, list[tuple[str, int]]]:
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(target)) as dst:
        connection.connection.backup(dst)  # SQLite's online backup: one consistent copy, writers wait
        head = dst.execute(
            f"SELECT seq, hash FROM {LedgerEntry._meta.db_table} ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        files = dst.execute(f"SELECT DISTINCT sha256, size FROM {EvidenceFile._meta.db_table}").fetchall()
    return ({"seq": int(head[0]), "hash": str(head[1])} if head else None), [
        (str(s), int(n)) for s, n in files
    ]


def _models() -> list[Any]:
    """Every concrete model, those others refer to first (the order loaddata would need)."""
    from django.apps import apps
    from django.core import serializers

    app_list = {
        config: [m for m in config.get_models() if m._meta.managed and not m._meta.proxy]
        for config in apps.get_app_configs()
    }
    return [m for m in serializers.sort_dependencies(app_list.items(), allow_cycles=True) if m._meta.managed]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()  # to the microsecond (Django's JSON encoder keeps milliseconds only)
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dump_rows(out: IO[str]) -> None:
    """One JSON line per row (Django's "python" serialisation: model, pk, fields), table by table."""
    from django.core import serializers

    for model in _models():
        rows = model._base_manager.order_by("pk")
        last = None
        while True:
            chunk = list((rows.filter(pk__gt=last) if last is not None else rows)[:2000])
            if not chunk:
                break
            for item in serializers.serialize("python", chunk):
                out.write(json.dumps(item, ensure_ascii=False, default=_json_value) + "\n")
            last = chunk[-1].pk


def _load_rows(path: Path) -> None:
    from django.core import serializers

    def items() -> Any:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    tables: set[str] = set()
    with connection.constraint_checks_disabled():
        for obj in serializers.deserialize("python", items(), handle_forward_references=True):
            obj.save()
            tables.add(obj.object._meta.db_table)
    connection.check_constraints(table_names=sorted(tables))


def _snapshot_postgres(target: Path) -> tuple[dict[str, Any] | None, list[tuple[str, int]]]:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with target.open("w", encoding="utf-8") as out:
            _dump_rows(out)
        last = LedgerEntry.objects.order_by("-seq").only("seq", "hash").first()
        files = list(EvidenceFile.objects.values_list("sha256", "size").distinct())
    return ({"seq": last.seq, "hash": last.hash} if last else None), [(s, int(n)) for s, n in files]


def _member(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(tz=UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup_create(*, out: Path) -> BackupReport:
    """Write the archive to `out` (atomically: a temporary file renamed at the end; mode 0600)."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise InputError(f"不支持的数据库：{vendor}", f"unsupported database: {vendor}")
    out = out.expanduser().resolve()
    if not out.parent.is_dir():
        raise InputError(f"文件夹不存在：{out.parent}", f"no such folder: {out.parent}")
    report = BackupReport(path=str(out), vendor=vendor)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".xieshang-backup-") as stage_dir:
        stage = Path(stage_dir)
        db_name = "database.sqlite3" if vendor == "sqlite" else "database.jsonl"
        db_file = stage / db_name
        snapshot = _snapshot_sqlite if vendor == "sqlite" else _snapshot_postgres
        head, files = snapshot(db_file)
        report.head = head
        objects = sorted({sha for sha, _ in files})
        sizes = dict(files)
        for sha in objects:
            if not store.object_path(sha).is_file():
                raise IntegrityError(
                    f"证据库缺少对象 {sha}：请先运行 xieshang verify。",
                    f"the evidence store lacks object {sha}: run `xieshang verify` first.",
                )
        manifest = {
            "format": FORMAT,
            "xieshang": __version__,
            "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "member": db_name, "sha256": _sha256_file(db_file)},
            "ledger_head": head,
            "objects": len(objects),
            "object_bytes": sum(sizes[sha] for sha in objects),
        }
        tmp = stage / "archive.tar"
        with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
            _member(tar, MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
            tar.add(db_file, arcname=db_name, recursive=False)
            _member(tar, WITNESS_NAME, (canonical_json(head) + "\n").encode() if head else b"null\n")
            for sha in objects:
                path = store.object_path(sha)
                info = tar.gettarinfo(str(path), arcname=f"objects/{sha[:2]}/{sha[2:]}")
                with path.open("rb") as fh:
                    reader = _HashingReader(fh)
                    tar.addfile(info, io.BufferedReader(reader, CHUNK))
                if reader.digest.hexdigest() != sha:
                    raise IntegrityError(
                        f"证据库中的对象 {sha} 已损坏：请先运行 xieshang verify。",
                        f"object {sha} in the evidence store is damaged: run `xieshang verify` first.",
                    )
                report.objects += 1
                report.object_bytes += info.size
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    return report


# --- restore ---------------------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    first = tar.next()
    if first is None or first.name != MANIFEST:
        raise InputError(
            "这不是协商的备份文件（缺少 xieshang-backup.json）。",
            "This is not a Xieshang backup (no xieshang-backup.json first).",
        )
    fh = tar.extractfile(first)
    try:
        manifest = json.loads(fh.read() if fh else b"")
    except ValueError as exc:
        raise InputError("备份文件的清单已损坏。", "The backup's manifest is damaged.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError("不支持的备份格式。", "Unsupported backup format.")
    return manifest


def _current_head() -> tuple[int, str] | None:
    """The newest ledger head this home knows: the database's, or the witness beside the store."""
    heads: list[tuple[int, str]] = []
    with contextlib.suppress(Exception):
        last = LedgerEntry.objects.order_by("-seq").only("seq", "hash").first()
        if last is not None:
            heads.append((last.seq, last.hash))
    with contextlib.suppress(ValueError):
        seen = witness_read()
        if seen is not None:
            heads.append(seen)
    return max(heads) if heads else None


def _refuse_newer(manifest: dict[str, Any]) -> None:
    current = _current_head()
    if current is None:
        return
    theirs = manifest.get("ledger_head") or None
    back_seq = int(theirs["seq"]) if theirs else 0
    if current[0] > back_seq:
        raise InputError(
            f"当前证据库的台账（#{current[0]}）比备份中的（#{back_seq}）新：恢复会丢失之后的证据。"
            "确需恢复请加 --force（当前数据会先另存为备份文件）。",
            f"The current vault's ledger (#{current[0]}) is newer than the backup's (#{back_seq}): restoring "
            "would lose what came after. Add --force to restore anyway (the current data is saved first).",
        )
    if theirs and current[0] == back_seq and current[1] != theirs["hash"]:
        raise InputError(
            "当前证据库的台账与备份中的不是同一条记录链。确需恢复请加 --force（当前数据会先另存为备份文件）。",
            "The current vault's ledger is not the backup's chain. Add --force to restore anyway (the "
            "current data is saved first).",
        )


def _has_data() -> bool:
    with contextlib.suppress(Exception):
        from xieshang.cases.models import Case

        return LedgerEntry.objects.exists() or Case.objects.exists()
    return False


def _extract(
    tar: tarfile.TarFile, manifest: dict[str, Any], stage: Path
) -> tuple[Path, dict[str, Any] | None, list[str]]:
    """Every member into `stage`, each checked: the database against the manifest, objects against names."""
    db_member = str(manifest["database"]["member"])
    db_path: Path | None = None
    head: dict[str, Any] | None = None
    objects: list[str] = []
    for info in tar:
        if info.name == MANIFEST:
            continue  # read first, by _read_manifest
        if not info.isfile():
            raise InputError(f"备份中有异常条目：{info.name}", f"unexpected entry in the backup: {info.name}")
        fh = tar.extractfile(info)
        assert fh is not None
        if info.name == db_member:
            db_path = stage / db_member
            with db_path.open("wb") as out:
                shutil.copyfileobj(fh, out, CHUNK)
            if _sha256_file(db_path) != manifest["database"]["sha256"]:
                raise InputError(
                    "备份中的数据库已损坏（哈希不符）。", "The backup's database is damaged (hash differs)."
                )
        elif info.name == WITNESS_NAME:
            head = json.loads(fh.read())
        elif info.name.startswith("objects/"):
            sha = info.name.removeprefix("objects/").replace("/", "")
            if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
                raise InputError(
                    f"备份中有异常条目：{info.name}", f"unexpected entry in the backup: {info.name}"
                )
            target = stage / "objects" / sha
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha:
                raise InputError(
                    f"备份中的原件 {sha} 已损坏。", f"the original {sha} in the backup is damaged."
                )
            objects.append(sha)
        else:
            raise InputError(f"备份中有异常条目：{info.name}", f"unexpected entry in the backup: {info.name}")
    if db_path is None or len(objects) != int(manifest.get("objects", -1)):
        raise InputError("备份不完整。", "The backup is incomplete.")
    if head != manifest.get("ledger_head"):
        raise InputError("备份中的台账头与清单不符。", "The backup's ledger head differs from its manifest.")
    return db_path, head, objects


def _restore_database(vendor: str, db_path: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(db_path)) as src:
            src.backup(connection.connection)  # page by page into the live database, in one step
        call_command("migrate", interactive=False, verbosity=0)  # a backup made by an older version
        return
    with transaction.atomic():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        _load_rows(db_path)
        from django.apps import apps
        from django.core.management.color import no_style

        models = [m for m in apps.get_models(include_auto_created=True)]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _write_head(head: dict[str, Any] | None) -> None:
    path = Path(settings.XIESHANG_EVIDENCE_ROOT) / WITNESS_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if head is None:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_name(f".{WITNESS_NAME}.restore.tmp")
    tmp.write_text(canonical_json({"seq": head["seq"], "hash": head["hash"]}) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _place_objects(stage: Path, objects: list[str]) -> None:
    """Into the local store (and, with a bucket of record, the bucket: written once, see evidence.bucket)."""
    base = store.store_root() / "objects"
    for sha in objects:
        target = base / sha[:2] / sha[2:]
        if not (target.is_file() and _sha256_file(target) == sha):
            target.parent.mkdir(parents=True, exist_ok=True)
            source = stage / "objects" / sha
            os.chmod(source, 0o400)
            if target.exists():
                os.chmod(target, 0o600)
            os.replace(source, target)
        store._upload(sha)  # a no-op without a bucket; an object the bucket holds already is left alone


def _move_aside_unknown(keep: set[str], aside: Path) -> list[str]:
    """--force: objects of the replaced vault the restored database does not name go to `aside`."""
    moved: list[str] = []
    base = store.store_root() / "objects"
    if not base.is_dir():
        return moved
    for folder in sorted(base.iterdir()):
        if not folder.is_dir():
            continue
        for obj in sorted(folder.iterdir()):
            sha = folder.name + obj.name
            if sha in keep:
                continue
            target = aside / "objects" / folder.name / obj.name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(obj, target)
            moved.append(sha)
    return moved


def backup_restore(*, path: Path, force: bool = False) -> BackupReport:
    """Restore the archive at `path` over this home; then `evidence_verify` (IntegrityError when it fails)."""
    vendor = connection.vendor
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 (closed by the `with tar` below)
    except (OSError, tarfile.TarError) as exc:
        raise InputError(f"无法读取备份文件：{path}", f"cannot read the backup: {path}") from exc
    with tar, tempfile.TemporaryDirectory(dir=Path(settings.HOME), prefix=".restore-") as stage_dir:
        manifest = _read_manifest(tar)
        if manifest["database"]["vendor"] != vendor:
            raise InputError(
                f"备份来自 {manifest['database']['vendor']} 数据库，当前使用的是 {vendor}。",
                f"The backup is of a {manifest['database']['vendor']} database; this home uses {vendor}.",
            )
        if not force:
            _refuse_newer(manifest)
        db_path, head, objects = _extract(tar, manifest, Path(stage_dir))
        report = BackupReport(path=str(path), vendor=vendor, objects=len(objects), head=head)
        report.object_bytes = int(manifest.get("object_bytes", 0))
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
        if force and _has_data():  # what is there now is evidence too: saved before it is replaced
            before = Path(settings.HOME) / f"before-restore-{stamp}.tar"
            backup_create(out=before)
            report.saved_before = str(before)
        _restore_database(vendor, db_path)
        _place_objects(Path(stage_dir), objects)
        if force:
            report.moved_aside = _move_aside_unknown(set(objects), Path(settings.HOME) / f"replaced-{stamp}")
        _write_head(head)
    from django.core.cache import cache

    cache.clear()  # figures cached under the old data's digests
    report.verify = evidence_verify()
    return report
