"""Small HTML building blocks for the report: escaped text, sortable tables and the page shell.

Every string from a document is untrusted (anyone can write an agreement), so text reaches the page
only through `esc`, and the page forbids all network access with a Content-Security-Policy: it must
open offline, and a value that slipped through escaping still could not load or send anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# No network of any kind; inline script and style only (the report embeds its own JS and CSS).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

CSS = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1.5rem 3rem;
       color: #1d2733; }
h1 { margin-top: 1.5rem; } h2 { border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; margin-top: 2.5rem; }
nav a { margin-right: 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.card { background: #f3f6f9; border-radius: 6px; padding: .6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.5rem; font-size: .88rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top;
         white-space: pre-line; overflow-wrap: break-word; max-width: 32rem; }
th { background: #eef2f6; cursor: pointer; user-select: none; overflow-wrap: normal; }
td.hit { background: #dbe9f8; text-align: center; } td.miss { background: #fbe3e4; text-align: center; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .75rem 0;
           padding: .5rem .75rem; background: #f3f6f9; border-radius: 6px; }
.filters select { margin-left: .4rem; }
th[data-dir="asc"]::after { content: " ▲"; } th[data-dir="desc"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #6a737d; }
td[title] { cursor: help; } td.low { text-decoration: underline dotted #c0392b; }
"""

# Click a header to sort by that column; numbers sort as numbers (Danish decimal comma allowed).
SORT_JS = """
(function () {
  function key(cell) {
    var v = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    var n = Number(v.replace(',', '.'));
    return v !== '' && !isNaN(n) ? n : v.toLowerCase();
  }
  function sortBy(table, index, th) {
    var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('data-dir'); });
    th.setAttribute('data-dir', dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      var numeric = typeof x === 'number' && typeof y === 'number';
      var r = numeric ? x - y : String(x).localeCompare(String(y), 'da');
      return dir === 'asc' ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, i) {
      th.addEventListener('click', function () { sortBy(table, i, th); });
    });
  });
  document.body.setAttribute('data-sortable', 'ready');
})();
"""


@dataclass(frozen=True)
class Cell:
    """A text cell with its own numeric sort key (if any) and CSS class, for cells that show more than the number."""

    text: str
    sort: float | None = None
    css: str | None = None
    title: str | None = None  # shown on hover (the value's page and confidence in the report)


CellValue = str | int | float | None | Cell


def esc(value: object) -> str:
    """Escape any value for HTML text or attribute context; None shows as an empty string."""
    return "" if value is None else escape(str(value), quote=True)


def fmt_number(value: float | None) -> str:
    """Danish-style figures as in the documents: decimal comma, whole numbers without ",0"."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text.replace(".", ",")


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    table_id: str | None = None,
    row_keys: Sequence[str | None] | None = None,
) -> str:
    """A sortable table in a scroll box; numeric cells are right-aligned and sort by their value.

    `row_keys` tag each row with its helhedsplan id, for the filters (filters.py).
    """
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    keys = row_keys if row_keys is not None else [None] * len(rows)
    body = "".join(
        (f'<tr data-plan="{esc(key)}">' if key else "<tr>") + "".join(_td(c) for c in row) + "</tr>"
        for key, row in zip(keys, rows, strict=True)
    )
    id_attr = f' id="{esc(table_id)}"' if table_id else ""
    return (
        f'<div class="scroll"><table class="sortable"{id_attr}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _td(value: CellValue) -> str:
    if isinstance(value, Cell):
        css = f' class="{esc(value.css)}"' if value.css else ""
        sort = f' data-sort="{value.sort}"' if value.sort is not None else ""
        title = f' title="{esc(value.title)}"' if value.title else ""
        return f"<td{css}{sort}{title}>{esc(value.text)}</td>"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"<td>{esc(value)}</td>"
    return f'<td class="num" data-sort="{value}">{esc(fmt_number(value))}</td>'


def page(title: str, body: str, tail: Sequence[str] = ()) -> str:
    """The whole document: CSP, inline CSS, the body, then the sort script and `tail` (ready HTML)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body>{body}<script>{SORT_JS}</script>{''.join(tail)}</body></html>\n"
    )
