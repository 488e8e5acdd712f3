"""The live-latency benchmark runs end to end on a few messages.

No latency is asserted (figures belong to ``make bench-live``): this checks that
every message committed by the sender process was painted in the chat of the
headless app in the receiver process, and that the report says so.
"""

from __future__ import annotations

import json

import pytest

from bench import live_latency

pytestmark = pytest.mark.slow


def test_every_sent_message_is_painted_and_reported(tmp_path, monkeypatch, capsys):
    """Five messages sent on SQLite all appear in the open chat of the other
    process; the JSON report has their p50, p95 and max."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    results = tmp_path / "results"

    assert live_latency.main(
        ["--backend", "sqlite", "--messages", "5", "--results-dir", str(results)]
    ) == 0

    (report_path,) = results.glob("live-*.json")
    report = json.loads(report_path.read_text())
    (sqlite,) = report["results"]
    assert sqlite["backend"] == "sqlite"
    assert sqlite["painted"] == 5 and sqlite["missing"] == []
    assert 0 < sqlite["p50_ms"] <= sqlite["p95_ms"] <= sqlite["max_ms"]
    assert report["poll_interval_is_app_default"] is True
    assert "sqlite" in capsys.readouterr().out


def test_a_summary_of_no_samples_says_so():
    """A run where nothing arrived reports no figures rather than zeros."""
    assert live_latency.summary([]) == {
        "p50_ms": None, "p95_ms": None, "max_ms": None, "min_ms": None, "mean_ms": None,
    }
    assert live_latency.summary([10.0, 20.0, 30.0])["p50_ms"] == 20.0
