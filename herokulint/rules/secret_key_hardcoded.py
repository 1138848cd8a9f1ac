"""HK403 secret-key-hardcoded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from .. import codemods
from ..data.django_checks import weak_secret_key
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.envtruth import describe_all
from ..project.settings import ResolvedSetting
from ..project.values import Const, Env, Unknown
from ..rule import Rule
from . import (
    READY_SETTINGS,
    at_setting,
    earlier_reader,
    example,
    hardcoded_severity,
    remove_override_fix,
)

SECRET_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'


def with_secret(expression: str) -> str:
    return READY_SETTINGS.replace(SECRET_LINE, f"SECRET_KEY = {expression}")


def debug_branch(debug: str) -> str:
    """A development key under `if DEBUG:`, with DEBUG read as `debug`."""
    return READY_SETTINGS.replace(SECRET_LINE + "\n", "").replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n',
        f'DEBUG = {debug}\nif DEBUG:\n    SECRET_KEY = "dev-only-key"\nelse:\n    {SECRET_LINE}\n',
    )


class SecretKeyHardcoded(Rule):
    """
    ## What it does
    Checks that the production settings do not contain the `SECRET_KEY` itself: neither as a
    literal nor as the fallback of an environment read.

    ## Why it matters
    Anyone who can read the repository can forge sessions, password-reset links and signed
    cookies. A key left by `startproject` starts with `django-insecure-`, which Django's deploy
    check flags (security.W009). A literal fallback (`os.environ.get("SECRET_KEY", "dev")`) is
    what production uses the day the config var is missing. A key written under `if DEBUG:` is
    what production uses when DEBUG can be on there: when the DEBUG expression is true for
    some way production leaves its variable (unset, `""`, `"False"`, `"0"`, `"no"`; HK402).

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` replaces a literal key with
    `os.environ["DJANGO_SECRET_KEY"]` (adding `import os` when missing), and drops the literal
    fallback of a read: `os.environ.get("X", "dev")` and `os.getenv("X", "dev")` become
    `os.environ["X"]`, decouple's `config("X", default="dev")` and django-environ's
    `env("X", default="dev")` lose their `default`. From then on the settings fail to load
    when the variable is unset, on Heroku (set it first: `heroku config:set
    DJANGO_SECRET_KEY=...`, or the build's collectstatic stops) and on every developer's
    machine, which is why the fix is unsafe. The old key is still in the repository's
    history: generate a new one. Fallbacks given in other ways (a django-environ schema,
    `django_heroku.settings()`, django-configurations values) get no fix. A literal that
    overrides a read of the environment above it in the same module is removed instead, so
    the project's own variable stays the only one.

    ## References
    - Django: security.W009
    - Heroku's getting-started app reads `DJANGO_SECRET_KEY` with a random fallback
    """

    code = "HK403"
    name = "secret-key-hardcoded"
    severity = "error"
    summary = "a literal `SECRET_KEY`, or a literal fallback for it"
    fix_applicability = "unsafe"
    # Carried only when Django's own test rejects the literal key (see `check`).
    django_check = "security.W009"

    invalid = [
        example(
            settings=with_secret('"django-insecure-8k#x2l@!9v^0c(7p3q+e$w5r1t6y4u8i0o2p"'),
            expect=(("mysite/settings.py", 7),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            settings=with_secret('os.environ.get("DJANGO_SECRET_KEY", "dev-secret")'),
            expect=(("mysite/settings.py", 7),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            settings=with_secret('os.getenv("SECRET_KEY", default="dev-secret")'),
            expect=(("mysite/settings.py", 7),),
            fixed={"mysite/settings.py": with_secret('os.environ["SECRET_KEY"]')},
        ),
        example(
            settings="from decouple import config\n"
            + with_secret('config(\n    "SECRET_KEY",\n    default="dev-secret",  # local only\n)'),
            expect=(("mysite/settings.py", 8),),
            fixed={
                "mysite/settings.py": "from decouple import config\n"
                + with_secret('config(\n    "SECRET_KEY",\n)').replace(
                    "SECRET_KEY = config", "# local only\nSECRET_KEY = config"
                )
            },
        ),
        example(
            settings="import environ\n\nenv = environ.Env()\n"
            + with_secret('env("SECRET_KEY", default="dev-secret")'),
            expect=(("mysite/settings.py", 10),),
            fixed={
                "mysite/settings.py": "import environ\n\nenv = environ.Env()\n"
                + with_secret('env("SECRET_KEY")')
            },
        ),
        example(
            settings=debug_branch('os.environ.get("DJANGO_DEBUG", "True") != "False"'),
            expect=(("mysite/settings.py", 9),),
            note='DEBUG is on when DJANGO_DEBUG is unset, "", "false", "0" or "no"',
        ),
        example(
            settings=READY_SETTINGS.replace(
                'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n',
                'SECRET_KEY = os.environ.get("SECRET_KEY")\nSECRET_KEY = "dev-key-123"\n',
            ),
            expect=(("mysite/settings.py", 8),),
            note="the settings already read SECRET_KEY above: the override goes",
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n',
                    'SECRET_KEY = os.environ.get("SECRET_KEY")\n',
                )
            },
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=debug_branch('os.environ.get("DJANGO_DEBUG", "") == "1"'),
            note="DEBUG is off for every way production leaves DJANGO_DEBUG",
        ),
        example(
            settings="import secrets\n"
            + with_secret('os.environ.get("DJANGO_SECRET_KEY", default=secrets.token_urlsafe(50))')
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("SECRET_KEY") if settings else None
        if setting is None:
            return
        value = setting.value
        debug_key = settings.debug_branch.get("SECRET_KEY") if settings else None
        if debug_key is not None and isinstance(value, Unknown) and is_key(debug_key.value):
            yield self.finding(
                msg(
                    "SECRET_KEY is written in {relpath} under `if DEBUG:`, and DEBUG is on in production "
                    "when {debug_spellings}: that key is then the one production signs with; make DEBUG "
                    "off for those values (HK402) and read the key from a config var.",
                    relpath=debug_key.relpath,
                    debug_spellings=debug_spellings(project),
                ),
                at_setting(debug_key),
                severity=hardcoded_severity(project, self.severity),
            )
            return
        if is_key(value):
            # One finding for a literal key: it names Django's W009 too when Django's deploy
            # check rejects the key, so HK416 (W009 otherwise) never reports it again.
            weak = weak_secret_key(str(getattr(value, "value", "")))
            django = (
                msg(
                    " Django's check --deploy rejects it as well (security.W009: under 50 characters, "
                    "few different ones, or django-insecure-)."
                )
                if weak
                else ""
            )
            yield self.finding(
                msg(
                    "SECRET_KEY is written in {relpath}: anyone with the code can forge sessions; set it "
                    'as a config var and read `os.environ["DJANGO_SECRET_KEY"]`.{django}',
                    relpath=setting.relpath,
                    django=django,
                ),
                at_setting(setting),
                severity=hardcoded_severity(project, self.severity),
                fix=from_environment(project, setting),
                django_check=None if weak else "",
            )
        elif (
            isinstance(value, Env)
            and isinstance(value.default, Const)
            and isinstance(value.default.value, str)
            and value.default.value
        ):
            helper = (
                msg(
                    " ({reader}() replaces it only when that config var is set)",
                    reader=value.reader,
                )
                if value.reader.endswith(".settings")
                else ""
            )
            yield self.finding(
                msg(
                    "SECRET_KEY in {relpath} falls back to a fixed string when {var} is unset{helper}; "
                    "drop the fallback so a missing config var fails loudly instead.",
                    relpath=setting.relpath,
                    var=value.var or msg("its variable"),
                    helper=helper,
                ),
                at_setting(setting),
                severity=hardcoded_severity(project, self.severity),
                fix=without_fallback(project, setting),
                django_check="",  # production reads the config var; Django never sees this
            )


def is_key(value: object) -> bool:
    return isinstance(value, Const) and isinstance(value.value, str) and bool(value.value)


def debug_spellings(project: ProjectModel) -> str:
    """`DJANGO_DEBUG is unset or "False"`: when production runs with DEBUG on."""
    debug = project.settings.get("DEBUG") if project.settings else None
    truth = debug.truth if debug is not None else None
    if truth is None or not truth.true_for:
        return msg("its config var says so")
    return msg("{var} is {values}", var=truth.var, values=describe_all(truth.true_for))


def from_environment(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
    """A literal key becomes `os.environ["DJANGO_SECRET_KEY"]`; or, when the module already
    read SECRET_KEY from the environment above, the literal override goes."""
    earlier = earlier_reader(setting)
    if earlier is not None:
        return remove_override_fix(project, setting, earlier)
    node = codemods.plain_assignment(project, setting, top_level=False)
    if node is None or node.value is None:
        return None
    old = node.value

    def build() -> tuple[Edit, ...]:
        module = codemods.parsed(project, setting.relpath)
        code = codemods.render('os.environ["DJANGO_SECRET_KEY"]', module)
        return (codemods.set_value(project, setting, old, code, imports=[("import os", "os")]),)

    return Fix("unsafe", msg('Read SECRET_KEY from os.environ["DJANGO_SECRET_KEY"]'), build)


def without_fallback(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
    """A read with a literal fallback loses the fallback."""
    node = codemods.plain_assignment(project, setting, top_level=False)
    value = setting.value
    if node is None or not isinstance(value, Env) or node.value is not value.call:
        return None
    read = value.call
    if not isinstance(read, cst.Call):
        return None
    if value.reader in ("os.environ.get", "os.getenv"):
        var = codemods.argument_index(read, 0, "key")
        if var is None or codemods.argument_index(read, 1, "default") is None:
            return None
        func = read.func
        # `os.environ.get(...)` (or `environ.get`) keeps its spelling; `os.getenv` needs `os`.
        environ = (
            func.value
            if value.reader == "os.environ.get" and isinstance(func, cst.Attribute)
            else None
        )
        key = read.args[var].value

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            code = codemods.render(
                "$environ[$key]",
                module,
                environ=codemods.code_of(module, environ) if environ is not None else "os.environ",
                key=codemods.code_of(module, key),
            )
            imports = [] if environ is not None else [("import os", "os")]
            return (codemods.set_value(project, setting, read, code, imports=imports),)

        return Fix("unsafe", msg("Drop the fallback: read os.environ[...]"), build)
    if value.reader == "decouple":
        default = codemods.argument_index(read, 1, "default")
    elif value.reader == "environ":
        method = isinstance(
            read.func, cst.Attribute
        )  # env.str(var, default), env(var, cast, default)
        default = codemods.argument_index(read, 1 if method else 2, "default")
    else:
        return None
    if default is None or not codemods.layout_supported(read):
        return None
    keep = [index for index in range(len(read.args)) if index != default]

    def drop() -> tuple[Edit, ...]:
        module = codemods.parsed(project, setting.relpath)
        new = codemods.rewrite(module, setting.node, read, codemods.rearrange(read, keep))
        return (codemods.edit(project, setting.relpath, new),)

    return Fix("unsafe", msg("Drop the fallback (default=...)"), drop)
