"""HK701 models-without-migrations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import READY_SETTINGS, example, installed_apps

# A class deriving from something named Model (models.Model, AbstractUser's cousins excluded).
MODEL_CLASS = re.compile(r"^class\s+\w+\s*\(([^)]*\bModel)\s*\)\s*:", re.MULTILINE)
ABSTRACT = re.compile(r"^\s+abstract\s*=\s*True", re.MULTILINE)

POLLS_MODELS = """\
from django.db import models


class Question(models.Model):
    question_text = models.CharField(max_length=200)
    pub_date = models.DateTimeField("date published")
"""

WITH_POLLS = READY_SETTINGS.replace(
    '["django.contrib.staticfiles"]', '["django.contrib.staticfiles", "polls"]'
)


class ModelsWithoutMigrations(Rule):
    """
    ## What it does
    Checks that each local app in `INSTALLED_APPS` whose `models.py` defines concrete models
    has a `migrations/` package.

    ## Why it matters
    Heroku runs `migrate` (in the release phase or by hand), not `makemigrations`: without
    committed migrations the tables are never created and the first query fails with
    `ProgrammingError: relation "polls_question" does not exist`. The guide's step: "make
    migrations and commit them". Not checked when the app runs a Django before 1.7, which
    had no migrations (`syncdb` created the tables).

    ## Fix safety
    No automatic fix: run `python manage.py makemigrations` locally and commit the result.

    ## References
    - Django: "Migrations"; Heroku Dev Center: "Release Phase"
    """

    code = "HK701"
    name = "models-without-migrations"
    severity = "warning"
    summary = "a local app defines models but has no `migrations/` package"

    invalid = [
        example(
            {
                "mysite/settings.py": WITH_POLLS,
                "polls/__init__.py": "",
                "polls/models.py": POLLS_MODELS,
            },
            expect=(("polls/models.py", 4),),
        )
    ]
    valid = [
        example(
            {
                "mysite/settings.py": WITH_POLLS,
                "polls/__init__.py": "",
                "polls/models.py": POLLS_MODELS,
                "polls/migrations/__init__.py": "",
                "polls/migrations/0001_initial.py": "from django.db import migrations\n",
            }
        ),
        example(
            {
                "mysite/settings.py": WITH_POLLS,
                "polls/__init__.py": "",
                "polls/models.py": "from django.db import models\n\n\nclass Base(models.Model):\n"
                "    class Meta:\n        abstract = True\n",
            },
            note="abstract models need no tables",
        ),
        example(
            {
                "mysite/settings.py": WITH_POLLS,
                "polls/__init__.py": "",
                "polls/models.py": POLLS_MODELS,
                "requirements.txt": "Django==1.6.11\ngunicorn==19.1.1\ndj-database-url==0.3.0\n",
            },
            note="Django 1.6 predates migrations: `syncdb` creates the tables",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.versions.django.at_least("1.7") is False:
            return  # before Django 1.7 there are no migrations: syncdb creates the tables
        for app in installed_apps(project) or []:
            package = self.local_package(project, app)
            if package is None:
                continue
            models = f"{package}/models.py"
            text = project.text(models)
            if text is None:
                continue
            classes = list(MODEL_CLASS.finditer(text.text))
            if not classes or len(ABSTRACT.findall(text.text)) >= len(classes):
                continue
            if project.exists(f"{package}/migrations/__init__.py"):
                continue
            line = text.text.count("\n", 0, classes[0].start()) + 1
            yield self.finding(
                msg(
                    "App {app!r} defines models in {models} but has no migrations/ package: Heroku never "
                    "creates its tables; run `python manage.py makemigrations` and commit it.",
                    app=app,
                    models=models,
                ),
                Location(models, line),
            )

    @staticmethod
    def local_package(project: ProjectModel, app: str) -> Optional[str]:
        """The folder of a local app ("polls" or "polls.apps.PollsConfig"), None if not local."""
        candidates = [app]
        if ".apps." in app:
            candidates.insert(0, app.split(".apps.")[0])
        for module in candidates:
            relpath = project.locate_module(module)
            if relpath and relpath.endswith("/__init__.py"):
                return relpath.rsplit("/", 1)[0]
        return None
