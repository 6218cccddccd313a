"""HTTP Digest authentication (RFC 7616; MD5 and SHA-256, ``qop=auth``).

aiohttp before 3.12 (Home Assistant 2025.4 ships 3.11) has no digest support, so the
clients answer a ``WWW-Authenticate: Digest`` challenge with this. The nonce is kept
and the nonce count advances, so one challenge serves every later request until the
server sends a new one.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
import os
import re

_PARAM = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_HASHES: dict[str, Callable[[bytes], hashlib._Hash]] = {
    "MD5": hashlib.md5,
    "SHA-256": hashlib.sha256,
}


class DigestError(Exception):
    """The server's challenge cannot be answered (not digest, unknown algorithm)."""


def parse_challenge(header: str) -> dict[str, str]:
    """Return the parameters of a ``Digest`` challenge (names lower-cased)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        raise DigestError(f"not a digest challenge: {scheme!r}")
    return {
        name.lower(): quoted if quoted or not bare else bare
        for name, quoted, bare in _PARAM.findall(rest)
    }


class DigestAuth:
    """Answers digest challenges for one user."""

    def __init__(self, username: str, password: str) -> None:
        """Hold the credentials; no challenge seen yet."""
        self._username = username
        self._password = password
        self._challenge: dict[str, str] | None = None
        self._count = 0

    @property
    def ready(self) -> bool:
        """Whether a challenge is known, so requests can be signed up front."""
        return self._challenge is not None

    def challenge(self, header: str) -> None:
        """Take a new challenge from a ``WWW-Authenticate`` header."""
        challenge = parse_challenge(header)
        algorithm = challenge.get("algorithm", "MD5").upper()
        if algorithm not in _HASHES:
            raise DigestError(f"unsupported digest algorithm {algorithm!r}")
        if "nonce" not in challenge or "realm" not in challenge:
            raise DigestError("digest challenge without realm or nonce")
        qop = challenge.get("qop")
        if qop is not None and "auth" not in [q.strip() for q in qop.split(",")]:
            raise DigestError(f"unsupported digest qop {qop!r}")
        self._challenge = challenge
        self._count = 0

    def authorization(self, method: str, uri: str) -> str:
        """Return the ``Authorization`` header for a request to ``uri`` (path + query)."""
        challenge = self._challenge
        if challenge is None:
            raise DigestError("no digest challenge yet")
        algorithm = challenge.get("algorithm", "MD5").upper()
        realm = challenge["realm"]
        nonce = challenge["nonce"]
        fields = [
            f'username="{self._username}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{uri}"',
            f"algorithm={algorithm}",
        ]
        count = cnonce = None
        if "qop" in challenge:
            self._count += 1
            count = f"{self._count:08x}"
            cnonce = os.urandom(8).hex()
            fields += ["qop=auth", f"nc={count}", f'cnonce="{cnonce}"']
        response = digest_response(
            algorithm=algorithm,
            username=self._username,
            realm=realm,
            password=self._password,
            method=method,
            uri=uri,
            nonce=nonce,
            count=count,
            cnonce=cnonce,
        )
        fields.append(f'response="{response}"')
        if "opaque" in challenge:
            fields.append(f'opaque="{challenge["opaque"]}"')
        return "Digest " + ", ".join(fields)


def digest_response(
    *,
    algorithm: str,
    username: str,
    realm: str,
    password: str,
    method: str,
    uri: str,
    nonce: str,
    count: str | None = None,
    cnonce: str | None = None,
) -> str:
    """Return the ``response`` of RFC 7616 (``qop=auth`` when a count is given)."""
    digest = _HASHES[algorithm.upper()]

    def hashed(text: str) -> str:
        return digest(text.encode()).hexdigest()

    ha1 = hashed(f"{username}:{realm}:{password}")
    ha2 = hashed(f"{method}:{uri}")
    if count is None:
        return hashed(f"{ha1}:{nonce}:{ha2}")
    return hashed(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
