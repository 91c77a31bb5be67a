"""Import integrity: what is not a regular file is never opened; progress while hashing and copying."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from xieshang.core.errors import InputError
from xieshang.evidence import sources, store
from xieshang.evidence.models import EvidenceRecord

from .conftest import fake_import
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

T = "2024-03-05T09:00:00+08:00"


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Opening a FIFO without a writer blocks: fail the test after 10 s instead of hanging the suite."""

    def fail(*_: object) -> None:
        raise TimeoutError("the import blocked (a FIFO was opened)")

    before = signal.signal(signal.SIGALRM, fail)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def test_fifo_socket_and_broken_link_in_a_folder_are_skipped_and_listed(case, tmp_path, no_hang):
    folder = tmp_path / "backup"
    folder.mkdir()
    fake_file(folder / "a.txt", [line(T, "95188", "您已逾期")])
    os.mkfifo(folder / "pipe")
    (folder / "gone").symlink_to(folder / "nowhere")
    sock = socket.socket(socket.AF_UNIX)
    sock_path = Path(os.path.relpath(folder / "sock"))  # AF_UNIX paths are short: relative to the cwd
    try:
        sock.bind(str(sock_path))
        report = fake_import(case, folder)
    finally:
        sock.close()
    assert [Path(f.path).name for f in report.files] == ["a.txt"]
    assert report.imported["sms"] == 1 and EvidenceRecord.objects.count() == 1
    skipped = {Path(s.path).name: s for s in report.skipped}
    assert set(skipped) == {"pipe", "gone", "sock"}
    assert "FIFO" in skipped["pipe"].reason and "not a regular file" in skipped["pipe"].reason
    assert "socket" in skipped["sock"].reason and "broken link" in skipped["gone"].reason
    assert "命名管道" in skipped["pipe"].reason_zh
    as_json = report.as_json()["skipped"]
    assert {Path(s["path"]).name for s in as_json} == {"pipe", "gone", "sock"}


def test_a_fifo_named_directly_is_refused_as_not_a_regular_file(case, tmp_path, no_hang):
    good = fake_file(tmp_path / "a.txt", [line(T, "95188", "您已逾期")])
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(InputError) as err:
        fake_import(case, good, tmp_path / "pipe")
    assert "Not a regular file" in err.value.message_en and "pipe" in err.value.message_en
    assert "FIFO" in err.value.message_en and "不是普通文件" in err.value.message_zh
    assert EvidenceRecord.objects.count() == 0  # every path is checked before anything is written


def test_open_source_refuses_a_fifo_without_blocking(tmp_path, no_hang):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(InputError, match="FIFO"):
        sources.open_source(tmp_path / "pipe")
    with pytest.raises(InputError, match="FIFO"):
        store.file_sha256(tmp_path / "pipe")


def test_progress_is_reported_while_hashing_and_copying_not_only_while_parsing(case, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PROGRESS_BYTES", 1)  # every chunk (1 MiB)
    filler = "填" * 200_000  # ~600 KB of text per record
    src = fake_file(tmp_path / "big.txt", [line(T, "95188", f"{filler}{n}") for n in range(6)])
    size = src.stat().st_size
    calls: list[tuple[str, int, int]] = []
    sizes_seen: list[int] = []

    def progress(path: Path, done: int, total: int) -> None:
        calls.append((path.name, done, total))
        sizes_seen.append(EvidenceRecord.objects.count())

    fake_import(case, src, progress=progress)
    assert all(name == "big.txt" and total == size and 0 < done <= size for name, done, total in calls)
    # before any record was written: the hashing pass, then the copy, each from a first chunk up to the size
    before_records = [done for (_, done, _), n in zip(calls, sizes_seen, strict=True) if n == 0]
    ends = [i for i, done in enumerate(before_records) if done == size]
    assert len(ends) >= 2, before_records  # two passes ended: hashing, copying into the store
    assert before_records[0] < size and before_records[ends[0] + 1] < size  # each pass reports midway
    assert calls[-1][1] == size
