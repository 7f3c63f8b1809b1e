"""Review packages on the command line: a focal point and co-chairs, each with their own store,
send and receive; bad packages are refused with one line and nothing stored; a receive is taken
back with --undo."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from swgtui.cli import main
from swgtui.model import package as pkg
from swgtui.model.dumpfile import dump_report
from swgtui.sample import sample_report

SAMPLE = "idswg-2020-2021"
CARRIES = "every draft and every internal comment"
FOCAL = "focal point"
NAMED = f"{SAMPLE} (Illicit Drug Sector Working Group 2020/2021)"


class Laptop:
    """One person's laptop: their own store, export, templates and config folders."""

    def __init__(self, folder: Path, name: str, organisation: str, role: str) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        self.env = {
            "SWGTUI_DB": str(folder / "store.json"),
            "SWGTUI_EXPORT_DIR": str(folder / "exports"),
            "SWGTUI_EXPORT_RECORD": str(folder / "exports.json"),
            "SWGTUI_TEMPLATES": str(folder / "templates"),
            "SWGTUI_CONFIG_DIR": str(folder / "config"),
        }
        assert self.run("whoami", "--name", name, "--org", organisation, "--role", role).exit_code == 0

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(main, list(args), env=self.env)

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, result.output
        return result

    def send(self, report_id: str = SAMPLE) -> Path:
        result = self.ok("send", report_id)
        assert CARRIES in result.stderr
        return Path(result.stdout.strip())

    def receive(self, package: Path) -> tuple[str, str]:
        result = self.ok("receive", str(package))
        return result.stdout.strip(), result.stderr.strip()

    def show(self, report_id: str = SAMPLE) -> dict:
        return json.loads(self.ok("show", report_id, "--json").stdout)

    def store_files(self) -> dict[str, bytes]:
        """Every file of the store (not its lock), by path."""
        found = {}
        for path in sorted(self.folder.rglob("*")):
            relative = str(path.relative_to(self.folder))
            if path.is_file() and relative.startswith("store") and not relative.endswith(".lock"):
                found[relative] = path.read_bytes()
        return found


def field(shown: dict, row_id: str, field_id: str) -> str:
    for section in shown["sections"]:
        for row in section["rows"]:
            if row["id"] == row_id:
                return row["fields"][field_id]
    raise KeyError(row_id)


def test_send_writes_a_package_into_the_export_folder_and_says_what_it_carries(focal):
    result = focal.ok("send", SAMPLE[:6])
    path = Path(result.stdout.strip())
    assert path.parent == focal.folder / "exports"
    assert path.name.startswith("Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021-review-")
    assert path.suffix == ".swgpkg"
    assert result.stderr.count("\n") == 1 and CARRIES in result.stderr
    package = pkg.parse_package(path.read_bytes())
    assert package.sent_by == {
        "name": "Noy Focal",
        "organisation": "Ministry of Public Security",
        "role": "focal point",
    }
    texts = {(r["part"], r["field"]): r["text"] for r in package.history}
    assert texts[("c2", "narrative")] == field(focal.show(), "c2", "narrative")  # every value has a revision


def test_send_out_writes_where_told_and_refuses_other_files(focal):
    out = focal.folder / "answer.swgpkg"
    assert focal.ok("send", SAMPLE, "--out", str(out)).stdout.strip() == str(out)
    assert pkg.parse_package(out.read_bytes()).report["id"] == SAMPLE
    for bad in ("store.json", str(focal.folder / "report.docx")):
        result = focal.run("send", SAMPLE, "--out", bad)
        assert result.exit_code == 1
        assert result.stderr == f"Error: cannot write {bad}: a review package export goes to a file ending in .swgpkg\n"
    before = focal.store_files()
    missing = focal.folder / "nowhere" / "answer.swgpkg"
    result = focal.run("send", SAMPLE, "--out", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {missing}: the folder {missing.parent} does not exist\n"
    assert focal.store_files() == before
    result = focal.run("send", "nope")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no report 'nope'")


def test_review_events_leave_marked_with_the_package_that_first_carried_them(focal):
    focal.ok("status", SAMPLE, "c2", "ready")
    first = pkg.parse_package(focal.send().read_bytes())
    [ready] = first.report["review"]["events"]
    assert ready["package"] == first.id
    focal.ok("status", SAMPLE, "c3", "ready")
    second = pkg.parse_package(focal.send().read_bytes())
    packages = {event["id"]: event["package"] for event in second.report["review"]["events"]}
    assert packages[ready["id"]] == first.id  # kept from the first package
    assert set(packages.values()) == {first.id, second.id}


def test_a_report_the_store_does_not_hold_is_added(focal, cochair):
    package = focal.send()
    report_id, summary = cochair.receive(package)
    assert report_id == SAMPLE
    assert summary.startswith(
        f"report {SAMPLE} (Illicit Drug Sector Working Group 2020/2021) was not in this store: added"
    )
    assert "sent by Noy Focal (focal point, Ministry of Public Security) on " in summary
    assert cochair.show() == focal.show()
    assert json.loads(cochair.ok("review", SAMPLE, "--json").stdout) == json.loads(
        focal.ok("review", SAMPLE, "--json").stdout
    )
    for laptop in (cochair, focal):  # nor does the sender's own package change the sender's store
        before = laptop.store_files()
        report_id, summary = laptop.receive(package)
        assert summary == f"already received: nothing changed in {NAMED}"
        assert without_received(laptop.store_files()) == without_received(before)
        assert json.loads(laptop.ok("overview", "--period", "2020/2021", "--json").stdout)[6]["received"]


def test_a_report_deleted_here_is_added_as_new_and_says_so(focal, cochair):
    package = focal.send()
    cochair.receive(package)
    cochair.ok("delete", SAMPLE, "--yes")
    report_id, summary = cochair.receive(package)
    assert report_id == SAMPLE
    assert (
        f"report {SAMPLE} (Illicit Drug Sector Working Group 2020/2021) had been deleted here: added again" in summary
    )
    assert cochair.show() == focal.show()


def bad_packages(good: bytes) -> dict[str, tuple[bytes, str]]:
    whole = json.loads(gzip.decompress(good))
    changed = json.loads(json.dumps(whole))
    changed["content"]["report"]["period"] = "2030/2031"
    future = {**whole, "version": 2}
    bad_template = json.loads(json.dumps(whole))
    bad_template["content"]["template"]["data"]["title"] = "Another"
    bad_template["sha256"] = pkg.sha256(bad_template["content"])
    bad_report = json.loads(json.dumps(whole))
    bad_report["content"]["report"]["sections"] = "zzz"
    bad_report["sha256"] = pkg.sha256(bad_report["content"])
    return {
        "damaged": (good[:20] + bytes(30) + good[50:], "is damaged"),
        "truncated": (good[: len(good) - 200], "is truncated"),
        "not gzip": (b"Dear co-chair, please find attached", "is not a review package (not a gzip file)"),
        "a dump": (dump_report(sample_report()).encode(), "is a report dump, not a review package: use swgtui load"),
        "future": (gzip.compress(json.dumps(future).encode()), "was made by a newer swgtui (version 2)"),
        "checksum": (gzip.compress(json.dumps(changed).encode()), "its checksum does not match its content"),
        "template": (gzip.compress(json.dumps(bad_template).encode()), "template 'annex2' does not match its checksum"),
        "report": (gzip.compress(json.dumps(bad_report).encode()), "cannot be received: sections"),
    }


def test_every_bad_package_is_refused_in_one_line_and_nothing_is_stored(focal, cochair):
    cochair.ok("new", "--swg", "Health Sector Working Group", "--period", "2025/2026")
    good = focal.send().read_bytes()
    for laptop in (focal, cochair):  # the sender's store holds the report; the other's does not
        before = laptop.store_files()
        for name, (data, expected) in bad_packages(good).items():
            path = laptop.folder / f"{name}.swgpkg"
            path.write_bytes(data)
            result = laptop.run("receive", str(path))
            assert result.exit_code == 1, name
            assert result.stdout == "", name
            assert result.stderr.startswith(f"Error: {path} "), (name, result.stderr)
            assert expected in result.stderr and result.stderr.count("\n") == 1, (name, result.stderr)
            assert "Traceback" not in result.output
            assert laptop.store_files() == before, name
        assert not (laptop.folder / "templates").exists()


def test_a_missing_file_a_folder_and_no_file_are_refused(cochair):
    for path, expected in (
        (cochair.folder / "nope.swgpkg", f"Error: no file {cochair.folder / 'nope.swgpkg'}\n"),
        (cochair.folder, f"Error: {cochair.folder} is a folder, not a file\n"),
    ):
        result = cochair.run("receive", str(path))
        assert (result.exit_code, result.stderr) == (1, expected)
    result = cochair.run("receive")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: give the FILE to receive: a review package or a reviewed .docx "
        "(or --undo to take the last receive back)\n"
    )


def test_a_template_the_reviewer_lacks_comes_with_the_package(focal, cochair):
    templates = focal.folder / "templates"
    templates.mkdir()
    data = json.loads((Path(pkg.__file__).parent.parent / "data" / "templates" / "annex2.json").read_text())
    data["id"], data["title"] = "annex2-health", "Annex 2 for the health sector"
    (templates / "annex2-health.json").write_text(json.dumps(data), encoding="utf-8")
    report_id = focal.ok(
        "new", "--swg", "Health Sector Working Group", "--period", "2025/2026", "--template", "annex2-health"
    ).stdout.strip()
    focal.ok("set", report_id, "c2", "narrative", "Two new clinics.")
    package = focal.send(report_id)
    assert cochair.run("show", report_id).exit_code == 1
    received, summary = cochair.receive(package)
    assert received == report_id
    assert f"its template 'annex2-health' was added to {cochair.folder / 'templates'}" in summary
    assert json.loads((cochair.folder / "templates" / "annex2-health.json").read_text()) == data
    assert field(cochair.show(report_id), "c2", "narrative") == "Two new clinics."
    assert cochair.ok("templates").stdout.count("annex2-health") == 1


def test_a_refused_report_takes_its_template_back_out(focal, cochair):
    templates = focal.folder / "templates"
    templates.mkdir()
    data = json.loads((Path(pkg.__file__).parent.parent / "data" / "templates" / "annex2.json").read_text())
    data["id"] = "annex2-health"
    (templates / "annex2-health.json").write_text(json.dumps(data), encoding="utf-8")
    report_id = focal.ok("new", "--swg", "Health SWG", "--period", "2025/2026", "--template", "annex2-health").stdout
    whole = json.loads(gzip.decompress(focal.send(report_id.strip()).read_bytes()))
    whole["content"]["report"]["period"] = "sometime"
    whole["sha256"] = pkg.sha256(whole["content"])
    path = cochair.folder / "bad.swgpkg"
    path.write_bytes(gzip.compress(json.dumps(whole).encode()))
    before = cochair.store_files()
    result = cochair.run("receive", str(path))
    assert result.exit_code == 1 and "period" in result.stderr
    assert cochair.store_files() == before
    assert list((cochair.folder / "templates").glob("*")) == []


def test_undo_takes_back_a_receive_that_added_the_report(focal, cochair):
    cochair.ok("new", "--swg", "Health Sector Working Group", "--period", "2025/2026")
    before = cochair.store_files()
    cochair.receive(focal.send())
    result = cochair.ok("receive", "--undo")
    assert result.stdout == ""
    assert result.stderr.startswith("took back the receive of ")
    assert result.stderr.endswith(f": report {NAMED}, which it added, is removed\n")
    assert cochair.run("show", SAMPLE).exit_code == 1
    assert without_backups(cochair.store_files()) == before
    result = cochair.run("receive", "--undo")
    assert (result.exit_code, result.stderr) == (1, "Error: there is no receive to take back\n")


def without_backups(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith("store.backups")}


def without_received(files: dict[str, bytes]) -> dict[str, Any]:
    """The store's files, its list of reports read, less when each report was last received (a
    receive notes it even when the package changes nothing)."""
    listed = json.loads(files["store.json"])
    for line in listed["reports"].values():
        line.pop("received", None)
    return {**files, "store.json": listed}


def test_undo_is_refused_when_the_report_changed_since(focal, cochair):
    cochair.receive(focal.send())
    cochair.ok("set", SAMPLE, "c2", "challenges", "Written after receiving.")
    before = cochair.store_files()
    result = cochair.run("receive", "--undo")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: report {SAMPLE} changed since ")
    assert result.stderr.endswith("taking the receive back would lose those changes\n")
    assert cochair.store_files() == before


# --- the round trip (merging) ------------------------------------------------------------------


def test_the_round_trip_focal_point_to_co_chair_and_back(focal, cochair):
    cochair.receive(focal.send())
    # the co-chair reviews: a comment, an approval of a part, an edit; and sends back
    cochair.ok("comment", SAMPLE, "c2", "Please name the provinces.")
    cochair.ok("set", SAMPLE, "c3", "challenges", "Reviewed by the co-chair.")
    answer = cochair.send()
    # meanwhile the focal point went on writing another field
    focal.ok("set", SAMPLE, "c2", "challenges", "Written by the focal point meanwhile.")
    before = focal.store_files()
    report_id, summary = focal.receive(answer)
    assert report_id == SAMPLE
    assert summary.startswith(f"merged into {NAMED}, sent by Mr Lord")
    assert "1 field taken" in summary and "1 comment added" in summary
    shown = focal.show()
    assert field(shown, "c3", "challenges") == "Reviewed by the co-chair."
    assert field(shown, "c2", "challenges") == "Written by the focal point meanwhile."
    review = json.loads(focal.ok("review", SAMPLE, "--json").stdout)
    assert "Please name the provinces." in json.dumps(review)
    history = json.loads(focal.ok("history", SAMPLE, "c3", "challenges", "--json").stdout)
    assert history[-1]["text"] == "Reviewed by the co-chair." and history[-1]["by"]["name"] == "Mr Lord"

    # the same package again changes nothing
    merged = focal.store_files()
    again = focal.run("receive", str(answer))
    assert again.exit_code == 0
    assert again.stdout.strip() == SAMPLE
    assert again.stderr.startswith("already received: nothing changed")
    assert without_received(focal.store_files()) == without_received(merged)

    # undo takes the co-chair's answer back; receiving it again merges it again, the same way
    undone = focal.ok("receive", "--undo")
    assert undone.stderr.endswith(f": report {NAMED} is as it was before\n")
    assert without_backups(focal.store_files()) == without_backups(before)
    focal.receive(answer)
    assert without_received(without_backups(focal.store_files())) == without_received(without_backups(merged))

    # the focal point sends the merged report; the co-chair receives it: both show the same
    cochair.receive(focal.send())
    assert cochair.show() == focal.show()
    assert json.loads(cochair.ok("review", SAMPLE, "--json").stdout) == review


def test_three_co_chairs_answers_received_in_any_order_give_the_same_report(focal, tmp_path):
    focal.ok("status", SAMPLE, "c2", "ready")
    package = focal.send()
    answers = []
    for number, (name, role, part, field_id) in enumerate(
        [
            ("Ms Chair", "chair", "c2", "challenges"),
            ("Mr Lord", "co-chair", "c3", "challenges"),
            ("Dr Review", "reviewer", "c2", "narrative"),
        ]
    ):
        laptop = Laptop(tmp_path / f"reviewer-{number}", name, f"Organisation {number}", role)
        laptop.receive(package)
        laptop.ok("comment", SAMPLE, part, f"A question from {name}.")
        laptop.ok("set", SAMPLE, part, field_id, f"Changed by {name}.\n")
        if role != "reviewer":
            laptop.ok("status", SAMPLE, "c4", "request-changes", "--note", f"{name} asks for figures.")
        answers.append(laptop.send())
    orders = ([0, 1, 2], [2, 0, 1], [1, 2, 0])
    seen = []
    for order in orders:
        copy = tmp_path / f"focal-{''.join(map(str, order))}"
        shutil.copytree(focal.folder, copy)
        laptop = Laptop.__new__(Laptop)
        laptop.folder = copy
        laptop.env = {key: value.replace(str(focal.folder), str(copy)) for key, value in focal.env.items()}
        for number in order:
            laptop.receive(answers[number])
        seen.append((laptop.show(), json.loads(laptop.ok("review", SAMPLE, "--json").stdout)))
    assert seen[0] == seen[1] == seen[2]
    shown, review = seen[0]
    assert field(shown, "c3", "challenges") == "Changed by Mr Lord.\n"
    texts = json.dumps(review)
    assert all(f"A question from {name}." in texts for name in ("Ms Chair", "Mr Lord", "Dr Review"))
