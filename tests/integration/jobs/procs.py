"""Helpers the worker tests run in their own processes (`python -m tests.integration.jobs.procs …`), on the
XIESHANG_HOME / DATABASE_URL of their environment, like a web server would:

    enqueue CASE FILE…   stage the files as uploads of CASE (made if missing) and queue their import
    status JOB           the job and what its case holds, as JSON
    user NAME PASSWORD CASE   a user who owns CASE (made if missing)
    holdings CASE        what CASE holds: its files, records, duplicates, the workers that ran its jobs
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path


def _case(name: str) -> object:
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from xieshang.cases.models import Case

    user, _ = get_user_model().objects.get_or_create(username="worker-test")
    case, _ = Case.objects.get_or_create(
        name=name,
        defaults={
            "owner": user,
            "borrower_name": "李明",
            "monthly_income": Decimal("1"),
            "monthly_essential_expenses": Decimal("1"),
        },
    )
    return case


def main(argv: list[str]) -> int:
    from xieshang.web.runtime import prepare_database, setup_django

    setup_django()
    command, *rest = argv
    if command == "enqueue":
        from django.core.files import File

        from xieshang.evidence.staging import evidence_uploads_enqueue

        prepare_database()
        case = _case(rest[0])
        with contextlib.ExitStack() as stack:
            handles = [stack.enter_context(Path(p).open("rb")) for p in rest[1:]]
            uploads = [File(fh, name=Path(fh.name).name) for fh in handles]
            job = evidence_uploads_enqueue(case=case, user=None, uploads=uploads)  # type: ignore[arg-type]
        print(job.pk)
        return 0
    if command == "status":
        from xieshang.evidence.models import EvidenceFile, EvidenceRecord
        from xieshang.jobs.models import Job

        job = Job.objects.get(pk=rest[0])
        doc = {
            "status": job.status,
            "attempts": job.attempts,
            "percent": job.percent,
            "worker": job.worker,
            "error": job.error_en,
            "result": job.result,
            "files": EvidenceFile.objects.filter(case=job.case, parent=None).count(),
            "sms": EvidenceRecord.objects.filter(case=job.case, kind="sms").count(),
            "fingerprints": EvidenceRecord.objects.filter(case=job.case)
            .values("fingerprint")
            .distinct()
            .count(),
        }
        print(json.dumps(doc))
        return 0
    if command == "user":
        from django.contrib.auth import get_user_model

        from xieshang.cases.models import Case

        user, _ = get_user_model().objects.get_or_create(username=rest[0])
        user.set_password(rest[1])
        user.save()
        case = _case(rest[2])
        Case.objects.filter(pk=case.pk).update(owner=user)  # type: ignore[attr-defined]
        return 0
    if command == "holdings":
        from django.db.models import Count

        from xieshang.evidence.models import EvidenceFile, EvidenceRecord
        from xieshang.jobs.models import Job

        files = EvidenceFile.objects.filter(case__name=rest[0], parent=None)
        records = EvidenceRecord.objects.filter(case__name=rest[0])
        repeated = records.values("fingerprint").annotate(n=Count("id")).filter(n__gt=1).count()
        doc = {
            "files": sorted(files.values_list("original_name", flat=True)),
            "shas": files.values("sha256").distinct().count(),
            "sms": records.filter(kind="sms").count(),
            "records": records.count(),
            "repeated_fingerprints": repeated,
            "workers": sorted(set(Job.objects.filter(case__name=rest[0]).values_list("worker", flat=True))),
            "jobs": dict(
                Job.objects.filter(case__name=rest[0]).values_list("status").annotate(n=Count("id"))
            ),
        }
        print(json.dumps(doc))
        return 0
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
