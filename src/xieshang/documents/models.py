"""A counselor organisation's own wording of a letter: an active row overrides the template file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xieshang.core.errors import XieshangError
from xieshang.documents.templates import LETTER_KINDS, LETTER_NAMES, file_template_text, parse_template


class LetterTemplate(models.Model):
    kind = models.CharField(
        _("letter kind"),
        max_length=40,
        choices=[(k, f"{LETTER_NAMES[k][0]} ({k})") for k in LETTER_KINDS],
    )
    body = models.TextField(
        _("template (TOML)"),
        help_text=_("The same format as the files in xieshang/documents/templates_data."),
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-updated_at"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(active=True), name="one_active_template_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}{'' if self.active else ' (inactive)'}"

    def origin(self) -> str:
        return f"db:LetterTemplate#{self.pk or 'new'}"

    def clean(self) -> None:
        from xieshang.documents.fill import check_template

        if not self.body.strip():
            self.body = file_template_text(self.kind)
        try:
            spec = parse_template(self.body, self.origin())
            if spec.kind != self.kind:
                raise ValidationError({"body": _("The template's kind does not match the selected kind.")})
            check_template(spec)
        except XieshangError as exc:
            raise ValidationError({"body": exc.message("zh")}) from exc
