"""Forms rendered by Jinja2 where Django ships a Jinja2 template, by Django's template language elsewhere.

A form page spends most of its time in the field and widget templates: Django's template language renders
each field group, label, widget and select option through its own small template (the contact form's
thirteen fields are about 90 template renders). Django ships the same templates for Jinja2
(`django/forms/jinja2`), which compiles them to Python code and renders them several times faster, with the
same HTML. The admin's widgets exist only in Django's template language, so a template Jinja2 does not find
is taken from there (`FORM_RENDERER = "xieshang.web.form_renderer.FormRenderer"`).
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self._jinja2 = Jinja2()
        self._django = DjangoTemplates()
        self._found: dict[str, Any] = {}  # template name -> the renderer that has it

    def get_template(self, template_name: str) -> Any:
        renderer = self._found.get(template_name)
        if renderer is not None:
            return renderer.get_template(template_name)
        try:
            template = self._jinja2.get_template(template_name)
            self._found[template_name] = self._jinja2
        except TemplateDoesNotExist:
            template = self._django.get_template(template_name)
            self._found[template_name] = self._django
        return template
