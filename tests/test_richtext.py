"""Rich text of narrative fields: each line parsed as markdown-it's emphasis rules parse it alone,
though a text's lines are parsed together (plain lines without markdown-it at all)."""

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from swgtui.richtext import Block, Run, parse_blocks, parse_inline

_ALONE = MarkdownIt("zero").enable(["emphasis", "escape"])


def alone(line: str) -> tuple[Run, ...]:
    """The runs of one line parsed by markdown-it on its own (what each line always meant)."""
    runs, bold, italic = [], 0, 0
    for token in _ALONE.parseInline(line)[0].children or []:
        bold += {"strong_open": 1, "strong_close": -1}.get(token.type, 0)
        italic += {"em_open": 1, "em_close": -1}.get(token.type, 0)
        if token.content:
            runs.append(Run(token.content, bold > 0, italic > 0))
    return tuple(runs)


LINES = st.text(alphabet="ab *_\\\t-•1.)\n\u00a0ລາວ", max_size=60)


@given(LINES, st.booleans())
@settings(max_examples=500, deadline=None)
def test_each_line_reads_as_markdown_it_reads_it_alone(text, numbered):
    lines = [line for line in text.split("\n") if line.strip()]
    blocks = parse_blocks(text, numbered=numbered)
    assert len(blocks) == len(lines)
    for line, block in zip(lines, blocks, strict=True):
        if block.bullet:
            line = line.strip()[1:]
        elif block.number:
            line = line.strip().split(maxsplit=1)[1] if " " in line.strip() or "\t" in line.strip() else ""
        assert block.runs == alone(line.strip()) == parse_inline(line.strip())


def test_bold_italic_bullets_and_numbers():
    text = "Plain line\n- **Training** of *40* officers\n\n2. second _step_\n\\*not italic\\*"
    assert parse_blocks(text) == [
        Block((Run("Plain line"),)),
        Block((Run("Training", bold=True), Run(" of "), Run("40", italic=True), Run(" officers")), bullet=True),
        Block((Run("second "), Run("step", italic=True)), number=2),
        Block((Run("*not italic*"),)),
    ]
    assert parse_blocks("1. A title", numbered=False) == [Block((Run("1. A title"),))]
    assert parse_blocks("- ") == [Block((), bullet=True)]
