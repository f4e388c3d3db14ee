"""Sixty participants at once on localhost: nothing is lost; the p95 latency is reported
(printed, not asserted: timings depend on the machine)."""

from __future__ import annotations

import statistics
import threading
import time

from decision_aid.group.server import GroupServer
from tests.group.conftest import ballot_of, base, post_json, request

PEOPLE = 60


def test_sixty_participants_lose_nothing(served: GroupServer) -> None:
    counts = served.counts
    start = threading.Barrier(PEOPLE)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def timed(call, *args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        result = call(*args, **kwargs)
        with lock:
            latencies.append(time.perf_counter() - began)
        return result

    def participant(number: int) -> None:
        source = f"127.0.1.{number + 1}"  # each phone its own address, as on a real network
        start.wait()
        status, page, _headers = timed(request, served, "GET", base(served), source=source)
        css = timed(request, served, "GET", base(served) + "page.css", source=source)[0]
        ratings = {concern: number % 5 for concern in counts.concern_ids}
        leaning = f"option:{counts.option_ids[number % len(counts.option_ids)]}"
        payload = {"ballot": ballot_of(page), "ratings": ratings, "leaning": leaning}
        sent = timed(post_json, served, "answers", payload, source)
        asked = timed(post_json, served, "question", {"text": f"Question {number}"}, source)
        if (status, css, sent, asked) != (200, 200, 200, 200):
            with lock:
                failures.append(f"{number}: {(status, css, sent, asked)}")

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert counts.participants == PEOPLE
    for spread in counts.spreads():
        assert spread.answered == PEOPLE
        assert spread.shown == (12, 12, 12, 12, 12)
    counts.reveal_leanings()
    tally = counts.leanings()
    assert tally is not None and sum(tally.values()) == PEOPLE
    assert sorted(q.text for q in counts.questions()) == sorted(
        f"Question {n}" for n in range(PEOPLE)
    )
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"\ngroup load test: {len(latencies)} requests, p95 latency {p95 * 1000:.1f} ms")
