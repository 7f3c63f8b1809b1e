"""Rich text of narrative fields: each line parsed as markdown-it's emphasis rules parse it alone,
though a text's lines are parsed together (plain lines without markdown-it at all)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from swgtui import richtext
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
            line = re.sub(r"^\s*[-•*]\s+", "", line)
        elif block.number:
            line = re.sub(r"^\s*\d{1,3}[.)]\s+", "", line)
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


SPAN_PIECES = st.sampled_from(
    ["*", "**", "***", "a", "ລາ", "\u0eb4", " ", "“", "”", ".", "(", ")", "-", "€", "\u00a0", "_", "1"]
)


@given(st.lists(SPAN_PIECES, max_size=12).map("".join), st.lists(SPAN_PIECES, max_size=6).map("".join))
@settings(max_examples=1500, deadline=None)
def test_a_line_with_one_span_reads_as_markdown_it_reads_it(around, inside):
    for line in (f"{around}*{inside}*{around}", f"x{around}**{inside}**{around}y", around + inside):
        assert parse_inline(line) == alone(line)
        if not re.match(r"\s*[-•*]\s", line):  # not a bullet
            expected = [alone(line.strip())] if line.strip() else []
            assert [block.runs for block in parse_blocks(line, numbered=False)] == expected


def test_the_sample_s_italic_title_needs_no_markdown_it():
    line = "Through Project LAO/031 “*Support to Legal Teaching*” Luxembourg also supports"
    assert parse_inline(line) == (
        Run("Through Project LAO/031 “"),
        Run("Support to Legal Teaching", italic=True),
        Run("” Luxembourg also supports"),
    )
    assert richtext._one_span(line) is not None
