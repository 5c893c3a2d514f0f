"""`workers="auto"`: one process where a second would not pay, else one per free core."""
import os

from extractor.dataset import batch


def test_a_small_input_stays_on_one_process(monkeypatch):
    monkeypatch.setattr(batch, "effective_cores", lambda: 8)
    assert batch.auto_workers(10) == 1
    assert batch.auto_workers(batch.AUTO_MIN_ARTICLES - 1) == 1
    assert batch.auto_workers(None) == 8


def test_one_free_core_means_one_process(monkeypatch):
    monkeypatch.setattr(batch, "effective_cores", lambda: 1)
    assert batch.auto_workers(None) == 1


def test_free_cores_count_affinity_and_load(monkeypatch):
    monkeypatch.setattr(batch, "_cgroup_cores", lambda: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.0, 1.0, 1.0))  # this process alone
    assert batch.effective_cores() == 4
    monkeypatch.setattr(os, "getloadavg", lambda: (3.2, 3.0, 3.0))  # two other busy processes
    assert batch.effective_cores() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    assert batch.effective_cores() == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(batch, "_cgroup_cores", lambda: 1.5)  # a container allowed 1.5 CPUs
    assert batch.effective_cores() == 1


def test_auto_gives_the_same_outcomes_as_one_process():
    articles = [{"id": f"a{i}", "text": f"Laba bersih naik {i},5% menjadi Rp{i + 1} triliun."} for i in range(5)]
    articles.append({"id": "empty", "text": " "})
    one = list(batch.extract_stream(articles, workers=1))
    auto = list(batch.extract_stream(iter(articles), workers="auto"))
    assert [(e.where, e.rows, e.error) for e in auto] == [(e.where, e.rows, e.error) for e in one]
    assert auto[-1].error
