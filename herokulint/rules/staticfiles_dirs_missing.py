"""HK506 staticfiles-dirs-missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..project import ProjectModel
from ..project.pyeval import path_of
from ..project.values import Const, Seq, Value
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example

DIRS = 'STATICFILES_DIRS = [BASE_DIR / "assets"]\n'


def entry_path(item: Value) -> Optional[str]:
    """The app-relative folder of one STATICFILES_DIRS entry (`path` or `(prefix, path)`)."""
    if isinstance(item, Seq) and len(item.items) == 2:
        item = item.items[1]
    if isinstance(item, Const) and isinstance(item.value, str):
        text = item.value
        return None if text.startswith("/") or not text else text.rstrip("/")
    return path_of(item)


class StaticfilesDirsMissing(Rule):
    """
    ## What it does
    Checks that each `STATICFILES_DIRS` folder herokulint can locate (`BASE_DIR / "static"`,
    `os.path.join(BASE_DIR, "static")`) exists in the app and holds at least one file.

    ## Why it matters
    Django warns: "The directory '...' in the STATICFILES_DIRS setting does not exist."
    (staticfiles.W004), and the files you expect there are not collected. Git does not keep
    empty folders, so a `static/` folder that exists on your machine but holds no committed
    file is missing on Heroku.

    ## Fix safety
    No automatic fix: remove the entry, or commit a file in the folder.

    ## References
    - Django: `django/contrib/staticfiles/finders.py` (staticfiles.W004)
    """

    code = "HK506"
    name = "staticfiles-dirs-missing"
    severity = "warning"
    summary = "a `STATICFILES_DIRS` entry that does not exist"

    invalid = [example(settings=READY_SETTINGS + DIRS, expect=(("mysite/settings.py", 14),))]
    valid = [
        example(
            {"assets/site.css": "body { margin: 0; }\n"},
            settings=READY_SETTINGS + DIRS,
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("STATICFILES_DIRS") if settings else None
        if setting is None or not isinstance(setting.value, Seq):
            return
        for item in setting.value.items:
            folder = entry_path(item)
            if folder is None or folder == "":
                continue
            if not project.is_dir(folder):
                problem = "does not exist"
            elif not project.has_files(folder):
                problem = "is empty, and git does not keep empty folders"
            else:
                continue
            yield self.finding(
                f"STATICFILES_DIRS in {setting.relpath} lists {folder}/, which {problem}: "
                "Django warns (staticfiles.W004) and collects nothing from it; remove the entry "
                "or commit the files.",
                at_setting(setting),
            )
