"""LibreOffice as a test reader: lays a DOCX out the way a word processor would, into a PDF."""

from __future__ import annotations

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
