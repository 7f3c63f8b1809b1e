"""Where exports go and what they are called."""

from __future__ import annotations

from pathlib import Path

from swgtui import paths
from swgtui import report as rp

FORMATS = ("docx", "md")


def export_report(report: rp.Report, file_format: str = "docx", out: Path | None = None) -> Path:
    """Write the report as Word (docx) or Markdown (md), to the export folder unless `out` is given."""
    from swgtui.exports.docx_writer import default_file_name  # python-docx is slow to import

    name = default_file_name(report)
    if file_format == "md":
        from swgtui.exports.markdown_writer import write_markdown

        return write_markdown(report, out or paths.export_dir() / (name.removesuffix(".docx") + ".md"))
    from swgtui.exports.docx_writer import write_docx

    return write_docx(report, out or paths.export_dir() / name)


def export_docx(report: rp.Report, out: Path | None = None) -> Path:
    return export_report(report, "docx", out)
