from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.asr import need_asr


@pytest.fixture(scope="session")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The packaged whisper-base, joined once for the session (skipped without the asr extra)."""
    need_asr()
    from xieshang.asr.model import packaged_installed, packaged_model

    if not packaged_installed():
        pytest.skip("the packaged model is in the asr extra")
    return packaged_model(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def transcriber(packaged: Any) -> Any:
    from xieshang.asr.engine import FasterWhisperTranscriber

    return FasterWhisperTranscriber(packaged)


@pytest.fixture(scope="session")
def encoded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("encoded")
