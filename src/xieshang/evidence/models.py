"""Evidence: stored originals, the records read from them, the hash-chained ledger and its anchors.

Field names are a contract other apps read (documents, conduct, web): keep them stable.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xieshang.cases.models import Case, Debt
from xieshang.core.lender_tags import association_key
from xieshang.core.record_kinds import RECORD_KINDS, record_kind_name
from xieshang.importers.base import is_unsent, message_status, time_known

STATUS_LABELS = {
    "received": _("received"),
    "sent": _("sent"),
    "draft": _("draft (not sent)"),
    "outbox": _("in the outbox (not sent)"),
    "failed": _("failed (not sent)"),
    "queued": _("queued (not sent)"),
}


class EvidenceFile(models.Model):
    """An original file (or an attachment carried inside one) kept bit-identical in the object store.

    The bytes live once in the store under their SHA-256; this row links them to a case.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence_files")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("original name"), max_length=255)
    source_path = models.TextField(_("source path"), blank=True)
    mtime = models.DateTimeField(_("modified"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    importer_name = models.CharField(_("format"), max_length=60, blank=True)
    importer_version = models.CharField(_("importer version"), max_length=20, blank=True)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("carried in"),
    )
    doc_type = models.CharField(_("document type"), max_length=40, blank=True)
    record_count = models.PositiveIntegerField(_("records"), default=0)
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)

    class Meta:
        ordering = ["case", "imported_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="evidence_file_unique_in_case"),
        ]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


def _kind_name_now(kind: str) -> str:
    # No language active (migrations, checks): the English name, as a gettext msgid would read.
    lang = get_language()
    return RECORD_KINDS[kind].en if lang is None else record_kind_name(kind, lang)


_kind_name = lazy(_kind_name_now, str)


class EvidenceRecord(models.Model):
    """One message, call, e-mail, chat line, recording or document read from an evidence file."""

    class Kind(models.TextChoices):
        # names from core.record_kinds (one table for every door)
        SMS = "sms", _kind_name("sms")
        MMS = "mms", _kind_name("mms")
        CALL = "call", _kind_name("call")
        EMAIL = "email", _kind_name("email")
        ATTACHMENT = "attachment", _kind_name("attachment")
        CHAT = "chat", _kind_name("chat")
        RECORDING = "recording", _kind_name("recording")
        DOCUMENT = "document", _kind_name("document")
        # one segment of a machine transcript of a recording (derived: see Transcript; never an import)
        TRANSCRIPT = "transcript", _kind_name("transcript")

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        OUTGOING = "outgoing", _("outgoing")
        MISSED = "missed", _("missed")
        UNKNOWN = "unknown", _("unknown")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence_records")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    timestamp = models.DateTimeField(_("time"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    counterpart = models.CharField(_("counterpart"), max_length=255, blank=True)
    counterpart_name = models.CharField(_("counterpart name"), max_length=255, blank=True)
    # `association_key(counterpart)` ('' when none): the number lender tags are carried by. Written with the
    # record (writer.py's SQL, `save`); the database default keeps other raw inserts valid.
    counterpart_key = models.CharField(max_length=255, blank=True, default="", db_default="")
    text = models.TextField(_("text"), blank=True)
    position = models.CharField(_("position in source"), max_length=120, blank=True)
    external_id = models.CharField(_("source id"), max_length=255, blank=True)
    fingerprint = models.CharField(max_length=64)
    meta = models.JSONField(_("details"), default=dict, blank=True)
    source_file = models.ForeignKey(
        EvidenceFile, on_delete=models.PROTECT, related_name="records", verbose_name=_("source file")
    )
    importer_name = models.CharField(_("importer"), max_length=60)
    importer_version = models.CharField(_("importer version"), max_length=20)
    lender = models.CharField(_("lender"), max_length=100, blank=True)
    debt = models.ForeignKey(
        Debt, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence_records"
    )
    attachments = models.ManyToManyField(
        EvidenceFile, blank=True, related_name="attached_to", verbose_name=_("attachments")
    )
    linked_record = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_from",
        verbose_name=_("linked record"),
    )
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ["case", "timestamp", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "fingerprint"], name="evidence_record_unique_in_case"),
        ]
        indexes = [
            models.Index(fields=["case", "timestamp"], name="evidence_rec_case_time"),
            models.Index(fields=["case", "kind", "timestamp"], name="evidence_rec_case_kind"),
            models.Index(fields=["counterpart"], name="evidence_rec_counterpart"),
            models.Index(fields=["case", "counterpart_key", "timestamp"], name="evidence_rec_case_numkey"),
        ]
        verbose_name = _("evidence record")
        verbose_name_plural = _("evidence records")

    def __str__(self) -> str:
        return f"{self.kind} {self.timestamp:%Y-%m-%d %H:%M} {self.counterpart}"

    @property
    def message_status(self) -> str:
        """received / sent / draft / outbox / failed / queued when the source says it, else ""."""
        return message_status(self.meta if isinstance(self.meta, dict) else None)

    @property
    def unsent(self) -> bool:
        """A draft, or a message that never left the phone: never counted as sent."""
        return is_unsent(self.meta if isinstance(self.meta, dict) else None)

    @property
    def time_known(self) -> bool:
        """False when the source gave no time of its own (the file's mtime stands in): "time unknown"."""
        return time_known(self.meta if isinstance(self.meta, dict) else None)

    def get_message_status_display(self) -> str:
        return str(STATUS_LABELS.get(self.message_status, self.message_status))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.counterpart_key = association_key(self.counterpart) or ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "counterpart" in update_fields:
            kwargs["update_fields"] = {*update_fields, "counterpart_key"}
        super().save(*args, **kwargs)


class SearchEntry(models.Model):
    """The search index of one record (see tokens.py).

    SQLite: `tokens` is the positional stream, `norm` is empty; an FTS5 table `evidence_fts` (external
    content = this table, `detail=full`) written beside it, kept in step by triggers on update and delete.
    PostgreSQL: `norm` is the normalised text, `tokens` the distinct unigrams and bigrams, with a GIN index
    on `array_to_tsvector(string_to_array(tokens, ' '))`.
    Rows are written only by `search.search_entries_insert` (on SQLite with rowid = record id).
    """

    record = models.OneToOneField(
        EvidenceRecord, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    norm = models.TextField()
    tokens = models.TextField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")


class SearchTokenCount(models.Model):
    """How many records of a case hold a counted token (a character, a pair within a run, or a Chinese
    phrase of three or four Han characters: see tokens.py).

    Written with the search entries (`search.search_entries_insert`); gives the exact total of a search for
    one counted token without counting its matches. Records are never deleted (evidence is kept).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=8)
    records = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "token"], name="evidence_token_count_unique"),
        ]
        verbose_name = _("search token count")
        verbose_name_plural = _("search token counts")


class LedgerEntry(models.Model):
    """One entry of the append-only ledger: hash = sha256(canonical JSON + previous hash)."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("import")
        ANNOTATION = "annotation", _("annotation")
        EXPORT = "export", _("export")
        DELETION_REQUEST = "deletion_request", _("deletion request")
        ANCHOR = "anchor", _("anchor")
        TRANSCRIPT = "transcript", _("transcript")

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    case_name = models.CharField(_("case"), max_length=80, blank=True, db_index=True)
    payload = models.TextField(_("canonical JSON"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.hash[:12]}"


class Anchor(models.Model):
    """An RFC 3161 timestamp token over a ledger head hash."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="anchors")
    head_hash = models.CharField(_("anchored hash"), max_length=64)
    tsa_url = models.CharField(_("timestamp authority"), max_length=500)
    token = models.BinaryField(_("timestamp response (.tsr)"))
    gen_time = models.DateTimeField(_("timestamp time"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timestamp anchor")
        verbose_name_plural = _("timestamp anchors")

    def __str__(self) -> str:
        return f"{self.head_hash[:12]} @ {self.gen_time:%Y-%m-%d %H:%M:%S}"


class Transcript(models.Model):
    """A machine transcript of one recording: derived, never altering it. Each run (another model, other
    settings) is a new transcript. Its segments are `EvidenceRecord`s of kind TRANSCRIPT (searchable, read
    by the conduct check) with `external_id` = "transcript:<id>:<n>", written together with a ledger
    entry that carries their count and digest (verify re-computes it)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transcripts")
    recording = models.ForeignKey(
        EvidenceRecord, on_delete=models.PROTECT, related_name="transcripts", verbose_name=_("recording")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)  # 0..1 while running
    error = models.TextField(_("error"), blank=True)
    engine = models.CharField(_("engine"), max_length=120, blank=True)
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    model_sha256 = models.CharField(_("model SHA-256"), max_length=64, blank=True)
    engine_settings = models.JSONField(_("settings"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    language_probability = models.FloatField(_("language probability"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    speakers_told_apart = models.BooleanField(_("speakers told apart"), default=False)
    segment_count = models.PositiveIntegerField(_("segments"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    ledger_entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["recording", "requested_at", "id"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self) -> str:
        return f"transcript {self.pk} of record {self.recording_id} ({self.status})"

    @property
    def external_prefix(self) -> str:
        return f"transcript:{self.pk}:"
