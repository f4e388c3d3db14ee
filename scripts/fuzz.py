#!/usr/bin/env python3
"""Coverage-guided fuzzing of the pack and session loaders (atheris, libFuzzer).

    scripts/fuzz.py                         every target, 60 s each
    scripts/fuzz.py pack-archive --runs 200000
    scripts/fuzz.py --time 5 --fresh        the short run of ./check.sh
    scripts/fuzz.py --list

Each target runs in its own process (tests/fuzz/harness.py) from the seed corpus (the
shipped packs, the invalid fixtures, the example sessions) plus the corpus that earlier
runs kept in .fuzz/corpus/TARGET (``--fresh``: a temporary one instead). An input that
makes a loader raise anything but its own error, or hang, is saved in .fuzz/crashes/ and
the script exits 1; put it in tests/fuzz/regressions/TARGET/ with the fix, so the tests
replay it. At the end a line per target gives the executions and libFuzzer's coverage
(``cov``: code edges reached; ``ft``: features, edges counted with how often they ran).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".fuzz"
_STATS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/")
_DONE = re.compile(r"^Done (\d+) runs in (\d+) second")


@dataclass
class Result:
    target: str
    runs: int = 0
    cov: int = 0
    ft: int = 0
    corpus: int = 0
    seconds: float = 0.0
    crash: Path | None = None
    returncode: int = 0

    def line(self) -> str:
        rate = self.runs / self.seconds if self.seconds else 0.0
        text = (
            f"{self.target:13} {self.runs:>10,} executions in {self.seconds:6.0f} s "
            f"({rate:,.0f}/s)  cov: {self.cov}  ft: {self.ft}  corpus: {self.corpus}"
        )
        if self.crash is not None:
            text += f"\n  DEFECT: input saved as {self.crash}"
        elif self.returncode:
            text += f"\n  the fuzzer stopped with exit status {self.returncode}"
        return text


def _targets() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.fuzz.targets import TARGETS

    return list(TARGETS)


def _write_seeds(target: str, folder: Path) -> int:
    """The target's seed inputs, and every input that once found a defect, as files."""
    from tests.fuzz.targets import TARGETS, regression_inputs

    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    seeds = list(TARGETS[target][0].seeds())
    seeds += [(p.name, p.read_bytes()) for p in regression_inputs(target)]
    for name, data in seeds:
        digest = hashlib.sha1(data).hexdigest()[:12]
        (folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}-{digest}").write_bytes(data)
        count += 1
    return count


def _write_dictionary(target: str, path: Path) -> int:
    """libFuzzer's dictionary for the target: the format's field names and fixed values."""
    from tests.fuzz.targets import TARGETS

    words = TARGETS[target][0].words()
    lines = []
    for word in words:
        escaped = "".join(
            chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in word
        )
        lines.append(f'"{escaped}"')
    path.write_text("\n".join(lines) + "\n")
    return len(words)


def run_target(
    target: str, *, runs: int | None, seconds: int | None, fresh: bool, seed: int | None
) -> Result:
    python = ROOT / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)
    crashes = STATE / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    # Files each input becomes go to memory where there is a RAM disk (fsync is free).
    shm = Path("/dev/shm")
    ram = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix=f"decision-aid-fuzz-{target}-", dir=ram))
    try:
        seeds = work / "seeds"
        _write_seeds(target, seeds)
        corpus = work / "corpus" if fresh else STATE / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        options = [
            f"-artifact_prefix={crashes}/{target}-",
            "-timeout=30",
            "-rss_limit_mb=3072",
            "-print_final_stats=1",
            "-max_len=262144",
        ]
        if runs is not None:
            options.append(f"-runs={runs}")
        if seconds is not None:
            options.append(f"-max_total_time={seconds}")
        if seed is not None:
            options.append(f"-seed={seed}")
        dictionary = work / "words.dict"
        if _write_dictionary(target, dictionary):
            options.append(f"-dict={dictionary}")
        command = [str(python), "-m", "tests.fuzz.harness", target, *options, str(corpus)]
        command.append(str(seeds))
        env = {**os.environ, "DECISION_AID_FUZZ_WORK": str(work), "PYTHONPATH": str(ROOT)}
        log = work / "fuzz.log"
        started = time.monotonic()
        with log.open("w") as out:
            process = subprocess.run(
                command, check=False, cwd=ROOT, env=env, stdout=out, stderr=out
            )
        result = Result(target, seconds=time.monotonic() - started)
        result.returncode = process.returncode
        text = log.read_text(errors="replace")
        for line in text.splitlines():
            stats = _STATS.match(line)
            if stats:
                result.runs = int(stats.group(1))
                result.cov, result.ft, result.corpus = map(int, stats.groups()[1:])
            done = _DONE.match(line)
            if done:
                result.runs = int(done.group(1))
        artifact = re.search(r"Test unit written to (\S+)", text)
        if artifact:
            result.crash = Path(artifact.group(1))
            kept = STATE / "logs"
            kept.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, kept / f"{result.crash.name}.log")
            print(text[-6000:], file=sys.stderr)
        elif process.returncode:
            print(text[-4000:], file=sys.stderr)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    names = _targets()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--runs", type=int, help="executions per target (default: no limit)")
    parser.add_argument("--time", type=int, help="seconds per target (default: 60 without --runs)")
    parser.add_argument("--fresh", action="store_true", help="start from the seeds only")
    parser.add_argument("--seed", type=int, help="libFuzzer's random seed")
    parser.add_argument("--list", action="store_true", help="list the targets and stop")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [t for t in args.targets if t not in names]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; one of: {', '.join(names)}")
    seconds = args.time if args.time is not None or args.runs is not None else 60
    results = []
    for target in args.targets or names:
        result = run_target(
            target, runs=args.runs, seconds=seconds, fresh=args.fresh, seed=args.seed
        )
        print(result.line(), flush=True)
        results.append(result)
    total = sum(r.runs for r in results)
    print(f"{'total':13} {total:>10,} executions")
    failed = [r for r in results if r.crash is not None or r.returncode]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
