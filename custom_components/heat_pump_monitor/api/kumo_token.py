"""The per-request token of the Kumo indoor unit's local API.

The unit accepts ``PUT /api?m=<token>`` only when the token matches the exact body
bytes: SHA-256 over a fixed 88-byte block holding a constant, SHA-256(password ||
body) and bytes of the adapter's crypto serial (API notes 2.3). A unit recomputes it
the same way, so this module serves the client and the fake unit alike.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Final

from .errors import AuthenticationFailed

W_PARAM: Final = bytes.fromhex(
    "44c73283b498d432ff25f5c8e06a016aef931e68f0a00ea710e36e6338fb22db"
)
S_PARAM: Final = 0x00
MIN_SERIAL_BYTES: Final = 9


class MalformedCredentials(AuthenticationFailed):
    """The unit password is not base64 or the crypto serial not long enough hex."""

    def __init__(self, message: str, *, field: str) -> None:
        """Name the credential at fault (never its value)."""
        super().__init__(f"{message} (field: {field})")
        self.field = field


class TokenKey:
    """Decoded credentials of one unit; ``token(body)`` signs a request body."""

    __slots__ = ("_password", "_serial")

    def __init__(self, password: str, crypto_serial: str) -> None:
        """Decode the base64 password and the hex crypto serial."""
        try:
            self._password = base64.b64decode(password.strip(), validate=True)
        except (binascii.Error, ValueError) as err:
            raise MalformedCredentials(
                "the unit password is not base64", field="password"
            ) from err
        try:
            self._serial = bytes.fromhex(crypto_serial.strip())
        except ValueError as err:
            raise MalformedCredentials(
                "the crypto serial is not hex", field="crypto_serial"
            ) from err
        if not self._password:
            raise MalformedCredentials("the unit password is empty", field="password")
        if len(self._serial) < MIN_SERIAL_BYTES:
            raise MalformedCredentials(
                f"the crypto serial has fewer than {MIN_SERIAL_BYTES} bytes",
                field="crypto_serial",
            )

    def token(self, body: bytes) -> str:
        """Return the 64-hex-digit token of ``body`` (the exact bytes sent)."""
        serial = self._serial
        block = bytearray(88)
        block[0:32] = W_PARAM
        block[32:64] = hashlib.sha256(self._password + body).digest()
        block[64] = 0x08
        block[65] = 0x40
        block[66] = S_PARAM
        block[79] = serial[8]
        block[80:84] = serial[4:8]
        block[84:88] = serial[0:4]
        return hashlib.sha256(bytes(block)).hexdigest()

    def __repr__(self) -> str:
        """Never show the key material."""
        return "TokenKey(<redacted>)"
