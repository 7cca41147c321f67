"""Writing an export's text as it is made: pieces gather into chunks of about 64 KiB,
each encoded and written at once, so a long case never sits in memory whole as one
string or as its bytes."""

from __future__ import annotations

from typing import IO, Final

CHUNK: Final = 1 << 16


class TextSink:
    """UTF-8 text to `out`, a chunk at a time. `strip_end`: the text as it would read
    with trailing whitespace stripped (`str.rstrip`), a newline then added by the
    caller: whitespace is held back until something follows it."""

    def __init__(self, out: IO[bytes], *, strip_end: bool = False) -> None:
        self.out = out
        self.strip_end = strip_end
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        text = "".join(self._parts)
        held = ""
        if self.strip_end:
            kept = text.rstrip()
            text, held = kept, text[len(kept) :]
        if text:
            self.out.write(text.encode("utf-8"))
        self._parts = [held] if held else []
        self._size = len(held)

    def close(self) -> None:
        """Write what is left (trailing whitespace dropped with `strip_end`)."""
        self.flush()
        self._parts, self._size = [], 0


class Lines:
    """Lines joined by newlines, as ``"\\n".join(lines)`` would, written as they come."""

    def __init__(self, sink: TextSink) -> None:
        self.sink = sink
        self._first = True

    def append(self, line: str) -> None:
        if self._first:
            self._first = False
        else:
            self.sink.write("\n")
        self.sink.write(line)

    def __iadd__(self, lines: list[str]) -> Lines:
        for line in lines:
            self.append(line)
        return self
