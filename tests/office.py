"""LibreOffice as a test reader: lays a DOCX out the way a word processor would, into a PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def libreoffice_pdf(docx: Path, out: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    profile = (out / "profile").as_uri()  # a private profile: no clash with another soffice
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out / (docx.stem + ".pdf")



WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def word_boxes(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page of ``pdf`` as (width, height, [(x0, top, x1, bottom, word)]) in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        (
            float(page.group(1)),
            float(page.group(2)),
            [(*(float(w.group(n)) for n in range(1, 5)), w.group(5)) for w in WORD.finditer(page.group(3))],
        )
        for page in PAGE.finditer(html)
    ]
