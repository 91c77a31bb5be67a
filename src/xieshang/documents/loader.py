"""Which template a letter uses: the active `LetterTemplate` row of its kind, else the shipped file."""

from __future__ import annotations

from xieshang.documents.templates import LetterTemplateSpec, load_file_template, parse_template


def template_for(kind: str, *, use_db: bool = True) -> LetterTemplateSpec:
    if use_db:
        from xieshang.documents.models import LetterTemplate

        row = LetterTemplate.objects.filter(kind=kind, active=True).order_by("-updated_at").first()
        if row is not None:
            return parse_template(row.body, row.origin())
    return load_file_template(kind)
