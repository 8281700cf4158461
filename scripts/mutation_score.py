"""The mutation score of ``make mutation``, per module: killed / (mutants run − equivalent).

Reads ``mutmut results --all true`` (run in the project folder after ``mutmut run``) and the
equivalent mutants listed in docs/mutation.md (a survivor that cannot change behaviour, each
with its reason), and prints the Markdown table README.md shows. A mutant the tests time out on
counts as detected (the run fails), and is shown apart. A listed equivalent that was killed, or
that no longer exists, is reported: the list must match the code it describes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTED = re.compile(r"^\|\s*`(briefing\.[^`]+__mutmut_\d+)`\s*\|", re.M)
DETECTED = {"killed", "timeout"}


def results() -> dict[str, str]:
    mutmut = Path(sys.executable).parent / "mutmut"
    done = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    found = {}
    for line in done.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def module(name: str) -> str:
    """``briefing.load.text.x_check_text__mutmut_3`` → ``load/text.py``."""
    dotted = re.split(r"\.x_|\.xǁ", name, maxsplit=1)[0].removeprefix("briefing.")
    return dotted.replace(".", "/") + ("/__init__.py" if dotted == "load" else ".py")


def main() -> int:
    status = results()
    equivalent = set(LISTED.findall((ROOT / "docs" / "mutation.md").read_text(encoding="utf-8")))
    rows: dict[str, Counter[str]] = {}
    for name, state in status.items():
        count = rows.setdefault(module(name), Counter())
        count["total"] += 1
        count["equivalent" if name in equivalent and state == "survived" else state] += 1
    stale = sorted(n for n in equivalent if status.get(n) != "survived")
    print("| module | mutants | not yet run | killed | timeout | equivalent | survived | other | score |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total: Counter[str] = Counter()
    for name in sorted(rows):
        total.update(rows[name])
        print(_row(name, rows[name]))
    print(_row("**all**", total))
    for name in stale:
        print(f"stale in docs/mutation.md ({status.get(name, 'no such mutant')}): {name}", file=sys.stderr)
    unchecked = sum(c["not checked"] for c in rows.values())
    if unchecked:
        print(f"{unchecked} mutants not checked yet: run `mutmut run` to the end", file=sys.stderr)
    return 1 if stale or unchecked else 0


def _row(name: str, c: Counter[str]) -> str:
    """One module: the score is over the mutants run, so a partial run says how partial it is."""
    ran = c["total"] - c["not checked"]
    other = ran - sum(c[k] for k in ("killed", "timeout", "equivalent", "survived"))
    judged = ran - c["equivalent"]
    score = f"{100 * (c['killed'] + c['timeout']) / judged:.1f} %" if judged else "–"
    counts = [c[k] for k in ("total", "not checked", "killed", "timeout", "equivalent", "survived")]
    cells = [*counts, other, score]
    return f"| {name} | " + " | ".join(str(cell) for cell in cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
