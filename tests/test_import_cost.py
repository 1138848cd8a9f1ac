"""A plain check loads only what checking needs: start-up is most of a small project's run.

The fixer (`herokulint.fix`), LibCST's matchers and codemod framework, packaging's PEP 508
parser (with packaging.tags; plain `name==1.2` lines do not need it) and rich (when the report
goes to a pipe, unstyled) stay out of a check without `--fix`/`--diff`. Each run is a fresh
interpreter, so the modules it lists are exactly the ones the command imported. The command
also holds the garbage collector off while starting, and must turn it back on.
"""

from __future__ import annotations

import gc
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, write_files

from herokulint.cli import main
from herokulint.findings import Finding
from herokulint.report import ProjectReport, Report
from herokulint.report.text import printed, write, write_rich

# Runs the CLI, then prints the names of the loaded modules as the last line of stdout.
PROBE = """\
import sys
from herokulint.cli import main
code = main(sys.argv[1:])
print()
print(" ".join(sorted(sys.modules)))
sys.exit(code)
"""

OFF_THE_CHECK_PATH = (
    "herokulint.fix",
    "libcst.matchers",
    "libcst.codemod",
    "packaging.requirements",
    "packaging.tags",
    "rich",
)


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode in (0, 1), done.stderr
    return set(done.stdout.splitlines()[-1].split())


def test_a_plain_check_leaves_the_fixer_and_rich_unloaded() -> None:
    modules = loaded(str(FIXTURES / "heroku-ready"))
    assert "herokulint.rules.debug_hardcoded" in modules  # the probe saw the rules run
    assert [name for name in OFF_THE_CHECK_PATH if name in modules] == []


# The standard library a check does without: tempfile (and random with it), shutil (and bz2,
# lzma), OpenSSL's hashlib and difflib cost a few milliseconds each, every run.
STDLIB_OFF_THE_CHECK_PATH = ("tempfile", "random", "shutil", "bz2", "lzma", "_hashlib", "difflib")


def test_a_check_leaves_heavy_standard_modules_unloaded(fixture_copy) -> None:
    root = str(fixture_copy("heroku-ready"))
    for args in ((root, "--no-cache"), (root,), (root,)):  # cold, filling the cache, warm
        modules = loaded(*args)
        assert [name for name in STDLIB_OFF_THE_CHECK_PATH if name in modules] == []
    assert "libcst" not in modules  # the warm run


def test_diff_loads_the_fixer(fixture_copy) -> None:
    """The probe can tell: `--diff` needs the fixer."""
    modules = loaded(str(fixture_copy("heroku-ready")), "--diff")
    assert "herokulint.fix" in modules


def test_forced_colour_renders_with_rich() -> None:
    modules = loaded(str(FIXTURES / "heroku-ready"), "--color", "always")
    assert "rich" in modules


# -- garbage collection: off while starting, then on with start-up's objects frozen ----------

COMMAND = """\
import gc, sys
import herokulint
sys.argv[0] = "herokulint"
try:
    herokulint.script()
except SystemExit:
    pass
print()
print(gc.isenabled(), gc.get_freeze_count() > 0)
"""


def test_the_command_collects_again_once_started() -> None:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, str(FIXTURES / "heroku-ready")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.splitlines()[-1] == "True True", done.stderr


def test_main_leaves_the_callers_collector_alone(capsys) -> None:
    frozen = gc.get_freeze_count()
    main([str(FIXTURES / "heroku-ready")])
    assert gc.isenabled() and gc.get_freeze_count() == frozen


# -- the unstyled report is what rich would have written -------------------------------------

CONTROL = "bell\x07 back\x08space carriage\rreturn escape\x1b[31m"


def report_of(root: Path, message: str) -> Report:
    finding = Finding("HK401", "debug-hardcoded", "error", message, "mysite/settings.py", 2)
    project = ProjectReport(root=root, display_root="app", findings=[finding])
    return Report([project])


@pytest.mark.parametrize(
    "line",
    [
        "DEBUG = True",
        f"DEBUG = True  # {CONTROL}",
        "DEBUG = True  # 中文 é ﬁ 👍🏽 combining e\u0301",
        "DEBUG = True  # " + "x" * 200,
        "DEBUG = True  # \x0c form feed splits the line",
    ],
)
@pytest.mark.parametrize("quiet", [False, True])
def test_plain_text_report_equals_rich_output(tmp_path: Path, line: str, quiet: bool) -> None:
    write_files(tmp_path, {"mysite/settings.py": f"import os\n{line}\nX = 1  # {CONTROL}\n"})
    report = report_of(tmp_path, f"DEBUG is hard-coded {CONTROL} 中文")
    plain, rich = io.StringIO(), io.StringIO()
    write(report, plain, color=None, quiet=quiet)
    write_rich(list(printed(report, quiet)), rich, None)
    assert plain.getvalue() == rich.getvalue()
    assert "\x07" not in plain.getvalue() and "中文" in plain.getvalue()


def test_a_tab_goes_through_rich_which_expands_it(tmp_path: Path) -> None:
    write_files(tmp_path, {"mysite/settings.py": "import os\nDEBUG = True\t# 中\tx\n"})
    out = io.StringIO()
    write(report_of(tmp_path, "tab\there"), out, color=False)
    assert "\t" not in out.getvalue()
    assert re.search(r"DEBUG = True +# 中 +x", out.getvalue())
