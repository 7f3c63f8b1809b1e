import subprocess
import sys

CORE = [
    "swgtui.model.template",
    "swgtui.model.report",
    "swgtui.model.review",
    "swgtui.model.schema",
    "swgtui.richtext",
    "swgtui.outline",
    "swgtui.model.dumpfile",
    "swgtui.sample",
    "swgtui.store",
    "swgtui.session",
    "swgtui.workspace",
    "swgtui.exports.docx_writer",
    "swgtui.cli",
]


def test_the_core_and_the_command_line_never_import_textual():
    code = f"import sys\nfor m in {CORE!r}: __import__(m)\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_app_does_not_load_python_docx_until_it_exports():
    code = "import sys\nimport swgtui.app\nprint('docx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
