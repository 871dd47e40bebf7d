"""Write the example agreements in samples/ and their expected records in tests/golden/.

Why this exists: the real agreements the pipeline was developed on cannot be shipped, yet tests and newcomers
need files in every input format (DOCX, PDF with a text layer, scanned PDF) that follow the Landsbyggefonden
(LBF) template. Everything an applicant would write here (areas, people, numbers, activities) is invented;
only the template's own text is copied verbatim (headings, fixed paragraphs, the four fixed goals with their
indicators, and the guidance sentences), because that exact text is what the parser has to recognise.

The parts live in scripts/samplemaker/: the template's own text, the content model, the invented content
(Fjordby, Havnestrup), the golden records, DOCX rendering and PDF/scan conversion. Each golden record is
built from the same data that renders its document, so the two cannot drift apart.
The PDF and scanned variants share the golden record of the DOCX they were made from.

    python scripts/make_samples.py          # from the repository root, with the project's venv

Needs python-docx. The PDF steps need LibreOffice (soffice), the scan step pdftoppm and img2pdf; each step
is skipped with a message when its tools are missing. Output is byte-for-byte deterministic: fixed document
dates and zip timestamps, and the PDFs' creation dates and file IDs pinned after conversion.
"""

from __future__ import annotations

import logging
import subprocess
import sys

from samplemaker.content import Sample
from samplemaker.convert import make_pdfs, write_gold
from samplemaker.fjordby import FJORDBY_BESKAEFTIGELSE
from samplemaker.havnestrup import HAVNESTRUP_KRIMINALITET, HAVNESTRUP_STRATEGIC, HAVNESTRUP_UDDANNELSE
from samplemaker.render_docx import render
from samplemaker.settings import GOLDEN, REPO, SAMPLES

logger = logging.getLogger("make_samples")

SAMPLES_TO_MAKE = (
    Sample(
        "aftale-delaftale",
        "label_above",
        None,
        (FJORDBY_BESKAEFTIGELSE,),
        "Invented sample (scripts/make_samples.py). Label above value: each template heading in a one-cell table "
        "row, its value in the row below. Each Delmål cell is merged down over its two indicator rows. No "
        "guidance text and no missing or empty fields, so no findings. aftale-delaftale.pdf (LibreOffice) and "
        "aftale-delaftale-scan.pdf (image only, 200 dpi) share this record.",
    ),
    Sample(
        "aftale-bundle",
        "label_left",
        HAVNESTRUP_STRATEGIC,
        (HAVNESTRUP_UDDANNELSE, HAVNESTRUP_KRIMINALITET),
        "Invented sample (scripts/make_samples.py). Strategic agreement with headings and values as paragraphs, "
        "then two delaftaler with label left of value (two-cell rows). Delaftale 1 leaves the responsibilities of "
        "its second activity empty; delaftale 2 keeps green LBF guidance, has no Baseline år column (years stand "
        "in the baseline cells) and leaves out the municipal-coherence section. aftale-bundle.pdf shares this "
        "record.",
    ),
)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    SAMPLES.mkdir(exist_ok=True)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    docx_paths = []
    for sample in SAMPLES_TO_MAKE:
        path = SAMPLES / f"{sample.stem}.docx"
        render(sample, path)
        docx_paths.append(path)
        logger.info("wrote %s and %s", path.relative_to(REPO), write_gold(sample).relative_to(REPO))
    try:
        make_pdfs(docx_paths)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, FileNotFoundError) as exc:
        logger.error("PDF conversion failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
