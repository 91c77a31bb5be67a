"""Read-only admin views: evidence is changed only through the services (and originals never)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xieshang.evidence.models import Anchor, EvidenceFile, EvidenceRecord, LedgerEntry


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "case", "importer_name", "size", "record_count", "imported_at")
    list_filter = ("importer_name", "doc_type")
    search_fields = ("original_name", "sha256")


@admin.register(EvidenceRecord)
class EvidenceRecordAdmin(ReadOnlyAdmin):
    list_display = ("timestamp", "kind", "direction", "counterpart", "lender", "case")
    list_filter = ("kind", "direction", "lender")
    search_fields = ("counterpart", "counterpart_name")
    raw_id_fields = ("source_file", "linked_record", "debt")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "kind", "case_name", "created_at", "hash")
    list_filter = ("kind",)


@admin.register(Anchor)
class AnchorAdmin(ReadOnlyAdmin):
    list_display = ("gen_time", "head_hash", "tsa_url")
