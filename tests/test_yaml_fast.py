"""The fast YAML path (libyaml events) gives exactly what ruamel's round-trip loader gives.

Every YAML file of the seed, the fixtures and the bad-input corpus, and a set of tricky
snippets, is read twice — as ``read_yaml`` reads it, and forced through ruamel — and the two
must agree on the data (types included), every position ``locate`` reports, which values are
literal blocks, and any problem's message and place.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from bad.corpus import CASES
from conftest import MINI

import briefing.load.yamlcompose as yamlcompose
import briefing.load.yamlfile as yamlfile
from briefing.errors import Problem
from briefing.load.yamlfile import YamlFile, read_yaml

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[1]
REPO_YAML = sorted(
    p for folder in ("seeds", "tests/fixtures", "briefing/workflow") for p in (ROOT / folder).rglob("*.yaml")
)

SNIPPETS = {
    "scalars": (
        "a: 1\nb: -7\nc: +3\nd: 0\ne: 012\nf: 1_000\ng: 0x1F\nh: 0o17\ni: 0b101\nj: 1.5\nk: .inf\n"
        "l: -.inf\nm: .nan\nn: 1e3\no: true\np: False\nq: yes\nr: no\ns: ~\nt: null\nu:\nv: 2021-03-04\n"
        "w: 2021-03-04 10:00:00\nx: 2021-13\ny: 2021\nz: '1'\naa: \"true\"\nab: on\nac: =\nad: 1:20\n"
    ),
    "keys": "1: a\ntrue: b\n~: c\n2021-01-01: d\n'x': e\n",
    "duplicate": "a: 1\nb: 2\na: 3\n",
    "bool-int-duplicate": "1: a\ntrue: b\n",
    "complex-key": "? [a, b]\n: c\n",
    "anchors": "a: &x hello\nb: *x\nc: &n 5\nd: *n\ne: &l [1, 2]\nf: *l\ng: &m {k: v}\nh: [*m, *m]\n",
    "anchored-bool": "a: &t true\nb: *t\n",
    "anchored-literal": "a: &l |\n  one\n  two\nb: *l\n",
    "merge": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "undefined-alias": "a: *nope\n",
    "recursive": "a: &r [*r]\n",
    "blocks": "a: |\n  one\n  two\nb: >-\n  folded\n  text\n\n  para\nc: |-\n  x\nd:\n  - |\n    item\n  - plain\n",
    "quoted": "a: \"esc \\t \\u00e9 \\x41 \\/ \\N \\_\"\nb: 'it''s'\nc: \"multi\n  line\"\n",
    "plain-multiline": "a: one\n  two\n\n  three\nb: x # comment\n",
    "nested": "a:\n  b:\n    - c: 1\n      d: [e, {f: g}]\n    - - h\n      - i\n",
    "flow": "a: {b: [1, 2, {c: d}], e: f}\n",
    "empty-values": "a:\nb: []\nc: {}\nd: ''\n",
    "crlf": "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: z\r\n",
    "bom": "\ufeffa: 1\nb: two\n",
    "bom-later": "a: 1\nb: t\ufeffwo\n",
    "lone-cr": "a: 1\rb: 2\n",
    "nel": "a: x\x85y\n",
    "line-separator": "a: x\u2028y\n",
    "tags": "a: !!str 5\nb: !custom x\nc: !!python/object/apply:os.system [ls]\n",
    "directive": "%YAML 1.1\n---\na: yes\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "explicit-document": "---\na: 1\n...\n",
    "syntax": "a: [1, 2\nb: 3\n",
    "tab-indent": "a:\n\tb: 1\n",
    "control": "a: x\x0by\n",
    "top-list": "- a\n- b\n",
    "top-scalar": "just text\n",
    "empty": "",
    "comment-only": "# nothing\n",
    "unicode": 'a: 한반도 평화\nb: "😀 x"\nc: ﹁x﹂\n',
    "long-key": "k" * 1100 + ": v\n",
    "tabs-after": "a:\tb\nc: d\t# e\n",
    "empty-last": "a: 1\nb:\n",
    "empty-last-no-newline": "a: 1\nb:",
    "empty-nested": "a:\n  b:\n  c: 1\nd:\n  e:\nf:\n",
    "empty-in-list-of-maps": "a:\n  - b:\n    c: 1\n  - d:\n  - e: 2\n    f:\n",
    "empty-then-comment": "a:\n  # note\nb: 1\nc: # why\nd:   \n\n\ne: 2\n",
    "empty-item": "a:\n  -\n  - b\n",
    "empty-key": "? \n: v\n",
    "explicit-key-empty": "? a\n: \nb:\n",
    "empty-anchored": "a: &e\nb: *e\n",
    "empty-before-dedent": "a:\n  b:\n    c:\n  d: 1\ne: 2\n",
    "empty-values-crlf": "a:\r\nb: 1\r\nc:\r\n",
    "anchor-name-with-colon": "&an:key v\n",
    "alias-name-with-colon": "a: &b x\nc: *b:d\n",
    "anchor-twice": "a: &x 1\nb: &x 2\nc: *x\n",
    "alias-at-the-end": "a: &x one\nb: [&y two, *x]\nc: {d: *y}\ne: *x",
    "anchored-collections": "f: &m [1, {k: v}]\ng: *m\nh: &n {i: j}\nk: [*n]\n",
    "anchor-twice-text": "a: &x one\nb: &x two\nc: *x\n",
    "anchor-twice-collections": "a: &x [1]\nb: &x [2]\nc: *x\n",
    "literal-header-comment": "a: |#c\n  text\n",
    "plain-booleans": "a: true\nb: False\nc: TRUE\n",
    "explicit-empty-document": "---\n",
    "tagged-collection": "a: !!seq [1]\n",
    "block-header-comment": "a: >#c\n  text\n",
    "block-header-ok": "a: |- # c\n  text\nb: &k >+\n  more\n",
    "indentless": "a:\n- b\n- c: d\n  e: f\ng: h\n",
    "indicators": "a: |2\n   two more\n  x\nb: |+\n  keep\n\nc: >2-\n   y\nd: last\n",
    "flow-empty": "a: {b: , c}\nd: [e, ]\n",
    "alias-key": "k: &k name\n*k : v\n",
    "astral": "a: 😀😀 \"x\"\nb: [😀, {c: 😀}]\nd: '😀\n  e'\n",
    "tab-first": "\ta: 1\n",
    "document-end": "a: 1\n...\n# after\n",
    "comments": "# top\na: # after colon\n  b  # after value\nc:\n  # inside\n  - d # x\n",
    "long-line": "a: " + "word " * 3000 + "\nb: c\n",
    "deep-ok": "a: " + "[" * 31 + "]" * 31 + "\n",
    "deep-over": "a: " + "[" * 40 + "]" * 40 + "\n",
    "many-aliases": "b: &b x\nmany: [" + ", ".join(["*b"] * 101) + "]\n",
}


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[YamlFile | Problem, YamlFile | Problem]:
    fast = read_yaml(path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise yamlcompose.Fallback("test")

    with monkeypatch.context() as patch:
        patch.setattr(yamlfile, "compose", refuse)
        slow = read_yaml(path)
    return fast, slow


def _same_value(a: object, b: object, where: tuple = ()) -> None:
    assert type(a) is type(b), (where, a, b)
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same_value(a[key], b[key], (*where, key))
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_value(x, y, (*where, i))
    elif isinstance(a, str | int | float | type(None)):
        assert a == b or (a != a and b != b), (where, a, b)  # NaN equals NaN here
    else:  # ruamel's own objects (a tagged scalar) compare by what they hold
        assert repr(a) == repr(b), where


def _locs(node: object, loc: tuple = ()) -> list[tuple]:
    found = [loc]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locs(value, (*loc, key))
        found += [(*loc, "no-such-key"), (*loc, "no-such-key", 0)]
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _locs(value, (*loc, i))
        found += [(*loc, len(node)), (*loc, "x")]
    else:
        found.append((*loc, "below-a-scalar"))
    return found


def assert_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(path, monkeypatch)
    if isinstance(slow, Problem) or isinstance(fast, Problem):
        assert str(fast) == str(slow)
        return
    _same_value(fast.data, slow.data)
    assert fast.lines == slow.lines
    for loc in _locs(slow.data):
        assert fast.locate(loc) == slow.locate(loc), loc
        assert fast.locate(loc, key=True) == slow.locate(loc, key=True), loc
        assert fast.literal(loc) == slow.literal(loc), loc


@pytest.mark.parametrize("path", REPO_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository(path: Path, monkeypatch: pytest.MonkeyPatch):
    assert_same(path, monkeypatch)


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_tricky_snippets(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "doc.yaml"
    path.write_bytes(SNIPPETS[name].encode("utf-8"))
    assert_same(path, monkeypatch)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_yaml_file_of_the_bad_input_corpus(case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    brief = tmp_path / "brief"
    shutil.copytree(MINI, brief)
    for op in case.ops:
        op(brief)
    for path in sorted(brief.rglob("*.yaml")):
        if path.is_file() and not path.is_symlink():
            assert_same(path, monkeypatch)


def test_the_fast_path_takes_the_seed_and_leaves_the_rest(tmp_path: Path):
    """The point of it all: ordinary briefs never reach ruamel; tricky documents always do."""
    for path in (p for p in REPO_YAML if "scaffold" not in p.parts):  # scaffolds are templates
        yamlcompose.compose(path.read_text(encoding="utf-8"), 32, 100)  # no Fallback raised
    ordinary = ("empty-values", "empty-nested", "empty-in-list-of-maps", "empty-last", "crlf", "bom")
    fast = ("anchored-literal", "alias-at-the-end", "anchored-collections", "plain-booleans")
    for name in (*ordinary, *fast):
        yamlcompose.compose(SNIPPETS[name], 32, 100)
    tricky = (
        "duplicate",
        "tags",
        "merge",
        "syntax",
        "control",
        "directive",
        "anchored-bool",
        "recursive",
        "empty-item",
        "empty-key",
        "empty-then-comment",
        "tabs-after",
        "scalars",
        "complex-key",
        "undefined-alias",
        "two-documents",
        "anchor-name-with-colon",
        "alias-name-with-colon",
    )
    for name in tricky:
        with pytest.raises(yamlcompose.Fallback):
            yamlcompose.compose(SNIPPETS[name], 32, 100)


REASONS = {
    "scalars": "int",  # 012: ruamel reads it as octal
    "anchored-bool": "bool",
    "merge": "merge",
    "duplicate": "key",
    "undefined-alias": "alias",
    "tags": "tag",
    "two-documents": "document",
    "syntax": "syntax",
    "control": "characters",
    "block-header-comment": "block header",
    "literal-header-comment": "block header",
    "anchor-twice-text": "anchor",
    "anchor-twice-collections": "anchor",
    "empty-then-comment": "empty",  # a comment between a key and the next
    "empty-last-no-newline": "empty",  # the last line unterminated
    "empty-item": "empty",  # an empty list item
    "empty-anchored": "empty",  # an anchored empty value
    "alias-name-with-colon": "alias",
    "anchor-name-with-colon": "anchor",
    "tagged-collection": "tag",
}


@pytest.mark.parametrize(("name", "reason"), REASONS.items())
def test_each_document_goes_to_ruamel_for_its_reason(name: str, reason: str):
    with pytest.raises(yamlcompose.Fallback, match=f"^{reason}$"):
        yamlcompose.compose(SNIPPETS[name], 32, 100)


def test_without_libyaml_every_document_goes_to_ruamel(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)  # PyYAML built without its C parser
    with pytest.raises(yamlcompose.Fallback, match=r"^no libyaml$"):
        yamlcompose.compose(SNIPPETS["flow"], 32, 100)


def test_an_empty_document_is_null():
    assert yamlcompose.compose(SNIPPETS["explicit-empty-document"], 32, 100).root is None
    assert yamlcompose.compose(SNIPPETS["plain-booleans"], 32, 100).root == {"a": True, "b": False, "c": True}


EDITS = [
    *":-#&*!|>'\"[]{},?% \t\n",
    "  ",
    "\n  ",
    "- ",
    ": ",
    " #",
    "&a ",
    "*a",
    "~",
    "1.5",
    "yes",
    "\ufeff",
]


def _edited(rnd, text: str) -> str:
    """A real brief file after one to three slips of the keyboard: a character typed, some
    deleted, a line re-indented, a value emptied."""
    for _ in range(rnd.randint(1, 3)):
        pos = rnd.randrange(len(text) + 1)
        kind = rnd.random()
        if kind < 0.4:
            text = text[:pos] + rnd.choice(EDITS) + text[pos:]
        elif kind < 0.7:
            text = text[:pos] + text[pos + rnd.randint(1, 4) :]
        elif kind < 0.85:
            start = text.rfind("\n", 0, pos) + 1
            text = text[:start] + rnd.choice(["", " ", "  ", "    "]) + text[start:].lstrip(" ")
        else:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            colon = text.rfind(": ", 0, end)
            text = text[: colon + 1] + text[end:] if colon > 0 else text
    return text


@pytest.mark.parametrize("seed", range(4))
def test_real_files_with_slips_of_the_keyboard(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Seeded: the same 20 edited documents each run (a differential fuzz of 16,000 found nothing more)."""
    import random

    rnd = random.Random(seed)
    sources = [p for p in REPO_YAML if "scaffold" not in p.parts and p.stat().st_size < 8_000]
    for i in range(20):
        path = tmp_path / f"doc{i}.yaml"
        path.write_text(_edited(rnd, rnd.choice(sources).read_text(encoding="utf-8")), encoding="utf-8")
        try:
            assert_same(path, monkeypatch)
        except (AssertionError, NotImplementedError) as err:  # ruamel's own crash: both paths alike
            if "test_yaml_fast" in "".join(__import__("traceback").format_tb(err.__traceback__)[-1:]):
                raise
