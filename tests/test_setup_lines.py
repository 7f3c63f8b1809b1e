"""The README's set-up lines are the ones CI runs, and they never call pip outside a venv."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _shell_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_line_as_written():
    blocks = _shell_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    test_line = next(block for block in blocks if "pytest" in block)
    assert test_line in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_set_up_lines_install_into_a_virtual_environment():
    """A system Python under PEP 668 refuses a bare `pip install`: each line makes its own venv first."""
    blocks = _shell_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    install_and_run, install_and_test = blocks[0], next(block for block in blocks if "pytest" in block)
    for line in (install_and_run, install_and_test):
        assert line.startswith("python3 -m venv .venv && .venv/bin/python -m pip install ")
    assert install_and_run.endswith(".venv/bin/swgtui")
