from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


class JobsConfig(AppConfig):
    name = "xieshang.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Every installed app's `jobs` module registers its handlers (xieshang.jobs.registry).
        for config in apps.get_app_configs():
            if config.name.startswith("xieshang.") and find_spec(f"{config.name}.jobs") is not None:
                import_module(f"{config.name}.jobs")
