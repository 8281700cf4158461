"""Values from outside the brief's files — options, theme values, URLs, ports, headers, the
environment — go through the content's rules: one line and exit 2 (or 1), never a traceback,
never a hang, and whatever is accepted builds."""

from __future__ import annotations

import struct
import zlib

import pytest
from conftest import edit, invoke

from briefing import values
from briefing.build import build
from briefing.errors import BriefingError
from briefing.options import BuildOptions
from briefing.theme_file import load_theme
from briefing.theme_values import RANGES, check_logo
from briefing.workflow.init import init_brief

pytestmark = pytest.mark.values


@pytest.mark.parametrize(
    ("check", "value", "words"),
    [
        (values.marking, "DRAFT\x07", "U+0007 (a control character)"),
        (values.marking, "DRAFT\x1b[31m", "U+001B (a control character)"),
        (values.marking, "DRAFT\ufffe", "U+FFFE (a noncharacter)"),
        (values.marking, "DRAFT\nSECRET", "line break (U+000A)"),
        (values.marking, "DRAFT\u2028", "line break (U+2028)"),
        (values.marking, "X" * 100_000, "has 100,000 characters; the limit is 200"),
        (values.date, "9999-12-31", "the year must be between 1900 and 2199"),
        (values.date, "1899-12-31", "the year must be between 1900 and 2199"),
        (values.date, "2021-13-01", "expected YYYY-MM-DD"),
        (values.port, "99999", "expected a number from 1 to 65535"),
        (values.port, "0", "expected a number from 1 to 65535"),
        (values.port, "8²", "expected a number"),
        (values.port, "٨٠", "expected a number"),
        (values.port, "-1", "expected a number"),
        (values.host_port, "mail.example.org:99999", "expected a number from 1 to 65535"),
        (values.host_port, "mail.example.org:2⁵", "expected a number"),
        (values.host_port, "mail.example.org", "expected HOST:PORT"),
        (values.host_port, ":25", "expected HOST:PORT"),
        (values.url, "http://[::1", "is not a valid URL"),
        (values.url, "http://127.0.0.1:99999/", "is not a valid URL"),
        (values.url, "http://127.0.0.1:abc/", "is not a valid URL"),
        (values.url, "http://127.0.0.1:0/", "port 0"),
        (values.url, "ftp://example.org/x", "only http and https"),
        (values.url, "file:///etc/passwd", "only http and https"),
        (values.url, "http:///path", "names no host"),
        (values.url, "http://exa\x00mple.org/", "U+0000 (NUL)"),
        (values.url, "http://example.org/" + "a" * 3000, "the limit is 2,000"),
        (values.source_date_epoch, "99999999999999", "up to 7258118399"),
        (values.source_date_epoch, "1e9", "is not seconds since 1970"),
        (values.source_date_epoch, "１７００", "is not seconds since 1970"),
    ],
)
def test_a_bad_value_is_one_line_naming_it(check, value, words):
    with pytest.raises(ValueError) as err:
        check(value)
    message = str(err.value)
    assert words in message and "\n" not in message, message


def test_good_values_come_back_cleaned():
    assert values.port("8080") == 8080 and values.port("0", allow_zero=True) == 0
    assert values.host_port("[::1]:2525") == ("::1", 2525)
    assert values.host_port("smtp.example.org:587") == ("smtp.example.org", 587)
    assert values.date("2199-12-31").year == 2199 and values.date("1900-01-01").year == 1900
    assert values.source_date_epoch(" ") is None and values.source_date_epoch("1700000000") == 1700000000
    parsed = values.url("HTTP://Example.ORG:8080/a b/ü?q=1 2#frag")
    assert (parsed.scheme, parsed.host, parsed.port) == ("http", "example.org", 8080)
    assert parsed.text == "http://example.org:8080/a%20b/%C3%BC?q=1%202"
    assert values.url("https://bücher.example/").text == "https://xn--bcher-kva.example/"
    assert values.url("http://[::1]/x").port == 80 and values.url("https://h.example").port == 443
    assert values.url("http://a.example/").same_origin(values.url("http://A.example:80/b"))
    assert not values.url("http://a.example/").same_origin(values.url("http://a.example:8080/"))


@pytest.mark.parametrize(
    "subject",
    [
        "Hi\r\nBcc: evil@example.org",
        "=?utf-8?q?Hi=0D=0ABcc:_evil@example.org?=",
        "=?utf-8?b?SGkNCkJjYzogZXZpbEBleGFtcGxlLm9yZw==?=",  # the same, base64
        "=?utf-8?q?Hi?= =?utf-8?q?=0ABcc:_x@example.org?=",  # split over two words
    ],
)
def test_header_injection_is_refused_plain_and_encoded(subject):
    with pytest.raises(ValueError, match="line break"):
        values.header(subject, "--subject")


def test_an_encoded_word_without_a_line_break_is_a_subject():
    assert values.header("=?utf-8?q?Caf=C3=A9?=", "--subject") == "=?utf-8?q?Caf=C3=A9?="
    assert values.header("서울 브리핑 — 초안", "--subject") == "서울 브리핑 — 초안"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--marking", "DRAFT\x07"], "--marking contains U+0007"),
        (["--marking", "DRAFT\ufffe"], "--marking contains U+FFFE (a noncharacter)"),
        (["--marking", "X" * 100_000], "--marking has 100,000 characters"),
        (["--date", "9999-12-31"], "--date 9999-12-31: the year must be between 1900 and 2199"),
        (["--date", "0001-01-01"], "the year must be between 1900 and 2199"),
    ],
)
def test_build_options_are_usage_errors_before_anything_is_built(mini, tmp_path, args, words):
    result = invoke(["build", str(mini), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.build
def test_the_edges_of_every_range_build(mini, tmp_path, monkeypatch):
    """What the options and the environment accept, build builds: the widest marking, the last
    date, the last SOURCE_DATE_EPOCH (ZIP entries can only hold 1980–2107: they are clamped)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(values.EPOCH_RANGE[1]))
    options = BuildOptions(marking="Ж" * 200, date=values.date("2199-12-31"))
    result = build(mini, tmp_path, formats=("docx", "html"), options=options)
    assert result.outputs["docx"].name.endswith(".docx") and "2199" in result.html.name
    assert "Ж" * 200 in result.html.read_text(encoding="utf-8")


@pytest.mark.build
def test_source_date_epoch_out_of_range_is_one_line(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    result = invoke(["build", str(mini), "--out", str(tmp_path / "o"), "-f", "html"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("SOURCE_DATE_EPOCH: '99999999999999' is not seconds since 1970")
    assert not list((tmp_path / "o").glob("*.html")) if (tmp_path / "o").exists() else True


@pytest.mark.build
def test_a_brief_date_past_the_zip_years_still_builds(mini, tmp_path):
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2150-06-01")
    result = build(mini, tmp_path, formats=("docx",))
    assert result.outputs["docx"].exists()


def test_lang_and_handling_lengths_are_check_problems_not_build_failures(mini):
    long_tag = "en-" + "-".join(["abcdefgh"] * 250)
    edit(mini / "brief.yaml", "date: 2021-03-02", f"date: 2021-03-02\nlang: {long_tag}")
    edit(mini / "brief.yaml", 'handling: "FOR TESTING — NOT FOR USE"', f'handling: "{"X" * 5000}"')
    result = invoke(["check", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "handling: has 5,000 characters; a handling line has at most 200" in result.output
    assert "lang:" in result.output and "35" in result.output


@pytest.mark.parametrize(
    ("title", "words"),
    [("Brief\x07", "--title contains U+0007"), ("T" * 300, "--title has 300 characters; the limit is 255")],
)
def test_init_refuses_what_check_would_refuse(tmp_path, title, words):
    result = invoke(["init", str(tmp_path / "b"), "--title", title])
    assert result.exit_code == 2 and words in result.output, result.output
    assert not (tmp_path / "b").exists()


@pytest.mark.build
def test_init_accepts_the_longest_title_and_tag_and_check_passes(tmp_path):
    folder = tmp_path / "b"
    init_brief(folder, title="제" * 255, lang="en-GB")
    assert invoke(["check", str(folder)]).exit_code == 0
    with pytest.raises(ValueError, match="--lang"):
        init_brief(tmp_path / "c", lang="en-" + "-".join(["abcdefgh"] * 10))


def test_preview_port_out_of_range_is_a_usage_error(mini):
    for port in ("99999", "65536"):
        result = invoke(["preview", str(mini), "--port", port])
        assert result.exit_code == 2 and "--port" in result.output and "65535" in result.output, result.output


# --- theme values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "key", "words"),
    [
        ("[sizes]\nbody = inf", "sizes.body", "out of range: expected a number from 4 to 72"),
        ("[sizes]\nbody = 1e308", "sizes.body", "from 4 to 72"),
        ("[sizes]\nbody = 500", "sizes.body", "from 4 to 72"),
        ("[sizes]\nbody = nan", "sizes.body", "from 4 to 72"),
        ("[sizes]\nbody = -3", "sizes.body", "from 4 to 72"),
        ('[sizes]\nbody = "big"', "sizes.body", "expected a number from 4 to 72"),
        ("[page]\nmargin_top = 1e9", "page.margin_top", "from 0 to 80"),
        ("[tracking]\nhandling = 1e6", "tracking.handling", "from -0.1 to 0.5"),
        ("[leading]\nquote = 0", "leading.quote", "from 0.8 to 3"),
        ("[brand]\nlogo_width = 1e9", "brand.logo_width", "from 5 to 120"),
        ("[colours]\nstance_palette = []", "colours.stance_palette", "at least one"),
        ('[colours]\nstance_palette = ["FFFFFF", "red"]', "colours.stance_palette", "check red"),
        ('[brand]\nlogo_alt = "Institute\\u0007"', "brand.logo_alt", "U+0007"),
        ('[fonts]\npdf_serif = "Plex\\nSerif"', "fonts.pdf_serif", "line break"),
        ('[fonts]\ncjk = {ko = "Noto"}', "fonts.cjk", "[PDF face, Word face] pairs"),
    ],
)
def test_theme_values_are_bounded(tmp_path, toml, key, words):
    theme = tmp_path / "house.toml"
    theme.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        load_theme(theme)
    (problem,) = err.value.problems
    assert problem.field == key and words in problem.message, str(problem)


def test_every_default_theme_value_is_inside_its_range():
    from dataclasses import fields

    from briefing.theme import THEME

    for part in fields(THEME):
        table = getattr(THEME, part.name)
        for f in fields(table):
            value = getattr(table, f.name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                low, high = RANGES.get(f"{part.name}.{f.name}", RANGES.get(part.name, (0, 1000)))
                assert low <= value <= high, (part.name, f.name, value)


@pytest.mark.build
def test_theme_edges_build(mini, tmp_path):
    theme = tmp_path / "edge.toml"
    theme.write_text("[sizes]\nbody = 4\n[page]\nmargin_top = 80\n[tracking]\nhandling = 0.5\n"
                     '[colours]\nstance_palette = ["FFFFFF"]\n[space]\nmatrix_cell = [0, 12.5, 50]\n', encoding="utf-8")
    result = build(mini, tmp_path / "o", formats=("pdf", "docx"), options=BuildOptions(theme_file=theme))
    assert result.pages["pdf"] >= 1 and result.outputs["docx"].exists()


def _png(width: int, height: int, data: bytes | None = None) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    # Only the header is read (check_logo decodes no pixel), so a huge image carries at most 64 KiB
    # of rows: compressing a billion zero bytes cost 7 s a run, and as much per mutant.
    rows = min((width + 1) * min(height, 4), 1 << 16)
    pixels = data if data is not None else zlib.compress(b"\x00" * rows)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("width", "height", "words"),
    [(1_000_000_000, 1, "more pixels than Pillow will decode"), (20_000, 20_000, "more pixels than Pillow"),
     (12_000, 10, "at most 10,000 pixels a side"),
     (9_000, 9_000, "40,000,000 in all")],
)
def test_a_logo_of_too_many_pixels_is_refused_from_its_header(tmp_path, width, height, words):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(width, height))
    message = check_logo(logo)
    assert message and words in message, message
    theme = tmp_path / "house.toml"
    theme.write_text('[brand]\nlogo = "logo.png"\n', encoding="utf-8")
    with pytest.raises(BriefingError, match=r"brand\.logo"):
        load_theme(theme)


def test_a_logo_that_is_not_an_image_or_too_large_is_refused(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert "not a PNG or JPEG" in check_logo(fake)
    big = tmp_path / "big.png"
    big.write_bytes(_png(10, 10) + b"\x00" * 6_000_000)
    assert "a logo has at most 5,000,000" in check_logo(big)
    assert check_logo(tmp_path / "missing.png").endswith("is not a PNG or JPEG file")
    good = tmp_path / "good.png"
    good.write_bytes(_png(40, 4))
    assert check_logo(good) is None


BUG = r"""
import sys
import briefing.workflow.listing as listing
def broken(seeds):
    raise ZeroDivisionError("a bug, not the input")
listing.load_coverage = broken
from briefing.__main__ import main
sys.argv = ["briefing", *sys.argv[1:]]
main()
"""


@pytest.mark.build
def test_a_bug_is_one_line_and_a_traceback_only_under_debug(mini):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", BUG, "list", str(mini)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == ["internal error: ZeroDivisionError: a bug, not the input (run again with "
                                       "--debug for a traceback, and report it)"]
    debug = subprocess.run([sys.executable, "-c", BUG, "--debug", "list", str(mini)], capture_output=True, text=True,
                           timeout=120)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr
