"""The DuckDB database: the analyst tables plus views for the questions asked most often.

The views are plain SQL over the tables, so an analyst can read them, copy them and change them;
they answer what the report shows (indicators per focus area, activities per helhedsplan, which
agreements lack mandatory sections) without any Python.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

# DuckDB 1.1 reads storage up to this version; DuckDB ≥ 1.2 writes newer storage unless told.
STORAGE_VERSION = "v1.1.0"

VIEWS: dict[str, str] = {
    # Strategic goals belong to no single focus area: they are grouped as "strategic".
    # n_baseline_values counts the numeric values, "Evt. anden baseline" included.
    "indicators_per_focus_area": """
        SELECT coalesce(a.focus_area, 'strategic') AS focus_area,
               coalesce(i.indicator_theme, '(unmatched)') AS indicator_theme,
               count(DISTINCT i.indicator_id) AS n_indicators,
               count(DISTINCT a.helhedsplan_id) AS n_helhedsplaner,
               count(b.baseline_id) AS n_baseline_values
        FROM indicators i
        JOIN agreements a USING (agreement_id)
        LEFT JOIN baselines b ON b.indicator_id = i.indicator_id AND b.value IS NOT NULL
        GROUP BY ALL
        ORDER BY focus_area, n_indicators DESC, indicator_theme
    """,
    # One row per activity: an overview item and its schema are one activity (activities.py).
    "activities_per_helhedsplan": """
        SELECT a.helhedsplan_id, a.helhedsplan,
               coalesce(x.activity_type, '(unmatched)') AS activity_type,
               count(*) AS n_activities,
               count(*) FILTER (WHERE NOT x.has_schema) AS n_without_schema,
               count(*) FILTER (WHERE NOT x.in_overview) AS n_not_in_overview,
               string_agg(x.name, '; ' ORDER BY x.agreement_id, x.activity_index) AS names
        FROM activities x
        JOIN agreements a USING (agreement_id)
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


def write_duckdb(arrow: dict[str, pa.Table], path: Path) -> dict[str, pa.Table]:
    """Rebuild the database file from scratch (a table dropped from the archive must not linger).

    The file is attached with an older storage version, so analysts on DuckDB 1.1 or later open it.
    Returns the views' contents, for the writers that show them (the XLSX sheets).
    """
    path.unlink(missing_ok=True)
    with duckdb.connect() as con:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS archive (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("USE archive")
        for name, table in arrow.items():
            con.register("_incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
        views = {}
        for name, sql in VIEWS.items():
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
            views[name] = con.sql(f'SELECT * FROM "{name}"').to_arrow_table()
        con.execute("USE memory")
        con.execute("DETACH archive")
    return views
