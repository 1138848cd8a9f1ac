"""The field test: herokulint on real public Django/Heroku repositories, read by hand.

Each corpus entry (fieldtest/corpus.toml) names a repository and the commit used. The script
exports that commit from the local mirror that the `fetch` tool made (a bare git directory under
/work/.mirror/OWNER+NAME/), makes it a one-commit git clone in a temporary directory (so the rules
that ask git see a real clone), and runs herokulint on it with the interpreter running this
script: whichever checkout's venv runs the script is the one measured.

    python fieldtest/run.py                 # check mode: findings at warning+ and the table
    python fieldtest/run.py --fix           # --fix --unsafe-fixes on a copy, then re-check
    python fieldtest/run.py --only wagtail/bakerydemo --json

Findings are compared with fieldtest/judgments.toml (a verdict per finding, read by hand, and
the real failures herokulint misses), so a run says which findings are new and unjudged.

Standard library only (Python 3.11+). Exit 0 unless herokulint crashes or prints a traceback
on some repository (then 1, naming it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import tomllib

HERE = Path(__file__).resolve().parent
DEFAULT_MIRRORS = Path("/work/.mirror")
REPORTED = ("error", "warning")
TIMEOUT_SECONDS = 600
NEW_FILE_CODES = ("HK702", "HK211")  # what a created file reports until it is committed/pinned
DIFF_LINES = 80  # of each fix diff shown in --fix mode's details
# A commit made in the export: fixed identity and no user configuration, so a developer's
# hooks or signing settings never run on a stranger's code.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "fieldtest",
    "GIT_AUTHOR_EMAIL": "fieldtest@example.invalid",
    "GIT_COMMITTER_NAME": "fieldtest",
    "GIT_COMMITTER_EMAIL": "fieldtest@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


# --- the corpus and the judgments -------------------------------------------------------------


@dataclass(frozen=True)
class CorpusEntry:
    repo: str
    commit: str
    app_dir: str = ""
    why: str = ""


@dataclass(frozen=True)
class Judgment:
    """A verdict on the findings of one repo/code/path whose line text or message contains
    `match` (every such finding when `match` is empty)."""

    repo: str
    code: str
    path: str
    verdict: bool
    reason: str
    match: str = ""


@dataclass(frozen=True)
class Missed:
    """A real failure herokulint does not report: missing while no warning/error with this code
    (at this path, when given) is reported for the repo."""

    repo: str
    code: str
    reason: str
    path: str = ""


@dataclass(frozen=True)
class Judgments:
    findings: tuple[Judgment, ...] = ()
    missed: tuple[Missed, ...] = ()


def load_corpus(path: Path) -> list[CorpusEntry]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        CorpusEntry(
            repo=item["repo"],
            commit=item["commit"],
            app_dir=item.get("app_dir", ""),
            why=item.get("why", ""),
        )
        for item in data.get("repo", [])
    ]


def load_judgments(path: Path) -> Judgments:
    if not path.exists():
        return Judgments()
    return parse_judgments(path.read_text(encoding="utf-8"))


def parse_judgments(text: str) -> Judgments:
    data = tomllib.loads(text)
    findings = tuple(
        Judgment(
            repo=item["repo"],
            code=item["code"],
            path=item["path"],
            verdict=bool(item["verdict"]),
            reason=item.get("reason", ""),
            match=item.get("match", ""),
        )
        for item in data.get("finding", [])
    )
    missed = tuple(
        Missed(
            repo=item["repo"],
            code=item["code"],
            reason=item.get("reason", ""),
            path=item.get("path", ""),
        )
        for item in data.get("missed", [])
    )
    return Judgments(findings, missed)


# --- findings and their judgments (pure) ------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    path: str  # relative to the repository root, with "/"
    line: int
    message: str
    text: str = ""  # the stripped source line at path:line, when there is one

    def one_line(self) -> str:
        return f"{self.code} {self.severity} {self.path}:{self.line}: {self.message}"


def judge(repo: str, finding: Finding, judgments: Judgments) -> Optional[Judgment]:
    """The most specific judgment for the finding: same repo, code and path, and a `match`
    found in the line text or the message (the longest match wins)."""
    best: Optional[Judgment] = None
    for judgment in judgments.findings:
        if (judgment.repo, judgment.code, judgment.path) != (repo, finding.code, finding.path):
            continue
        if judgment.match and not (
            judgment.match in finding.text or judgment.match in finding.message
        ):
            continue
        if best is None or len(judgment.match) > len(best.match):
            best = judgment
    return best


def still_missed(repo: str, findings: Iterable[Finding], judgments: Judgments) -> list[Missed]:
    """The recorded misses of the repo that the current findings do not cover."""
    reported = [(f.code, f.path) for f in findings if f.severity in REPORTED]
    return [
        miss
        for miss in judgments.missed
        if miss.repo == repo
        and not any(
            code == miss.code and (not miss.path or path == miss.path) for code, path in reported
        )
    ]


@dataclass
class CheckResult:
    repo: str
    commit: str
    app_dir: str = ""
    settings: list[str] = field(default_factory=list)
    settings_origin: str = ""
    findings: list[Finding] = field(default_factory=list)  # warning and error only
    info: int = 0
    exit_code: int = 0
    problem: str = ""  # a crash, a traceback or a diagnostic instead of a report
    crashed: bool = False
    absent: list[str] = field(default_factory=list)  # files the snapshot lacks (4 MiB and more)


def judged_counts(result: CheckResult, judgments: Judgments) -> dict[str, int]:
    counts = Counter(
        "unjudged" if verdict is None else ("true" if verdict.verdict else "false")
        for verdict in (judge(result.repo, f, judgments) for f in result.findings)
    )
    return {
        "errors": sum(f.severity == "error" for f in result.findings),
        "warnings": sum(f.severity == "warning" for f in result.findings),
        "false": counts["false"],
        "true": counts["true"],
        "unjudged": counts["unjudged"],
        "missed": len(still_missed(result.repo, result.findings, judgments)),
    }


def check_table(results: Sequence[CheckResult], judgments: Judgments) -> str:
    """The check-mode table: repo | settings checked | errors | warnings | judged false |
    judged missed | unjudged, with a total row."""
    lines = [
        "| repo | settings checked | errors | warnings | judged false | judged missed | unjudged |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    for result in results:
        counts = judged_counts(result, judgments)
        total.update(counts)
        settings = result.settings[0] if result.settings else "(none)"
        if result.problem:
            settings = f"{settings} ⚠ {first_line(result.problem)}"
        name = result.repo + (f" ({result.app_dir})" if result.app_dir else "")
        lines.append(
            f"| {name} | {settings} | {counts['errors']} | {counts['warnings']} | "
            f"{counts['false']} | {counts['missed']} | {counts['unjudged']} |"
        )
    lines.append(
        f"| **total ({len(results)} repos)** | | {total['errors']} | {total['warnings']} | "
        f"{total['false']} | {total['missed']} | {total['unjudged']} |"
    )
    return "\n".join(lines) + "\n"


def check_details(result: CheckResult, judgments: Judgments) -> str:
    head = f"### {result.repo} @ {result.commit[:10]}"
    if result.app_dir:
        head += f" (app dir `{result.app_dir}`)"
    settings = ", ".join(result.settings) or "(none)"
    out = [
        head,
        "",
        f"settings: {settings}"
        + (f" (from {result.settings_origin})" if result.settings_origin else ""),
    ]
    if result.problem:
        out.append(f"problem: {result.problem}")
    if result.absent:
        out.append(f"absent from the snapshot (4 MiB or more): {', '.join(result.absent)}")
    for finding in result.findings:
        verdict = judge(result.repo, finding, judgments)
        mark = "UNJUDGED" if verdict is None else ("true" if verdict.verdict else "FALSE")
        reason = f" — {verdict.reason}" if verdict and verdict.reason else ""
        out.append(f"- [{mark}] {finding.one_line()}{reason}")
    for miss in still_missed(result.repo, result.findings, judgments):
        where = f" {miss.path}" if miss.path else ""
        out.append(f"- [MISSED] {miss.code}{where}: {miss.reason}")
    return "\n".join(out) + "\n"


def clipped(text: str, lines: int) -> str:
    kept = text.rstrip("\n").splitlines()
    if len(kept) <= lines:
        return "\n".join(kept)
    return "\n".join([*kept[:lines], f"... ({len(kept) - lines} more lines)"])


def first_line(text: str) -> str:
    return text.strip().splitlines()[0][:100] if text.strip() else ""


# --- fix mode (pure parts) ---------------------------------------------------------------------

FIXED_LINE = re.compile(r"^herokulint: fixed (HK\d+) at ")
REFUSED_LINE = re.compile(r"^herokulint: not fixed: (HK\d+) ")
ROLLED_BACK = re.compile(r"\b(not applied|rolled back)\b", re.IGNORECASE)
# herokulint names the findings its fixes leave on purpose (fix.EXPECTED_AFTER_FIX): HK702
# for a created file, HK211 for an unpinned addition, HK412/HK413 after HSTS is turned on.
EXPECTED_LINE = re.compile(r"^herokulint: (HK\d+) after the fixes is expected")
CODE = re.compile(r"\bHK\d{3}\b")


@dataclass(frozen=True)
class FixOutput:
    applied: Counter[str]
    refused: Counter[str]
    rolled_back: tuple[str, ...]  # the lines, as printed
    expected: frozenset[str] = frozenset()  # codes herokulint says its fixes leave on purpose


def parse_fix_output(stderr: str) -> FixOutput:
    """What `--fix` said it did, from its stderr notes."""
    applied: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    rolled_back: list[str] = []
    expected: set[str] = set()
    for line in stderr.splitlines():
        if match := EXPECTED_LINE.match(line):
            expected.add(match.group(1))
        elif match := FIXED_LINE.match(line):
            applied[match.group(1)] += 1
        elif match := REFUSED_LINE.match(line):
            refused[match.group(1)] += 1
        elif ROLLED_BACK.search(line):
            rolled_back.append(line.strip())
    return FixOutput(applied, refused, tuple(rolled_back), frozenset(expected))


@dataclass
class FixResult:
    repo: str
    commit: str
    app_dir: str = ""
    applied: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    rolled_back: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)  # codes herokulint said a fix leaves
    created: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    not_compiling: list[str] = field(default_factory=list)
    codes_before: list[str] = field(default_factory=list)
    codes_after: list[str] = field(default_factory=list)
    # (code, path) of the warning/error findings after the fix whose code was not there before
    new_findings: list[tuple[str, str]] = field(default_factory=list)
    idempotent: bool = True
    second_run_changes: list[str] = field(default_factory=list)
    diff: str = ""  # what the fix changed, to read by hand
    problem: str = ""
    crashed: bool = False
    absent: list[str] = field(default_factory=list)

    @property
    def new_codes(self) -> list[str]:
        """New codes caused by a fix (issue 17 wants none), beyond the stated exceptions."""
        return sorted({code for code, path in self.new_findings if not self.exempt(code, path)})

    @property
    def new_on_created_files(self) -> list[str]:
        """New findings herokulint announced as left on purpose by a fix (HK702 until a created
        file is committed, HK211 for an unpinned addition, HK412/HK413 after HSTS is on), and
        those only on created files: issue 17's stated exceptions."""
        return sorted(
            {f"{code} {path}" for code, path in self.new_findings if self.exempt(code, path)}
        )

    def exempt(self, code: str, path: str) -> bool:
        return code in self.expected or (code in NEW_FILE_CODES and path in self.created)


def codes_text(counts: dict[str, int]) -> str:
    return (
        ", ".join(f"{code} ({n})" if n > 1 else code for code, n in sorted(counts.items())) or "-"
    )


def fix_table(results: Sequence[FixResult]) -> str:
    lines = [
        "| repo | fixes applied | rolled back | created | modified | compiles | new codes caused by a fix | idempotent |",
        "|---|---|---:|---|---|---|---|---|",
    ]
    for r in results:
        name = r.repo + (f" ({r.app_dir})" if r.app_dir else "")
        if r.problem:
            name += f" ⚠ {first_line(r.problem)}"
        compiles = "yes" if not r.not_compiling else "NO: " + ", ".join(r.not_compiling)
        lines.append(
            f"| {name} | {codes_text(r.applied)} | {len(r.rolled_back)} | "
            f"{', '.join(r.created) or '-'} | {', '.join(r.modified) or '-'} | {compiles} | "
            f"{', '.join(r.new_codes) or '-'} | {'yes' if r.idempotent else 'NO'} |"
        )
    applied = sum(sum(r.applied.values()) for r in results)
    new = sum(len(r.new_codes) for r in results)
    lines.append(
        f"| **total ({len(results)} repos)** | {applied} | "
        f"{sum(len(r.rolled_back) for r in results)} | {sum(len(r.created) for r in results)} | "
        f"{sum(len(r.modified) for r in results)} | "
        f"{sum(not r.not_compiling for r in results)}/{len(results)} | {new} | "
        f"{sum(r.idempotent for r in results)}/{len(results)} |"
    )
    exempt = sum(len(r.new_on_created_files) for r in results)
    lines += [
        "",
        f"New codes herokulint announced as expected after its fixes (HK702 until committed, HK211, "
        f"HK412/HK413), not counted: {exempt}.",
    ]
    return "\n".join(lines) + "\n"


def porcelain_changes(status: str) -> tuple[list[str], list[str], list[str]]:
    """(created, modified, deleted) paths from `git status --porcelain -uall`."""
    created, modified, deleted = [], [], []
    for line in status.splitlines():
        if len(line) < 4:
            continue
        flag, path = line[:2], line[3:].strip().strip('"')
        if " -> " in path:
            path = path.split(" -> ", 1)[1]
        if "?" in flag or "A" in flag:
            created.append(path)
        elif "D" in flag:
            deleted.append(path)
        else:
            modified.append(path)
    return sorted(created), sorted(modified), sorted(deleted)


# --- running herokulint on an export -----------------------------------------------------------


def mirror_git_dir(mirrors: Path, repo: str) -> Optional[Path]:
    """The git directory `fetch` made for owner/name: OWNER+NAME/repo (bare) or
    OWNER+NAME/repo/.git (a snapshot that was a clone with a work tree)."""
    base = mirrors / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def git(args: Sequence[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    )


def export(git_dir: Path, commit: str, dest: Path) -> list[str]:
    """The commit's tree in dest, as a fresh one-commit clone; returns the paths left out
    because the snapshot lacks their content (fetch keeps no file of 4 MiB or more)."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", "--format=tar", commit], capture_output=True
    )
    absent: list[str] = []
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    else:
        absent = export_blob_by_blob(git_dir, commit, dest)
    git(["init", "-q", "-b", "main"], dest)
    git(["add", "-A", "-f"], dest)  # -f: the commit's own files, even those its .gitignore names
    git(["commit", "-q", "--no-verify", "-m", f"export of {commit}"], dest)
    return absent


def export_blob_by_blob(git_dir: Path, commit: str, dest: Path) -> list[str]:
    """Export without `git archive`, which stops at the first missing object."""
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", "--full-tree", commit],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    entries = []
    for record in filter(None, listing.split("\0")):
        meta, path = record.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob":
            entries.append((mode, sha, path))
    batch = subprocess.run(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
        input="".join(f"{sha}\n" for _, sha, _ in entries).encode(),
        capture_output=True,
        check=True,
    ).stdout
    absent, offset = [], 0
    for mode, _, path in entries:
        end = batch.index(b"\n", offset)
        header = batch[offset:end].split()
        offset = end + 1
        if header[-1] == b"missing":
            absent.append(path)
            continue
        size = int(header[2])
        content, offset = batch[offset : offset + size], offset + size + 1
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            target.symlink_to(content.decode("utf-8", "surrogateescape"))
        else:
            target.write_bytes(content)
            if mode == "100755":
                target.chmod(0o755)
    return absent


def snapshot(dest: Path) -> None:
    git(["add", "-A"], dest)
    git(["commit", "-q", "--no-verify", "--allow-empty", "-m", "after fix"], dest)


def herokulint(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # The run cache (newer herokulint) goes beside the export, never into it: `git status`
    # after --fix must show only what the fixes wrote, and each repo starts cold.
    cache = cwd.parent / f"{cwd.name}.herokulint-cache"
    env = {**os.environ, "NO_COLOR": "1", "HEROKULINT_CACHE_DIR": str(cache)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "herokulint", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, "", f"timeout after {TIMEOUT_SECONDS} s")


def crash_of(run: subprocess.CompletedProcess[str]) -> str:
    """Why the run counts as a crash ('' when it does not)."""
    if "Traceback (most recent call last)" in run.stderr:
        tail = run.stderr.strip().splitlines()[-1]
        return f"traceback: {tail}"
    if run.returncode not in (0, 1, 2):
        return f"exit {run.returncode}: {first_line(run.stderr)}"
    if run.returncode == 2 and "internal error" in run.stderr:
        return first_line(run.stderr)
    return ""


def scope_args(entry: CorpusEntry) -> list[str]:
    return ["--app-dir", entry.app_dir] if entry.app_dir else []


def source_line(root: Path, path: str, line: int) -> str:
    try:
        lines = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1].strip()[:160] if 0 < line <= len(lines) else ""


def findings_of(report: dict[str, Any], root: Path) -> tuple[list[Finding], int]:
    """(warning and error findings, number of info findings) of a JSON report."""
    found, info = [], 0
    for item in report.get("findings", []):
        if item.get("suppressed"):
            continue
        if item["severity"] not in REPORTED:
            info += item["severity"] == "info"
            continue
        path = str(item.get("path") or "").removeprefix("./")
        line = int(item.get("line") or 0)
        found.append(
            Finding(
                code=item["code"],
                severity=item["severity"],
                path=path,
                line=line,
                message=" ".join(str(item.get("message", "")).split()),
                text=source_line(root, path, line),
            )
        )
    found.sort(key=lambda f: (f.path, f.line, f.code))
    return found, info


def run_check(entry: CorpusEntry, root: Path) -> CheckResult:
    result = CheckResult(entry.repo, entry.commit, entry.app_dir)
    run = herokulint(["check", ".", *scope_args(entry), "--output-format", "json"], root)
    result.exit_code = run.returncode
    if crash := crash_of(run):
        result.problem, result.crashed = crash, True
        return result
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        result.problem = f"no JSON report (exit {run.returncode}): {first_line(run.stderr)}"
        return result
    projects = report.get("projects") or [{}]
    result.settings = list(projects[0].get("settings") or [])
    result.findings, result.info = findings_of(report, root)
    inspected = herokulint(["inspect", ".", *scope_args(entry), "--json"], root)
    if crash := crash_of(inspected):
        result.problem, result.crashed = f"inspect: {crash}", True
    else:
        try:
            settings = json.loads(inspected.stdout).get("settings") or {}
            result.settings_origin = str(settings.get("origin") or "")
        except json.JSONDecodeError:
            result.problem = f"inspect: no JSON (exit {inspected.returncode})"
    return result


def compile_errors(root: Path, paths: Iterable[str]) -> list[str]:
    """The edited .py files whose text no longer compiles (compiled, never imported)."""
    broken = []
    for path in paths:
        if not path.endswith(".py"):
            continue
        text = (root / path).read_text(encoding="utf-8", errors="replace")
        try:
            compile(text, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            broken.append(f"{path} ({exc.__class__.__name__}: {exc})")
    return broken


def run_fix(entry: CorpusEntry, root: Path) -> FixResult:
    result = FixResult(entry.repo, entry.commit, entry.app_dir)
    before = run_check(entry, root)
    if before.crashed:
        result.problem, result.crashed = f"before: {before.problem}", True
        return result
    result.codes_before = sorted({f.code for f in before.findings})
    fixing = [
        "check",
        ".",
        *scope_args(entry),
        "--fix",
        "--unsafe-fixes",
        "--output-format",
        "json",
    ]
    run = herokulint(fixing, root)
    if crash := crash_of(run):
        result.problem, result.crashed = f"--fix: {crash}", True
        return result
    said = parse_fix_output(run.stderr)
    result.applied, result.refused = dict(said.applied), dict(said.refused)
    result.rolled_back = list(said.rolled_back)
    result.expected = sorted(said.expected)
    status = git(["status", "--porcelain", "-uall"], root).stdout
    result.created, result.modified, result.deleted = porcelain_changes(status)
    result.not_compiling = compile_errors(root, [*result.created, *result.modified])
    after = run_check(entry, root)
    if after.crashed:
        result.problem, result.crashed = f"after: {after.problem}", True
        return result
    result.codes_after = sorted({f.code for f in after.findings})
    result.new_findings = sorted(
        {(f.code, f.path) for f in after.findings if f.code not in result.codes_before}
    )
    snapshot(root)
    result.diff = git(["diff", "--no-color", "HEAD~1", "HEAD"], root).stdout
    again = herokulint(fixing, root)
    if crash := crash_of(again):
        result.problem, result.crashed = f"second --fix: {crash}", True
        return result
    second = git(["status", "--porcelain", "-uall"], root).stdout
    result.second_run_changes = [line[3:] for line in second.splitlines() if line.strip()]
    result.idempotent = not result.second_run_changes
    return result


# --- the command -------------------------------------------------------------------------------


def herokulint_version() -> str:
    run = subprocess.run(
        [sys.executable, "-m", "herokulint", "--version"], capture_output=True, text=True
    )
    version = run.stdout.strip() or first_line(run.stderr)
    located = subprocess.run(
        [
            sys.executable,
            "-c",
            "import herokulint, os; print(os.path.dirname(herokulint.__file__))",
        ],
        capture_output=True,
        text=True,
    )
    where = Path(located.stdout.strip() or ".")
    # The package's last commit says which product code was measured (fieldtest commits do not).
    head = subprocess.run(
        ["git", "-C", str(where), "log", "-1", "--format=%h %s", "--", "."],
        capture_output=True,
        text=True,
    )
    product = head.stdout.strip()[:100] or "(not a git checkout)"
    return f"{version}; {where.parent}, herokulint/ last changed in {product}"


def selected(corpus: list[CorpusEntry], only: Sequence[str]) -> list[CorpusEntry]:
    if not only:
        return corpus
    wanted = {name.lower() for name in only}
    chosen = [
        e for e in corpus if e.repo.lower() in wanted or e.repo.split("/")[1].lower() in wanted
    ]
    if not chosen:
        raise SystemExit(f"fieldtest: --only {', '.join(only)}: not in the corpus")
    return chosen


def run_entry(entry: CorpusEntry, mirrors: Path, fix: bool, keep: Optional[Path]) -> Any:
    git_dir = mirror_git_dir(mirrors, entry.repo)
    empty: Any = FixResult if fix else CheckResult
    if git_dir is None:
        return empty(
            entry.repo,
            entry.commit,
            entry.app_dir,
            problem=f"not fetched: fetch github:{entry.repo}",
        )
    with tempfile.TemporaryDirectory(prefix="fieldtest-") as tmp:
        root = (keep or Path(tmp)) / entry.repo.replace("/", "+")
        if keep:
            cache = root.parent / f"{root.name}.herokulint-cache"
            subprocess.run(["rm", "-rf", str(root), str(cache)], check=True)
        try:
            absent = export(git_dir, entry.commit, root)
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
            return empty(
                entry.repo,
                entry.commit,
                entry.app_dir,
                problem=f"export failed: {first_line(detail)}",
            )
        result = run_fix(entry, root) if fix else run_check(entry, root)
        result.absent = absent
        return result


def markdown_report(results: Sequence[Any], judgments: Judgments, fix: bool, version: str) -> str:
    out = [
        f"# herokulint field test: {'--fix --unsafe-fixes' if fix else 'check'}",
        "",
        f"{version}",
        "",
    ]
    if fix:
        out += [fix_table(results), "", "## Details", ""]
        for r in results:
            out.append(f"### {r.repo}" + (f" (app dir `{r.app_dir}`)" if r.app_dir else ""))
            if r.problem:
                out.append(f"- problem: {r.problem}")
            out.append(f"- applied: {codes_text(r.applied)}; refused: {codes_text(r.refused)}")
            out += [f"- rolled back: {line}" for line in r.rolled_back]
            if r.deleted:
                out.append(f"- deleted: {', '.join(r.deleted)}")
            out.append(
                f"- warning/error codes before: {', '.join(r.codes_before) or '-'}; after: {', '.join(r.codes_after) or '-'}"
            )
            if r.new_codes:
                news = [f"{code} {path}" for code, path in r.new_findings if code in r.new_codes]
                out.append(f"- NEW after the fix: {', '.join(news)}")
            if r.new_on_created_files:
                out.append(
                    f"- new only on created files (exempt): {', '.join(r.new_on_created_files)}"
                )
            if r.second_run_changes:
                out.append(f"- second --fix changed: {', '.join(r.second_run_changes)}")
            if r.diff:
                out += ["", "```diff", clipped(r.diff, DIFF_LINES), "```"]
            out.append("")
        return "\n".join(out)
    unjudged = sum(judged_counts(r, judgments)["unjudged"] for r in results)
    out += [
        check_table(results, judgments),
        f"unjudged: {unjudged}",
        "",
        "## Findings (warning and error) per repository",
        "",
    ]
    out += [check_details(r, judgments) for r in results]
    return "\n".join(out)


def as_json(results: Sequence[Any], judgments: Judgments, fix: bool, version: str) -> str:
    items = []
    for r in results:
        item = dataclasses.asdict(r)
        if fix:
            item["new_codes"] = r.new_codes
        else:
            item["judged"] = judged_counts(r, judgments)
            for finding, data in zip(r.findings, item["findings"]):
                verdict = judge(r.repo, finding, judgments)
                data["verdict"] = None if verdict is None else verdict.verdict
            item["missed"] = [
                dataclasses.asdict(m) for m in still_missed(r.repo, r.findings, judgments)
            ]
        items.append(item)
    return json.dumps(
        {"mode": "fix" if fix else "check", "herokulint": version, "repos": items}, indent=2
    )


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirrors", type=Path, default=DEFAULT_MIRRORS, help="where fetch put the repositories"
    )
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus.toml")
    parser.add_argument("--judgments", type=Path, default=HERE / "judgments.toml")
    parser.add_argument("--fix", action="store_true", help="run --fix --unsafe-fixes on copies")
    parser.add_argument(
        "--only", action="append", default=[], metavar="REPO", help="owner/name or name; repeatable"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="export into DIR and keep it (to read by hand)"
    )
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    corpus = selected(load_corpus(args.corpus), args.only)
    judgments = load_judgments(args.judgments)
    version = herokulint_version()
    results = []
    for entry in corpus:
        print(f"fieldtest: {entry.repo} ...", file=sys.stderr, flush=True)
        results.append(run_entry(entry, args.mirrors, args.fix, args.keep))
    render = as_json if args.json else markdown_report
    print(render(results, judgments, args.fix, version))
    crashed = [r.repo for r in results if r.crashed]
    for r in results:
        if r.crashed:
            print(f"fieldtest: herokulint crashed on {r.repo}: {r.problem}", file=sys.stderr)
        elif r.problem:
            print(f"fieldtest: {r.repo}: {r.problem}", file=sys.stderr)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
