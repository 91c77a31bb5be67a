from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "xieshang.web"
    label = "xieshang_web"
    verbose_name = "Xieshang"
