"""Call recordings of a case: the list with their transcripts, one recording's page (player + transcript,
each segment a link to its time), a transcription request (queued: never run inside the request), its
progress, and the audio itself in a form the browser plays (AMR is decoded to WAV on the fly; the stored
original is never changed). Every view checks access (another user's case is a 404)."""

from __future__ import annotations

import functools
import io
import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xieshang.asr.segments import format_offset
from xieshang.asr.speakers import NOT_TOLD_APART_EN, NOT_TOLD_APART_ZH, SPEAKER_EN, SPEAKER_ZH
from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.errors import XieshangError
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceRecord, Transcript
from xieshang.evidence.services import evidence_export_log
from xieshang.evidence.transcripts import (
    MACHINE_NOTE_EN,
    MACHINE_NOTE_ZH,
    transcript_queue,
    transcript_segments,
)
from xieshang.language import current_lang

# what browsers play as they are; anything else (AMR above all) is decoded to WAV for listening
_PLAYABLE = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _zh() -> bool:
    return current_lang() != "en"


def _recording(case: Case, record_id: int) -> EvidenceRecord:
    record = (
        EvidenceRecord.objects.filter(case=case, pk=record_id, kind=EvidenceRecord.Kind.RECORDING)
        .select_related("source_file")
        .first()
    )
    if record is None:
        raise Http404("no such recording")
    return record


@with_case
def recordings(request: HttpRequest, case: Case) -> HttpResponse:
    rows = list(
        EvidenceRecord.objects.filter(case=case, kind=EvidenceRecord.Kind.RECORDING)
        .select_related("source_file")
        .order_by("-timestamp", "-id")
    )
    by_recording: dict[int, list[Transcript]] = {}
    for t in Transcript.objects.filter(case=case).order_by("id"):
        by_recording.setdefault(t.recording_id, []).append(t)
    for row in rows:
        row.transcript_list = by_recording.get(row.pk, [])  # type: ignore[attr-defined]
        row.duration_label = format_offset(float((row.meta or {}).get("duration_seconds") or 0))  # type: ignore[attr-defined]
    return render(request, "evidence/recordings.html", case_context(case, "evidence", recordings=rows))


@with_case
def recording(request: HttpRequest, case: Case, record_id: int) -> HttpResponse:
    record = _recording(case, record_id)
    transcripts = list(Transcript.objects.filter(recording=record).order_by("-id"))
    zh = _zh()
    shown = []
    for transcript in transcripts:
        segments = []
        if transcript.status == Transcript.Status.DONE:
            for segment in transcript_segments(transcript):
                meta = segment.meta or {}
                speaker = str(meta.get("speaker") or "")
                segments.append(
                    {
                        "id": segment.pk,
                        "start": float(meta.get("start") or 0),
                        "label": format_offset(float(meta.get("start") or 0)),
                        "text": segment.text,
                        "confidence": meta.get("confidence"),
                        "speaker": (SPEAKER_ZH if zh else SPEAKER_EN).get(speaker, ""),
                    }
                )
        shown.append({"transcript": transcript, "segments": segments})
    try:
        start = max(0.0, float(request.GET.get("t", "0") or 0))
    except ValueError:
        start = 0.0
    return render(
        request,
        "evidence/recording.html",
        case_context(
            case,
            "evidence",
            record=record,
            transcripts=shown,
            start=start,
            start_label=format_offset(start),
            machine_note=MACHINE_NOTE_ZH if zh else MACHINE_NOTE_EN,
            not_told_apart=NOT_TOLD_APART_ZH if zh else NOT_TOLD_APART_EN,
            highlight=request.GET.get("segment", ""),
        ),
    )


@with_case
@require_POST
def recording_transcribe(request: HttpRequest, case: Case, record_id: int) -> HttpResponse:
    record = _recording(case, record_id)
    try:
        transcript_queue(record=record, user=request.user)
    except XieshangError as exc:
        messages.error(request, exc.message(current_lang()))
    else:
        messages.success(
            request, _("Transcription queued: it runs in the background; this page shows its progress.")
        )
    return redirect("case-recording", case_name=case.name, record_id=record.pk)


@with_case
def transcript_status(request: HttpRequest, case: Case, transcript_id: int) -> JsonResponse:
    transcript = Transcript.objects.filter(case=case, pk=transcript_id).first()
    if transcript is None:
        raise Http404("no such transcript")
    return JsonResponse(
        {
            "id": transcript.pk,
            "status": transcript.status,
            "progress": transcript.progress,
            "error": transcript.error.splitlines()[0 if _zh() else -1] if transcript.error else "",
            "segments": transcript.segment_count,
            "url": reverse("case-recording", args=[case.name, transcript.recording_id]),
        }
    )


@functools.lru_cache(maxsize=2)  # the player asks for several ranges of the same recording
def _wav(sha256: str) -> bytes:
    """The recording decoded to 16-bit PCM WAV at its own rate (for listening only; nothing is stored)."""
    import av

    out = io.BytesIO()
    with av.open(str(store.object_path(sha256))) as src, av.open(out, "w", format="wav") as dst:
        audio = src.streams.audio[0]
        rate = int(audio.codec_context.sample_rate or 8000)
        stream = dst.add_stream("pcm_s16le", rate=rate, layout="mono")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        for frame in src.decode(audio):
            for piece in resampler.resample(frame):
                dst.mux(stream.encode(piece))
        dst.mux(stream.encode(None))
    return out.getvalue()


def _byte_range(request: HttpRequest, size: int) -> tuple[int, int] | None | str:
    """The (first, last) bytes asked for; None for the whole body; "bad" for a range past the end."""
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if not match or not size:
        return None
    first_raw, last_raw = match.groups()
    if first_raw:
        first, last = int(first_raw), int(last_raw) if last_raw else size - 1
    elif last_raw:  # the last N bytes
        first, last = max(0, size - int(last_raw)), size - 1
    else:
        return None
    if first >= size or first > last:
        return "bad"
    return first, min(last, size - 1)


def _ranged(request: HttpRequest, read: Any, size: int, content_type: str) -> HttpResponse:
    """The body (`read(first, length)`), or the byte range asked for (206), so the player can seek."""
    wanted = _byte_range(request, size)
    if wanted == "bad":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if isinstance(wanted, tuple):
        first, last = wanted
        response = HttpResponse(read(first, last - first + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    else:
        response = HttpResponse(read(0, size), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_reader(path: Any) -> Any:
    def read(first: int, length: int) -> bytes:
        with path.open("rb") as handle:  # only the range is read: a long m4a is never held whole
            handle.seek(first)
            return bytes(handle.read(length))

    return read


@with_case
def recording_audio(request: HttpRequest, case: Case, record_id: int) -> HttpResponse:
    record = _recording(case, record_id)
    source = record.source_file
    if not store.has_object(source.sha256):
        raise Http404("recording not in the vault")
    fmt = str((record.meta or {}).get("audio_format") or "")
    if (
        not request.headers.get("Range", "").startswith("bytes=")
        or request.headers.get("Range") == "bytes=0-"
    ):
        # one entry per listening, not per seek: who listened, when, to which file
        evidence_export_log(
            case=case, description="playback of the recording", sha256s=[source.sha256], user=request.user
        )
    if fmt in _PLAYABLE:
        path = store.object_path(source.sha256)
        return _ranged(request, _file_reader(path), path.stat().st_size, _PLAYABLE[fmt])
    try:
        body = _wav(source.sha256)
    except Exception as exc:  # no decoder installed (the asr extra), or a file FFmpeg cannot read
        raise Http404("this recording cannot be decoded for listening") from exc
    return _ranged(request, lambda first, length: body[first : first + length], len(body), "audio/wav")
