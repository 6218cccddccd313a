"""Fuzzing the digest challenge (WWW-Authenticate) through the Venstar client."""

from __future__ import annotations

import json

from hypothesis import given, strategies as st

from custom_components.heat_pump_monitor.api.venstar import VenstarClient

from . import payloads
from .checks import check_call
from .mutations import WEIRD_TEXT, header_text
from .profiles import FUZZ
from .stage import Loopback, Reply

CHALLENGE = {
    "realm": "venstar",
    "nonce": "5f1c0a2b9d3e4f60",
    "qop": "auth",
    "algorithm": "MD5",
    "opaque": "0a1b2c3d",
}
"""The parameters of the challenge a Venstar thermostat sends."""
INFO = Reply(body=json.dumps(payloads.VENSTAR_INFO).encode())

_header_safe = st.sampled_from([text for text in WEIRD_TEXT if text.isprintable()])
_values = st.one_of(
    st.sampled_from(
        (
            "MD5",
            "md5",
            "SHA-256",
            "sha-256",
            "SHA-512",
            "MD5-sess",
            "auth",
            "auth-int",
            "auth,auth-int",
            "",
        )
    ),
    _header_safe,
    header_text,
)


@st.composite
def challenges(draw: st.DrawFn) -> str:
    """Make a ``WWW-Authenticate`` header: the real challenge, spoiled."""
    if draw(st.integers(0, 9)) == 0:
        return draw(header_text)
    params = dict(CHALLENGE)
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from((*CHALLENGE, "stale", "domain", "x")))
        if draw(st.booleans()) and name in params:
            del params[name]
        else:
            params[name] = draw(_values)
    quote = draw(st.sampled_from(('"', "")))
    separator = draw(st.sampled_from((", ", ",", " ", ";")))
    scheme = draw(
        st.sampled_from(("Digest",) * 4 + ("digest", "DIGEST", "Basic", "", "Digest\t"))
    )
    text = separator.join(
        f"{name}={quote}{value}{quote}" for name, value in params.items()
    )
    return f"{scheme} {text}"


@FUZZ
@given(challenge=challenges(), answered=st.sampled_from((True, True, True, False)))
async def test_digest_challenge(
    loopback: Loopback, challenge: str, answered: bool
) -> None:
    """A 401 with the challenge, then the info (or a second 401)."""
    loopback.stage.reset()
    refusal = Reply(401, b"", {"WWW-Authenticate": challenge})
    loopback.stage.serve("/query/info", refusal, INFO if answered else refusal)
    client = VenstarClient(
        loopback.session,
        "127.0.0.1",
        port=loopback.port,
        username="admin",
        password="s3cret",
        request_gap_s=0.0,
    )
    await check_call("venstar digest challenge", client.async_info(), {"body"})
