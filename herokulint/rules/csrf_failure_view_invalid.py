"""HK424 csrf-failure-view-invalid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.pysource import ParsedModule
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist

VIEWS = "mysite/views.py"
GOOD_VIEW = 'from django.http import HttpResponseForbidden\n\n\ndef csrf_failure(request, reason=""):\n    return HttpResponseForbidden(reason)\n'


def with_view(path: str) -> str:
    return HARDENED_SETTINGS + f'CSRF_FAILURE_VIEW = "{path}"\n'


def binds_request_and_reason(params: cst.Parameters) -> bool:
    """Whether `inspect.signature(view).bind(None, reason=None)` succeeds: Django calls the
    view as `view(request, reason=reason)` (django/middleware/csrf.py)."""
    positional = [*params.posonly_params, *params.params]
    keyword_capable = [*params.params, *params.kwonly_params]
    if positional:
        first: Optional[cst.Param] = positional[0]
    elif isinstance(params.star_arg, cst.Param):
        first = None  # the request goes into *args
    else:
        return False
    takes_reason = params.star_kwarg is not None or any(
        param.name.value == "reason" and param is not first for param in keyword_capable
    )
    if not takes_reason or (first is not None and first.name.value == "reason"):
        return False
    others = [*positional[1:], *params.kwonly_params]
    return all(param.default is not None or param.name.value == "reason" for param in others)


def top_level(module: cst.Module, name: str) -> Optional[cst.CSTNode]:
    """The last top-level statement that may bind `name`: a def or class of that name, an
    assignment or import of it, a star import, or a compound statement (if, try) that
    mentions it. None when nothing does."""
    found: Optional[cst.CSTNode] = None
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            if statement.name.value == name:
                found = statement
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                bound = _binds(small)
                if bound is None or name in bound:
                    found = small
        elif name in module.code_for_node(statement):
            found = statement
    return found


def _binds(small: cst.BaseSmallStatement) -> Optional[set[str]]:
    """Names a simple statement binds; None for a star import, which may bind any."""
    if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar):
        return None
    if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
        small.names, cst.ImportStar
    ):
        names = set()
        for alias in small.names:
            node: cst.BaseExpression = alias.asname.name if alias.asname else alias.name
            while isinstance(node, cst.Attribute):
                node = node.value
            if isinstance(node, cst.Name):
                names.add(node.value)
        return names
    targets: list[cst.BaseExpression] = []
    if isinstance(small, cst.Assign):
        targets = [target.target for target in small.targets]
    elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
        targets = [small.target]
    return {target.value for target in targets if isinstance(target, cst.Name)}


class CsrfFailureViewInvalid(Rule):
    """
    ## What it does
    Checks that `CSRF_FAILURE_VIEW` names a view Django can import and call: a dotted path
    (`"myapp.views.csrf_failure"`) whose module is in the project and defines it, as a
    function that takes the request and a `reason` keyword argument.

    ## Why it matters
    Django calls the view as `view(request, reason=reason)` whenever it refuses a form. Its
    checks (run by `manage.py check`, `migrate` in the release phase, and `check --deploy`)
    report: "The CSRF failure view '...' could not be imported." (security.E102) and "The
    CSRF failure view '...' does not take the correct number of arguments."
    (security.E101). A module path into the project that does not exist, or a module
    without the view, makes Django raise `ViewDoesNotExist` instead (the check command
    stops, and so does every refused form with a 500). A view in an installed package, or
    one behind a decorator, is not known and is not reported. Django 3.2 added the checks.

    ## Fix safety
    No fix: the view you meant cannot be guessed. Point the setting at a function
    `def csrf_failure(request, reason=""):`, or remove it to get Django's
    `django.views.csrf.csrf_failure`.

    ## References
    - Django: security.E101 and E102, `django/core/checks/security/csrf.py`;
      `django/urls/utils.py` `get_callable`
    """

    code = "HK424"
    name = "csrf-failure-view-invalid"
    severity = "error"
    summary = "`CSRF_FAILURE_VIEW` names a view Django cannot import or call"
    django_check = "security.E101"
    other_django_checks = ("security.E102",)

    invalid = [
        example(
            {VIEWS: "def csrf_failure(request):\n    pass\n"},
            settings=with_view("mysite.views.csrf_failure"),
            expect=(("mysite/settings.py", 38),),
        ),
        example(settings=with_view("csrf_failure"), expect=(("mysite/settings.py", 38),)),
        example(
            {VIEWS: GOOD_VIEW},
            settings=with_view("mysite.views.csrf_failed"),
            expect=(("mysite/settings.py", 38),),
            note="a module without the view: Django raises ViewDoesNotExist",
        ),
    ]
    valid = [
        example({VIEWS: GOOD_VIEW}, settings=with_view("mysite.views.csrf_failure")),
        example(settings=with_view("django.views.csrf.csrf_failure")),
        example(
            settings=with_view("somepackage.views.csrf_failure"),
            note="an installed package is not known",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.applies("security.E101"):
            return
        view = found.seen("CSRF_FAILURE_VIEW")
        if view.setting is None or not view.known or not isinstance(view.value, str):
            return
        problem = self.problem(project, view.value)
        if problem is None:
            return
        message, check = problem
        yield self.finding(
            msg(
                "CSRF_FAILURE_VIEW in {relpath} is {value!r}: {message}",
                relpath=view.setting.relpath,
                value=view.value,
                message=message,
            ),
            found.where(view),
            severity=hardcoded_severity(project, self.severity),
            django_check=check,
        )

    @staticmethod
    def problem(project: ProjectModel, path: str) -> Optional[tuple[str, str]]:
        """(what is wrong, Django's check id or "" when Django raises instead), or None."""
        module_name, _, function = path.rpartition(".")
        if not module_name:
            return (
                msg(
                    "Django needs a full dotted path and cannot import it; write "
                    '"myapp.views.csrf_failure" (security.E102).'
                ),
                "security.E102",
            )
        relpath = project.locate_module(module_name)
        if relpath is None:
            top = module_name.split(".")[0]
            if top == module_name or project.locate_module(top) is None:
                return None  # an installed package, perhaps: not known
            return (
                msg(
                    "the project has no module {module_name}, so Django raises ViewDoesNotExist on the "
                    "first refused form; point it at an existing view.",
                    module_name=module_name,
                ),
                "",
            )
        parsed = project.python(relpath)
        if not isinstance(parsed, ParsedModule):
            return None
        node = top_level(parsed.module, function)
        if node is None:
            return (
                msg(
                    "{relpath} defines no {function}, so Django raises ViewDoesNotExist on the first "
                    "refused form; point it at an existing view.",
                    relpath=relpath,
                    function=function,
                ),
                "",
            )
        if (
            isinstance(node, cst.FunctionDef)
            and not node.decorators
            and not binds_request_and_reason(node.params)
        ):
            return (
                msg(
                    "Django calls it as {function}(request, reason=...), which its signature in "
                    '{relpath} refuses; write `def {function}(request, reason=""):` (security.E101).',
                    function=function,
                    relpath=relpath,
                ),
                "security.E101",
            )
        return None
