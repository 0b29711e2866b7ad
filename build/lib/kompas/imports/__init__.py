"""One import pipeline for every file people download: readers per format fill one long staging table in
DuckDB (``staging``), one plan in SQL maps, parses numbers, checks and compares (``plan``), and one
transaction writes (``pipeline.apply_plan``). Start at ``import_file``."""

from kompas.imports.pipeline import apply_plan, file_hash, import_file, write_refused
from kompas.imports.report import ImportPlan, ImportRefused

__all__ = ["ImportPlan", "ImportRefused", "apply_plan", "file_hash", "import_file", "write_refused"]
