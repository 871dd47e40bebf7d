"""helhedsplan: LBF helhedsplan agreements (DOCX, PDF, scanned PDF, text) → validated JSON records.

Python use::

    from pipeline import extract
    record = extract("agreement.docx")   # a models.Record
"""

from pipeline.run import extract

__all__ = ["extract"]
