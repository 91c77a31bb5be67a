from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationConfig(AppConfig):
    name = "xieshang.negotiation"
    label = "negotiation"
    verbose_name = _("Negotiation record")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A debt's recorded agreements are part of its case file (negotiation/casefile.py).
        from xieshang.cases.casefile_io import agreements_register
        from xieshang.negotiation.casefile import RECORD

        agreements_register(RECORD)
