"""The edges of each rule in values.py and theme_values.py: both sides of every bound, the exact
line a person reads, and what comes back cleaned. test_surfaces.py tries the same rules through
the commands; these pin each rule where it is written (the mutation run reads them)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from briefing import values
from briefing.errors import BriefingError
from briefing.theme import THEME
from briefing.theme_file import load_theme
from briefing.theme_values import check_logo, check_value

pytestmark = pytest.mark.values

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = [ROOT / "seeds", *sorted(p.parent for p in (ROOT / "tests" / "fixtures").glob("*/brief.yaml"))]


def _refused(check, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as err:
        check(*args, **kwargs)
    return str(err.value)


# --- what the briefs themselves hold, the command line accepts ---------------------------------


@pytest.mark.parametrize("folder", BRIEFS, ids=lambda p: p.name)
def test_each_brief_s_own_marking_date_and_title_pass_as_options(folder):
    """The seed and every fixture (Hangul, Han, Arabic, Japanese, French): the handling line is a
    valid --marking, the date a valid --date, the title a valid mail subject, all unchanged."""
    brief = YAML(typ="safe").load((folder / "brief.yaml").read_text(encoding="utf-8"))
    assert values.marking(brief["handling"]) == brief["handling"]
    assert values.date(str(brief["date"])) == brief["date"]
    assert values.header(brief["title"], "--subject") == brief["title"]


def test_the_briefs_are_in_more_than_one_script():
    titles = "".join(YAML(typ="safe").load((f / "brief.yaml").read_text(encoding="utf-8"))["title"] for f in BRIEFS)
    assert {"한", "朝", "ي", "日"} <= set(titles)


# --- one line -----------------------------------------------------------------------------------


def test_a_line_names_what_is_wrong_in_words():
    assert _refused(values.line, "a\nb", "X", limit=5) == "X contains a line break (U+000A); give one line"
    assert _refused(values.line, "a\u0085", "X", limit=5) == "X contains a line break (U+0085); give one line"
    assert _refused(values.line, "a\x07", "X", limit=5) == "X contains U+0007 (a control character); delete it"
    assert values.line("abcde", "X", limit=5) == "abcde"
    assert _refused(values.line, "a" * 1_001, "X", limit=1_000) == "X has 1,001 characters; the limit is 1,000"


def test_a_marking_holds_what_a_handling_line_holds():
    assert values.marking("Ж" * 200) == "Ж" * 200
    assert _refused(values.marking, "Ж" * 201) == "--marking has 201 characters; the limit is 200"


# --- dates and the build's clock ----------------------------------------------------------------


def test_a_date_names_the_option_and_the_value():
    assert _refused(values.date, "2021-02-30") == "--date '2021-02-30': expected YYYY-MM-DD"
    assert _refused(values.date, "1899-12-31") == "--date 1899-12-31: the year must be between 1900 and 2199"
    assert _refused(values.date, "2200-01-01", "date:") == "date: 2200-01-01: the year must be between 1900 and 2199"
    assert values.date("1900-01-01", "date:").isoformat() == "1900-01-01"


def test_a_year_is_checked_at_both_ends():
    values.check_year(1900, "y")
    values.check_year(2199, "y")
    for year in (1899, 2200):
        assert _refused(values.check_year, year, "year") == "year: the year must be between 1900 and 2199"


def test_source_date_epoch_up_to_the_last_second_of_2199():
    high = values.EPOCH_RANGE[1]
    assert high == 7_258_118_399
    assert values.source_date_epoch(f" {high} ") == high and values.source_date_epoch("0") == 0
    assert values.source_date_epoch("\t") is None and values.source_date_epoch("") is None
    assert _refused(values.source_date_epoch, str(high + 1)) == (
        f"'{high + 1}' is not seconds since 1970 up to {high} (the end of 2199)"
    )
    shown = _refused(values.source_date_epoch, "1" * 50)
    assert shown.startswith(f"'{'1' * 40}' is not seconds")


# --- ports and hosts ----------------------------------------------------------------------------


def test_a_port_is_ascii_digits_from_1_to_65535():
    assert values.port(8080) == 8080 and values.port(" 25 ") == 25 and values.port("1") == 1
    assert values.port("65535") == 65535 and values.port("00080") == 80
    assert _refused(values.port, "65536") == "port '65536': expected a number from 1 to 65535"
    assert _refused(values.port, "0") == "port '0': expected a number from 1 to 65535"
    assert _refused(values.port, "123456", "--port") == "--port '123456': expected a number from 1 to 65535"
    assert _refused(values.port, "65536", allow_zero=True) == "port '65536': expected a number from 0 to 65535"
    assert _refused(values.port, "9" * 50) == f"port '{'9' * 40}': expected a number from 1 to 65535"


@pytest.mark.parametrize(
    "value",
    ["[::1:25", "[]:25", "mail example.org:25", "user@mail.example.org:25", "mail.example.org/x:25",
     "mail\x07.example.org:25", "a]b:25", "25"],
)
def test_a_host_that_is_no_host_is_refused(value):
    assert _refused(values.host_port, value) == (
        f"--smtp {value!r}: expected HOST:PORT, e.g. mail.example.org:587"
    )


def test_host_port_comes_back_split():
    assert values.host_port(" 邮件.example.org:587 ") == ("邮件.example.org", 587)
    assert values.host_port("[2001:db8::1]:25", "--relay") == ("2001:db8::1", 25)
    assert values.host_port("MX.Example.org:25") == ("MX.Example.org", 25)
    assert _refused(values.host_port, "mail.example.org:0") == (
        "--smtp port '0': expected a number from 1 to 65535"
    )
    assert _refused(values.host_port, "m:x", "--relay").startswith("--relay port 'x'")
    long = "m" * 100 + " x:25"
    assert _refused(values.host_port, long) == f"--smtp {long[:80]!r}: expected HOST:PORT, e.g. mail.example.org:587"


# --- URLs ---------------------------------------------------------------------------------------


def test_a_url_comes_back_as_fetched():
    parsed = values.url("  HTTPS://Example.ORG  ")
    assert parsed == values.Url("https", "example.org", 443, "https://example.org/")
    assert values.url("http://[::1]:8080/x").text == "http://[::1]:8080/x"
    assert values.url("http://[::1]/x") == values.Url("http", "::1", 80, "http://[::1]/x")
    assert values.url("http://e.org:80/").text == "http://e.org:80/"  # a port given stays given
    kept = "http://e.org/a:b@c!$&'()*+,;=~-._%41?a=b&c=d/e?f:@!$'()*+,;=~-._%42#frag"
    assert values.url(kept).text == kept.removesuffix("#frag")
    assert values.url("http://e.org/?q=%zz <\"").text == "http://e.org/?q=%zz%20%3C%22"
    assert values.url("http://e.org/ä\"{}").text == "http://e.org/%C3%A4%22%7B%7D"
    assert values.url("http://xn--bcher-kva.example/").host == "xn--bcher-kva.example"
    assert values.url("http://新闻.example/").text == "http://xn--efvy88h.example/"


def test_a_url_of_exactly_the_limit_is_fetched():
    base = "http://example.org/"
    assert len(values.url(base + "a" * (2_000 - len(base))).text) == 2_000
    assert _refused(values.url, base + "a" * (2_001 - len(base)), "--url") == (
        "--url has 2,001 characters; the limit is 2,000"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ftp://example.org/x", "URL 'ftp://example.org/x': only http and https URLs are fetched"),
        ("http://a b/", "URL 'http://a b/' names no host"),
        ("http://a..b/", "URL 'http://a..b/': the host 'a..b' is not a valid name"),
        ("http://" + "a" * 64 + ".org/", f"URL 'http://{'a' * 64}.org/': the host '{'a' * 64}.org' is not a valid name"),
        ("http://e.org:0/", "URL 'http://e.org:0/': port 0 is not a port to fetch from"),
        ("http://e.org/\x7f", "URL 'http://e.org/\\x7f' contains U+007F (a control character)"),
    ],
)
def test_a_bad_url_is_one_line(value, message):
    assert _refused(values.url, value) == message


def test_a_port_past_65535_is_no_url():
    assert _refused(values.url, "http://e.org:99999/").startswith("URL 'http://e.org:99999/' is not a valid URL (")


def test_a_bad_url_is_shown_to_80_characters():
    value = "ftp://" + "e" * 100
    assert _refused(values.url, value, "source") == f"source {value[:80]!r}: only http and https URLs are fetched"


def test_the_same_origin_is_scheme_host_and_port():
    plain, tls = values.url("http://e.org:443/"), values.url("https://e.org/")
    assert plain.port == tls.port == 443 and plain.host == tls.host
    assert not plain.same_origin(tls) and tls.same_origin(values.url("HTTPS://E.ORG:443/x"))
    assert not values.url("http://a.org/").same_origin(values.url("http://b.org/"))


# --- mail headers -------------------------------------------------------------------------------


def test_a_subject_of_up_to_500_characters():
    assert values.header("Ж" * 500, "--subject") == "Ж" * 500
    assert _refused(values.header, "Ж" * 501, "--subject") == "--subject has 501 characters; the limit is 500"
    assert _refused(values.header, "Ж" * 11, "--from", limit=10) == "--from has 11 characters; the limit is 10"


def test_an_encoded_word_is_read_as_a_mail_reader_reads_it():
    assert values.header("Re: =?utf-8?q?Caf=C3=A9?= notes", "--subject") == "Re: =?utf-8?q?Caf=C3=A9?= notes"
    assert values.header("=?utf-8?q?=FF?=", "--subject") == "=?utf-8?q?=FF?="  # bad bytes → U+FFFD, one line
    assert values.header("x =? y", "--subject") == "x =? y"
    assert _refused(values.header, "=?utf-8?q?a=07b?=", "--subject") == (
        "--subject (decoded from its =?…?= encoded word) contains U+0007 (a control character); delete it"
    )
    assert _refused(values.header, "a =?utf-8?q?b=0D?= c", "--to") == (
        "--to (decoded from its =?…?= encoded word) contains a line break (U+000D); give one line"
    )
    assert _refused(values.header, "=?no-such-charset?q?x?=", "--subject") == (
        "--subject holds an encoded word (=?…?=) that cannot be decoded; write it plainly"
    )


# --- theme values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key", "value", "problem"),
    [
        ("sizes", "body", True, "expected float"),
        ("sizes", "body", "10", "expected a number from 4 to 72"),
        ("sizes", "body", 3.99, "3.99 is out of range: expected a number from 4 to 72"),
        ("sizes", "body", 72.5, "72.5 is out of range: expected a number from 4 to 72"),
        ("sizes", "leading", 3.5, "3.5 is out of range: expected a number from 0.8 to 3"),
        ("sizes", "leading", 0.7, "0.7 is out of range: expected a number from 0.8 to 3"),
        ("page", "matrix_first_column", 61, "61 is out of range: expected a number from 1 to 60"),
        ("sizes", "matrix_head", 4.5, "4.5 is out of range: expected a number from 0 to 4"),
        ("page", "margin_top", -0.5, "-0.5 is out of range: expected a number from 0 to 80"),
        ("page", "margin_top", float("-inf"), "-inf is out of range: expected a number from 0 to 80"),
        ("space", "paragraph", 51, "51 is out of range: expected a number from 0 to 50"),
        ("rules", "lede", 11, "11 is out of range: expected a number from 0 to 10"),
        ("tracking", "handling", -0.2, "-0.2 is out of range: expected a number from -0.1 to 0.5"),
        ("brand", "logo_width", 4, "4 is out of range: expected a number from 5 to 120"),
        ("fonts", "pdf_serif", "  ", "expected a non-empty string"),
        ("fonts", "pdf_serif", 3, "expected a non-empty string"),
        ("fonts", "pdf_serif", "F" * 101, "has 101 characters; the limit is 100"),
        ("fonts", "pdf_serif", "Plex\x07", "contains U+0007 (a control character); delete it"),
        ("brand", "logo_alt", "A" * 256, "has 256 characters; the limit is 255"),
        ("brand", "logo", "l" * 1_001, "has 1,001 characters; the limit is 1,000"),
        ("colours", "accent", "#1F4E79", "expected a hex colour such as 1F4E79 (got '#1F4E79')"),
        ("colours", "accent", "1F4E7", "expected a hex colour such as 1F4E79 (got '1F4E7')"),
        ("colours", "accent", "x" * 50, f"expected a hex colour such as 1F4E79 (got {'x' * 40!r})"),
        ("page", "pdf_standard", "pdf/x-9", "unknown PDF standard 'pdf/x-9'"),
        ("colours", "stance_palette", "FFFFFF", "expected a list of strings"),
        ("colours", "stance_palette", ["FFFFFF", 1], "expected a list of strings"),
        ("colours", "stance_palette", ["FFFFFF", "blue", "1" * 30], f"expected hex colours such as 1F4E79 (check blue, {'1' * 20})"),
        ("fonts", "pdf_fallback", [], "expected at least one value"),
        ("fonts", "pdf_fallback", ["Noto", "N" * 101], "has 101 characters; the limit is 100"),
        ("fonts", "pdf_fallback", ["Noto\x00"], "contains U+0000 (NUL); delete it"),
        ("fonts", "cjk", ["Noto"], "expected a table"),
        ("fonts", "cjk", {"ko": ["Noto"]}, "expected a table of [PDF face, Word face] pairs"),
        ("fonts", "cjk", {"ko": ["Noto", 1]}, "expected a table of [PDF face, Word face] pairs"),
        ("fonts", "rtl", {"ar": "Noto"}, "expected a table of [PDF face, Word face] pairs"),
    ],
)
def test_a_theme_value_out_of_its_rules_is_one_problem(table, key, value, problem):
    current = getattr(getattr(THEME, table), key)
    message = check_value(table, key, current, value)
    assert message is not None and problem in message, message
    assert message == problem or key == "pdf_standard", message


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("sizes", "body", 4), ("sizes", "body", 72.0), ("sizes", "leading", 0.8), ("sizes", "leading", 3),
        ("page", "margin_top", 0), ("page", "margin_top", 80), ("page", "matrix_first_column", 60),
        ("sizes", "matrix_head", 0), ("sizes", "matrix_head", 4),
        ("tracking", "handling", -0.1), ("brand", "logo_width", 120), ("space", "paragraph", 50),
        ("fonts", "pdf_serif", "F" * 100), ("fonts", "pdf_serif", "思源宋体"), ("brand", "logo_alt", ""),
        ("brand", "logo_alt", "معهد" * 63), ("brand", "logo", "l" * 1_000), ("colours", "accent", "1f4e79"),
        ("page", "pdf_standard", "ua-1"), ("colours", "stance_palette", ["FFFFFF"]),
        ("fonts", "pdf_fallback", ["Noto Sans CJK SC"]), ("fonts", "cjk", {"ko": ["Noto Sans CJK KR", "Batang"]}),
        ("fonts", "cjk", {}),
    ],
)
def test_a_theme_value_inside_its_rules_passes(table, key, value):
    assert check_value(table, key, getattr(getattr(THEME, table), key), value) is None


def test_a_long_problem_from_the_pdf_standard_is_cut_to_300_characters():
    message = check_value("page", "pdf_standard", "ua-1", "x" * 400)
    assert message.startswith("unknown PDF standard 'xxx") and len(message) == 300


def test_a_number_in_a_table_with_no_stated_range_is_still_bounded():
    """A numeric setting added to the theme without a range in RANGES is held to 0–1000."""
    assert check_value("new_table", "width", 1.0, 0) is None and check_value("new_table", "width", 1.0, 1000) is None
    for value in (-0.5, 1000.5):
        assert check_value("new_table", "width", 1.0, value) == (
            f"{value!r} is out of range: expected a number from 0 to 1000"
        )


def test_a_yes_or_no_setting_takes_true_or_false_only():
    assert check_value("new_table", "flag", False, True) is None
    assert check_value("new_table", "flag", True, 1) == "expected bool"
    assert check_value("sizes", "body", 10.0, False) == "expected float"


def test_a_group_of_numbers_is_that_many_numbers_each_in_range(tmp_path):
    """[space] matrix_cell (top, sides, bottom padding) was refused as "a list of strings"."""
    assert check_value("space", "matrix_cell", (1.1, 1.4, 1.3), [0, 2.5, 50]) is None
    assert check_value("space", "matrix_cell", (1.1, 1.4, 1.3), [1, 2]) == "expected a list of 3 numbers"
    assert check_value("space", "matrix_cell", (1.1, 1.4, 1.3), "1 1 1") == "expected a list of 3 numbers"
    assert check_value("space", "matrix_cell", (1.1, 1.4, 1.3), [1, 51, 1]) == (
        "51 is out of range: expected a number from 0 to 50"
    )
    assert check_value("space", "matrix_cell", (1.1, 1.4, 1.3), [1, "2", True]) == "expected a number from 0 to 50"
    # a group under a key with its own range takes that range, not its table's
    assert check_value("sizes", "leading", (1.2, 1.4), [1.5, 3.5]) == "3.5 is out of range: expected a number from 0.8 to 3"
    theme = tmp_path / "house.toml"
    theme.write_text("[space]\nmatrix_cell = [2, 3, 2.5]\n", encoding="utf-8")
    assert load_theme(theme).space.matrix_cell == (2, 3, 2.5)


def test_a_true_or_false_is_no_number_in_a_theme_file(tmp_path):
    theme = tmp_path / "house.toml"
    theme.write_text("[sizes]\nbody = true\n[page]\nmargin_top = 0\n", encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        load_theme(theme)
    assert [(p.field, p.message) for p in err.value.problems] == [("sizes.body", "expected float")]


def test_a_theme_at_the_edges_loads_with_its_values(tmp_path):
    theme = tmp_path / "house.toml"
    theme.write_text('[sizes]\nbody = 72\n[fonts]\npdf_serif = "Noto Serif CJK SC"\ncjk = {ja = ["A", "B"]}\n'
                     '[colours]\nstance_palette = ["00ff00"]\n', encoding="utf-8")
    loaded = load_theme(theme)
    assert loaded.sizes.body == 72 and loaded.fonts.pdf_serif == "Noto Serif CJK SC"
    assert loaded.fonts.cjk["ja"] == ["A", "B"] and loaded.fonts.cjk["ko"] == THEME.fonts.cjk["ko"]
    assert loaded.colours.stance_palette == ("00ff00",)


# --- the logo -----------------------------------------------------------------------------------


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * min((width + 1) * min(height, 4), 1 << 16))  # only the header is read
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _image(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (12, 8), "#1F4E79").save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(("width", "height"), [(10_000, 1), (1, 10_000), (10_000, 4_000)])
def test_a_logo_at_the_pixel_limits_passes(tmp_path, width, height):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(width, height))
    assert check_logo(logo) is None


@pytest.mark.parametrize(("width", "height"), [(10_001, 1), (1, 10_001), (10_000, 4_001)])
def test_a_logo_one_pixel_past_the_limits_is_refused(tmp_path, width, height):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(width, height))
    assert check_logo(logo) == (
        f"{logo} is {width:,} × {height:,} pixels; a logo has at most 10,000 pixels a side and 40,000,000 in all"
    )


def test_a_logo_of_exactly_5_mb_passes_and_one_byte_more_does_not(tmp_path):
    logo = tmp_path / "logo.png"
    image = _png(40, 4)
    logo.write_bytes(image + b"\x00" * (5_000_000 - len(image)))
    assert logo.stat().st_size == 5_000_000 and check_logo(logo) is None
    logo.write_bytes(image + b"\x00" * (5_000_001 - len(image)))
    assert check_logo(logo) == f"{logo} is 5,000,001 bytes; a logo has at most 5,000,000"


def test_a_logo_is_a_png_or_jpeg_file(tmp_path):
    jpeg, gif = tmp_path / "logo.jpg", tmp_path / "logo.gif"
    jpeg.write_bytes(_image("JPEG"))
    gif.write_bytes(_image("GIF"))
    assert check_logo(jpeg) is None
    assert check_logo(gif) == f"{gif} is GIF; use a PNG or JPEG"
    assert check_logo(tmp_path) == f"{tmp_path} is not a file"


def test_a_theme_logo_is_read_beside_the_theme_file(tmp_path):
    (tmp_path / "logo.png").write_bytes(_png(40, 4))
    theme = tmp_path / "house.toml"
    theme.write_text('[brand]\nlogo = "logo.png"\nlogo_alt = "湄公河研究所"\n', encoding="utf-8")
    loaded = load_theme(theme)
    assert loaded.brand.logo == str(tmp_path / "logo.png") and loaded.brand.logo_alt == "湄公河研究所"
