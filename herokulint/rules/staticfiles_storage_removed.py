"""HK505 staticfiles-storage-removed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings import ResolvedSetting
from ..project.values import Const, Map
from ..rule import Rule
from . import READY_SETTINGS, at_setting, django_series, example

OLD = 'STATICFILES_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"\n'
NEW = (
    'STORAGES = {"staticfiles": {"BACKEND": '
    '"whitenoise.storage.CompressedManifestStaticFilesStorage"}}\n'
)


STORAGES = """\
STORAGES = {
    "default": {
        "BACKEND": $default,
    },
    "staticfiles": {
        "BACKEND": $static,
    },
}
"""
FILE_SYSTEM = '"django.core.files.storage.FileSystemStorage"'
WHITENOISE = '"whitenoise.storage.CompressedManifestStaticFilesStorage"'
S3 = '"storages.backends.s3.S3Storage"'


def with_django(version: str) -> dict[str, str]:
    return {"requirements.txt": f"Django=={version}\ngunicorn==23.0.0\ndj-database-url==3.0.1\n"}


def backend_text(value: object) -> str:
    """The backend as the message shows it: the dotted path in quotes, or `...` when it is
    not a literal (the message never guesses it)."""
    if isinstance(value, Const) and isinstance(value.value, str) and value.value:
        return f'"{value.value}"'
    return "..."


class StaticfilesStorageRemoved(Rule):
    """
    ## What it does
    Checks for `STATICFILES_STORAGE`, which Django 4.2 replaced with `STORAGES["staticfiles"]`
    and Django 5.1 removed. The Django version is the one the build installs: the pin or the
    lock file's, for a range the newest it allows. When every version the range allows
    predates 4.2, nothing is reported; when it also allows one before 4.2, the message says to
    require Django>=4.2 first. When the version is unknown (not declared, or two package
    managers' files disagree), the finding is only a note (info).

    ## Why it matters
    On Django 5.1 and later the setting is silently ignored: collectstatic and the site use
    plain `StaticFilesStorage`, so WhiteNoise's compression and hashed file names (and the
    caching they allow) are lost without a word. On Django 4.2 and 5.0, defining it together
    with `STORAGES` stops every command: "STATICFILES_STORAGE/STORAGES are mutually
    exclusive." (reported as an error then). The unmaintained `django_heroku.settings()`
    still sets it.

    ## Fix safety
    Safe where Django 4.2 or 5.0 refuses to start with both settings, or where `STORAGES`
    already names the same backend (the old setting is only removed); unsafe on Django 5.1+
    where the old setting was ignored, so the fix changes which storage runs. When the Django
    version cannot be read, no fix is offered (Django 4.1 and older know only the old
    setting), and neither when the declared range still allows Django before 4.2. The fix
    replaces the assignment with `STORAGES = {"default": {"BACKEND":
    "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": <the old
    value>}}`, the layout of Django's documentation. A `DEFAULT_FILE_STORAGE` literal in the
    same module becomes the `"default"` backend and is removed (Django 4.2 refuses it beside
    `STORAGES` too). When `STORAGES` already exists without a `"staticfiles"` entry, the entry
    is added to it; when it already names the same backend, `STATICFILES_STORAGE` is only
    removed. Comments on the removed lines move above `STORAGES`. The result is the storage
    the settings asked for, in the form every Django since 4.2 reads; note that on Django
    5.1+, where the old setting was ignored, collectstatic starts using that backend (a
    manifest storage then stops on files that CSS references but that do not exist): hence
    `--unsafe-fixes` there.
    Settings spread over several modules, set under a condition, or by
    `django_heroku.settings()`, and a `STORAGES` that already names another backend, get no
    fix.

    ## References
    - Django 4.2 release notes ("Custom file storages"), 5.1 release notes (removals)
    - Django: `django/conf/__init__.py` (4.2)
    """

    code = "HK505"
    name = "staticfiles-storage-removed"
    severity = "warning"
    summary = "`STATICFILES_STORAGE` (ignored since Django 5.1; an error beside `STORAGES` on 4.2)"
    fix_applicability = "mixed"

    invalid = [
        example(
            settings=READY_SETTINGS + OLD,
            expect=(("mysite/settings.py", 14),),
            fixed={
                "mysite/settings.py": READY_SETTINGS
                + STORAGES.replace("$default", FILE_SYSTEM).replace("$static", WHITENOISE)
            },
        ),
        example(
            with_django("4.2.27"),
            settings=READY_SETTINGS + NEW + OLD,
            expect=(("mysite/settings.py", 15),),
            note="Django 4.2 refuses both settings at once (reported as an error)",
            fixed={"mysite/settings.py": READY_SETTINGS + NEW},
        ),
        example(
            settings=READY_SETTINGS.replace(
                "\n\nimport dj_database_url", "\nimport dj_database_url"
            )
            + "\n# Static and media files\n"
            + OLD.replace("\n", "  # compressed\n")
            + f"DEFAULT_FILE_STORAGE = {S3}\n"
            + "CSRF_COOKIE_SECURE = True\n",
            expect=(("mysite/settings.py", 15),),
            note="DEFAULT_FILE_STORAGE becomes the default backend",
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    "\n\nimport dj_database_url", "\nimport dj_database_url"
                )
                + "\n# Static and media files\n# compressed\n"
                + STORAGES.replace("$default", S3).replace("$static", WHITENOISE)
                + "CSRF_COOKIE_SECURE = True\n"
            },
        ),
        example(
            with_django("5.0.14"),
            settings=READY_SETTINGS + f'STORAGES = {{"default": {{"BACKEND": {S3}}}}}\n' + OLD,
            expect=(("mysite/settings.py", 15),),
            note="an existing STORAGES gets the staticfiles entry",
            fixed={
                "mysite/settings.py": READY_SETTINGS
                + f'STORAGES = {{"default": {{"BACKEND": {S3}}}, "staticfiles": {{"BACKEND": {WHITENOISE}}}}}\n'
            },
        ),
        example(
            {"requirements.txt": "Django>=3.2\ngunicorn==23.0.0\n"},
            settings=READY_SETTINGS + OLD,
            expect=(("mysite/settings.py", 14),),
            note="pip installs the newest Django, but the range allows 3.2: raise it first (no fix)",
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS + NEW),
        example(
            {"requirements.txt": "Django>=3.2,<4.2\ngunicorn==23.0.0\n"},
            settings=READY_SETTINGS + OLD,
            note="every Django the range allows predates STORAGES",
        ),
        example(
            with_django("4.1.13"),
            settings=READY_SETTINGS + OLD,
            note="before Django 4.2 it was the only way",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("STATICFILES_STORAGE") if settings else None
        if settings is None or setting is None:
            return
        django = project.versions.django
        series = django_series(project)
        if series is not None and series < (4, 2):
            return
        where = msg("STATICFILES_STORAGE in {relpath}", relpath=setting.relpath)
        backend = backend_text(setting.value)
        if series is None:
            # Unknown Django: on 4.1 and older STORAGES means nothing, so this is only a note.
            why = f" ({django.reason})" if django.reason else ""
            yield self.finding(
                msg(
                    "{where} is ignored by Django 5.1 and later, and STORAGES does not exist before 4.2; "
                    "the Django version is not known{why}: if the app runs Django 4.2 or later, use "
                    '`STORAGES = {{"staticfiles": {{"BACKEND": {backend}}}}}` instead.',
                    where=where,
                    why=why,
                    backend=backend,
                ),
                at_setting(setting),
                severity="info",
            )
            return
        # A range that also allows Django before 4.2: the code must keep working there, so
        # the floor goes up first, and no fix writes STORAGES for it.
        floor = "" if django.at_least("4.2") else msg("require Django>=4.2 and ")
        both = "STORAGES" in settings
        if both and series < (5, 1):
            yield self.finding(
                msg(
                    "{where} and STORAGES are both set: Django {series}.{series2} refuses to start "
                    '("STATICFILES_STORAGE/STORAGES are mutually exclusive."); {floor}move it into '
                    'STORAGES["staticfiles"].',
                    where=where,
                    series=series[0],
                    series2=series[1],
                    floor=floor,
                ),
                at_setting(setting),
                severity="error",
                fix=self.fix(project, setting, "safe") if not floor else None,
            )
        elif series >= (5, 1):
            range_note = (
                msg(" (which {specifier} allows)", specifier=django.specifier) if floor else ""
            )
            yield self.finding(
                msg(
                    "{where} is ignored by Django {series}.{series2}{range_note}: static files lose "
                    'their compression and hashed names; {floor}use `STORAGES = {{"staticfiles": '
                    '{{"BACKEND": {backend}}}}}` instead.',
                    where=where,
                    series=series[0],
                    series2=series[1],
                    range_note=range_note,
                    floor=floor,
                    backend=backend,
                ),
                at_setting(setting),
                fix=self.fix(project, setting, "unsafe") if not floor else None,
            )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting, applicability: str) -> Optional[Fix]:
        """STATICFILES_STORAGE (and DEFAULT_FILE_STORAGE) into STORAGES, in the same module:
        safe where Django refuses to start with both set, unsafe where the old setting was
        ignored (the backend it names starts being used)."""
        settings = project.settings
        line = codemods.own_line(project, setting)
        if settings is None or line is None:
            return None
        storages, old_default = settings.get("STORAGES"), settings.get("DEFAULT_FILE_STORAGE")
        default_line = None
        if old_default is not None:
            default_line = codemods.own_line(project, old_default)
            if (
                storages is not None
                or default_line is None
                or old_default.relpath != setting.relpath
                or not is_string(old_default.value)
            ):
                return None
        if storages is None:
            return replace_with_storages(
                project, setting, line, old_default, default_line, applicability
            )
        return merge_into_storages(project, setting, line, storages, applicability)


def is_string(value: object) -> bool:
    return isinstance(value, Const) and isinstance(value.value, str)


def assigned(node: cst.CSTNode) -> cst.BaseExpression:
    assert isinstance(node, (cst.Assign, cst.AnnAssign)) and node.value is not None
    return node.value


def replace_with_storages(
    project: ProjectModel,
    setting: ResolvedSetting,
    line: cst.SimpleStatementLine,
    old_default: Optional[ResolvedSetting],
    default_line: Optional[cst.SimpleStatementLine],
    applicability: str,
) -> Fix:
    def build() -> tuple[Edit, ...]:
        module = codemods.parsed(project, setting.relpath)
        template = codemods.requote(STORAGES, codemods.quote_of(module))
        default = (
            codemods.code_of(module, assigned(old_default.node))
            if old_default is not None
            else codemods.requote(FILE_SYSTEM, codemods.quote_of(module))
        )
        code = codemods.render(
            template.replace("    ", codemods.bracket_indent(module)),
            module,
            default=default,
            static=codemods.code_of(module, assigned(setting.node)),
        )
        new = cst.parse_statement(code, config=module.config_for_parsing)
        kept = codemods.lost_comments(line.with_changes(leading_lines=()), new)
        changes: list[tuple[cst.SimpleStatementLine, list[cst.BaseStatement]]] = []
        if default_line is not None:
            kept += codemods.comments(default_line)
            changes.append((default_line, []))
        new = new.with_changes(leading_lines=[*line.leading_lines, *codemods.comment_lines(kept)])
        changes.append((line, [new]))
        return (codemods.edit(project, setting.relpath, codemods.replace_lines(module, changes)),)

    also = msg(" and DEFAULT_FILE_STORAGE") if old_default is not None else ""
    return Fix(applicability, msg("Move STATICFILES_STORAGE{also} into STORAGES", also=also), build)


def merge_into_storages(
    project: ProjectModel,
    setting: ResolvedSetting,
    line: cst.SimpleStatementLine,
    storages: ResolvedSetting,
    applicability: str,
) -> Optional[Fix]:
    """STORAGES exists: add the staticfiles entry it lacks, or drop a duplicate of it."""
    node = codemods.plain_assignment(project, storages)
    if (
        node is None
        or storages.relpath != setting.relpath
        or not isinstance(node.value, cst.Dict)
        or not isinstance(storages.value, Map)
        or not is_string(setting.value)
        or not codemods.layout_supported(node.value)
    ):
        return None
    literal = node.value
    entry = storages.value.get("staticfiles")
    if entry is not None and not (isinstance(entry, Map) and entry.get("BACKEND") == setting.value):
        return None  # STORAGES names another backend: which one is meant is a guess
    count = len(literal.elements)

    def build() -> tuple[Edit, ...]:
        module = codemods.parsed(project, setting.relpath)
        found = codemods.statement_of(module, node)
        assert found is not None
        storages_line = found[0]
        new_literal: cst.BaseExpression = literal
        if entry is None:
            key = codemods.string_like(
                [
                    element.key
                    for element in literal.elements
                    if isinstance(element, cst.DictElement)
                ],
                "staticfiles",
                module,
            )
            value = codemods.expression(
                codemods.render(
                    '{"BACKEND": $static}',
                    module,
                    static=codemods.code_of(module, assigned(setting.node)),
                ),
                module,
            )
            new_literal = codemods.rearrange(literal, [*range(count), cst.DictElement(key, value)])
        changed = storages_line.deep_replace(literal, new_literal)
        assert isinstance(changed, cst.SimpleStatementLine)
        kept = codemods.comment_lines(codemods.comments(line))
        changed = changed.with_changes(leading_lines=[*changed.leading_lines, *kept])
        new = codemods.replace_lines(module, [(storages_line, [changed]), (line, [])])
        return (codemods.edit(project, setting.relpath, new),)

    if entry is not None:  # removing a duplicate of what STORAGES says changes nothing
        return Fix("safe", msg("Remove STATICFILES_STORAGE: STORAGES already has it"), build)
    return Fix(applicability, msg('Move STATICFILES_STORAGE into STORAGES["staticfiles"]'), build)
