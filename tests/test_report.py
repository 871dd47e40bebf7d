"""The HTML report: self-contained, escaped, and rendering without console errors in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from test_datasets import write_gold_records
from typer.testing import CliRunner

from pipeline.writers.cli_commands import report
from pipeline.writers.htmlkit import esc, page, table
from pipeline.writers.report import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (Debian: apt-get install -y chromium)"
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",  # let plotly and the sort script finish before the DOM is dumped
]
HOSTILE_NAME = "<img src=x onerror=\"document.title='pwned'\">Lektiecafé</script>"


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gold records, one activity renamed to markup that would run if it were not escaped."""
    records_dir = tmp_path_factory.mktemp("records")
    records = write_gold_records(records_dir)
    vejle = next(r for r in records if "vejle" in r.source.file)
    vejle.sub_agreements[0].activities[0].name = HOSTILE_NAME
    (records_dir / "vejle_uddannelse_000.json").write_text(vejle.model_dump_json(), encoding="utf-8")
    out = tmp_path_factory.mktemp("report") / "report.html"
    write_report(records_dir, out)
    return out


def _chromium(args: list[str], page: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _console_lines(stderr: str) -> list[str]:
    """Chromium logs every console message, error, and CSP violation as a ':CONSOLE' line."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_report_is_self_contained(report_html: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "Plotly.newPlot" in html and "cdn.plot.ly/plotly" not in html


def test_document_text_is_escaped(report_html: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    assert HOSTILE_NAME not in html
    assert "&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;" in html


def test_report_sections_hold_the_records(report_html: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    for text in ("Vejle 2026-2029_En bydækkende indsats", "”En Fælles Indsats”, Slagelse", "Nørremarken"):
        assert esc(text) in html
    assert 'data-sort="81.1"' in html  # Vejle's Nørremarken baseline, sortable as a number
    assert "viborg_uddannelse_ocr_001.txt · whole file" in html  # a finding outside every agreement
    for section in ("overview", "indicators", "activities", "missing", "findings"):
        assert f"id='{section}'" in html


@needs_chromium
def test_report_renders_in_chromium_without_console_errors(report_html: Path, tmp_path: Path) -> None:
    result = _chromium(["--dump-dom"], report_html, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_lines(result.stderr) == []
    dom = result.stdout
    assert 'data-sortable="ready"' in dom  # the sort script ran to its end
    assert 'data-charts="ready"' in dom and 'data-filters="ready"' in dom  # plotly inflated, filters wired
    assert dom.count('class="main-svg"') >= 5  # plotly drew the charts
    assert "Vejle 2026-2029_En bydækkende indsats" in dom
    assert "<title>Helhedsplaner" in dom and "pwned" not in dom.split("</title>")[0]
    assert "<img" not in dom


@needs_chromium
def test_report_screenshot(report_html: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    result = _chromium([f"--screenshot={png}", "--window-size=1280,2000"], report_html, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


@needs_chromium
def test_sort_script_sorts_numbers_as_numbers(tmp_path: Path) -> None:
    """Click the first header once (ascending): 9 < 10 < 100, where text order would give 10, 100, 9."""
    probe = (
        "<script>window.addEventListener('load', function () {"
        "document.querySelector('th').click();"
        "var cells = document.querySelectorAll('tbody tr td:first-child');"
        "document.body.setAttribute('data-order', Array.prototype.map.call(cells, function (c) {"
        "return c.textContent; }).join('|')); });</script>"
    )
    html = page("sort", table(["n", "name"], [[10, "b"], [9, "a"], [100, "c"]]) + probe)
    path = tmp_path / "sort.html"
    path.write_text(html, encoding="utf-8")
    result = _chromium(["--dump-dom"], path, tmp_path)
    assert _console_lines(result.stderr) == []
    assert 'data-order="9|10|100"' in result.stdout


def test_plotly_is_embedded_once_and_compressed(report_html: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    assert html.count('id="plotly-gz"') == 1 and html.count("DecompressionStream") == 1
    assert report_html.stat().st_size < 3_000_000  # plotly.js alone is 4.8 MB uncompressed


def test_copies_of_an_agreement_count_once(tmp_path: Path) -> None:
    """A second file holding Vejle's delaftale (another hash, read from a scan) is listed but not counted."""
    records_dir = tmp_path / "records"
    records = write_gold_records(records_dir)
    vejle = next(r for r in records if "vejle" in r.source.file).model_copy(deep=True)
    vejle.source.sha256 = "f" * 64
    vejle.source.format = "pdf-ocr"
    (records_dir / "vejle-copy.json").write_text(vejle.model_dump_json(), encoding="utf-8")
    write_report(records_dir, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    cards = dict(re.findall(r"<div class='card'><b>([^<]+)</b>([^<]+)</div>", html))
    assert {k: cards[k] for k in ("4", "7", "3")} == {
        "4": "input files",
        "7": "distinct agreements",
        "3": "helhedsplaner",
    }
    assert "copy of " in html and "the txt copy is used" in html


@needs_chromium
def test_focus_area_filter_hides_other_helhedsplaner(report_html: Path, tmp_path: Path) -> None:
    """Choosing "beskaeftigelse" leaves only Slagelse, the one helhedsplan with a delaftale in it."""
    probe = (
        "<script>document.addEventListener('charts-ready', function () {"
        "var s = document.getElementById('filter-focus'); s.value = 'beskaeftigelse';"
        "s.dispatchEvent(new Event('change'));"
        "var shown = Array.prototype.filter.call(document.querySelectorAll('#helhedsplaner tbody tr'),"
        "function (r) { return r.style.display !== 'none'; });"
        "document.body.setAttribute('data-shown', shown.map(function (r) { return r.cells[0].textContent; }).join('|'));"
        "});</script>"
    )
    page_path = tmp_path / "filtered.html"
    page_path.write_text(
        report_html.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8"
    )
    result = _chromium(["--dump-dom"], page_path, tmp_path)
    assert _console_lines(result.stderr) == []
    assert 'data-shown="”En Fælles Indsats”, Slagelse"' in result.stdout
    assert "1 of 3 helhedsplaner" in result.stdout


def test_cli_report_command(tmp_path: Path) -> None:
    records_dir = tmp_path / "records"
    write_gold_records(records_dir)
    app = typer.Typer()
    app.command()(report)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, [str(records_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 records" in result.output and out.stat().st_size > 1_000_000


def test_folder_without_records_is_an_error(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(report)
    result = CliRunner().invoke(app, [str(tmp_path), "-o", str(tmp_path / "report.html")])
    assert result.exit_code == 2 and "no record files" in result.output
    assert not (tmp_path / "report.html").exists()


def test_values_show_their_page_and_confidence_on_hover(tmp_path: Path) -> None:
    """The sample bundle's strategic goals table is on page 2 of its PDF: the report's indicator cells
    say so, with the record's confidence, in a title attribute (no script needed)."""
    from pipeline import extract

    record = extract(Path(__file__).resolve().parent.parent / "samples" / "aftale-bundle.pdf")
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    (records_dir / "aftale-bundle.json").write_text(record.model_dump_json(), encoding="utf-8")
    write_report(records_dir, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    indicator = record.strategic_agreement.goals[0].indicators[0]
    entry = record.provenance["strategic_agreement.goals[0].indicators[0].indicator"]
    assert entry.pages == [2]
    cell = re.search(rf'<td([^>]*)>{re.escape(esc(indicator.indicator))}</td>', html)
    assert cell is not None
    assert f'title="page 2 · confidence {entry.confidence:.2f}"' in cell.group(1)
    source = record.provenance["strategic_agreement.goals[0].indicators[0].data_source"]
    assert f'title="page 2 · confidence {source.confidence:.2f}">{esc(indicator.data_source)}</td>' in html
