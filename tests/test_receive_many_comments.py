"""Receiving a reviewed Word file with many comments: threads, replies of replies far down a
chain, threads resolved in Word; receiving it again recognises every one of them."""

from __future__ import annotations

from swgtui.model import review
from tests.test_receive_docx import ASKED, DONE, NOY, SAMPLE, export, store_files, workspace  # noqa: F401
from tests.wordlike import Reviewed

PASSAGE = "network of 20 Border Liaison Offices"
AUTHORS = ("Mr Lord", "Anna Reviewer", "Khamla Sisouk")
THREADS, CHAIN = 60, 1_100  # a chain of replies deeper than Python's recursion limit


def test_many_comments_replies_and_a_long_chain_are_received_once(workspace, tmp_path, store_path):  # noqa: F811
    path = export(workspace, tmp_path)
    reviewed = Reviewed(path)
    roots = []
    for number in range(THREADS):
        first = reviewed.comment(PASSAGE, f"Question {number}: which provinces?", author=AUTHORS[number % 3])
        reviewed.reply(first, f"Answer {number}: the northern ones.", author=AUTHORS[(number + 1) % 3])
        if number % 10 == 0:
            reviewed.resolve(first)
        roots.append(first)
    last = roots[-1]
    for number in range(CHAIN):  # each reply answers the one before
        last = reviewed.reply(last, f"Follow-up {number}.", author=AUTHORS[number % 3])
    reviewed.save()

    received = workspace.receive(path, by=NOY)
    assert received.summary == (
        f"received report.docx into {SAMPLE} (Illicit Drug Sector Working Group 2020/2021): "
        f"{THREADS} comments added, {THREADS + CHAIN} replies, {THREADS // 10} threads resolved"
    )
    report = workspace.get(SAMPLE)
    threads = {thread["text"]: thread for thread in review.threads(report)}
    assert set(threads) == {ASKED, DONE} | {f"Question {number}: which provinces?" for number in range(THREADS)}
    for number in range(THREADS):
        thread = threads[f"Question {number}: which provinces?"]
        assert (thread["part"], thread["field"], thread["quote"]) == ("a1", "progress", PASSAGE)
        assert thread["by"]["name"] == AUTHORS[number % 3]
        assert (thread["resolved"] is not None) == (number % 10 == 0)
        replies = [(reply["text"], reply["by"]["name"]) for reply in thread["replies"]]
        expected = [(f"Answer {number}: the northern ones.", AUTHORS[(number + 1) % 3])]
        if number == THREADS - 1:
            expected += [(f"Follow-up {n}.", AUTHORS[n % 3]) for n in range(CHAIN)]
        assert replies == expected, number

    files = store_files(store_path)
    again = workspace.receive(path, by=NOY)
    assert (again.changed, again.summary) == (
        False,
        f"already received: nothing changed in {SAMPLE} (Illicit Drug Sector Working Group 2020/2021)",
    )
    assert store_files(store_path) == files
