"""A real `xieshang worker` process transcribes a recording queued by another process (as the web page
queues it): nothing runs in the queueing process; the worker writes the transcript with the packaged model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures.asr import AUDIO, need_asr
from tests.integration.jobs.test_worker_processes import _env, _stop, _worker

pytestmark = pytest.mark.slow


def test_a_worker_transcribes_a_queued_recording(tmp_path: Path) -> None:
    need_asr()
    import json
    import subprocess
    import sys
    import time

    from tests.integration.jobs.test_worker_processes import ROOT, WAIT_SECONDS

    env = _env(tmp_path / "home")
    recording = tmp_path / "通话录音@王催收(13912345678)_20240305100540.wav"
    shutil.copyfile(AUDIO / "BAC009S0764W0121.wav", recording)

    def helper(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.integration.transcripts.procs", *argv],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip().splitlines()[-1]

    transcript = helper("queue", "t1", str(recording))
    assert json.loads(helper("status", transcript))["status"] == "queued"
    worker = _worker(env)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while (status := json.loads(helper("status", transcript)))["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, status
            time.sleep(0.5)
    finally:
        _stop(worker)
    assert status["status"] == "done" and status["job"] == "done", status
    assert status["model"] == "whisper-base" and "交易" in status["text"]
    assert status["job_result"]["segments"] >= 1
