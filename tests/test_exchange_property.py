"""Three laptops edit, comment and take review steps on one report and exchange review packages
in random orders (hypothesis). Once every laptop has received every other's latest package, all
show the same report and the same review, receiving a package again changes nothing, and every
text any of them saved is in every history."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swgtui.model import review
from swgtui.model.report import ReportError
from swgtui.model.template import load_template
from swgtui.outline import outline
from swgtui.sample import sample_report
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

PEOPLE = [
    {"name": "Noy Focal", "organisation": "Ministry of Public Security", "role": "focal point"},
    {"name": "Ms Chair", "organisation": "Ministry of Health", "role": "chair"},
    {"name": "Mr Lord", "organisation": "Embassy", "role": "co-chair"},
]
FIELDS = [("c2", "narrative"), ("c2", "challenges"), ("c3", "challenges")]
LINES = st.lists(st.sampled_from(["Funding came.", "Two clinics.", "Late.", "- a bullet", ""]), min_size=1, max_size=3)
ACTS = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, len(FIELDS) - 1), LINES),
    st.tuples(st.just("comment"), st.integers(0, 2), st.integers(0, len(FIELDS) - 1), LINES),
    st.tuples(st.just("request-changes"), st.integers(1, 2), st.integers(0, len(FIELDS) - 1), LINES),
    st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2), st.just([])),
)


def _view(store: ReportStore, report_id: str) -> tuple[str, str]:
    report = store.get(report_id)
    shown = outline(load_template(report["template"]), report)
    return json.dumps(shown, sort_keys=True), json.dumps(review.review_summary(report), sort_keys=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTS, min_size=1, max_size=8))
def test_laptops_exchanging_packages_in_any_order_end_with_the_same_report(acts):
    with tempfile.TemporaryDirectory(prefix="swgtui-exchange-") as name:
        folder = Path(name)
        stores = [ReportStore(folder / f"laptop-{n}" / "store.json", holder="tests").open() for n in range(3)]
        try:
            laptops = [Workspace(store) for store in stores]
            report_id = laptops[0].add(sample_report())
            first = laptops[0].send(report_id, folder / "first.swgpkg", PEOPLE[0]).path
            for laptop in laptops[1:]:
                laptop.receive(first)
            saved: set[str] = set()
            sent = 0
            for act, who, what, lines in acts:
                if act == "send":
                    if who != what:
                        sent += 1
                        path = laptops[who].send(report_id, folder / f"p{sent}.swgpkg", PEOPLE[who]).path
                        laptops[what].receive(path)
                    continue
                session = laptops[who].open(report_id, PEOPLE[who])
                part, field = FIELDS[what]
                text = "\n".join(lines)
                try:
                    if act == "edit":
                        if session.set_field(part, field, text):
                            saved.add(text)
                    elif act == "comment":
                        session.add_comment(part, text or "Why?")
                    else:
                        session.request_changes(part, text or "More, please.")
                except ReportError:  # refused as in the app (changes requested already, a part in conflict)
                    continue
                session.save()
            # everyone sends to everyone, until every laptop holds every act
            for _ in range(2):
                for giver in range(3):
                    for taker in range(3):
                        if giver != taker:
                            sent += 1
                            path = laptops[giver].send(report_id, folder / f"p{sent}.swgpkg", PEOPLE[giver]).path
                            laptops[taker].receive(path)
            views = [_view(store, report_id) for store in stores]
            assert views[0] == views[1] == views[2]
            for laptop, store in zip(laptops, stores, strict=True):
                assert not laptop.receive(path).changed  # the last package: every laptop holds it already
                texts = {revision["text"] for revision in store.full_history(report_id)}
                assert saved <= texts
        finally:
            for store in stores:
                store.close()
