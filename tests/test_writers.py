"""The table of writers (briefing/writers.py): a format added there alone is built, offered by the
CLI, reported, keyed and mailed; and every registered format builds the seed and the Mekong brief."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS

from briefing import writers
from briefing.build import build
from briefing.writers import Job, Writer, Written

ROOT = Path(__file__).resolve().parents[1]


def write(job: Job) -> Written:
    """A plain-text writer: the page's text, one line per paragraph, and a note beside it."""
    import lxml.html

    root = lxml.html.document_fromstring(job.html)
    text = "\n".join(" ".join(p.text_content().split()) for p in root.iter("p"))
    job.target.write_text(text, encoding="utf-8")
    return Written(pages=text.count("\n") + 1, beside={job.name.with_suffix(".note"): b"plain text"})


DUMMY = Writer("txt", ".txt", ("text", "plain"), "writing plain text", ("lxml",), __name__, default=True)


@pytest.fixture
def with_dummy(monkeypatch):
    monkeypatch.setattr(writers, "WRITERS", [*writers.WRITERS, DUMMY])


def test_a_format_in_the_table_alone_is_built_reported_keyed_and_mailed(with_dummy, mini, tmp_path):
    from briefing import cache
    from briefing.workflow.mail import compose
    from briefing.workflow.report import label, written

    result = build(mini, tmp_path, formats=("txt",))
    target = result.outputs["txt"]
    assert target == tmp_path / f"{result.html.stem}.txt"
    assert len(target.read_text(encoding="utf-8").splitlines()) == result.pages["txt"] > 3
    assert (tmp_path / f"{result.html.stem}.note").read_bytes() == b"plain text"
    assert set(result.outputs) == {"txt"}  # no PDF or DOCX when not asked for
    assert label("txt") == "writing plain text"
    assert [row["format"] for row in written(result)] == ["txt", "html"]
    assert "lxml" in cache._writer_versions.__wrapped__(tuple(writers.libraries()))
    msg = compose(result, to=["desk@example.org"])
    attached = [part.get_content_type() for part in msg.iter_attachments()]
    assert attached == ["text/plain"]  # a default format is attached under its MIME type


def test_an_unknown_format_is_refused_by_build(mini, tmp_path):
    with pytest.raises(ValueError, match="no writer for txt"):
        build(mini, tmp_path, formats=("txt",))
    assert not tmp_path.joinpath("x").exists() and not list(tmp_path.glob("*.txt"))


def test_a_format_registered_before_the_cli_is_offered_by_it(tmp_path):
    """An entry added to the table, then the CLI: ``--format txt`` is a choice of build and builds
    (a child process, as the CLI's choices are read when it is imported)."""
    script = (
        "import sys\n"
        "from briefing import writers\n"
        "def write(job):\n"
        "    job.target.write_text(str(len(job.html)), encoding='utf-8')\n"
        "    return writers.Written()\n"
        "writers.WRITERS.append(writers.Writer('txt', '.txt', ('text', 'plain'), 'counting', (), '__main__'))\n"
        "from briefing.cli import app\n"
        "sys.argv = ['briefing', *sys.argv[1:]]\n"
        "app()\n"
    )
    mini = ROOT / "tests" / "fixtures" / "mini"
    args = [sys.executable, "-c", script, "build", str(mini), "--out", str(tmp_path), "-f", "txt", "--json"]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["outputs"]
    assert [row["format"] for row in rows] == ["txt", "html"]
    html = (tmp_path / Path(rows[1]["path"]).name).read_text(encoding="utf-8")
    assert (tmp_path / Path(rows[0]["path"]).name).read_text(encoding="utf-8") == str(len(html))
    wide = {**os.environ, "COLUMNS": "240"}
    helped = subprocess.run([*args[:3], "build", "--help"], capture_output=True, text=True, check=False, env=wide)
    assert "pdf|docx|html|md|txt" in helped.stdout and "pdf, docx, html, md, txt;" in helped.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(mini), "--out", str(tmp_path), "-f", "txt"],
        capture_output=True, text=True, check=False,
    )
    assert refused.returncode == 2 and "txt" in refused.stderr  # without the entry it is no choice


def _looks_right(name: str, path: Path) -> None:
    """Enough of each format to know it is that format and holds the brief."""
    data = path.read_bytes()
    if name == "pdf":
        assert data.startswith(b"%PDF-")
    elif name == "docx":
        with zipfile.ZipFile(path) as package:
            assert b"<w:body>" in package.read("word/document.xml")
    elif name == "html":
        assert data.lstrip().lower().startswith(b"<!doctype html>")
    else:
        assert len(data) > 1000


@pytest.mark.build
@pytest.mark.parametrize("brief", [SEEDS, MEKONG], ids=["seed", "mekong"])
@pytest.mark.parametrize("name", writers.names())
def test_every_registered_format_builds_the_seed_and_the_mekong_brief(name, brief, tmp_path):
    writer = writers.named(name)
    assert writer is not None
    result = build(brief, tmp_path, formats=(name,))
    files = {**result.outputs, writers.HTML.name: result.html}
    assert set(files) == {name, writers.HTML.name}
    assert files[name].suffix == writer.suffix
    _looks_right(name, files[name])
    assert not list(tmp_path.glob(".*.part"))  # nothing staged is left behind
