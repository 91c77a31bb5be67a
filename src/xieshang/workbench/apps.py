from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "xieshang.workbench"
    label = "xieshang_workbench"
    verbose_name = "Xieshang workbench"
