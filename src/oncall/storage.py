"""`oncall.storage.EncryptedStorage`: the encrypted TinyDB storage (see its module)."""

from oncall.journal.storage import EncryptedStorage

__all__ = ["EncryptedStorage"]
