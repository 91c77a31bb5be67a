from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from xieshang.asr import model as asr_model
from xieshang.asr.errors import ModelDamagedError, ModelMissingError
from xieshang.asr.model import PACKAGED_HASHES, model_from_dir, resolve_model


def test_a_setting_that_is_not_a_model_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as caught:
        resolve_model(str(tmp_path / "nowhere"), tmp_path)
    assert "XIESHANG_ASR_MODEL" in caught.value.message_zh and "model.bin" in caught.value.message_en


def test_no_setting_and_no_package_names_both_ways(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(asr_model, "packaged_installed", lambda: False)
    with pytest.raises(ModelMissingError) as caught:
        resolve_model("", tmp_path)
    assert "xieshang[asr]" in caught.value.message_zh and "XIESHANG_ASR_MODEL" in caught.value.message_en


def test_a_model_directory_is_hashed_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"weights")
    (tmp_path / "config.json").write_text("{}")
    info = model_from_dir(tmp_path)
    assert info.source == "setting" and info.name == tmp_path.name
    assert (
        info.sha256 == "9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c"
    )  # sha256(b"weights")
    assert set(info.hashes) == {"model.bin", "config.json"}


def test_packaged_model_is_checked_and_joined(packaged: Any) -> None:
    assert packaged.sha256 == PACKAGED_HASHES["model.bin"]
    assert (packaged.path / "model.bin").stat().st_size == 145217532
    assert packaged.hashes["tokenizer.json"] == PACKAGED_HASHES["tokenizer.json"]


def test_a_damaged_joined_model_is_rebuilt_and_a_damaged_part_refused(
    packaged: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(packaged.path, cache / packaged.path.name)
    with (cache / packaged.path.name / "model.bin").open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00\x01")
    rebuilt = asr_model.packaged_model(cache)  # the joined copy differed: made again from the parts
    assert rebuilt.sha256 == PACKAGED_HASHES["model.bin"]
    monkeypatch.setitem(asr_model.PACKAGED_HASHES, "model.bin.part2", "0" * 64)  # a part that differs
    (cache / packaged.path.name / "model.bin").unlink()
    with pytest.raises(ModelDamagedError) as caught:
        asr_model.packaged_model(cache)
    assert caught.value.data["file"] == "model.bin.part2"
    assert not (cache / packaged.path.name / "model.bin").exists()


def test_without_the_engine_installed_the_message_says_how(monkeypatch: Any, tmp_path: Path) -> None:
    import sys

    from xieshang.asr.engine import FasterWhisperTranscriber
    from xieshang.asr.errors import AsrUnavailableError
    from xieshang.asr.model import ModelInfo

    (tmp_path / "a.wav").write_bytes(b"")
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # `import faster_whisper` raises ImportError
    engine = FasterWhisperTranscriber(ModelInfo("m", tmp_path, "setting"))
    with pytest.raises(AsrUnavailableError) as caught:
        engine._load()
    assert "xieshang[asr]" in caught.value.message_zh and caught.value.exit_status == 2
    monkeypatch.setitem(sys.modules, "av", None)
    from xieshang.asr.audio import decode_audio

    with pytest.raises(AsrUnavailableError):
        decode_audio(tmp_path / "a.wav")
