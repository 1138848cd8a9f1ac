"""HK217 requirement-for-other-platform."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ..edits import Edit, TextEdit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.requirements import Requirement
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped

# Distributions with no release pip can install on Linux: pywin32 ships Windows wheels only;
# pypiwin32 is a wrapper that requires pywin32; pywinpty builds only on Windows; PyObjC
# (pyobjc, pyobjc-core, pyobjc-framework-*) builds only on macOS. `pip freeze` on a
# developer's machine writes them into requirements.txt.
WINDOWS_ONLY = frozenset({"pywin32", "pypiwin32", "pywinpty"})
PLATFORM_MARKERS = {"win32": 'sys_platform == "win32"', "darwin": 'sys_platform == "darwin"'}
# `pip freeze` on Debian/Ubuntu lists the system's `pkg-resources==0.0.0`, which is no
# distribution on PyPI (pypa/pip#4022).
UBUNTU_ARTIFACT = ("pkg-resources", "0.0.0")

REQUIREMENTS = "Django==5.2.8\ngunicorn==23.0.0\n"


def platform_of(requirement: Requirement) -> Optional[str]:
    """ "win32" or "darwin" for a distribution only that platform can install, else None."""
    if requirement.name in WINDOWS_ONLY:
        return "win32"
    if requirement.name == "pyobjc" or requirement.name.startswith("pyobjc-"):
        return "darwin"
    return None


def is_ubuntu_artifact(requirement: Requirement) -> bool:
    return requirement.name == UBUNTU_ARTIFACT[0] and requirement.specifier == (
        f"=={UBUNTU_ARTIFACT[1]}"
    )


class RequirementForOtherPlatform(Rule):
    """
    ## What it does
    Checks requirements files for what `pip freeze` copies from a developer's machine but pip
    cannot install on Heroku's Linux: Windows-only distributions (`pywin32`, `pypiwin32`,
    `pywinpty`) and macOS-only ones (`pyobjc`, `pyobjc-core`, `pyobjc-framework-*`) without
    an environment marker, and Ubuntu's `pkg-resources==0.0.0`.

    ## Why it matters
    The build stops at `pip install -r requirements.txt`: "ERROR: No matching distribution
    found for pywin32==306" (or, for a source-only package, a failed build), then "Error:
    Unable to install dependencies using pip." The tutorials' `pip freeze > requirements.txt`
    step, run on Windows, macOS or Ubuntu, writes exactly these lines.

    ## Fix safety
    Safe: a Windows- or macOS-only requirement gets the marker `; sys_platform == "win32"`
    (or `"darwin"`), so pip still installs it there and skips it on Heroku; the
    `pkg-resources==0.0.0` line is deleted (it names no real distribution). The rest of the
    file, its comments and its line endings are kept.

    ## References
    - pip: "Requirement Specifiers" (environment markers, PEP 508)
    - pypa/pip#4022 (`pkg-resources==0.0.0` in `pip freeze` on Ubuntu)
    """

    code = "HK217"
    name = "requirement-for-other-platform"
    severity = "error"
    summary = "a `pip freeze` line Linux cannot install (pywin32, pyobjc, pkg-resources==0.0.0)"
    fix_applicability = "safe"

    invalid = [
        example(
            {"requirements.txt": REQUIREMENTS + "pywin32==306\n"},
            expect=(("requirements.txt", 3),),
            fixed={"requirements.txt": REQUIREMENTS + 'pywin32==306; sys_platform == "win32"\n'},
        ),
        example(
            {"requirements.txt": REQUIREMENTS + "pyobjc-core==10.3.1  # from my Mac\n"},
            expect=(("requirements.txt", 3),),
            fixed={
                "requirements.txt": REQUIREMENTS
                + 'pyobjc-core==10.3.1; sys_platform == "darwin"  # from my Mac\n'
            },
        ),
        example(
            {"requirements.txt": "Django==5.2.8\npkg-resources==0.0.0\ngunicorn==23.0.0\n"},
            expect=(("requirements.txt", 2),),
            note="from `pip freeze` on Ubuntu",
            fixed={"requirements.txt": REQUIREMENTS},
        ),
    ]
    valid = [
        example(),
        example({"requirements.txt": REQUIREMENTS + 'pywin32==306; sys_platform == "win32"\n'}),
        example({"requirements.txt": REQUIREMENTS + "pywin32-ctypes==0.2.3\n"}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        requirements = project.dependencies.requirements
        if requirements is None or buildpack_skipped(project):
            return
        for requirement in requirements.requirements:
            platform = platform_of(requirement)
            if platform is not None and requirement.marker is None:
                system = "Windows" if platform == "win32" else "macOS"
                marker = PLATFORM_MARKERS[platform]
                yield self.finding(
                    msg(
                        "{raw} in {relpath} installs only on {system} (a `pip freeze` from a developer's "
                        'machine): pip on Heroku stops with "No matching distribution found"; add `; '
                        "{marker}` to the line, or remove it.",
                        raw=requirement.raw,
                        relpath=requirement.relpath,
                        system=system,
                        marker=marker,
                    ),
                    Location(requirement.relpath, requirement.line),
                    fix=self.marker_fix(project, requirement, marker),
                )
            elif is_ubuntu_artifact(requirement):
                yield self.finding(
                    msg(
                        "pkg-resources==0.0.0 in {relpath} is what `pip freeze` lists for Ubuntu's own "
                        'setuptools, not a distribution on PyPI: pip on Heroku stops with "No matching '
                        'distribution found"; delete the line.',
                        relpath=requirement.relpath,
                    ),
                    Location(requirement.relpath, requirement.line),
                    fix=self.delete_fix(project, requirement),
                )

    @staticmethod
    def marker_fix(project: ProjectModel, requirement: Requirement, marker: str) -> Optional[Fix]:
        text = project.text(requirement.relpath)
        if text is None:
            return None
        relpath = requirement.relpath

        def build() -> tuple[Edit, ...]:
            from ..textedits import line_bounds

            start, end = line_bounds(text.text, requirement.line)
            at = start + insertion_point(text.text[start:end])
            return (TextEdit(relpath, at, at, f"; {marker}"),)

        return Fix(
            "safe", msg("Add `; {marker}` to {name}", marker=marker, name=requirement.name), build
        )

    @staticmethod
    def delete_fix(project: ProjectModel, requirement: Requirement) -> Optional[Fix]:
        text = project.text(requirement.relpath)
        if text is None:
            return None
        relpath = requirement.relpath

        def build() -> tuple[Edit, ...]:
            from ..textedits import line_bounds

            start, end = line_bounds(text.text, requirement.line)
            number = requirement.line
            # The line and its continuations (a backslash at the end), with their line endings.
            while text.text[start:end].rstrip().endswith("\\"):
                number += 1
                _, end = line_bounds(text.text, number)
            after = text.text.find("\n", end)
            return (TextEdit(relpath, start, len(text.text) if after == -1 else after + 1, ""),)

        return Fix("safe", msg("Delete the pkg-resources==0.0.0 line"), build)


_END_OF_REQUIREMENT = re.compile(r"\s+(#|--|-\S|\\$)|\s*$")


def insertion_point(line: str) -> int:
    """Where a marker goes on a requirement line: after the requirement itself, before a
    comment, a pip option (`--hash=...`) or a line continuation, and before trailing spaces."""
    match = _END_OF_REQUIREMENT.search(line)
    return match.start() if match else len(line)
