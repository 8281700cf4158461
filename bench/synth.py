"""Synthetic briefs of any size, for the scaling run: the same content as a seeds folder and as
pandoc Markdown.

Content grows in proportion to the number of sources N: four quotes and two positions per
source, actors ≈ √(2.5 N) and issues ≈ √(1.5 N), so the matrix holds about 2 N cells, one
timeline event per four sources, one paragraph of comparison per ten. Prose is drawn from the
seed texts' own vocabulary with realistic sentence and paragraph lengths; every quote is a
verbatim excerpt of its generated source text, so the brief passes ``briefing check``.

    python bench/synth.py 50 /tmp/brief50    # writes /tmp/brief50/{brief.yaml,sources/,brief.md}
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STANCES = [
    ("pressure", "Pressure", "▲", "Favours pressure, conditions or maximal demands"),
    ("conditional", "Conditional", "◆", "Open to talks or relief only against specific steps"),
    ("engagement", "Engagement", "●", "Favours talks, relief or incentives"),
    ("not-addressed", "Not addressed", "○", "The sources are silent on this cell"),
]


@functools.cache
def vocabulary() -> tuple[str, ...]:
    """Words of the seed source texts, with their real frequencies."""
    words: list[str] = []
    for path in sorted((ROOT / "seeds" / "sources").glob("*.txt")):
        words += re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]", path.read_text(encoding="utf-8"))
    return tuple(w.lower() if w.lower() in _COMMON else w for w in words)


_COMMON = {"the", "a", "an", "and", "of", "to", "in", "that", "is", "for", "on", "with", "as", "it"}


def sentence(rng: random.Random, low: int = 12, high: int = 30) -> str:
    words = rng.choices(vocabulary(), k=rng.randint(low, high))
    if len(words) > 8 and rng.random() < 0.5:
        words[rng.randint(3, len(words) - 4)] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 7)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def filler(size: int, seed: int = 0) -> str:
    """About ``size`` bytes of paragraphs, for padding a source text."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(paragraph(rng))
        total += len(parts[-1].encode()) + 2
    return "\n\n".join(parts)[:size]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(vocabulary(), k=n))


class Synthetic:
    """One synthetic brief of ``n`` sources, as data; :meth:`write` lays it out as files."""

    def __init__(self, n: int, seed: int = 0) -> None:
        rng = self.rng = random.Random(seed * 1000 + n)
        self.n = n
        self.sources = [f"src-{i:03d}" for i in range(1, n + 1)]
        self.actors = [f"actor-{i:02d}" for i in range(1, max(2, round(math.sqrt(2.5 * n))) + 1)]
        self.issues = [f"issue-{i:02d}" for i in range(1, max(2, round(math.sqrt(1.5 * n))) + 1)]
        self.texts = {
            s: "\n\n".join(paragraph(rng) for _ in range(rng.randint(12, 18))) for s in self.sources
        }
        start = dt.date(2019, 1, 1)
        self.dates = {s: start + dt.timedelta(days=rng.randrange(0, 900)) for s in self.sources}
        self.authors = {s: f"{words(rng, 1).title()} {words(rng, 1).title()}" for s in self.sources}
        # Each source speaks to two actors, round robin, so every actor has sources to cite.
        a = len(self.actors)
        self.speaks = {
            s: sorted({self.actors[i % a], self.actors[(i + 1) % a]}) for i, s in enumerate(self.sources)
        }
        self.voiced = {x: [s for s in self.sources if x in self.speaks[s]] for x in self.actors}

    def cite(self, k: int = 1) -> str:
        picks = sorted(self.rng.sample(self.sources, min(k, self.n)))
        return "[" + "; ".join(f"@{p}" for p in picks) + "]"

    def prose(self, sentences: int = 4, k: int = 1) -> str:
        return " ".join(sentence(self.rng) for _ in range(sentences)) + f" {self.cite(k)}."

    def quotes(self, source: str) -> list[dict[str, object]]:
        sentences = re.findall(r"[^.]+\.", self.texts[source].replace("\n\n", " "))
        out = []
        for i in range(4):
            first = self.rng.randrange(0, len(sentences) - 2)
            text = " ".join(s.strip() for s in sentences[first : first + 2])
            actors = self.rng.sample(self.actors, min(2, len(self.actors)))
            out.append(
                {"id": f"{source}-q{i}", "text": text, "actors": actors, "why": sentence(self.rng, 8, 14)}
            )
        return out

    def source_yaml(self, source: str) -> dict[str, object]:
        return {
            "title": words(self.rng, 7).title(),
            "author": [dict(zip(("given", "family"), self.authors[source].split(), strict=True))],
            "outlet": f"{words(self.rng, 2).title()} Review",
            "published": self.dates[source],
            "summary": " ".join(sentence(self.rng, 18, 22) for _ in range(5)),
            "quotes": self.quotes(source),
            "positions": {a: f"{sentence(self.rng)} [@{source}]" for a in self.speaks[source]},
        }

    def brief_yaml(self) -> dict[str, object]:
        rng, n = self.rng, self.n
        cells: dict[str, dict[str, dict[str, str]]] = {}
        for issue in self.issues:
            row = cells[issue] = {}
            for actor in self.actors:
                category = rng.choice(STANCES)[0]
                row[actor] = {
                    "stance": "Not addressed in these sources."
                    if category == "not-addressed"
                    else f"{sentence(rng, 6, 14)[:-1]} [@{rng.choice(self.voiced[actor])}].",
                    "category": category,
                }
        paragraphs = max(1, n // 10)
        return {
            "title": f"Synthetic Brief of {n} Sources",
            "short_title": f"Synthetic {n}",
            "subtitle": sentence(rng, 14, 20),
            "date": dt.date(2026, 11, 22),
            "author": "bench/synth.py",
            "audience": "The scaling benchmark",
            "handling": "SYNTHETIC — NOT FOR USE",
            "keywords": ["benchmark", "synthetic"],
            "bluf": self.prose(5, 3),
            "key_judgments": [
                {"text": self.prose(2, 2), "confidence": rng.choice(["high", "moderate", "low"])}
                for _ in range(5)
            ],
            "stances": [{"id": i, "label": lb, "symbol": sy, "meaning": m} for i, lb, sy, m in STANCES],
            "actors": [
                {
                    "id": a,
                    "name": f"{words(rng, 1).title()} {i}",
                    "short": f"A{i}",
                    **{k: self.prose(3, 2) for k in ("position", "aims", "concerns", "leverage")},
                }
                for i, a in enumerate(self.actors, 1)
            ],
            "issues": [{"id": i, "name": words(rng, 3).capitalize()} for i in self.issues],
            "matrix": cells,
            **{
                k: "\n\n".join(self.prose(4, 2) for _ in range(paragraphs))
                for k in ("convergence", "divergence")
            },
            "outlook": "\n\n".join(self.prose(4, 2) for _ in range(paragraphs)),
            "indicators": [{"text": self.prose(1), "why": sentence(rng, 8, 14)} for _ in range(3 + n // 25)],
            "timeline": [
                {"date": self.dates[s].isoformat(), "label": words(rng, 4).capitalize(), "cite": f"[@{s}]"}
                for s in sorted(rng.sample(self.sources, max(3, n // 4)) if n >= 3 else self.sources)
            ],
        }

    def write(self, folder: Path) -> Path:
        """Write ``brief.yaml``, ``sources/`` and the same content as ``brief.md``; return the folder."""
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        yaml.allow_unicode = True
        yaml.width = 4096
        (folder / "sources").mkdir(parents=True, exist_ok=True)
        sources = {s: self.source_yaml(s) for s in self.sources}
        brief = self.brief_yaml()
        for s, data in sources.items():
            (folder / "sources" / f"{s}.txt").write_text(self.texts[s] + "\n", encoding="utf-8")
            with (folder / "sources" / f"{s}.yaml").open("w", encoding="utf-8") as handle:
                yaml.dump(data, handle)
        with (folder / "brief.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump(brief, handle)
        from bench.synth_markdown import markdown

        (folder / "brief.md").write_text(markdown(brief, sources), encoding="utf-8")
        return folder


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    Synthetic(int(argv[0])).write(Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
