"""Wall-time benchmark: herokulint on the heroku-ready fixture, beside the cost of Python and
of importing LibCST on the same machine. Run: `python benchmarks/bench.py [--runs N]`.

Not a test: numbers depend on the machine. Each command runs in a fresh process, alternating,
and the median is reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "heroku-ready"

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import libcst'": [sys.executable, "-c", "import libcst"],
    "herokulint heroku-ready": [sys.executable, "-m", "herokulint", str(FIXTURE), "-q"],
    "herokulint heroku-ready --output-format json": [
        sys.executable,
        "-m",
        "herokulint",
        str(FIXTURE),
        "--output-format",
        "json",
    ],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the file cache once
        timed(command)
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            samples[name].append(timed(command))
    print(f"{'command':48} {'median':>8} {'min':>8}  ({args.runs} runs, {sys.version.split()[0]})")
    for name, values in samples.items():
        print(f"{name:48} {statistics.median(values):8.3f} {min(values):8.3f}")


if __name__ == "__main__":
    main()
