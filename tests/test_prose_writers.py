"""Whatever Markdown ``check`` lets into a prose field, every writer builds and keeps its words.

The fields come from the roles declared on the model (briefing/roles.py), so a new prose field is
covered without a line here. Each allowed construct is written into every Markdown field of each
fixture at once (block fields get paragraphs and lists as well), the brief is checked, and the
HTML, DOCX and Markdown are built; every word written must be in each. Hypothesis then varies
the words (several scripts) and which construct goes where on the mini brief; a sample builds
the PDF too.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.build import build
from briefing.load import load_brief
from briefing.load.phrases import _expand, _get
from briefing.model import BriefMeta, SourceMeta
from briefing.roles import paths

ROOT = Path(__file__).parent.parent
FIXTURES = [
    ROOT / "seeds",
    *(ROOT / "tests" / "fixtures" / name for name in ("mekong", "mini", "fr", "ja", "ar")),
]

# Every construct the text rules allow (briefing/load/text.py), as (Markdown, words it prints).
INLINE: dict[str, str] = {
    "emphasis": "*{w}*",
    "strong": "**{w}**",
    "strong emphasis": "***{w}***",
    "underscore emphasis": "_{w}_",
    "link": "[{w}](https://example.org/page?a=1&b=2)",
    "autolink": "<https://example.org/{w}>",
    "soft break": "\n{w}",
    "hard break": "\\\n{w}",
    "escaped marks": "\\*{w}\\*",
}
BLOCK: dict[str, str] = {
    "paragraph": "\n\n{w}",
    "bullet list": "\n\n- {w}\n- plain",
    "ordered list": "\n\n1. {w}\n2. plain",
    "nested list": "\n\n- outer\n  - {w}",
}


def markdown_fields(data: dict, model: type) -> list[tuple[tuple, str]]:
    """Every concrete path of a Markdown field present in ``data`` with its kind."""
    out = []
    for kind in ("inline", "block"):
        for pattern in paths(model, where=lambda r, k=kind: r.markdown == k):
            for (loc,) in _expand(data, (pattern,)):
                if isinstance(_get(data, loc), str):
                    out.append((loc, kind))
    return out


def _set(data: Any, loc: tuple, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def write_constructs(seeds: Path, pick=None) -> list[str]:
    """Append constructs to every Markdown field of the brief in ``seeds``; the words written.

    ``pick(n, kind)`` → (construct name, words) chooses per field; by default every construct
    goes into every field, each with its own word."""
    words: list[str] = []
    files = [(seeds / "brief.yaml", BriefMeta), *((p, SourceMeta) for p in sorted((seeds / "sources").glob("*.yaml")))]
    for path, model in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for loc, kind in markdown_fields(data, model):
            text = _get(data, loc)
            if pick:
                name, word = pick(len(words), kind)
                table = BLOCK | INLINE if kind == "block" else INLINE
                chosen = [(table[name], word)]
            else:
                table = INLINE | BLOCK if kind == "block" else INLINE
                chosen = [(form, f"qz{len(words) + i}w") for i, form in enumerate(table.values())]
            for form, word in chosen:
                words.append(word)
                added = form.format(w=word)
                text += added if added.startswith("\n") else " " + added
            _set(data, loc, text)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return words


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"word/.*\.xml", n))
    return "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


def built_text(seeds: Path, out: Path, formats: tuple[str, ...]) -> dict[str, str]:
    """Check, then build; the text of each output."""
    load_brief(seeds)  # check passes: the constructs are all allowed
    result = build(seeds, out, formats=formats, force=True)
    texts = {"html": re.sub(r"<[^>]+>", "", result.html.read_text(encoding="utf-8"))}
    if "docx" in formats:
        texts["docx"] = docx_text(result.outputs["docx"])
    if "md" in formats:
        texts["md"] = result.outputs["md"].read_text(encoding="utf-8")
    if "pdf" in formats:
        from pypdf import PdfReader

        texts["pdf"] = " ".join(p.extract_text() for p in PdfReader(result.outputs["pdf"]).pages)
    return texts


@pytest.mark.build
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_allowed_construct_in_every_markdown_field_builds_in_every_format(fixture, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(fixture, seeds)
    words = write_constructs(seeds)
    assert len(words) >= 40  # every Markdown field of the fixture got every construct
    texts = built_text(seeds, tmp_path / "out", ("docx", "md"))
    for fmt, text in texts.items():
        missing = [w for w in words if w not in text]
        assert not missing, f"{fmt} lost {len(missing)} of {len(words)} words: {missing[:5]}"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéßждё水库调度信息مياهの川한강", min_size=2, max_size=8)


@pytest.mark.build
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_construct_with_any_words_builds_in_every_format(data, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prose")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", seeds)

    def pick(n: int, kind: str) -> tuple[str, str]:
        names = sorted(BLOCK | INLINE if kind == "block" else INLINE)
        return data.draw(st.sampled_from(names)), f"qz{n}" + data.draw(WORD) + "w"

    words = write_constructs(seeds, pick)
    with_pdf = data.draw(st.booleans())  # a sample lays out the PDF as well
    texts = built_text(seeds, tmp / "out", ("docx", "md", "pdf") if with_pdf else ("docx", "md"))
    for fmt, text in texts.items():
        if fmt == "pdf":  # the PDF's text layer splits and shapes words: its build is the test
            continue
        missing = [w for w in words if w not in text]
        assert not missing, f"{fmt} lost {missing}"
