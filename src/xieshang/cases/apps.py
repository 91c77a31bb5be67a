from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "xieshang.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from xieshang.cases.changes import on_post_migrate

        # After every migrate, the triggers that count a case's changes (cases.changes), made again.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="xieshang-case-change-triggers")
