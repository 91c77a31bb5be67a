"""`xieshang transcribe`: machine transcripts of the call recordings, with a progress bar.

(No `from __future__ import annotations`: Typer reads the Annotated help texts at run time.)

Without --all, only recordings that have no finished transcript yet are transcribed; --all transcribes
every recording again (with the configured model: a new transcript beside the old ones, never replacing
them). Transcripts queued from the web page are run too (`xieshang worker` runs those in the background).
"""

from typing import Any

import typer

from xieshang.cli.context import CliContext, current
from xieshang.cli.stored import texts
from xieshang.core.errors import InputError, XieshangError


def _transcribe(ctx: CliContext, case_name: str | None, every: bool, as_json: bool) -> None:
    from xieshang.cli.stored import django_ready, local_user, stored_case

    django_ready()
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from xieshang.asr.segments import format_offset
    from xieshang.cases.models import Case
    from xieshang.evidence.models import EvidenceRecord, Transcript
    from xieshang.evidence.transcripts import (
        recordings_untranscribed,
        transcriber_default,
        transcript_request,
        transcript_run,
    )

    cases = [stored_case(case_name)] if case_name else list(Case.objects.order_by("name"))
    if every:
        recordings = list(
            EvidenceRecord.objects.filter(case__in=cases, kind=EvidenceRecord.Kind.RECORDING)
            .select_related("source_file", "case")
            .order_by("case_id", "timestamp", "id")
        )
    else:
        recordings = recordings_untranscribed(cases=cases)
    queued = list(
        Transcript.objects.filter(case__in=cases, status=Transcript.Status.QUEUED)
        .exclude(recording__in=recordings)
        .select_related("recording__source_file", "recording__case")
    )
    if not recordings and not queued:
        message = ctx.t("没有需要转写的录音。", "No recordings to transcribe.")
        if as_json:
            ctx.emit_json({"transcripts": [], "failed": [], "message": message})
        else:
            ctx.console.print(message, markup=False)
        return
    engine = transcriber_default()  # a missing model stops here, before anything is queued or written
    work = [transcript_request(record=r, user=local_user()) for r in recordings] + queued
    done: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=ctx.err_console,
        transient=True,
        disable=as_json,
    )
    with bars:
        overall = bars.add_task(ctx.t(f"共 {len(work)} 个录音", f"{len(work)} recordings"), total=len(work))
        for transcript in work:
            name = transcript.recording.source_file.original_name
            task = bars.add_task(name[:40], total=1.0)

            def progress(fraction: float, task: Any = task) -> None:
                bars.update(task, completed=fraction)

            try:
                result = transcript_run(transcript=transcript, transcriber=engine, progress=progress)
            except XieshangError as exc:
                failed.append(
                    {"recording": transcript.recording_id, "file": name, "error": exc.message(ctx.lang)}
                )
            else:
                done.append(
                    {
                        "transcript": result.pk,
                        "recording": result.recording_id,
                        "case": transcript.recording.case.name,
                        "file": name,
                        "segments": result.segment_count,
                        "duration": result.duration_seconds,
                        "language": result.language,
                        "model": result.model_name,
                        "model_sha256": result.model_sha256,
                        "speakers_told_apart": result.speakers_told_apart,
                    }
                )
            bars.remove_task(task)
            bars.advance(overall)
    if as_json:
        ctx.emit_json({"transcripts": done, "failed": failed})
    else:
        for item in done:
            speakers = (
                "" if item["speakers_told_apart"] else ctx.t("，说话人未区分", ", speakers not told apart")
            )
            ctx.console.print(
                ctx.t(
                    f"已转写 {item['case']}/{item['file']}：{item['segments']} 段，"
                    f"时长 {format_offset(item['duration'] or 0)}{speakers}（{item['model']}，机器转写，请核对录音）",
                    f"Transcribed {item['case']}/{item['file']}: {item['segments']} segments, "
                    f"{format_offset(item['duration'] or 0)}{speakers} ({item['model']}; machine transcript, "
                    "check against the recording)",
                ),
                markup=False,
            )
        for item in failed:
            ctx.err_console.print(
                ctx.t(
                    f"未能转写 {item['file']}：{item['error']}",
                    f"Not transcribed {item['file']}: {item['error']}",
                ),
                markup=False,
            )
    if failed:
        first = failed[0]
        raise InputError(
            f"{len(failed)} 个录音未能转写（第一个：{first['file']}）",
            f"{len(failed)} recordings could not be transcribed (first: {first['file']})",
            data={"failed": failed},
        )


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(
        help=t(
            "把通话录音转写成文字（本机离线运行，模型见 README「语音转写」）；转写稿另存，原录音不变。",
            "Transcribe call recordings to text (offline, on this machine; the model: README, "
            "transcription); transcripts are stored beside the recordings, which never change.",
        )
    )
    def transcribe(
        case: str | None = typer.Option(
            None, "--case", help=t("只转写这个案件的录音。", "Only this case's recordings.")
        ),
        every: bool = typer.Option(
            False,
            "--all",
            help=t(
                "全部录音重新转写（另存一份新的转写稿）；默认只转写还没有转写稿的录音。",
                "Every recording again (a new transcript beside the old); by default only those without one.",
            ),
        ),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
    ) -> None:
        _transcribe(current(), case, every, as_json)
