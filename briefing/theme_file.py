"""A user's theme file (``briefing build --theme FILE``) read into a :class:`~briefing.theme.Theme`.

Apart from ``theme.py`` so that module stays the list of values: this one reads TOML, resolves
paths beside the file and carries the logo into the HTML.
"""

from __future__ import annotations

from dataclasses import fields, replace
from difflib import get_close_matches
from pathlib import Path

from briefing.theme import THEME, Brand, Theme


def load_theme(path: Path, base: Theme | None = None) -> Theme:
    """A TOML file of overrides, one table per part of :class:`Theme`, for both formats at once.

    ``[colours] accent = "7A1F5C"``, ``[fonts] pdf_serif = "Noto Serif"``, ``[sizes] body = 10.5``;
    tables and keys are the dataclass fields above. Unknown keys and wrong types are problems,
    each naming the key, so a typo never passes silently.
    """
    import tomllib

    from briefing.errors import BriefingError, Problem
    from briefing.theme_values import check_logo, check_value

    base = base or THEME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise BriefingError([Problem(path, 0, 0, "", f"cannot read theme: {err}")]) from err
    problems: list[Problem] = []
    parts: dict[str, object] = {}
    known = {f.name: f for f in fields(Theme)}
    for name, table in data.items():
        if name not in known or not isinstance(table, dict):
            hint = get_close_matches(name, list(known), n=1)
            tail = f" — did you mean [{hint[0]}]?" if hint else ""
            problems.append(Problem(path, 0, 0, name, "unknown table" + tail))
            continue
        part = getattr(base, name)
        values = {}
        for key, value in table.items():
            problem = _unknown_key(part, key) or check_value(name, key, getattr(part, key), value)
            if problem:
                problems.append(Problem(path, 0, 0, f"{name}.{key}", problem))
                continue
            current = getattr(part, key)
            if isinstance(current, dict):
                value = {**current, **value}
            elif isinstance(current, tuple):
                value = tuple(value)
            values[key] = value
        if name == "brand" and values.get("reference_docx"):
            reference = (path.parent / str(values["reference_docx"])).resolve()
            if not reference.is_file():
                problems.append(Problem(path, 0, 0, "brand.reference_docx", f"no such file: {reference}"))
            values["reference_docx"] = str(reference)
        if name == "brand" and values.get("logo"):
            logo = (path.parent / str(values["logo"])).resolve()
            problem = check_logo(logo)
            if problem:
                problems.append(Problem(path, 0, 0, "brand.logo", problem))
            values["logo"] = str(logo)
        parts[name] = replace(part, **values)
    if problems:
        raise BriefingError(problems)
    return replace(base, **parts)




def logo_data_uri(brand: Brand) -> str | None:
    """The logo as a ``data:`` URI: the HTML carries it, so no writer fetches a file."""
    if not brand.logo:
        return None
    import base64

    from PIL import Image

    from briefing.theme_values import LOGO_TYPES

    data = Path(brand.logo).read_bytes()
    with Image.open(Path(brand.logo)) as image:
        mime = LOGO_TYPES[image.format or ""]
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _unknown_key(part: object, key: str) -> str | None:
    names = [f.name for f in fields(part) if f.metadata.get("file", True)]  # type: ignore[arg-type]
    if key in names:
        return None
    hint = get_close_matches(key, names, n=1)
    return "unknown key" + (f" — did you mean {hint[0]}?" if hint else "")


TWIPS_MM = 25.4 / 1440
XML_BYTES = 64_000_000  # a document part larger than this is not a template


def reference_page(path: Path) -> tuple[float, ...]:
    """A Word template's portrait page as the DOCX writer keeps it (mm: width, height, top, right,
    bottom, left): A4 and 25 mm margins where it names none. () when the file cannot be read;
    the DOCX writer then reports it, one line naming the file."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(path) as package:
            if package.getinfo("word/document.xml").file_size > XML_BYTES:
                return ()
            data = package.read("word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        section = etree.fromstring(data, parser).find(f"{w}body/{w}sectPr")
        size = section.find(f"{w}pgSz") if section is not None else None
        margins = section.find(f"{w}pgMar") if section is not None else None

        def mm(element, name: str, default: float) -> float:
            value = element.get(f"{w}{name}") if element is not None else None
            return abs(int(value)) * TWIPS_MM if value is not None else default

        width, height = mm(size, "w", 210.0), mm(size, "h", 297.0)
        sides = [mm(margins, side, 25.0) for side in ("top", "right", "bottom", "left")]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ()
    width, height = min(width, height), max(width, height)
    return (round(width, 2), round(height, 2), *(round(side, 2) for side in sides))
