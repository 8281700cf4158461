"""The commands `make bench` times, and the scratch briefs they run on.

Every case is a list of argv steps run as cold processes; a case whose tool is missing (a
command another issue adds, say) reports why instead of failing the benchmark. All scratch
files live in one temporary folder: the seed brief is copied, never touched in place.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import filler  # noqa: E402

BIN = Path(sys.executable).parent
BRIEFING = str(BIN / "briefing")
WEASYPRINT = str(BIN / "weasyprint")
PDF_OPTIONS = ["--pdf-variant", "pdf/ua-1", "--pdf-tags", "--custom-metadata"]  # as briefing/pdf/writer.py
TYPO = "Zyxwvut"
BIG_SOURCE_BYTES = 10 * 1024 * 1024
FRENCH = ROOT / "tests" / "fixtures" / "fr"
PDF_ENGINE = "--pdf-engine=weasyprint"


def pandoc_path() -> str:
    """The newest pandoc at hand: pypandoc-binary's (a dependency; 3.x), else the one on PATH.
    Debian's 2.17 formats the same citations about ten times slower, which would flatter us."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return "pandoc"


PANDOC = pandoc_path()


def source_limit() -> int:
    """The loader's largest source text (issue 9 refuses bigger ones), or no limit."""
    try:
        from briefing.load.files import SOURCE_BYTES
    except ImportError:
        return 2**62
    return SOURCE_BYTES


def env() -> dict[str, str]:
    """The environment every case runs in: our venv first on PATH (pandoc finds its WeasyPrint)."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def supports(*argv: str) -> bool:
    """Whether ``briefing <argv> --help`` exists: commands other issues add may not be there yet."""
    done = subprocess.run([BRIEFING, *argv, "--help"], capture_output=True, env=env(), check=False)
    return done.returncode == 0


@dataclass
class Case:
    """One thing a user runs; ``steps`` run in order and their times add up."""

    key: str
    label: str
    steps: list[list[str]] = field(default_factory=list)
    expect: int = 0  # the exit code a correct run has
    expect_output: str = ""  # and a text its output must contain
    missing: str = ""  # why the case cannot run on this checkout, if it cannot
    before_each: Callable[[], None] | None = None  # untimed set-up before every run
    busy: bool = False  # run beside one other CPU-bound job (measure.Busy)


@dataclass
class Scratch:
    """The folders and files the cases work on, made once per benchmark run."""

    root: Path
    seeds: Path = field(init=False)
    typo: Path = field(init=False)
    big: Path = field(init=False)
    largest: Path = field(init=False)
    markdown: Path | None = None
    expected_suggestion: str = ""
    french: Path = field(init=False)  # a French brief (tests/fixtures/fr), built as a variant
    french_markdown: Path | None = None
    house: Path = field(init=False)  # an organisation's Word template (``--reference-docx``)

    def __post_init__(self) -> None:
        self.seeds = self.root / "seeds"
        self.typo = self.root / "typo"
        self.big = self.root / "big"
        self.largest = self.root / "largest"
        self.french = self.root / "fr"
        self.house = self.root / "house.docx"


def prepare(root: Path, seeds: Path) -> Scratch:
    """Copy the brief three ways (as is, one mistyped quote, plus a 10 MB source) and export it."""
    scratch = Scratch(root)
    shutil.copytree(seeds, scratch.seeds)
    shutil.copytree(seeds, scratch.typo)
    scratch.expected_suggestion = mistype_quote(scratch.typo)
    shutil.copytree(scratch.typo, scratch.big)
    grow_source(scratch.big, BIG_SOURCE_BYTES)
    if source_limit() < BIG_SOURCE_BYTES:  # also the largest source the loader accepts
        shutil.copytree(scratch.typo, scratch.largest)
        grow_source(scratch.largest, source_limit() - 4096)
    scratch.markdown = export_markdown(scratch.seeds, root / "md")
    # Issue 25's variants: the seed in APA, in PDF/UA-2 and in a house template; a French brief.
    shutil.copytree(FRENCH, scratch.french)
    scratch.french_markdown = export_markdown(scratch.french, root / "md-fr")
    from briefing.docx.word.house import house_template

    scratch.house.write_bytes(house_template())
    # "Nothing changed" needs a previous build; its HTML is what the WeasyPrint CLI reads.
    out = root / "out"
    subprocess.run(
        [BRIEFING, "build", str(scratch.seeds), "--out", str(out / "e")],
        env=env(),
        check=True,
        capture_output=True,
    )
    shutil.copyfile(next((out / "e").glob("*.html")), out / "final.html")
    return scratch


def _first_source(seeds: Path) -> Path:
    return sorted((seeds / "sources").glob("*.yaml"))[0]


def mistype_quote(seeds: Path) -> str:
    """Replace the longest word of the first source's first quote; return that quote as it was."""
    from ruamel.yaml import YAML

    path = _first_source(seeds)
    yaml = YAML(typ="rt")
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    quote = str(data["quotes"][0]["text"])
    word = max(re.findall(r"[A-Za-z]{4,}", quote), key=len)
    data["quotes"][0]["text"] = quote.replace(word, TYPO, 1)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    from briefing.load.quotes import normalize

    return normalize(quote)


def grow_source(seeds: Path, size: int) -> None:
    """Pad the mistyped quote's source text to ``size`` bytes with prose around the original text."""
    text_path = _first_source(seeds).with_suffix(".txt")
    original = text_path.read_text(encoding="utf-8")
    half = (size - len(original.encode())) // 2
    text_path.write_text(
        f"{filler(half, seed=1)}\n\n{original}\n\n{filler(half, seed=2)}\n", encoding="utf-8"
    )


def export_markdown(seeds: Path, out: Path) -> Path | None:
    """The brief's own Markdown export (issue 12), or None while ``briefing export`` is missing."""
    if not supports("export"):
        return None
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [BRIEFING, "export", str(seeds), "--format", "md", "--out", str(out)],
        capture_output=True,
        env=env(),
        check=False,
    )
    found = sorted(out.rglob("*.md"))
    if done.returncode != 0 or not found:
        raise SystemExit(f"briefing export failed:\n{done.stdout.decode()}{done.stderr.decode()}")
    return found[0]


def _citing(md: str) -> list[str]:
    """pandoc's arguments for our Markdown export with its citations formatted: the export cites
    as ``[@id, para. 4]`` with its CSL-JSON references and style beside it (issue 19), so pandoc
    makes the same notes and reference list only with ``--citeproc``; without it the brief it
    makes prints the raw keys, which is no brief and far less work."""
    return [md, "--citeproc", f"--resource-path={Path(md).parent}"] if md else [md]


def cases(s: Scratch) -> list[Case]:
    """Cases a–g of issues 13 and 25 in the order one benchmark round runs them."""
    out = s.root / "out"
    no_md = "not available yet (needs `briefing export --format md`, issue 12)"
    md = str(s.markdown) if s.markdown else ""
    french_md = str(s.french_markdown or "")
    pandoc_docx = [PANDOC, *_citing(md), "-o", str(out / "pandoc" / "brief.docx")]
    pandoc_pdf = [PANDOC, *_citing(md), "-o", str(out / "pandoc" / "brief.pdf"), PDF_ENGINE]
    (out / "pandoc").mkdir(parents=True, exist_ok=True)
    build = [BRIEFING, "build", "--force"]  # a full build every time; case e alone may reuse outputs
    again = [BRIEFING, "build"]
    found = [
        Case("a", "briefing build (PDF + DOCX)", [[*build, str(s.seeds), "--out", str(out / "a")]]),
        Case(
            "b",
            "pandoc → DOCX, then → PDF via WeasyPrint",
            [pandoc_docx, pandoc_pdf],
            missing="" if md else no_md,
        ),
        Case(
            "a_busy",
            "briefing build (PDF + DOCX), one other CPU-bound job running",
            [[*build, str(s.seeds), "--out", str(out / "a_busy")]],
            busy=True,
        ),
        Case(
            "b_busy",
            "pandoc → DOCX, then → PDF, one other CPU-bound job running",
            [pandoc_docx, pandoc_pdf],
            missing="" if md else no_md,
            busy=True,
        ),
        Case(
            "c", "briefing build --format pdf", [[*build, str(s.seeds), "--out", str(out / "c"), "-f", "pdf"]]
        ),
        Case(
            "c_ref",
            "weasyprint CLI on our final HTML",
            [[WEASYPRINT, *PDF_OPTIONS, str(out / "final.html"), str(out / "weasyprint.pdf")]],
        ),
        Case(
            "d",
            "briefing build --format docx",
            [[*build, str(s.seeds), "--out", str(out / "d"), "-f", "docx"]],
        ),
        Case("e", "briefing build again, nothing changed", [[*again, str(s.seeds), "--out", str(out / "e")]]),
        # The same build in another citation style, PDF standard and Word template: each ≤ b.
        Case(
            "a_apa",
            "briefing build, APA",
            [[*build, str(s.seeds), "--out", str(out / "a_apa"), "--csl", "apa"]],
        ),
        Case(
            "a_ua2",
            "briefing build, PDF/UA-2",
            [[*build, str(s.seeds), "--out", str(out / "a_ua2"), "--pdf-standard", "ua-2"]],
        ),
        Case(
            "a_house",
            "briefing build, an organisation's Word template",
            [[*build, str(s.seeds), "--out", str(out / "a_house"), "--reference-docx", str(s.house)]],
        ),
        Case("a_fr", "briefing build, a French brief", [[*build, str(s.french), "--out", str(out / "a_fr")]]),
        Case(
            "b_fr",
            "pandoc → DOCX, then → PDF, the French brief",
            [
                [PANDOC, *_citing(french_md), "-o", str(out / "pandoc" / "fr.docx")],
                [PANDOC, *_citing(french_md), "-o", str(out / "pandoc" / "fr.pdf"), PDF_ENGINE],
            ],
            missing="" if s.french_markdown else no_md,
        ),
        Case("g", "briefing check", [[BRIEFING, "check", str(s.seeds)]]),
        Case(
            "g_typo",
            "briefing check, one mistyped quote",
            [[BRIEFING, "check", str(s.typo)]],
            expect=1,
            expect_output=f'did you mean "{s.expected_suggestion[:40]}',
        ),
    ]
    meant = f'did you mean "{s.expected_suggestion[:40]}'  # the right passage, not just any
    limited = source_limit() < BIG_SOURCE_BYTES
    big = Case(
        "g_big", "briefing check, 10 MB source, one mistyped quote", [[BRIEFING, "check", str(s.big)]], 1
    )
    big.expect_output = "the limit is" if limited else meant  # refused up front, or checked
    largest = Case(
        "g_largest",
        f"briefing check, {source_limit() / 1e6:.0f} MB source (the loader's limit), one mistyped quote",
        [[BRIEFING, "check", str(s.largest)]],
        expect=1,
        expect_output=meant,
    )
    return [*found, big, *([largest] if limited else [])]
