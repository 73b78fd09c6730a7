"""In-process events: a bulk load mutes its own reactions, not another thread's."""

from __future__ import annotations

import threading

from qifutong import events


def test_muting_holds_in_the_muting_thread_only(monkeypatch):
    monkeypatch.setattr(events, "_handlers", {"test_event": []})
    heard: list[str] = []
    events.subscribe("test_event", lambda who: heard.append(who))
    inside, go_on = threading.Event(), threading.Event()

    def bulk_load() -> None:
        with events.muted():
            events.emit("test_event", who="bulk")
            inside.set()
            go_on.wait(10)
            with events.muted():  # nested: still muted after the inner block ends
                pass
            events.emit("test_event", who="bulk again")
        events.emit("test_event", who="bulk done")

    loader = threading.Thread(target=bulk_load)
    loader.start()
    assert inside.wait(10)
    events.emit("test_event", who="request")  # another thread, while the load is muted
    go_on.set()
    loader.join(10)
    assert heard == ["request", "bulk done"]
