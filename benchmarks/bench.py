"""Benchmark: herokulint beside `python manage.py check --deploy`, and how herokulint scales.

    python benchmarks/bench.py [--runs N] [--venv DIR] [--only SUITE ...] [--json FILE]

Not a test: the numbers depend on the machine. The first run creates a virtualenv (default
/tmp/herokulint-bench-venv) with the heroku-ready fixture's requirements from PyPI (Django,
gunicorn, dj-database-url, whitenoise, psycopg) and this checkout of herokulint (editable), so
both tools run on the same interpreter and packages. Every command runs in a fresh process;
commands of one suite alternate, run after run; the median wall time is reported, with the
child's peak resident memory (`ru_maxrss` from `os.wait4`).

Suites:
- deploy:   herokulint, cold (`--no-cache`) and warm (its cache filled by the warm-up run), on
            heroku-ready and on guide-as-written, vs `manage.py check --deploy` on heroku-ready
            (a committed copy): the ratios.
- apps:     one invocation over 1 app vs 100 copies of heroku-ready (one repository).
- lines:    heroku-ready with a settings module of 1,000 / 10,000 / 20,000 lines (cold), and
            the 20,000-line module warm.
- unrelated: heroku-ready alone, beside 50,000 committed files, beside 50,000 untracked files.
- fix:      `--diff --unsafe-fixes` (the fix loop, nothing written) on the 20,000-line module.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "heroku-ready"
GUIDE = ROOT / "tests" / "fixtures" / "guide-as-written"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
GIT += ["-c", "init.defaultBranch=main"]
SECRET = "bench-only-" + "x" * 50
VERSIONS = (
    "import sys; from importlib.metadata import version; "
    "print(sys.version.split()[0], version('django'), version('libcst'))"
)


def ensure_venv(venv: Path) -> Path:
    """The virtualenv, created once; herokulint is reinstalled from this checkout every time,
    as a regular (not editable) install, the way users get it."""
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    reinstall = ["--no-deps", "--force-reinstall"]
    if not python.exists():
        print(f"creating {venv} (Django and friends from PyPI)...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([*pip, "-r", str(FIXTURE / "requirements.txt")], check=True)
        reinstall = []  # the first install brings herokulint's own dependencies
    with tempfile.TemporaryDirectory() as build:  # keep build/ and *.egg-info out of the tree
        shutil.copytree(
            ROOT,
            build,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "tests", "*.egg-info", "build", "__pycache__", ".*_cache"
            ),
        )
        subprocess.run([*pip, *reinstall, build], check=True)
    return python


def commit(folder: Path) -> None:
    subprocess.run([*GIT, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "bench"], cwd=folder, check=True)


def copy_app(target: Path) -> Path:
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
    return target


def big_settings(lines: int, last: str = "X = 1") -> str:
    """heroku-ready's settings, then plausible blocks up to `lines` lines, then `last`."""
    out = (FIXTURE / "mysite" / "settings.py").read_text(encoding="utf-8").splitlines()
    block = 0
    while len(out) + 8 < lines:
        out += [
            f"# Feature block {block}",
            f'FEATURE_{block} = os.environ.get("FEATURE_{block}", "") == "1"',
            f"FEATURE_{block}_OPTIONS = {{",
            f'    "name": "feature-{block}",',
            f'    "limit": {block} * 10,',
            '    "tags": ["a", "b", "c"],',
            "}",
            "",
        ]
        block += 1
    out += ["# padding"] * (lines - 1 - len(out))
    return "\n".join([*out, last]) + "\n"


def run_once(command: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, process.returncode


class Suite:
    def __init__(self, name: str) -> None:
        self.name = name
        self.commands: dict[str, tuple[list[str], Path]] = {}
        self.samples: dict[str, list[tuple[float, int, int]]] = {}

    def add(self, label: str, command: list[str], cwd: Path) -> None:
        self.commands[label] = (command, cwd)
        self.samples[label] = []

    def run(self, runs: int, env: dict[str, str]) -> None:
        for command, cwd in self.commands.values():  # warm the file cache and .pyc files
            run_once(command, cwd, env)
        for _ in range(runs):
            for label, (command, cwd) in self.commands.items():
                self.samples[label].append(run_once(command, cwd, env))

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for label, samples in self.samples.items():
            walls = [wall for wall, _, _ in samples]
            rss = [kib for _, kib, _ in samples]
            out.append(
                {
                    "suite": self.name,
                    "command": label,
                    "median_s": statistics.median(walls),
                    "min_s": min(walls),
                    "peak_rss_mib": statistics.median(rss) / 1024,
                    "exit": sorted({code for _, _, code in samples}),
                    "runs": len(samples),
                }
            )
        return out


def build(work: Path, python: Path, only: Optional[set[str]]) -> list[Suite]:
    warm = [str(python), "-m", "herokulint"]  # the cache is filled by each suite's warm-up run
    herokulint = [*warm, "--no-cache"]
    suites: list[Suite] = []

    def wanted(name: str) -> bool:
        return only is None or name in only

    ready = copy_app(work / "ready" / "heroku-ready")
    commit(ready.parent)

    if wanted("deploy"):
        suite = Suite("deploy")
        suite.add("python -c pass", [str(python), "-c", "pass"], ready)
        guide = work / "guide" / "guide-as-written"
        shutil.copytree(GUIDE, guide)
        commit(guide.parent)
        suite.add("herokulint heroku-ready", [*herokulint, "."], ready)
        suite.add("herokulint heroku-ready, warm", [*warm, "."], ready)
        suite.add("herokulint guide-as-written", [*herokulint, "."], guide)
        suite.add("herokulint guide-as-written, warm", [*warm, "."], guide)
        suite.add(
            "python manage.py check --deploy",
            [str(python), "manage.py", "check", "--deploy"],
            ready,
        )
        suites.append(suite)

    if wanted("apps"):
        suite = Suite("apps")
        for count in (1, 100):
            folder = work / f"apps{count}"
            apps = [copy_app(folder / f"app{index:03d}") for index in range(count)]
            commit(folder)
            suite.add(
                f"herokulint, {count} app(s) in one invocation",
                [*herokulint, "-q", *map(str, apps)],
                folder,
            )
        suites.append(suite)

    if wanted("lines"):
        suite = Suite("lines")
        for lines in (1_000, 10_000, 20_000):
            app = copy_app(work / f"lines{lines}" / "app")
            (app / "mysite" / "settings.py").write_text(big_settings(lines), encoding="utf-8")
            commit(app.parent)
            suite.add(
                f"herokulint, settings of {lines:,} lines", [*herokulint, "-q", str(app)], app
            )
            if lines == 20_000:
                suite.add(
                    "herokulint, settings of 20,000 lines, warm", [*warm, "-q", str(app)], app
                )
        suites.append(suite)

    if wanted("fix"):
        suite = Suite("fix")
        app = copy_app(work / "fix20000" / "app")
        text = big_settings(20_000, last="DEBUG = True")
        (app / "mysite" / "settings.py").write_text(text, encoding="utf-8")
        commit(app.parent)
        suite.add("herokulint, 20,000 lines (check)", [*herokulint, "-q", str(app)], app)
        suite.add(
            "herokulint --diff --unsafe-fixes, 20,000 lines",
            [*herokulint, "--diff", "--unsafe-fixes", str(app)],
            app,
        )
        suites.append(suite)

    if wanted("unrelated"):
        suite = Suite("unrelated")
        suite.add("herokulint heroku-ready", [*herokulint, "-q", str(ready)], ready)
        for kind in ("committed", "untracked"):
            app = copy_app(work / f"unrelated-{kind}" / "app")
            if kind == "untracked":
                commit(app.parent)
            for folder in range(500):
                assets = app / "assets" / f"d{folder:03d}"
                assets.mkdir(parents=True)
                for index in range(100):
                    (assets / f"f{index:02d}.txt").write_text(f"{folder} {index}\n")
            if kind == "committed":
                commit(app.parent)
            suite.add(f"herokulint, beside 50,000 {kind} files", [*herokulint, "-q", str(app)], app)
        suites.append(suite)
    return suites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/herokulint-bench-venv"))
    parser.add_argument(
        "--only", action="append", choices=("deploy", "apps", "lines", "unrelated", "fix")
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    python = ensure_venv(args.venv)
    versions = subprocess.run(
        [str(python), "-c", VERSIONS], capture_output=True, text=True, check=True
    ).stdout.split()
    env = {
        **os.environ,
        "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "SECRET_KEY": SECRET,
        "DJANGO_SECRET_KEY": SECRET,
        "NO_COLOR": "1",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="herokulint-bench-") as tmp:
        work = Path(tmp)
        env["DATABASE_URL"] = f"sqlite:///{work}/bench.sqlite3"
        for suite in build(work, python, set(args.only) if args.only else None):
            print(f"running {suite.name} ({args.runs} runs)...", file=sys.stderr, flush=True)
            suite.run(args.runs, env)
            rows.extend(suite.rows())
    cpu = platform_note()
    print(
        f"\n{cpu}; Python {versions[0]}, Django {versions[1]}, LibCST {versions[2]}; "
        f"median of {args.runs} runs\n"
    )
    print("| suite | command | median wall | min wall | peak RSS | exit |")
    print("|---|---|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['suite']} | {row['command']} | {row['median_s']:.3f} s | {row['min_s']:.3f} s "
            f"| {row['peak_rss_mib']:.1f} MiB | {','.join(map(str, row['exit']))} |"
        )
    by = {row["command"]: row for row in rows if row["suite"] == "deploy"}
    deploy = by.get("python manage.py check --deploy")
    if deploy:
        print()
        for label, row in by.items():
            if label.startswith("herokulint"):
                print(
                    f"{label} / check --deploy: wall {row['median_s'] / deploy['median_s']:.2f}x, "
                    f"peak memory {row['peak_rss_mib'] / deploy['peak_rss_mib']:.2f}x"
                )
    if args.json:
        args.json.write_text(json.dumps({"note": cpu, "rows": rows}, indent=2) + "\n")


def platform_note() -> str:
    cores = os.cpu_count() or 0
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cores} cores{f' ({model})' if model else ''}"


if __name__ == "__main__":
    main()
