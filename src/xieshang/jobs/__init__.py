"""Background jobs: long work (imports, dossiers, packets, transcription) runs in a worker, not in a request.

The engine is Django's task API through the `django-tasks` backport with `django-tasks-db` (a table of tasks;
on PostgreSQL workers claim with SELECT … FOR UPDATE SKIP LOCKED). On top of it a `Job` row is what a person
sees: kind, case, progress, result, a failure in plain words. To add a kind of job:

    from xieshang.jobs.registry import job_handler

    @job_handler("transcribe", title_zh="转写录音", title_en="Transcribe recordings")
    def transcribe(*, job: Job, progress: JobProgress) -> dict[str, Any]:
        progress.update(done=0, total=n, step_zh="…", step_en="…")
        ...
        return {"…": …}                       # JSON: kept as job.result, shown on the job page

and enqueue with `xieshang.jobs.services.job_enqueue(kind="transcribe", user=…, case=…, params={…})`.
A handler must be idempotent (a killed worker's job runs again); raise an XieshangError for a failure the user
should read. Handlers are found in `<app>.jobs` modules of installed apps (imported when Django is ready).
"""
