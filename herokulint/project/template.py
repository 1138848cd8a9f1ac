"""Unrendered project templates: a repository that is a `django-admin startproject --template`
or cookiecutter template holds placeholders (`{{ project_name }}`, `{{ cookiecutter.slug }}`,
`{% if ... %}`) where the rendered project has names. Django renders every `*-tpl` file and
the `project_name` folder with its template engine ("Using a custom project template", Django
docs, `startproject --template`); cookiecutter renders the files and names below
`{{cookiecutter.x}}/` from `cookiecutter.json`. What a placeholder stands for is not known until
then, so checks of such names say nothing.
"""

from __future__ import annotations

import re
from typing import Optional

from ..records import frozen

# A Django/Jinja variable (`{{ project_name }}`, `{{cookiecutter.project_slug|lower}}`) or tag.
PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_][\w.]*\s*(?:\|[^{}]*)?\}\}|\{%-?\s*\w[^{}]*?%\}")
# Files only a template has: cookiecutter's variables, Django's templated manage.py.
TEMPLATE_FILES = ("cookiecutter.json", "manage.py-tpl")


@frozen
class TemplatePlaceholder:
    """The first placeholder found: the file, its line, and the placeholder as written."""

    relpath: str
    line: int
    text: str


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def first_placeholder(relpath: str, text: str) -> Optional[TemplatePlaceholder]:
    match = PLACEHOLDER.search(text)
    if match is None:
        return None
    return TemplatePlaceholder(relpath, text.count("\n", 0, match.start()) + 1, match.group())
