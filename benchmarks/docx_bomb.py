"""A small .docx whose document unpacks to many megabytes of empty paragraphs (a "zip bomb"),
made from a real swgtui export, for the import's memory limits (tests and run.py)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

DOCUMENT = "word/document.xml"
OPENING = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
CLOSING = b"</w:body></w:document>"


def write_bomb(path: Path, megabytes: float, element: bytes = b"<w:p/>") -> Path:
    """A copy of the sample's Word export whose document is `megabytes` MB of `element`."""
    from swgtui.exports.files import export_docx
    from swgtui.sample import sample_report

    source = path.with_name(path.stem + "-source.docx")
    export_docx(sample_report(), source)
    chunk = element * (1024 * 1024 // len(element))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename != DOCUMENT:
                bomb.writestr(info, original.read(info))
                continue
            with bomb.open(DOCUMENT, "w", force_zip64=True) as document:
                document.write(OPENING)
                written = 0
                while written < megabytes * 1024 * 1024:
                    document.write(chunk)
                    written += len(chunk)
                document.write(CLOSING)
    source.unlink()
    return path


_IMPORT_CHILD = """
import sys, time
from pathlib import Path
from swgtui.imports.docx_reader import DocxImportError, import_docx
started = time.perf_counter()
try:
    import_docx(Path(sys.argv[1]))
    print("imported")
except DocxImportError as error:
    print(error)
print(time.perf_counter() - started)
try:  # this process's own peak (ru_maxrss may keep the peak of the process that started it)
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024)
except (OSError, IndexError):
    import resource  # not on Windows
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def import_in_child(path: Path) -> tuple[str, float, float]:
    """Import the file in a fresh process: (its message or "imported", seconds, peak memory in MB)."""
    child = subprocess.run([sys.executable, "-c", _IMPORT_CHILD, str(path)], capture_output=True, text=True, check=True)
    message, seconds, peak_mb = child.stdout.strip().splitlines()
    return message, float(seconds), float(peak_mb)
