"""Start-up benchmark: the one-folder program (PyInstaller) against the same version installed with `pip install .`.

Both are made first, in a temporary folder: a fresh virtual environment with `pip install '.[bundle]'` (that is the
pip-installed smplanner), and the program folder built from packaging/smplanner.spec with its PyInstaller. Then, in
turns after one warm-up of each, whole-process runs of each, started the same way as tests/benchmarks/bench_startup.py
starts them (offscreen, fresh XDG folders, the same 10,000-post plan):

  1. `smplanner --version`: the time to the process's exit
  2. the main window shown (first paint) and the plan's content painted, through SMPLANNER_STARTUP_PROBE
  3. the CPU time (user + system) of each whole process, which a busy machine disturbs less than the wall clock

    python tests/benchmarks/bench_bundle.py [--runs 9] [--json bench-results-bundle.json]

Medians, and the ratio program folder / pip install. Exit status 0, or 2 when a run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_startup import child_environment, run_once, write_plan_in_child  # beside this script, on its sys.path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]


def prepare(work: Path) -> tuple[Path, Path]:
    """A fresh environment with smplanner installed by pip, and the program folder built with it."""
    environment = work / "env"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPOSITORY) + "[bundle]"], check=True, cwd=work)
    subprocess.run([str(environment / "bin" / "pyinstaller"), "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    str(REPOSITORY / "packaging" / "smplanner.spec")], check=True, cwd=work)
    return python, work / "dist" / "smplanner" / "smplanner"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_version(command: list[str], home: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `smplanner --version`."""
    env = child_environment(home, "en")
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run([*command, "--version"], env=env, check=True, stdout=subprocess.DEVNULL, cwd=home)
    return time.perf_counter() - started, children_cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="measured runs of each (default 9)")
    parser.add_argument("--json", type=Path, default=Path("bench-results-bundle.json"),
                        help="where to write the results (default ./bench-results-bundle.json)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="smplanner-bench-bundle-"))
    try:
        started = time.perf_counter()
        python, program = prepare(work)
        print("built both in {s:.0f} s".format(s=time.perf_counter() - started))
        written = write_plan_in_child(str(python), work)
        plan = str(written["path"])
        commands = {"pip install": [str(python), "-m", "smplanner"], "program folder": [str(program)]}
        keys = ("version", "version_cpu", "window_shown", "content_ready", "app_cpu")
        figures: dict[str, dict[str, list[float]]] = {kind: {key: [] for key in keys} for kind in commands}
        for index in range(1 + args.runs):
            for kind, command in commands.items():
                tag = kind.replace(" ", "-")
                home = work / "version-{tag}-{index}".format(tag=tag, index=index)
                home.mkdir()
                version, version_cpu = time_version(command, home)
                cpu = children_cpu()
                run = run_once(tag, [*command, plan], work, index, "en", args.timeout)
                app_cpu = children_cpu() - cpu
                if index == 0:
                    continue  # the warm-up
                figures[kind]["version"].append(version)
                figures[kind]["version_cpu"].append(version_cpu)
                figures[kind]["app_cpu"].append(app_cpu)
                figures[kind]["window_shown"].append(run.milestones["window_shown"])
                figures[kind]["content_ready"].append(run.milestones["content_ready"])
            print("  run {n} done".format(n=index), flush=True)
        rows = []
        print()
        print("{:<34} {:>14} {:>16} {:>7}".format("median of {n} runs".format(n=args.runs), "pip install",
                                                  "program folder", "ratio"))
        for key, label in (("version", "smplanner --version, to exit"), ("version_cpu", "  its CPU time"),
                           ("window_shown", "main window shown"), ("content_ready", "plan content painted"),
                           ("app_cpu", "  CPU time of the whole app run")):
            pip_median = statistics.median(figures["pip install"][key])
            bundle_median = statistics.median(figures["program folder"][key])
            rows.append({"figure": key, "pip_install_s": round(pip_median, 4),
                         "program_folder_s": round(bundle_median, 4), "ratio": round(bundle_median / pip_median, 3)})
            print("{:<34} {:>12.3f} s {:>14.3f} s {:>6.2f}x".format(label, pip_median, bundle_median,
                                                                   bundle_median / pip_median))
        result = {
            "benchmark": "bundle start-up",
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
            "plan": {"posts": written["posts"], "markets": written["markets"]},
            "runs": args.runs,
            "rows": rows,
            "raw": figures,
        }
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print("results written to {path}".format(path=args.json))
        return 0
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print("bench_bundle: {error}".format(error=error), file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
