"""Helpers the worker test runs in its own processes (`python -m tests.integration.transcripts.procs …`), on
the XIESHANG_HOME of their environment, like a web server would:

    queue CASE FILE     import FILE as a call recording of CASE (made if missing) and queue its transcription
    status ID           the transcript (and its job) as JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from xieshang.web.runtime import prepare_database, setup_django

    setup_django()
    prepare_database()
    command, *rest = argv
    if command == "queue":
        from tests.integration.jobs.procs import _case
        from xieshang.evidence.models import EvidenceRecord
        from xieshang.evidence.services import evidence_import
        from xieshang.evidence.transcripts import transcript_queue

        case = _case(rest[0])
        evidence_import(case=case, paths=[Path(rest[1])])  # type: ignore[arg-type]
        recording = EvidenceRecord.objects.get(case=case, kind="recording")
        print(transcript_queue(record=recording).pk)
        return 0
    if command == "status":
        from xieshang.evidence.models import Transcript
        from xieshang.evidence.transcripts import transcript_segments
        from xieshang.jobs.models import Job

        transcript = Transcript.objects.get(pk=rest[0])
        job = Job.objects.filter(kind="transcribe").order_by("created_at").last()
        doc = {
            "status": transcript.status,
            "error": transcript.error,
            "model": transcript.model_name,
            "text": "".join(s.text for s in transcript_segments(transcript)),
            "job": job.status if job else None,
            "job_result": job.result if job else None,
        }
        print(json.dumps(doc, ensure_ascii=False))
        return 0
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
