from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationConfig(AppConfig):
    name = "xieshang.negotiation"
    label = "negotiation"
    verbose_name = _("Negotiation record")
    default_auto_field = "django.db.models.BigAutoField"
