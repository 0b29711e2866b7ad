"""`make bench`: how fast the command line starts, against a bare `import duckdb` (issue 18).

Runs `python -m kompas info --db STORE` and `python -c "import duckdb"` each RUNS times in fresh
processes, taking turns so both see the same machine load, and prints the medians and their ratio
against the target: `info` starts within 2x a bare `import duckdb`. The store is bench/.cache/demo.duckdb
(built when missing) unless --db names another.

    python bench/cli_start.py [--db STORE] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "bench" / ".cache" / "demo.duckdb"
TARGET = 2.0  # info may take at most this many times a bare `import duckdb`


def seconds(command: list[str]) -> float:
    """Wall-clock seconds of one fresh process, from the repository root; raises if it fails."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def measure(db: Path, runs: int) -> tuple[float, float]:
    """Median seconds of (`import duckdb`, `python -m kompas info --db db`) over ``runs`` turns each."""
    duckdb_cmd = [sys.executable, "-c", "import duckdb"]
    info_cmd = [sys.executable, "-m", "kompas", "info", "--db", str(db)]
    seconds(duckdb_cmd), seconds(info_cmd)  # once untimed: bytecode and the file system cache warm
    bare, info = [], []
    for _ in range(runs):
        bare.append(seconds(duckdb_cmd))
        info.append(seconds(info_cmd))
    return statistics.median(bare), statistics.median(info)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEMO, help="the store for `info` (default: the bench demo)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "kompas", "demo", "--db", str(args.db)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    bare, info = measure(args.db, args.runs)
    ratio = info / bare
    ok = ratio <= TARGET
    print(f"CLI start, median of {args.runs} fresh processes:")
    print(f"  python -c 'import duckdb'           {bare * 1000:6.0f} ms")
    print(f"  python -m kompas info --db STORE    {info * 1000:6.0f} ms")
    print(
        f"{'✓' if ok else '✗'} info starts within {TARGET:g}x a bare import duckdb ({ratio:.2f}x): "
        f"{'ok' if ok else 'te traag'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
