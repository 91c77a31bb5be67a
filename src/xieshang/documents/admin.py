from django.contrib import admin

from xieshang.documents.models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ("kind", "active", "note", "updated_at")
    list_filter = ("kind", "active")
