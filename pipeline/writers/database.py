"""The DuckDB database: the analyst tables plus views for the questions asked most often.

The views are plain SQL over the tables, so an analyst can read them, copy them and change them;
they answer what the report shows (indicators per focus area, activities per helhedsplan, which
agreements lack mandatory sections) without any Python.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

VIEWS: dict[str, str] = {
    # Strategic goals belong to no single focus area: they are grouped as "strategic".
    # n_baseline_values counts the numeric values, "Evt. anden baseline" included.
    "indicators_per_focus_area": """
        SELECT coalesce(a.focus_area, 'strategic') AS focus_area,
               coalesce(i.indicator_theme, '(unmatched)') AS indicator_theme,
               count(DISTINCT i.indicator_id) AS n_indicators,
               count(DISTINCT a.helhedsplan) AS n_helhedsplaner,
               count(b.baseline_id) AS n_baseline_values
        FROM indicators i
        JOIN agreements a USING (agreement_id)
        LEFT JOIN baselines b ON b.indicator_id = i.indicator_id AND b.value IS NOT NULL
        GROUP BY ALL
        ORDER BY focus_area, n_indicators DESC, indicator_theme
    """,
    # Activity schemas only: overview items repeat them and would count every activity twice.
    "activities_per_helhedsplan": """
        SELECT a.helhedsplan,
               coalesce(x.activity_type, '(unmatched)') AS activity_type,
               count(*) AS n_activities,
               string_agg(x.name, '; ' ORDER BY x.agreement_id, x.activity_index) AS names
        FROM activities x
        JOIN agreements a USING (agreement_id)
        WHERE x.source = 'schema'
        GROUP BY ALL
        ORDER BY a.helhedsplan, n_activities DESC, activity_type
    """,
    # Every agreement appears, with zeros when nothing is missing, so absence of a row is never ambiguous.
    "missing_sections_per_agreement": """
        SELECT a.agreement_id, a.helhedsplan, a.kind, a.name, a.focus_area,
               count(f.finding_id) FILTER (WHERE f.code = 'missing_section') AS n_missing,
               count(f.finding_id) FILTER (WHERE f.code = 'empty_section') AS n_empty,
               string_agg(f.path, '; ' ORDER BY f.finding_index) AS paths
        FROM agreements a
        LEFT JOIN findings f
               ON f.agreement_id = a.agreement_id AND f.code IN ('missing_section', 'empty_section')
        GROUP BY ALL
        ORDER BY n_missing + n_empty DESC, a.agreement_id
    """,
}


def write_duckdb(arrow: dict[str, pa.Table], path: Path) -> Path:
    """Rebuild the database file from scratch, so a table dropped from the archive does not linger."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for name, table in arrow.items():
            con.register("_incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
        for name, sql in VIEWS.items():
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
    return path
