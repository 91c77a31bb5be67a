"""What transcription tells a user when it cannot run: each a bilingual `InputError` with a code."""

from __future__ import annotations

from xieshang.core.errors import InputError

INSTALL_HINT_ZH = "请安装语音转写组件：pip install 'xieshang[asr]'"
INSTALL_HINT_EN = "install the transcription extra: pip install 'xieshang[asr]'"


class AsrUnavailableError(InputError):
    """faster-whisper or PyAV is not installed."""

    code = "asr_unavailable"


class ModelMissingError(InputError):
    """No speech model: XIESHANG_ASR_MODEL unset (or not a model directory) and no packaged model."""

    code = "asr_model_missing"


class ModelDamagedError(InputError):
    """A model file's hash differs from the one pinned for it (a damaged or swapped download)."""

    code = "asr_model_damaged"


class AudioDecodeError(InputError):
    """The recording cannot be decoded. The original is untouched."""

    code = "audio_undecodable"
