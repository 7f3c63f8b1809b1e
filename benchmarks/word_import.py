"""Word: importing, and refusing a .docx bomb."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Figure, figure
from benchmarks.docx_bomb import import_in_child, write_bomb


def docx_bomb_refusal(folder: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of refusing a 200 KB .docx that unpacks to 100 MB of <w:p/>."""
    message, seconds, peak_mb = import_in_child(write_bomb(folder / "bomb.docx", 100))
    assert message != "imported", "the docx bomb was imported"
    return seconds, peak_mb


def measure(repeat: int, folder: Path) -> dict[str, Figure]:
    bomb_seconds, bomb_mb = docx_bomb_refusal(folder)
    return {
        "refuse_docx_bomb_100mb": figure(bomb_seconds, "s", target=2),
        "peak_rss_refusing_docx_bomb": figure(bomb_mb, "MB", target=300, digits=1),
    }
