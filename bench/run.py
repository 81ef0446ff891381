"""make bench: runs every bench/bench_*.py in turn (each in its own process) and prints its
figures. Pass area names to run only some: `python bench/run.py social khata`."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("-")]
    flags = [a for a in argv if a.startswith("-")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.time()
        code = subprocess.call([sys.executable, str(script), *flags], cwd=HERE.parent)
        print(f"=== {script.stem}: exit {code}, {time.time() - started:.0f}s ===", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
