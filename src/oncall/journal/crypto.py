"""Keys: a random data key, wrapped by a passphrase key (scrypt) and a recovery key.

AES-256-GCM everywhere. The data key encrypts every record; it never changes, so a
new passphrase re-wraps it without re-encrypting any data. The header of every file
is authenticated with a MAC derived from the data key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from oncall.journal.errors import StoreDamaged, WrongPassphrase

FORMAT_VERSION = 1
DEFAULT_SCRYPT_N = 2**17
"""The cost every store a user creates gets. Only tests pass a lower one, explicitly."""
MAX_SCRYPT_N = 2**20
"""A header asking for more than this is refused (it could exhaust memory)."""
SCRYPT_R = 8
SCRYPT_P = 1
NONCE_BYTES = 12
RECOVERY_BYTES = 20


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_passphrase_key(passphrase: str, salt: bytes, n: int) -> bytes:
    """scrypt(n, r=8, p=1): the one slow step of an unlock."""
    if not (2 <= n <= MAX_SCRYPT_N) or n & (n - 1):
        raise StoreDamaged(f"key derivation cost n={n} is not allowed")
    kdf = Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


def _hkdf(secret: bytes, info: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def new_recovery_key() -> str:
    """A printable key for the school leader to keep: 8 groups of 4 base32 letters."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


NOT_A_RECOVERY_KEY = "that is not a recovery key (8 groups of 4 letters)"
NOT_A_RECOVERY_KEY_ZH = "这不是恢复密钥（应为 8 组、每组 4 个字母）"


def _recovery_secret(recovery_key: str) -> bytes:
    cleaned = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as exc:
        raise WrongPassphrase(NOT_A_RECOVERY_KEY, zh=NOT_A_RECOVERY_KEY_ZH) from exc
    if len(raw) != RECOVERY_BYTES:
        raise WrongPassphrase(NOT_A_RECOVERY_KEY, zh=NOT_A_RECOVERY_KEY_ZH)
    return raw


def derive_recovery_key(recovery_key: str, salt: bytes) -> bytes:
    # The recovery key carries 160 random bits, so a fast KDF is enough.
    return _hkdf(_recovery_secret(recovery_key), b"oncall recovery key", salt)


@dataclass(frozen=True)
class KeyParams:
    """The public part of a key header: how the data key is wrapped.

    The passphrase wrap and the recovery wrap each have their own salt, so a new
    passphrase (new salt) leaves the recovery wrap valid.
    """

    salt: bytes
    n: int
    key_id: str
    wrap_passphrase: bytes
    recovery_salt: bytes | None = None
    wrap_recovery: bytes | None = None

    def passphrase_aad(self) -> bytes:
        return (
            b"oncall-wrap|%d|passphrase|%d|%s|"
            % (FORMAT_VERSION, self.n, self.key_id.encode("ascii"))
            + self.salt
        )

    def recovery_aad(self) -> bytes:
        return b"oncall-wrap|%d|recovery|%s|" % (FORMAT_VERSION, self.key_id.encode("ascii")) + (
            self.recovery_salt or b""
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": {"name": "scrypt", "n": self.n, "r": SCRYPT_R, "p": SCRYPT_P},
            "salt": b64(self.salt),
            "key_id": self.key_id,
            "wrap_passphrase": b64(self.wrap_passphrase),
            "recovery_salt": b64(self.recovery_salt) if self.recovery_salt else None,
            "wrap_recovery": b64(self.wrap_recovery) if self.wrap_recovery else None,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> KeyParams:
        try:
            kdf = value["kdf"]
            if kdf["name"] != "scrypt" or kdf["r"] != SCRYPT_R or kdf["p"] != SCRYPT_P:
                raise StoreDamaged("unsupported key derivation in the file header")
            recovery_salt = value.get("recovery_salt")
            recovery = value.get("wrap_recovery")
            return cls(
                salt=unb64(value["salt"]),
                n=int(kdf["n"]),
                key_id=str(value["key_id"]),
                wrap_passphrase=unb64(value["wrap_passphrase"]),
                recovery_salt=unb64(recovery_salt) if recovery_salt else None,
                wrap_recovery=unb64(recovery) if recovery else None,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreDamaged("the file header is damaged") from exc


def _key_id(data_key: bytes) -> str:
    return hmac.new(data_key, b"oncall key id", hashlib.sha256).hexdigest()[:32]


def _wrap(kek: bytes, data_key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, aad)


def _unwrap(kek: bytes, blob: bytes, aad: bytes) -> bytes:
    return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)


@dataclass(frozen=True)
class Keyring:
    """An unlocked data key and the header that wraps it. Lives in memory only."""

    data_key: bytes
    params: KeyParams

    @property
    def key_id(self) -> str:
        return self.params.key_id

    @functools.cached_property
    def aead(self) -> AESGCM:
        return AESGCM(self.data_key)

    @functools.cached_property
    def _mac_key(self) -> bytes:
        return _hkdf(self.data_key, b"oncall header mac")

    def mac(self, payload: bytes) -> str:
        return hmac.new(self._mac_key, payload, hashlib.sha256).hexdigest()

    @functools.cached_property
    def _seat_key(self) -> bytes:
        return _hkdf(self.data_key, b"oncall seat proof")

    def seat_proof(self, payload: bytes) -> str:
        """What a seat (or the server) shows to prove it unlocked this store, over a
        one-time challenge: only a holder of the data key can make it, and it says
        nothing of the key or the passphrase (`oncall.serve`)."""
        return hmac.new(self._seat_key, payload, hashlib.sha256).hexdigest()

    @classmethod
    def create(
        cls, passphrase: str, *, kdf_n: int = DEFAULT_SCRYPT_N, recovery_key: str | None = None
    ) -> Keyring:
        data_key = AESGCM.generate_key(bit_length=256)
        params = KeyParams(os.urandom(16), kdf_n, _key_id(data_key), b"")
        if recovery_key is not None:
            params = replace(params, recovery_salt=os.urandom(16))
            rkek = derive_recovery_key(recovery_key, params.recovery_salt or b"")
            params = replace(params, wrap_recovery=_wrap(rkek, data_key, params.recovery_aad()))
        keyring = cls(data_key, params)
        return keyring.with_passphrase(passphrase)

    @classmethod
    def unlock(cls, params: KeyParams, passphrase: str) -> Keyring:
        kek = derive_passphrase_key(passphrase, params.salt, params.n)
        try:
            data_key = _unwrap(kek, params.wrap_passphrase, params.passphrase_aad())
        except InvalidTag as exc:
            raise WrongPassphrase() from exc
        return cls._checked(data_key, params)

    @classmethod
    def unlock_with_recovery(cls, params: KeyParams, recovery_key: str) -> Keyring:
        if params.wrap_recovery is None or params.recovery_salt is None:
            raise WrongPassphrase("this file has no recovery key", zh="这个文件没有恢复密钥")
        rkek = derive_recovery_key(recovery_key, params.recovery_salt)
        try:
            data_key = _unwrap(rkek, params.wrap_recovery, params.recovery_aad())
        except InvalidTag as exc:
            raise WrongPassphrase("wrong recovery key", zh="恢复密钥不对") from exc
        return cls._checked(data_key, params)

    @classmethod
    def _checked(cls, data_key: bytes, params: KeyParams) -> Keyring:
        if not hmac.compare_digest(_key_id(data_key), params.key_id):
            raise StoreDamaged("the file header is damaged (key id does not match)")
        return cls(data_key, params)

    def with_passphrase(self, passphrase: str, *, kdf_n: int | None = None) -> Keyring:
        """The same data key wrapped by `passphrase` under a new salt; the recovery
        wrap (own salt) is kept as it is. Nothing encrypted with the data key changes."""
        n = kdf_n or self.params.n
        params = replace(self.params, salt=os.urandom(16), n=n, wrap_passphrase=b"")
        kek = derive_passphrase_key(passphrase, params.salt, n)
        wrapped = _wrap(kek, self.data_key, params.passphrase_aad())
        return Keyring(self.data_key, replace(params, wrap_passphrase=wrapped))
