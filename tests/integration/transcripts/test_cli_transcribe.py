"""`xieshang transcribe`: the real engine on an imported Mandarin recording and an undecodable one, a
clear message (exit 2, nothing queued) when no model is installed, and search/verify that show it."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.asr import AUDIO, need_asr
from tests.fixtures.formats_media import m4a_bytes
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.evidence.models import EvidenceRecord, Transcript

from .conftest import RECORDING_NAME

pytestmark = [pytest.mark.django_db]


def cli(*argv: str, lang: str = "zh_CN.UTF-8") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": lang, "XIESHANG_DEBUG": "1"}))
    return status, out.getvalue(), err.getvalue()


def _import(tmp_path: Path, *files: tuple[str, Path | bytes]) -> None:
    paths = []
    for name, source in files:
        target = tmp_path / name
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
        paths.append(str(target))
    status, _, err = cli("import", *paths, "--case", "calls")
    assert status == 0, err


def test_transcribe_search_and_verify(tmp_path: Path, asr_settings: Any) -> None:
    need_asr()
    _import(tmp_path, (RECORDING_NAME, AUDIO / "BAC009S0764W0121.wav"))
    status, out, err = cli("transcribe", "--case", "calls", "--json")
    assert status == 0, err
    body = json.loads(out)
    assert body["failed"] == [] and len(body["transcripts"]) == 1
    item = body["transcripts"][0]
    assert item["model"] == "whisper-base" and item["segments"] >= 1 and item["speakers_told_apart"] is False

    status, out, _ = cli("transcribe", "--case", "calls")  # nothing left to do
    assert status == 0 and "没有需要转写的录音" in out

    status, out, _ = cli("search", "交易", "--case", "calls", "--json")
    hit = json.loads(out)["hits"][0]
    assert hit["kind"] == "transcript" and hit["offset_label"] == "00:00"
    assert hit["recording_id"] == EvidenceRecord.objects.get(kind="recording").pk

    status, out, _ = cli("verify")
    assert status == 0 and "转写稿 1 份" in out

    status, out, err = cli("transcribe", "--case", "calls", "--all")  # again: a second transcript
    assert status == 0, err
    assert "说话人未区分" in out and "机器转写，请核对录音" in out
    assert Transcript.objects.filter(status="done").count() == 2


def test_an_undecodable_recording_is_named_and_the_rest_done(tmp_path: Path, asr_settings: Any) -> None:
    need_asr()
    # an M4A whose header says 30 s of audio but holds no samples: imported (mutagen reads the header),
    # but FFmpeg has nothing to decode
    _import(
        tmp_path,
        (RECORDING_NAME, AUDIO / "BAC009S0764W0122.wav"),
        ("通话录音@李四(13700001111)_20240306100540.m4a", m4a_bytes(30.0)),
    )
    status, out, err = cli("transcribe", "--case", "calls", "--json")
    body = json.loads(out)
    assert status == 2
    assert len(body["transcripts"]) == 1 and len(body["failed"]) == 1
    assert "无法解码录音" in body["failed"][0]["error"] and "原文件未作任何改动" in body["failed"][0]["error"]
    assert Transcript.objects.get(status="failed").error.startswith("无法解码录音")


def test_without_a_model_the_message_says_how_to_get_one(
    tmp_path: Path, asr_settings: Any, monkeypatch: Any
) -> None:
    from xieshang.asr import model as asr_model
    from xieshang.evidence import transcripts

    monkeypatch.setattr(asr_model, "packaged_installed", lambda: False)
    monkeypatch.setattr(transcripts, "_cached", {})
    _import(tmp_path, (RECORDING_NAME, AUDIO / "BAC009S0764W0121.wav"))
    status, out, err = cli("transcribe")
    assert status == 2 and "Traceback" not in err
    assert "没有可用的语音模型" in err and "xieshang[asr]" in err and "XIESHANG_ASR_MODEL" in err
    assert not Transcript.objects.exists()  # nothing queued
    status, out, _ = cli("search", "王催收", "--case", "calls")  # the rest keeps working
    assert status == 0 and "1 条结果" in out.replace("共 ", "")


def test_a_model_directory_in_the_setting_is_used_and_named(
    tmp_path: Path, asr_settings: Any, monkeypatch: Any
) -> None:
    """XIESHANG_ASR_MODEL: any CTranslate2 Whisper directory (here a copy of the packaged one under
    another name) is loaded from where it is, and the transcript names it with its hash."""
    need_asr()
    from xieshang.asr.model import PACKAGED_HASHES, packaged_model
    from xieshang.evidence import transcripts

    mine = tmp_path / "my-mandarin-model"
    shutil.copytree(packaged_model(asr_settings.XIESHANG_ASR_CACHE).path, mine)
    asr_settings.XIESHANG_ASR_MODEL = str(mine)
    monkeypatch.setattr(transcripts, "_cached", {})
    _import(tmp_path, (RECORDING_NAME, AUDIO / "BAC009S0764W0122.wav"))
    status, out, err = cli("transcribe", "--json")
    assert status == 0, err
    item = json.loads(out)["transcripts"][0]
    assert item["model"] == "my-mandarin-model" and item["model_sha256"] == PACKAGED_HASHES["model.bin"]
    transcript = Transcript.objects.get()
    assert transcript.engine_settings["model_source"] == "setting"
