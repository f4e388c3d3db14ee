"""The participants' server: the page, and hostile requests refused while the session
survives them."""

from __future__ import annotations

import socket

import pytest

from decision_aid.content.loader import LoadedPack
from decision_aid.group.page import PageMaker
from decision_aid.group.server import GroupServer, Limits, RateLimiter
from tests.group.conftest import ballot_of, base, counts_for, post_json, request


def _answers(server: GroupServer, source: str = "127.0.0.1") -> int:
    status, page, _headers = request(server, "GET", base(server), source=source)
    assert status == 200
    concern = server.counts.concern_ids[0]
    payload = {"ballot": ballot_of(page), "ratings": {concern: 3}, "leaning": "unsure"}
    return post_json(server, "answers", payload, source)


def test_page_has_options_icon_arrays_and_the_scale_with_no_cookie(
    served: GroupServer, knee: LoadedPack
) -> None:
    status, page, headers = request(served, "GET", base(served) + "?lang=en")
    text = page.decode()
    assert status == 200
    assert "Set-Cookie" not in headers
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    for option in knee.content.options:
        assert option.name in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="icons" role="img"' in text
    assert text.count('type="radio" name="c-') == 5 * len(knee.content.values)
    assert "<script>" not in text  # only the page's own script file runs


def test_page_in_arabic_is_right_to_left_and_translated(served: GroupServer) -> None:
    _status, page, _headers = request(
        served, "GET", base(served), headers={"Accept-Language": "ar"}
    )
    text = page.decode()
    assert '<html lang="ar" dir="rtl">' in text
    assert "Send my answers" not in text
    _status, page, _headers = request(served, "GET", base(served) + "?lang=cy")
    assert '<html lang="cy" dir="ltr">' in page.decode()


def test_pack_text_is_escaped_on_the_page(knee: LoadedPack) -> None:
    content = knee.content
    hostile = content.model_copy(
        update={
            "options": (
                content.options[0].model_copy(update={"name": "<script>alert(1)</script>"}),
                *content.options[1:],
            )
        }
    )
    pack = knee.pack.model_copy(update={"content": hostile})
    loaded = LoadedPack(knee.source, pack, {}, knee.content_hash)
    text = PageMaker(loaded).page("en", '"><b>')
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'data-ballot="&quot;&gt;&lt;b&gt;"' in text


def test_answers_are_counted_once_and_a_replay_refused(served: GroupServer) -> None:
    _status, page, _headers = request(served, "GET", base(served))
    concern = served.counts.concern_ids[0]
    payload = {"ballot": ballot_of(page), "ratings": {concern: 2}, "leaning": None}
    assert post_json(served, "answers", payload) == 200
    assert post_json(served, "answers", payload) == 409
    assert served.counts.spreads()[0].answered == 1


def test_wrong_token_is_refused(served: GroupServer) -> None:
    wrong = "/g/" + "A" * len(served.counts.token) + "/"
    assert request(served, "GET", wrong)[0] == 404
    assert request(served, "GET", "/")[0] == 404
    assert request(served, "GET", "/g/")[0] == 404
    body = b'{"text": "hello"}'
    assert (
        request(
            served, "POST", wrong + "question", body, headers={"Content-Type": "application/json"}
        )[0]
        == 404
    )
    assert served.counts.questions() == []


def test_oversized_and_malformed_requests_are_refused(served: GroupServer) -> None:
    url = base(served) + "question"
    json_type = {"Content-Type": "application/json"}
    big = b'{"text": "' + b"x" * 20_000 + b'"}'
    assert request(served, "POST", url, big, headers=json_type)[0] == 413
    for bad in (b"{", b"[]", b'{"text": 5}', b'{"text": "a", "more": 1}', b"\xff\xfe", b"NaN"):
        assert request(served, "POST", url, bad, headers=json_type)[0] == 400, bad
    assert (
        request(served, "POST", url, b'{"text": "a"}', headers={"Content-Type": "text/plain"})[0]
        == 415
    )
    assert (
        post_json(served, "answers", {"ballot": "x", "ratings": {"nope": 9}, "leaning": None})
        == 400
    )
    assert (
        post_json(served, "answers", {"ballot": "forged", "ratings": {}, "leaning": "unsure"})
        == 409
    )
    deep = b'{"text": ' + b"[" * 3000 + b"]" * 3000 + b"}"
    assert request(served, "POST", url, deep, headers=json_type)[0] == 400
    # the session survives all of it
    assert _answers(served) == 200
    assert served.counts.questions() == []


def test_a_question_with_markup_arrives_as_text(served: GroupServer) -> None:
    assert post_json(served, "question", {"text": "<img src=x onerror=alert(1)> Pain?"}) == 200
    assert served.counts.questions()[0].text == "<img src=x onerror=alert(1)> Pain?"


def test_flooding_is_refused_per_client_and_others_still_served(served: GroupServer) -> None:
    statuses = [request(served, "GET", base(served) + "page.css")[0] for _n in range(40)]
    assert 429 in statuses
    assert statuses.count(200) <= Limits().burst
    assert _answers(served, source="127.0.0.2") == 200  # another phone is not held up
    assert served.counts.spreads()[0].answered == 1


def test_rate_limiter_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(Limits(burst=2, per_second=1.0), clock=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a")
    assert not limiter.allow("a")
    assert limiter.allow("b")
    now[0] = 1.0
    assert limiter.allow("a")


def test_slow_client_is_dropped_and_the_server_goes_on(knee: LoadedPack) -> None:
    server = GroupServer(counts_for(knee), PageMaker(knee), "127.0.0.1", limits=Limits(timeout=0.3))
    server.start()
    try:
        slow = socket.create_connection(server.address)
        slow.sendall(b"GET /g/")  # and never finishes the request
        slow.settimeout(5)
        assert slow.recv(100) == b""  # the server closed it
        slow.close()
        assert _answers(server) == 200
    finally:
        server.stop()


def test_closing_ends_the_session_and_frees_the_address(knee: LoadedPack) -> None:
    server = GroupServer(counts_for(knee), PageMaker(knee), "127.0.0.1")
    server.start()
    host, port = server.address
    assert server.serving
    server.stop()
    assert not server.serving
    assert server.counts.closed
    try:
        socket.create_connection((host, port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    assert refused


def test_listens_only_on_the_chosen_address(served: GroupServer) -> None:
    assert served.address[0] == "127.0.0.1"
    assert served.url.startswith("http://127.0.0.1:")
    assert served.url.endswith("/g/" + served.counts.token + "/")


def test_every_interface_at_once_is_refused(knee: LoadedPack) -> None:
    for host in ("0.0.0.0", "", "224.0.0.1", "255.255.255.255", "::", "localhost"):
        with pytest.raises(ValueError):
            GroupServer(counts_for(knee), PageMaker(knee), host)
