"""Keeping plaintext inside the process (see `oncall.process`, where it lives so that
the program's entry point can harden the process before importing anything else)."""

from oncall.process import core_dumps_disabled, disable_core_dumps, take_env_passphrase

__all__ = ["core_dumps_disabled", "disable_core_dumps", "take_env_passphrase"]
