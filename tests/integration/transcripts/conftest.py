"""Transcripts: a vault per test, a recording of real Mandarin speech imported into a case, and a fake
engine (the `Transcriber` protocol, instant and deterministic) beside the real one."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.asr import AUDIO
from tests.integration.evidence.conftest import make_case
from xieshang.asr.model import ModelInfo
from xieshang.asr.segments import Segment, Transcription
from xieshang.cases.models import Case
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.services import evidence_import

# a Xiaomi call-recording name: 通话录音@<name>(<number>)_<yyyyMMddHHmmss>
RECORDING_NAME = "通话录音@王催收(13912345678)_20240305100540.wav"


@pytest.fixture(autouse=True)
def vault(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    settings.XIESHANG_EVIDENCE_ROOT = root
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    return root


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture
def asr_settings(settings: Any, model_cache: Path) -> Any:
    settings.XIESHANG_ASR_MODEL = ""
    settings.XIESHANG_ASR_LANGUAGE = "zh"
    settings.XIESHANG_ASR_CACHE = model_cache
    return settings


class FakeTranscriber:
    """Says what it is told to, at the offsets it is told."""

    name = "fake"

    def __init__(
        self, segments: list[tuple[float, float, str]], *, sha: str = "f" * 64, name: str = "fake-model"
    ) -> None:
        self._segments = segments
        self._model = ModelInfo(
            name=name, path=Path("/nonexistent"), source="setting", hashes={"model.bin": sha}
        )
        self.calls = 0

    @property
    def model(self) -> ModelInfo:
        return self._model

    @property
    def settings(self) -> Mapping[str, Any]:
        return {"beam_size": 1, "language": "zh"}

    def transcribe(self, path: Path, *, progress: Any = None) -> Transcription:
        self.calls += 1
        assert path.is_file()
        if progress:
            progress(0.5)
            progress(1.0)
        return Transcription(
            language="zh",
            language_probability=0.99,
            duration=140.0,
            segments=tuple(Segment(s, e, t, 0.8) for s, e, t in self._segments),
        )


SAID = [
    (0.0, 3.5, "喂，你好，这里是催收中心。"),
    (133.2, 138.0, "今天不还钱就爆你通讯录，通知你所有联系人。"),
]


@pytest.fixture
def recording_case(db: None, tmp_path: Path) -> tuple[Case, EvidenceRecord]:
    case = make_case("calls", lenders=("某某金融",))
    path = tmp_path / RECORDING_NAME
    shutil.copyfile(AUDIO / "BAC009S0764W0121.wav", path)
    evidence_import(case=case, paths=[path])
    return case, EvidenceRecord.objects.get(case=case, kind=EvidenceRecord.Kind.RECORDING)
