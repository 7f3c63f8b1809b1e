"""The crash drill in CI: 50 SIGKILLs at random moments, no acknowledged save lost."""

from benchmarks.crash_drill import run_drill


def test_no_acknowledged_save_is_lost_when_the_process_is_killed(tmp_path):
    result = run_drill(50, tmp_path, seed=7)
    assert result["trials"] == 50
    assert result["saves"] > 50  # the children really saved between the kills
