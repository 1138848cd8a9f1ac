"""HK402 debug-env-truthy-string."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Callable, Optional

import libcst as cst

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.envtruth import describe_all
from ..project.pyeval import BOOL_CONVERTERS, STRING_METHODS
from ..project.settings import ResolvedSetting
from ..project.values import Const, Env
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example

DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'
STDLIB_READS = ("os.environ.get", "os.getenv", "os.environ")
# The strings the fix counts as "on": what python-decouple and django-environ accept, lower-cased.
TRUTHY = '("1", "true", "yes", "on")'
CONVERSIONS = ("int", "float", "bool", *BOOL_CONVERTERS)


def with_debug(expression: str, imports: str = "") -> str:
    return imports + READY_SETTINGS.replace(DEBUG_LINE, f"DEBUG = {expression}")


class DebugEnvTruthyString(Rule):
    """
    ## What it does
    Checks that `DEBUG`, when read from the environment, is converted to a real boolean and
    does not default to `True`.

    ## Why it matters
    Config vars are strings, and every non-empty string is true: with
    `DEBUG = os.environ.get("DEBUG")`, setting `DEBUG=False` on Heroku turns debug **on**.
    The same holds for `bool(os.getenv("DEBUG"))` (`bool("False")` is `True`), django-environ's
    `env("DEBUG")` without a cast, and decouple's `config("DEBUG")` without `cast=bool`.
    A converted value is safe only when it is off for every way production can leave the
    variable: unset, `""`, `"False"`, `"false"`, `"0"` and `"no"`. The expression is run for
    each of them, with the parsing rules of the library that reads it: a comparison that
    only excludes one spelling (`os.getenv("DEBUG") != "FALSE"`, `os.environ.get("DEBUG",
    "0") != "0"`) leaves debug on when the config var says "False" (an error). A value that
    is on only when the variable is unset (`env.bool("DEBUG", default=True)`,
    `os.environ.get("DEBUG", "True") == "True"`) works, but a forgotten config var leaves
    production in debug mode (reported as a warning). A conversion of a variable read
    without a default (`int(os.environ.get("DEBUG"))`) crashes the settings whenever the
    variable is unset. The same checks apply to django-configurations
    (`values.BooleanValue(True)`, `values.Value(...)` which stays a string), pydantic-settings
    fields (`debug: str`) and helpers the settings define (`def env_bool(name): return
    os.environ.get(name, "") == "1"` converts).

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` writes the conversion of the library the settings already
    use, with debug off by default:
    - `os.environ.get("DEBUG", ...)`, `os.getenv(...)`, `os.environ["DEBUG"]` (or `bool()` of
      them) become `os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on")`;
    - decouple's `config("DEBUG")` gets `default=False, cast=bool` (any other default is
      dropped);
    - django-environ's `env("DEBUG")` or `env.str("DEBUG")` becomes
      `env.bool("DEBUG", default=False)`;
    - a conversion of a read without a default (`int(os.environ.get("DEBUG"))`) gets the
      default `"0"`;
    - a `default=True` given to decouple, django-environ or django-configurations becomes
      `default=False`;
    - one comparison of a standard-library read with a literal that is on for an "off"
      spelling (`os.getenv("DEBUG") != "FALSE"`) becomes the `.lower() in (...)` test above.

    Each changes what the settings do: a value such as `"False"` or `"no"` that turned debug
    on no longer does, and an unset variable now means off; a developer who relied on that
    has to set the variable. Reads through helpers the settings define, pydantic fields,
    django-environ schemas and values built in other ways get no fix.

    ## References
    - python-decouple `config(cast=bool)`; django-environ `Env.bool`
    - Django: security.W018
    """

    code = "HK402"
    name = "debug-env-truthy-string"
    severity = "error"
    summary = "`DEBUG` read from the environment as a raw string, or defaulting to `True`"
    fix_applicability = "unsafe"

    invalid = [
        example(
            settings=with_debug('os.environ.get("DEBUG", True)'),
            expect=(("mysite/settings.py", 8),),
            fixed={
                "mysite/settings.py": with_debug(f'os.environ.get("DEBUG", "").lower() in {TRUTHY}')
            },
        ),
        example(
            settings=with_debug('bool(os.getenv("DEBUG", 0))'),
            expect=(("mysite/settings.py", 8),),
            fixed={"mysite/settings.py": with_debug(f'os.getenv("DEBUG", "").lower() in {TRUTHY}')},
        ),
        example(
            settings=with_debug('os.environ["DEBUG"]'),
            expect=(("mysite/settings.py", 8),),
            fixed={
                "mysite/settings.py": with_debug(f'os.environ.get("DEBUG", "").lower() in {TRUTHY}')
            },
        ),
        example(
            settings=with_debug('config("DEBUG")', "from decouple import config\n"),
            expect=(("mysite/settings.py", 9),),
            fixed={
                "mysite/settings.py": with_debug(
                    'config("DEBUG", default=False, cast=bool)', "from decouple import config\n"
                )
            },
        ),
        example(
            settings=with_debug('config("DEBUG", default="True")', "from decouple import config\n"),
            expect=(("mysite/settings.py", 9),),
            fixed={
                "mysite/settings.py": with_debug(
                    'config("DEBUG", default=False, cast=bool)', "from decouple import config\n"
                )
            },
        ),
        example(
            settings=with_debug(
                'config("DEBUG", default=True, cast=bool)', "from decouple import config\n"
            ),
            expect=(("mysite/settings.py", 9),),
            fixed={
                "mysite/settings.py": with_debug(
                    'config("DEBUG", default=False, cast=bool)', "from decouple import config\n"
                )
            },
        ),
        example(
            settings=with_debug('env("DEBUG")', "import environ\n\nenv = environ.Env()\n"),
            expect=(("mysite/settings.py", 11),),
            fixed={
                "mysite/settings.py": with_debug(
                    'env.bool("DEBUG", default=False)', "import environ\n\nenv = environ.Env()\n"
                )
            },
        ),
        example(
            settings=with_debug(
                'env.str(\n    "DEBUG",\n    default="on",  # local default\n)',
                "import environ\n\nenv = environ.Env()\n",
            ),
            expect=(("mysite/settings.py", 11),),
            note="the arguments keep their layout; a dropped argument's comment moves above",
            fixed={
                "mysite/settings.py": with_debug(
                    'env.bool(\n    "DEBUG",\n    default=False,\n)',
                    "import environ\n\nenv = environ.Env()\n",
                ).replace("DEBUG = env", "# local default\nDEBUG = env")
            },
        ),
        example(
            settings=with_debug('int(os.environ.get("DEBUG"))'),
            expect=(("mysite/settings.py", 8),),
            note="int(None) raises TypeError when DEBUG is unset",
            fixed={"mysite/settings.py": with_debug('int(os.environ.get("DEBUG", "0"))')},
        ),
        example(
            settings=with_debug('os.getenv("DEBUG") != "FALSE"'),
            expect=(("mysite/settings.py", 8),),
            note='true when DEBUG is unset, "", "False", "false", "0" or "no"',
            fixed={"mysite/settings.py": with_debug(f'os.getenv("DEBUG", "").lower() in {TRUTHY}')},
        ),
        example(
            settings=with_debug('os.environ.get("DEBUG", "True") == "True"'),
            expect=(("mysite/settings.py", 8),),
            note="a warning: true only when DEBUG is unset",
            fixed={
                "mysite/settings.py": with_debug(f'os.environ.get("DEBUG", "").lower() in {TRUTHY}')
            },
        ),
        example(
            settings=with_debug(
                'config("DEBUG", default="True", cast=bool)', "from decouple import config\n"
            ),
            expect=(("mysite/settings.py", 9),),
            note="decouple casts its default too: a warning",
            fixed={
                "mysite/settings.py": with_debug(
                    'config("DEBUG", default=False, cast=bool)', "from decouple import config\n"
                )
            },
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(settings=with_debug('os.environ.get("DEBUG", "False").lower() in ("1", "true")')),
        example(settings=with_debug('os.environ.get("DEBUG", "false").lower() == "true"')),
        example(settings=with_debug('bool(int(os.environ.get("DEBUG", 0)))')),
        example(
            settings=with_debug(
                'config("DEBUG", default=False, cast=bool)', "from decouple import config\n"
            )
        ),
        example(
            settings=with_debug(
                'env("DEBUG")', "import environ\n\nenv = environ.Env(DEBUG=(bool, False))\n"
            )
        ),
        example(settings=with_debug('"DYNO" not in os.environ')),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("DEBUG") if settings else None
        if setting is None or not isinstance(setting.value, Env):
            return
        value = setting.value
        where = msg("DEBUG in {relpath}", relpath=setting.relpath)
        if value.type == "str":
            yield self.finding(
                msg(
                    '{where} is the raw string of {var}: any non-empty value, even "False", turns debug '
                    'on; compare it, e.g. `os.environ.get("{var2}", "") == "1"`.',
                    where=where,
                    var=value.var or msg("an environment variable"),
                    var2=value.var or "DEBUG",
                ),
                at_setting(setting),
                fix=fix(project, setting),
            )
        elif value.type == "bool-of-str":
            yield self.finding(
                msg(
                    '{where} is bool() of a string, and bool("False") is True; compare the string '
                    'instead, e.g. `os.environ.get("{var}", "") == "1"`.',
                    where=where,
                    var=value.var or "DEBUG",
                ),
                at_setting(setting),
                fix=fix(project, setting),
            )
        elif value.crashes_when_unset:
            yield self.finding(
                msg(
                    "{where} converts {var} read with no default: when it is unset (as in a fresh build) "
                    "the settings crash on import (TypeError/AttributeError); give it a default, e.g. "
                    '`os.environ.get("{var2}", "0")`.',
                    where=where,
                    var=value.var or msg("an environment variable"),
                    var2=value.var or "DEBUG",
                ),
                at_setting(setting),
                fix=fix(project, setting),
            )
        elif on_when_off(setting):
            spellings = describe_all(on_when_off(setting))
            yield self.finding(
                msg(
                    "{where} is True when {var} is {spellings}: the config var set to turn debug off "
                    "leaves it on; compare against the values that turn it on, e.g. "
                    '`os.environ.get("{var}", "").lower() in {TRUTHY}`.',
                    where=where,
                    var=value.var,
                    spellings=spellings,
                    TRUTHY=TRUTHY,
                ),
                at_setting(setting),
                fix=fix(project, setting),
            )
        elif (value.type == "bool" and value.default == Const(True)) or (
            setting.truth is not None and None in setting.truth.true_for
        ):
            yield self.finding(
                msg(
                    "{where} defaults to True: if the {var} config var is forgotten, production runs in "
                    "debug mode; make the default False.",
                    where=where,
                    var=value.var or "DEBUG",
                ),
                at_setting(setting),
                severity="warning",
                fix=fix(project, setting),
            )


def on_when_off(setting: ResolvedSetting) -> tuple[str, ...]:
    """The values meant to turn DEBUG off ("", "False", "0", "no"...) that leave it on."""
    truth = setting.truth
    return tuple(s for s in truth.true_for if s is not None) if truth is not None else ()


# -- the fix --------------------------------------------------------------------------------------

# What a fix replaces (the whole assigned expression, or a part of it), and how to build its
# replacement from the module being edited.
Plan = tuple[str, cst.CSTNode, Callable[[cst.Module], cst.BaseExpression]]


def fix(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
    """A real boolean, off by default, in the idiom of the library that reads DEBUG."""
    node = codemods.plain_assignment(project, setting, top_level=False)
    value = setting.value
    if node is None or node.value is None or not isinstance(value, Env):
        return None
    read, whole = value.call, node.value
    plan: Optional[Plan] = None
    if value.type in ("str", "bool-of-str"):
        if whole is read or (value.type == "bool-of-str" and is_call_of(whole, ("bool",), read)):
            plan = converted(value.reader, read, whole)
    elif value.crashes_when_unset:
        plan = with_default(value.reader, read, whole)
    elif on_when_off(setting) or (setting.truth is not None and None in setting.truth.true_for):
        plan = default_off(value.reader, read) if whole is read else None
        compared = compared_read(whole)
        if plan is None and compared is not None:
            plan = converted(value.reader, compared, whole)
    elif value.type == "bool" and value.default == Const(True) and whole is read:
        plan = default_off(value.reader, read)
    if plan is None:
        return None
    message, old, builder = plan

    def build() -> tuple[Edit, ...]:
        module = codemods.parsed(project, setting.relpath)
        new = codemods.rewrite(module, setting.node, old, builder(module))
        return (codemods.edit(project, setting.relpath, new),)

    return Fix("unsafe", message, build)


def compared_read(whole: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """The read in one comparison of it (or of a string method of it) with a literal
    (`os.getenv("DEBUG") != "FALSE"`, `os.environ.get("DEBUG", "True") == "True"`), or
    `whole` itself when it is a call: what the fix may replace without losing anything."""
    if isinstance(whole, cst.Call):
        return whole
    if not (isinstance(whole, cst.Comparison) and len(whole.comparisons) == 1):
        return None
    left = whole.left
    while (
        isinstance(left, cst.Call)
        and isinstance(left.func, cst.Attribute)
        and left.func.attr.value in STRING_METHODS
        and not left.args
    ):
        left = left.func.value
    other = whole.comparisons[0].comparator
    if not isinstance(other, (cst.SimpleString, cst.Tuple, cst.List, cst.Set)):
        return None
    return left if isinstance(left, (cst.Call, cst.Subscript)) else None


def is_call_of(node: object, names: tuple[str, ...], inner: object) -> bool:
    """`node` is `name(inner)` for one of `names`, with nothing else passed."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in names
        and len(node.args) == 1
        and not node.args[0].star
        and node.args[0].keyword is None
        and node.args[0].value is inner
    )


def converted(reader: str, read: object, whole: cst.BaseExpression) -> Optional[Plan]:
    """DEBUG is a raw string (or bool() of one): the same read, converted, off by default."""
    if reader in STDLIB_READS:
        return stdlib_compare(read, whole)
    if reader == "decouple" and isinstance(read, cst.Call):
        return decouple_bool(read, whole)
    if reader == "environ" and isinstance(read, cst.Call):
        return environ_bool(read, whole)
    return None


def stdlib_compare(read: object, whole: cst.BaseExpression) -> Optional[Plan]:
    """`os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on")`, with the read
    spelled as the file spells it (`os.getenv`, `environ.get`)."""
    if isinstance(read, cst.Call):
        index = codemods.argument_index(read, 0, "key")
        if index is None:
            return None
        func: cst.CSTNode = read.func
        var = read.args[index].value
        suffix = ""
    elif (
        isinstance(read, cst.Subscript)
        and len(read.slice) == 1
        and isinstance(read.slice[0].slice, cst.Index)
    ):
        func, var, suffix = read.value, read.slice[0].slice.value, ".get"
    else:
        return None

    def build(module: cst.Module) -> cst.BaseExpression:
        code = codemods.render(
            f'$read$suffix($var, "").lower() in {TRUTHY}',
            module,
            read=codemods.code_of(module, func),
            suffix=suffix,
            var=codemods.code_of(module, var),
        )
        return codemods.expression(code, module)

    return msg("Compare the string: .lower() in {TRUTHY}", TRUTHY=TRUTHY), whole, build


def decouple_bool(read: cst.Call, whole: cst.BaseExpression) -> Optional[Plan]:
    """decouple: `config("DEBUG", default=False, cast=bool)`."""
    option = codemods.argument_index(read, 0, "option")
    if option is None or not codemods.layout_supported(read):
        return None
    drop = {codemods.argument_index(read, 1, "default"), codemods.argument_index(read, 2, "cast")}
    keep = [index for index in range(len(read.args)) if index not in drop]

    def build(module: cst.Module) -> cst.BaseExpression:
        added = codemods.arguments("default=False, cast=bool", module)
        return codemods.rearrange(read, [*keep, *added])

    return msg("Convert with decouple: default=False, cast=bool"), whole, build


def environ_bool(read: cst.Call, whole: cst.BaseExpression) -> Optional[Plan]:
    """django-environ: `env.bool("DEBUG", default=False)`."""
    func = read.func
    if isinstance(func, cst.Name):  # env("DEBUG", cast, default)
        new_func: cst.BaseExpression = cst.Attribute(func, cst.Name("bool"))
        drop = {
            codemods.argument_index(read, 1, "cast"),
            codemods.argument_index(read, 2, "default"),
        }
    elif isinstance(func, cst.Attribute) and func.attr.value == "str":  # env.str("DEBUG", default)
        new_func = func.with_changes(attr=cst.Name("bool"))
        drop = {codemods.argument_index(read, 1, "default")}
    else:
        return None
    if codemods.argument_index(read, 0, "var") is None or not codemods.layout_supported(read):
        return None
    keep = [index for index in range(len(read.args)) if index not in drop]

    def build(module: cst.Module) -> cst.BaseExpression:
        added = codemods.arguments("default=False", module)
        return codemods.rearrange(read, [*keep, *added]).with_changes(func=new_func)

    return msg("Convert with django-environ: env.bool(..., default=False)"), whole, build


def with_default(reader: str, read: object, whole: cst.BaseExpression) -> Optional[Plan]:
    """`int(os.environ.get("DEBUG"))`: the read gets the default "0" (off once converted);
    only when nothing but conversions (int, float, bool, strtobool) wraps it."""
    if reader not in ("os.environ.get", "os.getenv") or not isinstance(read, cst.Call):
        return None
    node: object = whole
    while node is not read:
        if not (isinstance(node, cst.Call) and is_call_of(node, CONVERSIONS, node.args[0].value)):
            return None
        node = node.args[0].value
    if (
        codemods.argument_index(read, 1, "default") is not None
        or any(arg.star for arg in read.args)
        or not codemods.layout_supported(read)
    ):
        return None
    keyword = any(arg.keyword is not None for arg in read.args)

    def build(module: cst.Module) -> cst.BaseExpression:
        added = codemods.arguments(
            codemods.render('default="0"' if keyword else '"0"', module), module
        )
        return codemods.rearrange(read, [*range(len(read.args)), *added])

    return msg('Give the read the default "0"'), read, build


def default_off(reader: str, read: object) -> Optional[Plan]:
    """A converted read whose `default=True` becomes `default=False`."""
    if not isinstance(read, cst.Call):
        return None
    if reader == "configurations":
        index = codemods.argument_index(read, 0, "default")
    elif reader == "decouple" or (reader == "environ" and isinstance(read.func, cst.Attribute)):
        index = codemods.argument_index(read, 1, "default")
    elif reader == "environ":
        index = codemods.argument_index(read, 2, "default")
    else:
        return None
    if index is None:
        return None
    old = read.args[index].value
    if not (isinstance(old, cst.Name) and old.value == "True"):
        return None
    return msg("Default to False"), old, lambda module: cst.Name("False")
