"""What a benchmark figure is worth without: the date, the machine and the versions."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _pandoc() -> str:
    try:
        from bench.cases import PANDOC

        out = subprocess.run([PANDOC, "--version"], capture_output=True, text=True, check=False).stdout
        return out.splitlines()[0].split()[-1] if out else "missing"
    except OSError:
        return "missing"


def _commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def describe() -> dict[str, str]:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{_cpu()}, {os.cpu_count()} CPUs, {mem:.0f} GiB, {platform.system()} "
        f"{platform.release()}",
        "versions": (
            f"briefing {_version('briefing')} ({_commit()}), Python {sys.version.split()[0]}, "
            f"WeasyPrint {_version('weasyprint')}, python-docx {_version('python-docx')}, pandoc {_pandoc()}"
        ),
    }
