"""HK006 unrendered-template."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import MANAGE_PY, WSGI_PY, example


class UnrenderedTemplate(Rule):
    """
    ## What it does
    Notes a repository that is an unrendered project template: a `{{ project_name }}` (a
    `django-admin startproject --template` template) or `{{ cookiecutter.project_slug }}` (a
    cookiecutter template) placeholder in the Procfile, heroku.yml, manage.py, the WSGI module
    or the settings, or a template's own `cookiecutter.json` or `manage.py-tpl`.

    ## Why it matters
    Heroku deploys the project you render from the template, not the template itself. The
    names behind the placeholders are not known until then, so herokulint does not report the
    placeholders as missing modules (`wsgi-target-missing`, `settings-module-unresolved`).
    Render the template and run herokulint on the result to check what Heroku will run.

    ## Fix safety
    Nothing to fix.

    ## References
    - Django: `django-admin startproject --template`
    - cookiecutter: `cookiecutter.json` and `{{cookiecutter.x}}` folders
    """

    code = "HK006"
    name = "unrendered-template"
    severity = "info"
    summary = "the repository is an unrendered project template (`{{ project_name }}`)"

    invalid = [
        example(
            {
                "Procfile": "web: gunicorn {{ project_name }}.wsgi\n",
                "manage.py": MANAGE_PY.replace(
                    '"mysite.settings"', '"{{ project_name }}.settings"'
                ),
                "mysite/wsgi.py": WSGI_PY.replace(
                    '"mysite.settings"', '"{{ project_name }}.settings"'
                ),
            },
            expect=(("Procfile", 1),),
        ),
        example(
            {"cookiecutter.json": '{"project_slug": "mysite"}\n'},
            expect=(("cookiecutter.json", 1),),
        ),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = project.template_placeholder
        if found is None:
            return
        what = (
            msg("`{text}` in {relpath}", text=found.text, relpath=found.relpath)
            if found.text
            else found.relpath
        )
        yield self.finding(
            msg(
                "This repository is an unrendered project template ({what}): the placeholders are "
                "not checked as module names; render the template and run herokulint on the result.",
                what=what,
            ),
            Location(found.relpath, found.line),
        )
