"""A one-line progress indicator on stderr, for scans that take more than a second on a terminal.

CI logs (stderr not a TTY, or CI set) get nothing: progress lines there are noise.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType

_DELAY = 1.0  # seconds before the first line: quick scans print nothing
_TICK = 0.2
_FRAMES = "|/-\\"


class Progress:
    def __init__(self) -> None:
        self._label = ""
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._shown = False
        self._enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self._thread = threading.Thread(target=self._loop, daemon=True) if self._enabled else None

    def __enter__(self) -> Progress:
        if self._thread:
            self._thread.start()
        return self

    def update(self, label: str) -> None:
        self._label = label

    def close(self) -> None:
        self._stop.set()
        if self._thread and self._thread.is_alive():
            self._thread.join()
        if self._shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _loop(self) -> None:
        frame = 0
        while not self._stop.wait(_TICK):
            elapsed = time.monotonic() - self._started
            if elapsed < _DELAY:
                continue
            sys.stderr.write(f"\r\033[K{_FRAMES[frame % len(_FRAMES)]} {self._label} ({elapsed:.0f}s)")
            sys.stderr.flush()
            self._shown = True
            frame += 1
