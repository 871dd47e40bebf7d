"""Writers that turn validated records into analyst outputs: flat datasets and an HTML comparison report.

They only ever see `models.Record` objects (validated on load), never the extractor's internals.
"""
