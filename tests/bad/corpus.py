"""The bad-input corpus: each case breaks a copy of tests/fixtures/mini in one way.

A case names its edit, the exit code ``check`` must give, and the start of the first line it must
print, with paths relative to the brief folder. ``{L}`` in the expectation is the line of the brief
file, after the edit, that holds ``at`` (``{L+1}`` the line after it) — so the cases keep working when the fixture grows.
``build`` must agree: the same first line when ``check`` fails, success when it passes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

B = "brief.yaml"
S = "sources/demo-2021.yaml"
T = "sources/demo-2021.txt"

Op = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    ops: tuple[Op, ...]
    exit: int
    expect: str  # the start of the first line printed
    at: tuple[str, str] | None = None  # (file, text) whose line is {L}
    tags: frozenset[str] = field(default_factory=frozenset)


def sub(file: str, old: str, new: str) -> Op:
    """Replace the one occurrence of ``old``."""

    def op(brief: Path) -> None:
        path = brief / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return op


def resub(file: str, pattern: str, new: str) -> Op:
    """Replace the one match of a multi-line regular expression."""

    def op(brief: Path) -> None:
        path = brief / file
        text, count = re.subn(pattern, new, path.read_text(encoding="utf-8"), flags=re.M | re.S)
        assert count == 1, f"{pattern!r} matched {count} times in {file}"
        path.write_text(text, encoding="utf-8")

    return op


def write(file: str, content: str | bytes) -> Op:
    def op(brief: Path) -> None:
        path = brief / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return op


def resave(file: str, encoding: str, mark: bytes = b"") -> Op:
    """The file as an editor saves it in another Unicode encoding (``mark``: a byte-order mark to add)."""

    def op(brief: Path) -> None:
        path = brief / file
        path.write_bytes(mark + path.read_text(encoding="utf-8").encode(encoding))

    return op


def append(file: str, content: str) -> Op:
    def op(brief: Path) -> None:
        with (brief / file).open("a", encoding="utf-8") as handle:
            handle.write(content)

    return op


def raw(file: str, old: bytes, new: bytes) -> Op:
    def op(brief: Path) -> None:
        path = brief / file
        data = path.read_bytes()
        assert data.count(old) == 1, f"{old!r} occurs {data.count(old)} times in {file}"
        path.write_bytes(data.replace(old, new))

    return op


def pad(file: str, size: int) -> Op:
    """Pad a source text to ``size`` bytes with filler words before and after, keeping its text."""

    def op(brief: Path) -> None:
        path = brief / file
        text = path.read_text(encoding="utf-8")
        words = (size - len(text.encode("utf-8")) - 4) // 10
        path.write_text(f"{'word ' * words}\n\n{text}\n\n{'word ' * words}", encoding="utf-8")

    return op


def remove(file: str) -> Op:
    return lambda brief: (brief / file).unlink()


def symlink(file: str, target: str) -> Op:
    def op(brief: Path) -> None:
        (brief / file).unlink(missing_ok=True)
        (brief / file).symlink_to(target)

    return op


def folder(file: str) -> Op:
    def op(brief: Path) -> None:
        (brief / file).unlink(missing_ok=True)
        (brief / file).mkdir()

    return op


def fifo(file: str) -> Op:
    def op(brief: Path) -> None:
        (brief / file).unlink(missing_ok=True)
        os.mkfifo(brief / file)

    return op


def laughs(levels: int = 9) -> str:
    rows = ["lol0: &a0 [lol]"]
    rows += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(rows) + "\n"


WORDS_79 = " ".join(["word"] * 79)
SUMMARY = r"^summary: >-\n(  .*?\n)+(?=quotes:)"
EXTRA_QUOTES = "".join(
    f"  - id: demo-extra-{i}\n    text: {text}\n    actors: [rok]\n    why: Extra.\n"
    for i, text in enumerate(["Three Scripts on the Peninsula", "Published March 1, 2021", "idea keeps returning",
                              "Subscribe to our newsletter"])
)  # verbatim parts of demo-2021.txt: 3 + 3 = 6 quotes, 3 + 4 = 7
JUDGMENT = "  - text: Sanctions remain in force [@demo-2021].\n    confidence: high\n"
OUTLOOK = "outlook: Little will change soon [@demo-2021]."
SEOUL_QUOTE = "Officials in Seoul call the peninsula 한반도 and speak of 평화 프로세스 — a peace process that needs patience."

CASES: list[Case] = [
    # --- YAML itself -------------------------------------------------------------------------
    Case("yaml-unclosed-quote", (sub(B, 'subtitle: A tiny', 'subtitle: "A tiny'),), 1,
         "brief.yaml:{L}:12: YAML syntax", at=(B, "handling:")),
    Case("yaml-tab-indent", (sub(B, "    confidence: moderate", "\tconfidence: moderate"),), 1,
         "brief.yaml:{L}:1: YAML syntax", at=(B, "\tconfidence")),
    Case("yaml-top-level-list", (write(B, "- title: x\n"),), 1,
         "brief.yaml:1:1: expected a mapping of keys at the top level"),
    Case("yaml-empty-file", (write(B, ""),), 1, "brief.yaml:1:1: expected a mapping of keys"),
    Case("yaml-duplicate-key", (sub(B, "author: Test Suite", "author: Test Suite\nauthor: Again"),), 1,
         "brief.yaml:{L}:1: YAML syntax", at=(B, "author: Again")),
    Case("yaml-deep-nesting", (append(B, "deep: " + "[" * 500 + "]" * 500 + "\n"),), 1,
         "brief.yaml:{L}:38: nested deeper than 32 levels", at=(B, "deep:")),
    Case("yaml-billion-laughs", (append(B, laughs()),), 1,
         "brief.yaml:{L}:12: aliases expand to more than 200,000 values", at=(B, "lol1:")),
    Case("yaml-too-many-aliases", (append(B, "base: &b x\nmany: [" + ", ".join(["*b"] * 101) + "]\n"),), 1,
         "brief.yaml:{L}:408: more than 100 aliases (*name)", at=(B, "many:")),
    Case("yaml-raw-control-byte", (raw(B, b"Test Suite", b"Test\x0bSuite"),), 1,
         "brief.yaml:{L}:13: YAML cannot hold character U+000B", at=(B, "author:")),
    Case("yaml-raw-escape-byte", (raw(B, b"Developers", b"Devel\x1bopers"),), 1,
         "brief.yaml:{L}:16: YAML cannot hold character U+001B", at=(B, "audience:")),
    Case("yaml-nul-byte", (raw(B, b"Developers", b"Devel\x00opers"),), 1,
         "brief.yaml: contains NUL bytes"),
    Case("yaml-saved-as-utf16", (resave(B, "utf-16"),), 1,  # a Windows editor's "Unicode": not NUL bytes
         "brief.yaml: is UTF-16 text (it starts with the byte-order mark FF FE); save it as UTF-8"),
    Case("source-saved-as-utf16-be", (resave(T, "utf-16-be", b"\xfe\xff"),), 1,
         "sources/demo-2021.txt: is UTF-16 text (it starts with the byte-order mark FE FF); save it as UTF-8"),
    Case("source-saved-as-utf32", (resave(T, "utf-32"),), 1,
         "sources/demo-2021.txt: is UTF-32 text (it starts with the byte-order mark FF FE 00 00)"),
    Case("yaml-not-utf8", (raw(B, b"Test Suite", b"Test \xe9quipe"),), 1,
         "brief.yaml:{L}:14: not UTF-8 text", at=(B, "author:")),
    Case("yaml-tag-mismatch", (sub(B, "audience: Developers", "audience: !!int many"),), 1,
         "brief.yaml:{L}:11: YAML: !!int many: the value does not fit its tag", at=(B, "audience:")),
    Case("yaml-python-tag", (sub(B, "audience: Developers", "audience: !!python/object/apply:os.system [ls]"),), 1,
         "brief.yaml:{L}:11: audience: expected text (got a list)", at=(B, "audience:")),
    Case("yaml-too-big", (append(B, "# " + "x" * 1_000_000 + "\n"),), 1,
         "brief.yaml: is 1,00"),
    # --- schema ------------------------------------------------------------------------------
    Case("missing-required-field", (sub(B, "audience: Developers\n", ""),), 1,
         "brief.yaml:1:1: audience: required field is missing"),
    Case("unknown-key", (sub(B, "audience: Developers", "audience: Developers\naudiense: typo"),), 1,
         "brief.yaml:{L}:1: audiense: unknown key", at=(B, "audiense")),
    Case("wrong-type-list", (sub(B, "keywords: [fixture, scripts]", "keywords: fixture"),), 1,
         "brief.yaml:{L}:11: keywords: expected a list (lines starting with -, or [a, b]), e.g. [water, Mekong] (got 'fixture')", at=(B, "keywords:")),
    Case("bad-enum", (sub(B, "confidence: low", "confidence: lowish"),), 1,
         "brief.yaml:{L}:17: key_judgments[1].confidence: expected 'high', 'moderate' or 'low' (got 'lowish')", at=(B, "lowish")),
    Case("empty-required-string", (sub(B, "author: Test Suite", 'author: ""'),), 1,
         "brief.yaml:{L}:9: author: string should have at least 1 character", at=(B, "author:")),
    Case("blank-required-string", (sub(B, "author: Test Suite", 'author: "   "'),), 1,
         "brief.yaml:{L}:9: author: string should have at least 1 character", at=(B, "author:")),
    Case("impossible-date", (sub(B, "date: 2021-03-02", "date: 2021-02-30"),), 1,
         "brief.yaml:{L}:7: date:", at=(B, "date: 2021-02-30")),
    Case("timeline-month-13", (sub(B, 'date: "2021-03-01"', 'date: "2021-13"'),), 1,
         "brief.yaml:{L}:11: timeline[0].date: month 13 does not exist (01–12)", at=(B, "2021-13")),
    Case("timeline-month-00", (sub(B, 'date: "2021-03-01"', 'date: "2021-00"'),), 1,
         "brief.yaml:{L}:11: timeline[0].date: month 00 does not exist (01–12)", at=(B, "2021-00")),
    Case("timeline-day-32", (sub(B, 'date: "2021-03-01"', 'date: "2021-03-32"'),), 1,
         "brief.yaml:{L}:11: timeline[0].date: day 32 does not exist in March 2021", at=(B, "2021-03-32")),
    Case("timeline-words-for-date", (sub(B, 'date: "2021-03-01"', 'date: "March 2021"'),), 1,
         "brief.yaml:{L}:11: timeline[0].date: expected a date: YYYY, YYYY-MM or YYYY-MM-DD", at=(B, "March 2021")),
    Case("id-with-capitals", (sub(B, "  - id: rok", "  - id: ROK"),), 1,
         "brief.yaml:{L}:9: actors[0].id: string should match pattern", at=(B, "id: ROK")),
    # --- ids and cross-references ------------------------------------------------------------
    Case("duplicate-actor-id", (sub(B, "  - id: russia", "  - id: rok"),), 1,
         "brief.yaml:{L-1}:9: actors[1].id: duplicate id 'rok'", at=(B, "name: Russia")),
    Case("duplicate-quote-id", (sub(S, "id: demo-moscow", "id: demo-seoul"),), 1,
         "sources/demo-2021.yaml:{L-1}:9: quotes[1].id: duplicate id 'demo-seoul'", at=(S, "text: In Moscow")),
    Case("unknown-actor-on-quote", (sub(S, "actors: [russia]", "actors: [rusia]"),), 1,
         "sources/demo-2021.yaml:{L}:14: quotes[1].actors[0]: unknown actor 'rusia' — did you mean 'russia'?", at=(S, "[rusia]")),
    Case("unknown-actor-in-positions", (sub(S, "  russia: Moscow", "  rusia: Moscow"),), 1,
         "sources/demo-2021.yaml:{L}:3: positions.rusia: unknown actor 'rusia'", at=(S, "rusia:")),
    Case("unknown-actor-in-matrix-row", (sub(B, "    russia:\n      stance: Sanctions", "    rusia:\n      stance: Sanctions"),), 1,
         "brief.yaml:{L}:5: matrix.sanctions.rusia: unknown actor 'rusia' — did you mean 'russia'?", at=(B, "rusia:")),
    Case("unknown-issue-in-matrix", (sub(B, "  sanctions:\n    rok:", "  sanctionz:\n    rok:"),), 1,
         "brief.yaml:{L}:3: matrix.sanctionz: unknown issue 'sanctionz' — did you mean 'sanctions'?", at=(B, "sanctionz:")),
    Case("unknown-stance", (sub(B, "category: pressure", "category: pressured"),), 1,
         "brief.yaml:{L}:17: matrix.sanctions.russia.category: unknown stance 'pressured'", at=(B, "pressured")),
    Case("missing-matrix-cell", (sub(B, "    russia:\n      stance: Sanctions remain in force [@demo-2021].\n      category: pressure\n", ""),), 1,
         "brief.yaml:{L+1}:5: matrix.sanctions: missing cell matrix.sanctions.russia (Sanctions × Russia)", at=(B, "  sanctions:")),
    Case("unknown-citation", (sub(B, OUTLOOK, "outlook: Little will change soon [@demo-2012]."),), 1,
         "brief.yaml:{L}:34: outlook: citation @demo-2012 does not match any source — did you mean @demo-2021?",
         at=(B, "outlook:")),
    Case("malformed-citation", (sub(B, OUTLOOK, "outlook: Little will change soon [@demo-2021; junk]."),), 1,
         "brief.yaml:{L}:34: outlook: malformed citation", at=(B, "outlook:")),
    Case("claim-without-citation", (sub(B, OUTLOOK, "outlook: Little will change soon."),), 1,
         "brief.yaml:{L}:10: outlook: makes a claim but cites no source", at=(B, "outlook:")),
    Case("judgment-without-citation", (sub(B, "Sanctions remain in force [@demo-2021].\n    confidence: high", "Sanctions remain in force.\n    confidence: high"),), 1,
         "brief.yaml:{L}:11: key_judgments[2].text: makes a claim but cites no source", at=(B, "Sanctions remain in force.")),
    Case("indicator-without-citation", (sub(B, "New talk of freeze-for-freeze [@demo-2021].", "New talk of freeze-for-freeze."),), 1,
         "brief.yaml:{L}:11: indicators[0].text: makes a claim but cites no source", at=(B, "New talk of")),
    Case("timeline-without-citation", (sub(B, 'cite: "[@demo-2021]"', 'cite: "demo-2021"'),), 1,
         "brief.yaml:{L}:11: timeline[0].cite: makes a claim but cites no source", at=(B, 'cite: "demo-2021"')),
    Case("actor-aims-without-citation", (sub(B, "aims: Stability above all [@demo-2021].", "aims: Stability above all."),), 1,
         "brief.yaml:{L}:11: actors[1].aims: makes a claim but cites no source", at=(B, "aims: Stability above all.")),
    Case("position-cites-unknown-source", (sub(S, "  russia: Moscow stresses stability above all [@demo-2021].",
                                               "  russia: Moscow stresses stability above all [@demo-2012]."),), 1,
         "sources/demo-2021.yaml:{L}:47: positions.russia: citation @demo-2012 does not match any source", at=(S, "[@demo-2012]")),
    Case("quote-not-in-source", (sub(S, "needs stability above all.", "needs calm above all."),), 1,
         "sources/demo-2021.yaml:{L}:11: quotes[1].text: not found in", at=(S, "needs calm")),
    Case("quote-from-the-wrong-source", (
        write("sources/other-2021.txt", "A second text that says something else entirely about fishing quotas.\n"),
        write("sources/other-2021.yaml", (
            "title: Other\nauthor: Other Author\noutlet: Other Outlet\npublished: 2021-01-01\n"
            f"summary: {' '.join(['word'] * 80)}\nquotes:\n"
            f"  - id: other-1\n    text: {SEOUL_QUOTE}\n    actors: [rok]\n    why: Wrong source.\n"
            "  - id: other-2\n    text: A second text\n    actors: [rok]\n    why: x\n"
            "  - id: other-3\n    text: fishing quotas\n    actors: [rok]\n    why: x\n"
        )),
    ), 1, "sources/other-2021.yaml:8:11: quotes[0].text: not found in"),
    Case("quote-too-long", (sub(S, SEOUL_QUOTE, "x" * 10_000),), 1,
         "sources/demo-2021.yaml:{L}:11: quotes[0].text: has 10000 characters; a pull-quote has at most 1000",
         at=(S, "xxxxxxxxxx")),
    Case("summary-79-words", (resub(S, SUMMARY, f"summary: {WORDS_79}\n"),), 1,
         "sources/demo-2021.yaml:{L}:10: summary: has 79 words; write 80–150", at=(S, "summary:")),
    Case("too-few-quotes", (resub(S, r"^  - id: demo-beijing\n.*?(?=^positions:)", ""),), 1,
         "sources/demo-2021.yaml:{L}:3: quotes: has 2 quotes; curate 3–6", at=(S, "- id: demo-seoul")),
    Case("summary-151-words", (resub(S, SUMMARY, "summary: " + " ".join(["word"] * 151) + "\n"),), 1,
         "sources/demo-2021.yaml:{L}:10: summary: has 151 words; write 80–150", at=(S, "summary:")),
    Case("too-many-quotes", (sub(S, "positions:\n", EXTRA_QUOTES + "positions:\n"),), 1,
         "sources/demo-2021.yaml:{L}:3: quotes: has 7 quotes; curate 3–6", at=(S, "- id: demo-seoul")),
    Case("too-many-key-judgments", (sub(B, JUDGMENT, JUDGMENT * 4),), 1,
         "brief.yaml:{L}:3: key_judgments: has 6; write 3–5", at=(B, "Both capitals")),
    Case("too-few-key-judgments", (sub(B, "  - text: Sanctions remain in force [@demo-2021].\n    confidence: high\n", ""),), 1,
         "brief.yaml:{L}:3: key_judgments: has 2; write 3–5", at=(B, "Both capitals")),
    # --- files -------------------------------------------------------------------------------
    Case("missing-brief-yaml", (remove(B),), 1, "brief.yaml: missing file"),
    Case("missing-source-text", (remove(T),), 1, "sources/demo-2021.yaml: no source text demo-2021.txt beside it"),
    Case("source-text-without-curation", (write("sources/orphan-2020.txt", "text\n"),), 1,
         "sources/orphan-2020.txt: source text has no curation file orphan-2020.yaml"),
    Case("source-name-not-an-id", (write("sources/Bad Name.yaml", "title: x\n"), write("sources/Bad Name.txt", "x")), 1,
         "sources/Bad Name.yaml: file name must be a source id"),
    Case("source-not-utf8", (raw(T, b"Seoul", b"S\xe9oul"),), 1, "sources/demo-2021.txt:5:65: not UTF-8 text (invalid continuation byte at byte 121)"),
    Case("source-binary", (write(T, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),), 1,
         "sources/demo-2021.txt: contains NUL bytes: a binary file, not UTF-8 text"),
    Case("source-10-mb", (pad(T, 10_000_000),), 0, "ok: "),  # a long report pasted from a PDF is checked
    Case("source-10-mb-quote-not-in-source", (pad(T, 10_000_000), sub(S, "needs stability above all.", "needs calm above all.")), 1,
         'sources/demo-2021.yaml:{L}:11: quotes[1].text: not found in sources/demo-2021.txt — did you mean "In Moscow the phrase',
         at=(S, "needs calm")),
    Case("source-20-mb", (write(T, "word " * 4_000_000),), 1,
         "sources/demo-2021.txt: is 20.0 MB; the limit is 16.0 MB"),
    Case("source-symlink-outside", (symlink(T, "/etc/passwd"),), 1,
         "sources/demo-2021.txt: resolves to /etc/passwd, outside the brief folder"),
    Case("brief-symlink-outside", (symlink(B, "/etc/hostname"),), 1,
         "brief.yaml: resolves to /etc/hostname, outside the brief folder"),
    Case("source-dangling-symlink", (symlink(T, "nowhere.txt"),), 1, "sources/demo-2021.txt: missing file"),
    Case("source-is-a-folder", (folder(T),), 1, "sources/demo-2021.txt: is a folder, not a file"),
    Case("source-is-a-fifo", (fifo(T),), 1, "sources/demo-2021.txt: is not a regular file"),
    Case("brief-is-a-folder", (folder(B),), 1, "brief.yaml: is a folder, not a file"),
    # --- what text may contain ---------------------------------------------------------------
    Case("vertical-tab-escape", (sub(B, "author: Test Suite", 'author: "Test\\vSuite"'),), 1,
         "brief.yaml:{L}:9: author: contains U+000B (a control character); delete it", at=(B, "author:")),
    Case("escape-char", (sub(B, OUTLOOK, 'outlook: "Little \\e[31m change [@demo-2021]."'),), 1,
         "brief.yaml:{L}:10: outlook: contains U+001B (a control character)", at=(B, "outlook:")),
    Case("nul-escape", (sub(B, OUTLOOK, 'outlook: "Little\\0 change [@demo-2021]."'),), 1,
         "brief.yaml:{L}:10: outlook: contains U+0000 (NUL)", at=(B, "outlook:")),
    Case("noncharacter-ffff", (sub(B, "name: South Korea", 'name: "South\\uFFFFKorea"'),), 1,
         "brief.yaml:{L}:11: actors[0].name: contains U+FFFF (a noncharacter)", at=(B, "South\\uFFFF")),
    Case("lone-surrogate", (sub(B, "name: Russia", 'name: "Rus\\uD800sia"'),), 1,
         "brief.yaml:{L}:11: actors[1].name: contains U+D800 (a lone surrogate)", at=(B, "Rus\\uD800")),
    Case("c1-control", (sub(S, "why: Hangul in a pull-quote.", 'why: "Hangul\\x85 in a pull-quote."'),), 1,
         "sources/demo-2021.yaml:{L}:10: quotes[0].why: contains U+0085 (a control character)",
         at=(S, "Hangul\\x85")),
    Case("raw-noncharacter-fdd0", (sub(B, "short: RU", "short: R\ufdd0U"),), 1,
         "brief.yaml:{L}:13: actors[1].short: contains U+FDD0 (a noncharacter)", at=(B, "short: R\ufdd0U")),
    Case("title-256-chars", (sub(B, 'title: "Fixture Brief: 한반도, Корея, 朝鲜半岛"', "title: " + "T" * 256),), 1,
         "brief.yaml:1:8: title: has 256 characters; Word allows 255 in a document property"),
    Case("subtitle-300-chars", (sub(B, "subtitle: A tiny brief in three scripts for the tests", "subtitle: " + "s" * 300),), 1,
         "brief.yaml:{L}:11: subtitle: has 300 characters", at=(B, "subtitle:")),
    Case("author-256-chars", (sub(B, "author: Test Suite", "author: " + "a" * 256),), 1,
         "brief.yaml:{L}:9: author: has 256 characters", at=(B, "author:")),
    Case("keywords-too-long", (sub(B, "keywords: [fixture, scripts]", "keywords: [" + ", ".join(["k" * 50] * 6) + "]"),), 1,
         "brief.yaml:{L}:11: keywords: have 310 characters together", at=(B, "keywords:")),
    Case("heading-in-prose", (sub(B, "divergence: >-\n  - Only", "divergence: |-\n  # A heading\n  - Only"),), 1,
         "brief.yaml:{L}:3: divergence: prose may not hold a heading (# …)", at=(B, "# A heading")),
    Case("block-quote-in-prose", (sub(B, "convergence: >-\n  - Both", "convergence: |-\n  > quoted [@demo-2021]\n\n  - Both"),), 1,
         "brief.yaml:{L}:3: convergence: prose may not hold a block quote (> …)", at=(B, "> quoted")),
    Case("inline-code-in-prose", (sub(B, "aims: Stability above all [@demo-2021].", "aims: Stability `above` all [@demo-2021]."),), 1,
         "brief.yaml:{L}:22: actors[1].aims: prose may not hold inline code (`…`)", at=(B, "`above`")),
    Case("code-fence-in-prose", (sub(B, OUTLOOK, "outlook: |-\n  Little will change [@demo-2021].\n\n  ```\n  code\n  ```"),), 1,
         "brief.yaml:{L}:3: outlook: prose may not hold a code block (```)", at=(B, "```")),
    Case("rule-in-prose", (sub(B, OUTLOOK, "outlook: |-\n  Little will change [@demo-2021].\n\n  ***\n\n  More [@demo-2021]."),), 1,
         "brief.yaml:{L}:3: outlook: prose may not hold a horizontal rule", at=(B, "***")),
    Case("lists-nested-three-deep", (sub(B, "divergence: >-\n  - Only", "divergence: |-\n  - a\n    - b\n      - c [@demo-2021]\n  - Only"),), 1,
         "brief.yaml:{L}:3: divergence: lists nest deeper than 2 levels", at=(B, "- a")),
    Case("javascript-url", (sub(S, "published: 2021-03-01", "published: 2021-03-01\nurl: javascript:alert(1)"),), 1,
         "sources/demo-2021.yaml:{L}:6: url: not a web address", at=(S, "url:")),
    Case("unparseable-url", (sub(S, "published: 2021-03-01", 'published: 2021-03-01\nurl: "http://[oops"'),), 1,
         "sources/demo-2021.yaml:{L}:6: url: not a web address", at=(S, "url:")),  # was a ValueError traceback
    Case("file-url", (sub(S, "published: 2021-03-01", "published: 2021-03-01\nurl: file:///etc/passwd"),), 1,
         "sources/demo-2021.yaml:{L}:6: url: not a web address", at=(S, "url:")),
    Case("anchor-link-in-prose", (sub(B, OUTLOOK, "outlook: Little [will](#nowhere) change [@demo-2021]."),), 1,
         "brief.yaml:{L}:24: outlook: link to '#nowhere' not allowed", at=(B, "outlook:")),
    Case("javascript-link-in-prose", (sub(B, OUTLOOK, "outlook: Little [will](javascript:alert(1)) change [@demo-2021]."),), 1,
         "brief.yaml:{L}:24: outlook: link to 'javascript:alert(1)' not allowed (only http, https, mailto)",
         at=(B, "outlook:")),
    # --- these must pass, and build ------------------------------------------------------------
    Case("ok-title-255-chars", (sub(B, 'title: "Fixture Brief: 한반도, Корея, 朝鲜半岛"', "title: " + "T" * 255),), 0, "ok:",
         tags=frozenset({"build"})),
    Case("ok-bom-crlf-rtl-emoji", (
        sub(B, "audience: Developers", "audience: Developers — المطورون 🧪 מפתחים"),
        lambda brief: (brief / B).write_bytes(b"\xef\xbb\xbf" + (brief / B).read_bytes().replace(b"\n", b"\r\n")),
    ), 0, "ok:", tags=frozenset({"build"})),
    Case("ok-https-and-mailto", (
        sub(S, "published: 2021-03-01", "published: 2021-03-01\nurl: https://example.org/a?b=c"),
        lambda brief: (brief / T).write_bytes((brief / T).read_bytes() + b"https://example.org/a?b=c\n"),
        sub(B, OUTLOOK, "outlook: Little will change [soon](mailto:desk@example.org) [@demo-2021]."),
    ), 0, "ok:", tags=frozenset({"build"})),
    Case("ok-summary-80-words", (resub(S, SUMMARY, "summary: " + " ".join(["word"] * 80) + "\n"),), 0, "ok:"),
    Case("ok-summary-150-words", (resub(S, SUMMARY, "summary: " + " ".join(["word"] * 150) + "\n"),), 0, "ok:"),
    Case("ok-six-quotes", (sub(S, "positions:\n", EXTRA_QUOTES.split("  - id: demo-extra-3")[0] + "positions:\n"),),
         0, "ok:"),
    Case("ok-five-key-judgments", (sub(B, JUDGMENT, JUDGMENT * 3),), 0, "ok:"),
    Case("ok-source-symlink-inside", (
        lambda brief: (brief / "texts").mkdir(),
        lambda brief: (brief / T).rename(brief / "texts" / "demo.txt"),
        symlink(T, "../texts/demo.txt"),
    ), 0, "ok:"),
    Case("ok-html-stays-text", (sub(B, OUTLOOK, "outlook: 'Little <b>will</b> {{ 7*7 }} change [@demo-2021].'"),), 0, "ok:"),
]
