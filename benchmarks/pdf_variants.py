"""PDFs of a corpus DOCX as producers other than LibreOffice-with-rules make them, for the accuracy matrix
(`benchmarks/accuracy.py --extra pdf_borderless pdf_chromium`, see provenance_eval.VARIANTS).

    python benchmarks/pdf_variants.py borderless SRC.docx OUT.pdf   # tables without borders, LibreOffice print
    python benchmarks/pdf_variants.py chromium SRC.docx OUT.pdf     # pandoc HTML printed by headless Chromium

`borderless` drops the tables' grid style and explicit borders (authors do this for tables shown as shaded
cells only), so no rule is drawn; `chromium` is a browser print of an HTML export: no cell rules,
cells set in the middle of their row, and the page header and footer Chromium adds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

_BORDERS = re.compile(r'<w:tblStyle w:val="TableGrid"/>|<w:(tbl|tc)Borders>.*?</w:\1Borders>')
TIMEOUT = 120  # seconds for one conversion


def without_borders(source: Path, target: Path) -> Path:
    """A copy of the DOCX whose tables have no borders: grid style and explicit borders dropped."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = _BORDERS.sub("", data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return target


def borderless_pdf(source: Path, out: Path, work: Path) -> None:
    """The DOCX without table borders, printed by LibreOffice (a private profile, so runs may overlap)."""
    docx = without_borders(source, work / source.name)
    _run(["soffice", f"-env:UserInstallation={(work / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
          "--outdir", str(work), str(docx)])  # fmt: skip
    shutil.move(work / f"{source.stem}.pdf", out)


def chromium_pdf(source: Path, out: Path, work: Path) -> None:
    """The DOCX as pandoc's standalone HTML, printed to PDF by headless Chromium."""
    html = work / f"{source.stem}.html"
    _run(["pandoc", str(source), "-s", "--metadata", f"pagetitle={source.stem}", "-o", str(html)])
    _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={out}", str(html)])


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise SystemExit(f"{command[0]} is not installed")
    subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)


def main(argv: list[str] | None = None) -> int:
    kind, source, out = argv if argv is not None else sys.argv[1:]
    render = {"borderless": borderless_pdf, "chromium": chromium_pdf}[kind]
    with tempfile.TemporaryDirectory(prefix="pdf-variant-") as work:
        render(Path(source), Path(out).resolve(), Path(work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
