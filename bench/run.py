"""Benchmark: how long each pipeline stage takes on the seed brief.

Speed goals live here, not in the tests: `make bench` prints the median of a few runs per stage
and flags any stage over its budget.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.html.render import render_html  # noqa: E402
from briefing.load import load_brief  # noqa: E402

BUDGET_SECONDS = {"load": 1.0, "html": 1.0, "layout": 10.0, "pdf": 5.0, "docx": 5.0}
RUNS = 3


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    seeds = ROOT / "seeds"
    brief = load_brief(seeds)
    html = render_html(brief)
    out = Path(tempfile.mkdtemp())
    stages: dict[str, Callable[[], object]] = {
        "load": lambda: load_brief(seeds),
        "html": lambda: render_html(brief),
    }
    from briefing.pdf import layout, write_pdf

    stages["layout"] = lambda: layout(html)
    document = layout(html)
    stages["pdf"] = lambda: write_pdf(document, out / "b.pdf")
    try:
        from briefing.docx import write_docx

        stages["docx"] = lambda: write_docx(html, out / "b.docx")
    except ImportError:
        pass
    over = 0
    for name, fn in stages.items():
        median = statistics.median(timed(fn) for _ in range(RUNS))
        flag = "" if median <= BUDGET_SECONDS[name] else f"  OVER BUDGET ({BUDGET_SECONDS[name]} s)"
        over += bool(flag)
        print(f"{name:5} {median * 1000:8.0f} ms{flag}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
