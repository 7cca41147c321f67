"""Keeping plaintext inside the process: no core dumps once a store is unlocked.

A crashed, unlocked app would otherwise write a core file holding every student
detail it had decrypted. `RLIMIT_CORE` 0 stops the kernel writing one; on Linux
`PR_SET_DUMPABLE` 0 also stops core pipes and other processes of the same user
reading this one's memory through ptrace or /proc. Both stay set for the rest of the
process (a limit lowered this way is not raised again while decrypted data may still
be in memory). Where a call is not available (Windows, macOS for prctl) it is skipped.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4
_done = False


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
