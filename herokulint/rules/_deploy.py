"""What the rules for Django's deploy checklist (`manage.py check --deploy`) share: the Django
series whose checklist applies, the value Django sees for a setting (a literal, Django's own
default, an environment read, or unknown), where a finding about a missing setting points, and
the fixes that add a setting or a middleware.

Precision: a value read from the environment is not known (at most info naming the config
var); a setting that is not set is Django's default only when the resolver followed every
statement of the settings chain (`settings.complete`); otherwise nothing is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable, Optional

import libcst as cst

from .. import codemods
from ..data import django_checks
from ..data.django_versions import series as known_series
from ..edits import Edit
from ..findings import Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings import ResolvedSetting, SettingsModel
from ..project.values import Env, Seq, const_value, is_literal
from ..records import frozen
from ..rule import Location
from . import READY_SETTINGS, at_setting, django_series, middleware, strings

SECURITY = django_checks.SECURITY_MIDDLEWARE
XFRAME = django_checks.XFRAME_MIDDLEWARE
CSRF = django_checks.CSRF_MIDDLEWARE
SESSION = django_checks.SESSION_MIDDLEWARE
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
COMMON = "django.middleware.common.CommonMiddleware"
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
PROXY_HEADER = 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")'

# startproject's MIDDLEWARE, with WhiteNoise where its docs put it: the examples' background.
STARTPROJECT_MIDDLEWARE = (
    SECURITY,
    WHITENOISE,
    SESSION,
    COMMON,
    CSRF,
    AUTHENTICATION,
    "django.contrib.messages.middleware.MessageMiddleware",
    XFRAME,
)
STARTPROJECT_APPS = (
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
)


def listed(name: str, items: Sequence[str]) -> str:
    lines = "".join(f'    "{item}",\n' for item in items)
    return f"{name} = [\n{lines}]\n"


# A deployable project that passes Django's whole checklist; the examples change one thing.
HARDENED_SETTINGS = (
    READY_SETTINGS.replace(
        'INSTALLED_APPS = ["django.contrib.staticfiles"]\n',
        listed("INSTALLED_APPS", STARTPROJECT_APPS),
    )
    + listed("MIDDLEWARE", STARTPROJECT_MIDDLEWARE)
    + "SECURE_SSL_REDIRECT = True\n"
    + PROXY_HEADER
    + "\n"
    + "SECURE_HSTS_SECONDS = 31536000\n"
    + "SECURE_HSTS_INCLUDE_SUBDOMAINS = True\n"
    + "SECURE_HSTS_PRELOAD = True\n"
    + "SESSION_COOKIE_SECURE = True\n"
    + "CSRF_COOKIE_SECURE = True\n"
)


def without(text: str, line: str) -> str:
    """`text` without the line `line` (given without its newline)."""
    assert f"{line}\n" in text, line
    return text.replace(f"{line}\n", "", 1)


def deploy_series(project: ProjectModel) -> Optional[tuple[int, int]]:
    """The Django series whose checklist applies: the one the project declares, else the
    newest known (today's behaviour); None for a series older than the data models."""
    series = django_series(project) or known_series()[-1]
    return series if series >= django_checks.OLDEST else None


@frozen
class Seen:
    """What Django sees for a setting on a dyno.

    `kind` is "literal" (written in the settings), "default" (unset: Django's default for the
    series), "env" (read from a config var; `env` holds the read) or "unknown".
    """

    kind: str
    value: Any = None
    setting: Optional[ResolvedSetting] = None
    env: Optional[Env] = None

    @property
    def known(self) -> bool:
        return self.kind in ("literal", "default")


def seen(settings: SettingsModel, name: str, series: tuple[int, int]) -> Seen:
    setting = settings.get(name)
    if setting is None:
        if settings.complete:
            return Seen("default", django_checks.default(name, series))
        return Seen("unknown")  # it may be set where herokulint cannot see
    value = setting.value
    if is_literal(value):
        return Seen("literal", const_value(value), setting)
    if isinstance(value, Env):
        return Seen("env", None, setting, value)
    return Seen("unknown", None, setting)


@frozen
class Checklist:
    """The production settings, the series, and the known MIDDLEWARE of one project."""

    settings: SettingsModel
    series: tuple[int, int]
    middleware: list[str]

    def applies(self, check: str) -> bool:
        return django_checks.applies(check, self.series)

    def seen(self, name: str) -> Seen:
        return seen(self.settings, name, self.series)

    @property
    def secured(self) -> bool:
        """SecurityMiddleware is installed: Django runs its HSTS, SSL and header checks."""
        return SECURITY in self.middleware

    def where(self, found: Seen, near: str = "MIDDLEWARE") -> Location:
        """The setting itself, else the setting `near` (the checks' condition), else line 1 of
        the production settings module."""
        setting = found.setting or self.settings.get(near) or self.settings.get("MIDDLEWARE")
        if setting is not None:
            return at_setting(setting)
        return Location(self.settings.relpath or "")


def checklist(project: ProjectModel) -> Optional[Checklist]:
    """The checklist's inputs, or None when they cannot be known (no settings, a Django older
    than the data, a MIDDLEWARE herokulint cannot read)."""
    settings = project.settings
    series = deploy_series(project)
    stack = middleware(project)
    if settings is None or series is None or stack is None:
        return None
    return Checklist(settings, series, stack)


def is_true(found: Seen) -> Optional[bool]:
    """Django's `setting is True` test on a dyno: True or False when known, else None. A raw
    string from the environment is never the boolean True, whatever the config var holds."""
    if found.known:
        return found.value is True
    if found.env is not None and found.env.type == "str":
        return False
    return None


UNKNOWN = object()


def converted_default(read: Env) -> Any:
    """The value the setting gets when the config var is unset, after the read's conversion;
    UNKNOWN when herokulint cannot tell (a string default that a comparison or cast turns
    into something else)."""
    if read.default is None:
        return None if read.type == "str" else UNKNOWN
    if not is_literal(read.default):
        return UNKNOWN
    value = const_value(read.default)
    if read.type == "str" or (read.type == "bool" and isinstance(value, bool)):
        return value
    if read.type == "int" and isinstance(value, (int, str)) and str(value).strip().isdigit():
        return int(value)
    return UNKNOWN


def cookie_flag_on(found: Seen, series: tuple[int, int]) -> Optional[bool]:
    """Whether a cookie flag (`SESSION_COOKIE_SECURE`, ...) passes Django's check: the value
    `is True` from 4.1, any truthy value before."""
    if series >= django_checks.COOKIE_IS_TRUE_SINCE:
        return is_true(found)
    return bool(found.value) if found.known else None


def session_check(apps: list[str], stack: list[str], ids: tuple[str, str, str]) -> Optional[str]:
    """sessions.py: the first id with the sessions app, the second with SessionMiddleware, the
    third (replacing both) with both; None with neither."""
    app = django_checks.SESSIONS_APP in apps
    middleware_on = SESSION in stack
    if app and middleware_on:
        return ids[2]
    return ids[0] if app else ids[1] if middleware_on else None


def env_advice(found: Seen, test: Callable[[Any], bool], wanted: str) -> Optional[str]:
    """Info for a setting read from a config var whose default (what production gets when the
    var is unset) fails `test`: which var to set. None when the default passes, or the read
    has no default because a missing var stops the app anyway."""
    read, setting = found.env, found.setting
    if read is None or setting is None or read.required or read.crashes_when_unset:
        return None
    if read.prod is not None:
        return None  # known on a dyno: the rule decides
    fallback = converted_default(read)
    if fallback is UNKNOWN:
        return None
    if test(fallback):
        return None
    var = read.var or msg("its config var")
    return msg(
        "{name} in {relpath} comes from the config var {var}, which herokulint cannot see; "
        "unset, it gives {fallback!r}: make sure Heroku sets it so that {name} is {wanted} "
        "(`heroku config:set {var}=...`).",
        name=setting.name,
        relpath=setting.relpath,
        var=var,
        fallback=fallback,
        wanted=wanted,
    )


# -- fixes ------------------------------------------------------------------------------------


def can_edit_entry(project: ProjectModel) -> Optional[str]:
    """The production settings module a new assignment goes to (at its end, so it wins), or
    None when settings are class attributes (django-configurations) or may be overridden."""
    settings = project.settings
    if settings is None or settings.relpath is None or settings.configuration is not None:
        return None
    if settings.overridable:
        return None
    return settings.relpath


def set_setting_fix(
    project: ProjectModel,
    found: Seen,
    lines: Sequence[str],
    applicability: str,
    message: str,
) -> Optional[Fix]:
    """Set a setting: replace a literal's plain assignment by `lines`, or (unset) add `lines`
    at the end of the production settings module."""
    setting = found.setting
    if setting is not None:
        if found.kind != "literal" or codemods.plain_assignment(project, setting) is None:
            return None

        def replace() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            value = lines[0].split(" = ", 1)[1].split("  #", 1)[0]
            new = codemods.replace_value(module, setting, value)
            for line in reversed(lines[1:]):
                new = codemods.insert_after(new, _moved(new, setting), line)
            return (codemods.edit(project, setting.relpath, new),)

        return Fix(applicability, message, replace)
    entry = can_edit_entry(project)
    if entry is None or found.kind != "default":
        return None

    def add() -> tuple[Edit, ...]:
        module = codemods.parsed(project, entry)
        for line in lines:
            module = codemods.append(module, line)
        return (codemods.edit(project, entry, module),)

    return Fix(applicability, message, add)


def _moved(module: cst.Module, setting: ResolvedSetting) -> ResolvedSetting:
    """`setting` re-pointed at its (replaced) assignment in `module`, to insert after it."""
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign)
                    and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name)
                    and small.targets[0].target.value == setting.name
                ):
                    return ResolvedSetting(
                        setting.name, setting.value, setting.relpath, setting.span, small
                    )
    return setting


def add_middleware_fix(
    project: ProjectModel, name: str, position: int, applicability: str
) -> Optional[Fix]:
    """Insert `name` into a literal MIDDLEWARE list or tuple at `position`, keeping its layout
    and comments; None when MIDDLEWARE is built in another way."""
    settings = project.settings
    setting = settings.get("MIDDLEWARE") if settings else None
    if setting is None or not isinstance(setting.value, Seq):
        return None
    sequence = codemods.literal_sequence(project, setting)
    stack = strings(setting.value)
    if sequence is None or stack is None or not codemods.layout_supported(sequence):
        return None

    def build() -> tuple[Edit, ...]:
        module = codemods.parsed(project, setting.relpath)
        element = cst.Element(codemods.string_like(sequence.elements, name, module))
        order: list[int | cst.CSTNode] = list(range(len(stack)))
        order.insert(position, element)
        moved = codemods.rearrange(sequence, order)
        new = codemods.rewrite(module, setting.node, sequence, moved)
        return (codemods.edit(project, setting.relpath, new),)

    return Fix(
        applicability, msg("Add {rsplit} to MIDDLEWARE", rsplit=name.rsplit(".", 1)[-1]), build
    )
