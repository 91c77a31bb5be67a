from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConductConfig(AppConfig):
    """The collection-conduct report page of a case (no models: it reads the evidence records)."""

    name = "xieshang.conduct"
    label = "conduct"
    verbose_name = _("Collection conduct")
