"""The process itself: no core dumps once a passphrase or plaintext may be in memory,
and ONCALL_PASSPHRASE out of the environment from the first moment.

A crashed, unlocked app would otherwise write a core file holding every student
detail it had decrypted. `RLIMIT_CORE` 0 stops the kernel writing one; on Linux
`PR_SET_DUMPABLE` 0 also stops core pipes and other processes of the same user
reading this one's memory through ptrace or /proc. Both stay set for the rest of the
process (a limit lowered this way is not raised again while decrypted data may still
be in memory). Where a call is not available (Windows, macOS for prctl) it is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sys

PR_SET_DUMPABLE = 4
PASSPHRASE_ENV = "ONCALL_PASSPHRASE"
_done = False
_env_passphrase: str | None = None
_process_started = False


def disable_core_dumps() -> None:
    global _done
    if _done:
        return
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0 if hard != 0 else hard))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _done = True


def core_dumps_disabled() -> bool:
    """Whether this process can no longer write a core file (for tests and `verify`)."""
    try:
        import resource
    except ImportError:
        return _done
    return resource.getrlimit(resource.RLIMIT_CORE)[0] == 0


def secure_start(*, process: bool = False) -> None:
    """At process start, before anything reads a passphrase: no core dumps (and, on
    Linux, no /proc/PID/environ or ptrace for other processes of the user), and
    ONCALL_PASSPHRASE taken out of the environment, kept here until asked for once.
    `process`: called first thing by the program's entry point; the command group
    calls it again for each command run in the process (tests run many)."""
    global _env_passphrase, _process_started
    disable_core_dumps()
    if PASSPHRASE_ENV in os.environ or not _process_started:
        _scrub_environ_block(PASSPHRASE_ENV)
        _env_passphrase = os.environ.pop(PASSPHRASE_ENV, None) or None
    _process_started = _process_started or process


def _scrub_environ_block(name: str) -> None:
    """Overwrite the variable's value where the process received it. Removing it from
    the environment (unsetenv) only drops libc's pointer: the bytes stay in the block
    the kernel shows as /proc/PID/environ (to root, and to the user if the process is
    still dumpable). Linux/glibc only; elsewhere nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None)
        envp = ctypes.POINTER(ctypes.c_void_p).in_dll(libc, "environ")
        prefix = name.encode() + b"="
        index = 0
        while envp[index]:
            address = envp[index]
            assert address is not None
            entry = ctypes.string_at(address)
            if entry.startswith(prefix):
                ctypes.memset(address + len(prefix), 0, len(entry) - len(prefix))
            index += 1


def take_env_passphrase() -> str | None:
    """ONCALL_PASSPHRASE as the process started with it (once; None after)."""
    global _env_passphrase
    value = os.environ.pop(PASSPHRASE_ENV, None) or _env_passphrase
    _env_passphrase = None
    return value or None
