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


MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Edit
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ(&quot;BRIEF_IN&quot;)), &quot;_blank&quot;, 0, args())
  doc.RecordChanges = True
  rd = doc.createReplaceDescriptor()
  finds = Split(Environ(&quot;BRIEF_FIND&quot;), Chr(31))
  replaces = Split(Environ(&quot;BRIEF_REPLACE&quot;), Chr(31))
  For k = 0 To UBound(finds)
    rd.SearchString = finds(k)
    rd.ReplaceString = &quot;&quot;
    If k &lt;= UBound(replaces) Then rd.ReplaceString = replaces(k)
    doc.replaceAll(rd)
  Next k
  If Environ(&quot;BRIEF_UPDATE&quot;) = &quot;1&quot; Then
    For i = 0 To doc.getDocumentIndexes().getCount() - 1
      doc.getDocumentIndexes().getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
  End If
  Dim o(0) As New com.sun.star.beans.PropertyValue
  o(0).Name = &quot;FilterName&quot;
  o(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(Environ(&quot;BRIEF_OUT&quot;)), o())
  doc.close(True)
End Sub
</script:module>
"""


def libreoffice_replace(
    docx: Path, out: Path, find: str | list[str], replace: str | list[str], *, update: bool = False
) -> Path:
    """Edit ``docx`` in LibreOffice itself, headless, with change recording on: replace ``find``
    by ``replace`` (or each of a list by its counterpart; a Basic macro in a private profile; an
    empty replacement splits to no element in Basic, hence the bound check),
    saved as Word 2007 XML at ``out``; ``update`` then updates the contents and every field, as
    F9 does in Word."""
    import os

    finds, replaces = ([find], [replace]) if isinstance(find, str) else (find, replace)
    assert len(finds) == len(replaces) and not any("\x1f" in t for t in [*finds, *replaces])

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice
    profile = out.parent / "macro-profile"
    env = {"-env:UserInstallation": profile.as_uri()}
    base = [soffice, f"-env:UserInstallation={env['-env:UserInstallation']}", "--headless", "--norestore"]
    subprocess.run([*base, "--terminate_after_init"], capture_output=True, timeout=240, check=False)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.parent.is_dir(), "LibreOffice made no user profile"
    module.write_text(MACRO, encoding="utf-8")
    variables = {"BRIEF_IN": str(docx), "BRIEF_OUT": str(out)}
    variables |= {"BRIEF_FIND": "\x1f".join(finds), "BRIEF_REPLACE": "\x1f".join(replaces)}
    variables["BRIEF_UPDATE"] = "1" if update else "0"
    done = subprocess.run(
        [*base, "macro:///Standard.Module1.Edit"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, **variables},
    )
    assert done.returncode == 0 and out.exists(), done.stderr
    return out
