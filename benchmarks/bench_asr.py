"""`asr.*`: transcription of call recordings with the packaged whisper-base (faster-whisper, CPU int8).

`asr.real_time_factor`: processing time (decode + model) / audio duration on a phone-like "call" built
from the shipped Mandarin clips (tests/fixtures/audio: AISHELL-1 W0121 and W0122, alternating with 2 s of
silence) encoded as AMR-NB 8 kHz — how Chinese phones store calls. The baseline is the audio's own
duration (real time), so the ratio is the real-time factor; goal: at most 1 (a 30-minute call takes at
most 30 minutes on this machine, so a worker keeps up).

`asr.cer_16k`, `asr.cer_8k`, `asr.cer_amrnb`: the character error rate on the shipped clips — errors
(substitutions + deletions + insertions) against the reference characters as the baseline, so the ratio is
the CER. Goals: the bounds the tests hold (measured + about two characters, tests/fixtures/audio/README.md).

Skipped (no rows) where the asr extra is not installed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.framework import BenchResult

ROOT = Path(__file__).resolve().parents[1]


def _call(folder: Path, seconds: float) -> Path:
    """An AMR-NB recording of about `seconds`: the two clips in turn with 2 s of silence between."""
    import av
    import numpy as np
    from tests.fixtures.asr import AUDIO, CLIPS

    from xieshang.asr.audio import decode_audio

    clips = [decode_audio(AUDIO / c).samples for c in CLIPS]
    gap = np.zeros(32_000, dtype=np.float32)
    pieces: list[np.ndarray] = []
    total = 0
    while total < seconds * 16_000:
        for clip in clips:
            pieces.extend((clip, gap))
            total += len(clip) + len(gap)
    audio = np.concatenate(pieces)
    target = folder / "call.amr"
    with av.open(str(target), "w", format="amr") as out:
        stream = out.add_stream("libopencore_amrnb", rate=8000, layout="mono")
        stream.bit_rate = 12200
        frame = av.AudioFrame.from_ndarray(audio.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = 16_000
        resampler = av.AudioResampler(format="s16", layout="mono", rate=8000, frame_size=160)
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            out.mux(stream.encode(piece))
        out.mux(stream.encode(None))
    return target


def run(quick: bool) -> list[BenchResult]:
    try:
        import av  # noqa: F401
        import faster_whisper  # noqa: F401
    except ImportError:
        print("  asr: the asr extra is not installed; skipped", file=sys.stderr)
        return []
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.fixtures.asr import AUDIO, CLIPS, encoded, references

    from xieshang.asr.audio import decode_audio
    from xieshang.asr.cer import character_errors
    from xieshang.asr.engine import FasterWhisperTranscriber
    from xieshang.asr.model import packaged_installed, packaged_model

    if not packaged_installed():
        print("  asr: the packaged model is not installed; skipped", file=sys.stderr)
        return []
    folder = Path(tempfile.mkdtemp(prefix="xieshang-bench-asr-"))
    try:
        model = packaged_model(folder / "models")
        engine = FasterWhisperTranscriber(model)
        engine.transcribe(AUDIO / CLIPS[0])  # load the model once, outside the timing
        call = _call(folder, 30.0 if quick else 120.0)
        duration = decode_audio(call).duration
        started = time.perf_counter()
        engine.transcribe(call)
        elapsed = time.perf_counter() - started
        results = [
            BenchResult(
                name="asr.real_time_factor",
                value=elapsed,
                unit="s",
                baseline=f"audio duration ({duration:.0f} s AMR-NB 8 kHz call)",
                baseline_value=duration,
                goal="ratio <= 1",
                note=f"{model.name} int8 beam 5, VAD; ratio = real-time factor",
            )
        ]
        refs = references()
        bounds = {"wav-16k": 3 / 26, "wav-8k": 5 / 26, "amr-nb": 6 / 26}
        for kind, name in (("wav-16k", "asr.cer_16k"), ("wav-8k", "asr.cer_8k"), ("amr-nb", "asr.cer_amrnb")):
            errors = chars = 0
            texts = []
            for clip in CLIPS:
                path = AUDIO / clip if kind == "wav-16k" else encoded(clip, kind, folder)
                text = engine.transcribe(path).text
                e, n = character_errors(refs[clip], text)
                errors, chars, texts = errors + e, chars + n, [*texts, text]
            results.append(
                BenchResult(
                    name=name,
                    value=float(errors),
                    unit="chars",
                    baseline="reference characters (AISHELL-1 W0121 + W0122)",
                    baseline_value=float(chars),
                    goal=f"ratio <= {bounds[kind]:.3f}",
                    note="ratio = CER; " + " / ".join(texts),
                )
            )
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)
