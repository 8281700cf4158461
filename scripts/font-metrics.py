"""Write briefing/docx/metrics.json: advance widths and line heights of the faces LibreOffice
substitutes for the DOCX's Calibri and Cambria (Carlito, Caladea: metric-compatible), so the DOCX
writer can paginate without any font installed. Run once when the theme's Word faces change:

    .venv/bin/python scripts/font-metrics.py /usr/share/fonts/truetype/crosextra
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FACES = {"Calibri": "Carlito", "Cambria": "Caladea"}
STYLES = {"": "Regular", "b": "Bold", "i": "Italic", "bi": "BoldItalic"}
RANGES = [(0x20, 0x250), (0x370, 0x400), (0x400, 0x530), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2190, 0x2200), (0x25A0, 0x2600)]


def main(folder: Path) -> None:
    out: dict[str, dict] = {}
    for word_face, substitute in FACES.items():
        for key, style in STYLES.items():
            font = TTFont(folder / f"{substitute}-{style}.ttf")
            upem = font["head"].unitsPerEm
            cmap, hmtx, hhea = font.getBestCmap(), font["hmtx"], font["hhea"]
            widths = {}
            for start, end in RANGES:
                for cp in range(start, end):
                    if cp in cmap:
                        widths[cp] = round(hmtx[cmap[cp]][0] * 1000 / upem)
            out[f"{word_face}/{key}"] = {
                "line": round((hhea.ascent - hhea.descent + hhea.lineGap) / upem, 4),
                "widths": {format(cp, "x"): w for cp, w in widths.items()},
            }
    target = Path(__file__).resolve().parents[1] / "briefing" / "docx" / "metrics.json"
    target.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/crosextra"))
