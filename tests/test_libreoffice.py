"""The Word export opened by LibreOffice, as a reviewer's office suite would: every row title and
the Lao text must be on the rendered pages. .ci/run installs LibreOffice, poppler and fonts-lao."""

import shutil
import subprocess

import pytest

from swgtui.exports.files import export_docx
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.richtext import parse_blocks

T = load_template("annex2")
LAO_SWG = "ກຸ່ມວຽກງານຂະແໜງການຄວບຄຸມຢາເສບຕິດ"
LAO_TEXT = "ການພັດທະນາເຕັກໂນໂລຊີ ແລະ ນະວັດຕະກໍາ"

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice or pdftotext is not installed"
)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_libreoffice_renders_every_row_title_and_the_lao_text(sample, tmp_path):
    rp.set_field(T, sample, rp.HEADER_ID, "swg_name", LAO_SWG)
    rp.set_field(T, sample, "c2", "challenges", LAO_TEXT)
    docx = export_docx(sample, tmp_path / "report.docx").path
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",  # its own: tests run in parallel
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = squeeze(text)
    for row in rp.rows(sample):
        for block in parse_blocks(row["title"], numbered=False):  # every line of the title
            assert squeeze(block.plain) in pages, (row["id"], block.plain)
    assert squeeze(LAO_TEXT) in pages
    assert squeeze(LAO_SWG) in pages
    assert text.count("\f") >= 10  # pages
