"""Where exports go and what they are called."""

from __future__ import annotations

from pathlib import Path

from swgtui import paths
from swgtui import report as rp


def export_docx(report: rp.Report, out: Path | None = None) -> Path:
    """Write the report's .docx (to the export folder unless `out` is given); returns the path."""
    from swgtui.exports.docx_writer import default_file_name, write_docx  # python-docx is slow to import

    return write_docx(report, out or paths.export_dir() / default_file_name(report))
