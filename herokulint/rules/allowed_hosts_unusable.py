"""HK404 allowed-hosts-unusable."""

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
from ..project.values import Const, Env, Seq
from ..rule import Location, Rule
from . import READY_SETTINGS, at_setting, example, hardcoded_severity, strings

HOSTS_LINE = 'ALLOWED_HOSTS = [".herokuapp.com"]'
HEROKU_HOST = ".herokuapp.com"
# What an empty ALLOWED_HOSTS allows with DEBUG on (Django's HttpRequest.get_host).
DEBUG_DEFAULT_HOSTS = (".localhost", "127.0.0.1", "[::1]")
# Hosts that only ever match a request made on the developer's own machine.
LOCAL_HOSTS = {"localhost", ".localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0", "[::]"}


def with_hosts(expression: str) -> str:
    return READY_SETTINGS.replace(HOSTS_LINE, f"ALLOWED_HOSTS = {expression}")


def bad_entry(hosts: list[str]) -> Optional[str]:
    """What is wrong with the first malformed host pattern, as "'x': why; write 'y'."."""
    for host in hosts:
        if "://" in host or "/" in host:
            bare = host.split("://")[-1].split("/")[0]
            return msg(
                "{host!r}: entries are bare host names, so it never matches; write {bare!r}.",
                host=host,
                bare=bare,
            )
        if host.startswith("*."):
            return msg(
                "{host!r}: Django matches subdomains with a leading dot, not `*.`, so it never "
                "matches; write {host2!r}.",
                host=host,
                host2=host[1:],
            )
    return None


class AllowedHostsUnusable(Rule):
    """
    ## What it does
    Checks that production `ALLOWED_HOSTS` can match the app's Heroku host: set and not empty
    (Django's deploy check security.W020 is this case), not only
    local names, a list rather than a string, host names without a scheme or path (and
    `.example.com` rather than `*.example.com`), and not `os.environ.get(...).split(",")` with
    no default or a malformed one. It reads every layout herokulint understands: split
    settings, django-environ's `env.list()`, decouple's `Csv()`, django-configurations'
    `values.ListValue`, what `django_heroku.settings()` sets.

    ## Why it matters
    With `DEBUG` off, Django answers every request whose host is not allowed with
    `400 Bad Request` ("Invalid HTTP_HOST header ... You may need to add ... to
    ALLOWED_HOSTS."). A string instead of a list raises `ImproperlyConfigured("The
    ALLOWED_HOSTS setting must be a list or a tuple.")` at start-up; `.split()` on a missing
    variable raises `AttributeError` during the build's collectstatic.

    ## Fix safety
    Unsafe, for a list or tuple literal that is empty or lists only local hosts:
    `--unsafe-fixes` adds `".herokuapp.com"` first. An empty list becomes
    `[".herokuapp.com", ".localhost", "127.0.0.1", "[::1]"]`: with `DEBUG` on, an empty list
    allows exactly those local names, so `runserver` keeps working. It is unsafe because only
    you know your domains: add your custom domains (and narrow `.herokuapp.com` to your app's
    own host if you like). Other shapes (strings, environment reads) are not fixed.

    ## References
    - Django: `HttpRequest.get_host`, security.W020
    - Django: `django/conf/__init__.py` (list-or-tuple check)
    """

    code = "HK404"
    name = "allowed-hosts-unusable"
    severity = "error"
    summary = "production `ALLOWED_HOSTS` is empty, local-only, a string, or malformed"
    fix_applicability = "unsafe"
    django_check = "security.W020"

    invalid = [
        example(
            settings=with_hosts("[]"),
            expect=(("mysite/settings.py", 9),),
            fixed={
                "mysite/settings.py": with_hosts(
                    '[".herokuapp.com", ".localhost", "127.0.0.1", "[::1]"]'
                )
            },
        ),
        example(
            settings=with_hosts("()  # set per environment"),
            expect=(("mysite/settings.py", 9),),
            fixed={
                "mysite/settings.py": with_hosts(
                    '(".herokuapp.com", ".localhost", "127.0.0.1", "[::1]")  # set per environment'
                )
            },
        ),
        example(
            settings=with_hosts("[\n    'localhost',  # runserver\n    '127.0.0.1',\n]"),
            expect=(("mysite/settings.py", 9),),
            fixed={
                "mysite/settings.py": with_hosts(
                    "[\n    '.herokuapp.com',\n    'localhost',  # runserver\n    '127.0.0.1',\n]"
                )
            },
        ),
        example(
            settings=with_hosts('os.environ.get("ALLOWED_HOSTS")'),
            expect=(("mysite/settings.py", 9),),
        ),
        example(
            settings=with_hosts('os.environ.get("ALLOWED_HOSTS").split(",")'),
            expect=(("mysite/settings.py", 9),),
        ),
        example(
            settings=with_hosts('["https://myapp.herokuapp.com"]'),
            expect=(("mysite/settings.py", 9),),
        ),
        example(settings=with_hosts('["*.herokuapp.com"]'), expect=(("mysite/settings.py", 9),)),
        example(
            settings=READY_SETTINGS.replace('ALLOWED_HOSTS = [".herokuapp.com"]\n', ""),
            expect=(("mysite/settings.py", 9),),
            note="not set at all: Django's default is the empty list",
        ),
        example(
            settings=with_hosts(
                'os.environ.get("ALLOWED_HOSTS", "https://myapp.herokuapp.com").split(",")'
            ),
            expect=(("mysite/settings.py", 9),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=with_hosts('os.environ.get("ALLOWED_HOSTS", ".herokuapp.com").split(",")')
        ),
        example(settings=with_hosts('os.environ["ALLOWED_HOSTS"].split(",")')),
        example(settings=with_hosts('["*"]')),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None:
            return
        setting = settings.get("ALLOWED_HOSTS")
        if setting is None:
            if settings.complete:
                # Django's default is [], the same as an empty list (security.W020).
                near = settings.get("INSTALLED_APPS")
                yield self.finding(
                    msg(
                        "ALLOWED_HOSTS is not set in {relpath}: with DEBUG off every request gets 400 Bad "
                        'Request; add your Heroku host, e.g. `ALLOWED_HOSTS = [".herokuapp.com"]`.',
                        relpath=settings.relpath,
                    ),
                    at_setting(near) if near else Location(settings.relpath or ""),
                    severity=hardcoded_severity(project, self.severity),
                )
            return
        problem = self.problem(setting.value)
        if problem:
            literal = not isinstance(setting.value, Env)
            empty = isinstance(setting.value, Seq) and not setting.value.items
            yield self.finding(
                msg(
                    "ALLOWED_HOSTS in {relpath} {problem}", relpath=setting.relpath, problem=problem
                ),
                at_setting(setting),
                severity=hardcoded_severity(project, self.severity) if literal else None,
                fix=self.fix(project, setting),
                # Django's W020 is only for an empty value; the other problems are herokulint's.
                django_check=None if empty else "",
            )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
        """Add the Heroku host to an empty or local-only list literal."""
        sequence = codemods.literal_sequence(project, setting)
        hosts = strings(setting.value)
        if sequence is None or hosts is None or not all(host in LOCAL_HOSTS for host in hosts):
            return None
        if hosts:
            if not codemods.layout_supported(sequence):
                return None

            def build() -> tuple[Edit, ...]:
                module = codemods.parsed(project, setting.relpath)
                added = cst.Element(codemods.string_like(sequence.elements, HEROKU_HOST, module))
                order = [added, *range(len(hosts))]
                new = codemods.rewrite(
                    module, setting.node, sequence, codemods.rearrange(sequence, order)
                )
                return (codemods.edit(project, setting.relpath, new),)

            return Fix(
                "unsafe",
                msg('Add "{HEROKU_HOST}" to ALLOWED_HOSTS', HEROKU_HOST=HEROKU_HOST),
                build,
            )
        brackets = "[]" if isinstance(sequence, cst.List) else "()"
        listed = ", ".join(f'"{host}"' for host in (HEROKU_HOST, *DEBUG_DEFAULT_HOSTS))
        code = f"{brackets[0]}{listed}{brackets[1]}"

        def build_empty() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            return (codemods.set_value(project, setting, sequence, codemods.render(code, module)),)

        return Fix("unsafe", msg("Set ALLOWED_HOSTS = {code}", code=code), build_empty)

    @staticmethod
    def problem(value: object) -> Optional[str]:
        if isinstance(value, Const) and isinstance(value.value, str):
            return msg(
                "is a string, not a list: Django refuses to start; write a list, e.g. "
                '`[".herokuapp.com"]`.'
            )
        if isinstance(value, Env):
            if value.type == "str":
                return msg(
                    "is the raw string of {var}: Django refuses to start; split it, e.g. "
                    '`os.environ.get("ALLOWED_HOSTS", ".herokuapp.com").split(",")`.',
                    var=value.var or msg("an environment variable"),
                )
            if value.type == "list" and value.crashes_when_unset:
                return msg(
                    "calls .split() on {var} with no default: a missing config var crashes the build; "
                    "give os.environ.get() a default.",
                    var=value.var or msg("a variable"),
                )
            default = value.default
            hosts = (
                default.value.split(",")
                if isinstance(default, Const) and isinstance(default.value, str)
                else strings(default)
                if isinstance(default, Seq)
                else None
            )
            bad = bad_entry(hosts or [])
            if value.type == "list" and bad:
                return msg(
                    "defaults to {bad} when {var} is unset.",
                    bad=bad,
                    var=value.var or msg("the variable"),
                )
            return None
        hosts = strings(value) if isinstance(value, Seq) else None
        if hosts is None:
            return None
        if not hosts:
            return msg(
                "is empty: with DEBUG off every request gets 400 Bad Request; add your Heroku host, "
                'e.g. `[".herokuapp.com"]`.'
            )
        bad = bad_entry(hosts)
        if bad:
            return msg("contains {bad}", bad=bad)
        if all(host in LOCAL_HOSTS for host in hosts):
            return msg(
                "lists only local hosts: every request to the Heroku app gets 400 Bad Request; add "
                'your Heroku host, e.g. ".herokuapp.com".'
            )
        return None
