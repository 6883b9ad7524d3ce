"""A one-line progress indicator on stderr for scans that take more than a second on a terminal: which input
of how many is being scanned, and for how long, in the language asked for.

CI logs (stderr not a TTY, or CI set) get nothing: progress lines there are noise.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import IO

from baomi import i18n

_DELAY = 1.0  # seconds before the first line: quick scans print nothing
_TICK = 0.2
_FRAMES = "|/-\\"


def step_name(label: str, lang: str) -> str:
    """What a source plugin's label (``infrastructure code``) says in ``lang``; an extension's own label as it is."""
    return i18n.labels(lang).get("source_label_" + label.lower().replace(" ", "_"), label)


class Progress:
    """Counts the inputs as the pipeline reaches them: each ``update`` is the next of ``steps`` (the number of
    planned sources) and names it."""

    def __init__(self, steps: int, lang: str, stream: IO[str] | None = None) -> None:
        self._steps = steps
        self._lang = lang
        self._stream = stream or sys.stderr
        self._step = 0
        self._what = ""
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._shown = False
        self._enabled = self._stream.isatty() and not os.environ.get("CI")
        self._thread = threading.Thread(target=self._loop, daemon=True) if self._enabled else None

    def __enter__(self) -> Progress:
        if self._thread:
            self._thread.start()
        return self

    def update(self, label: str) -> None:
        """The pipeline moved on to its next input, the source labelled ``label`` (shown in the language asked for)."""
        self._what = step_name(label, self._lang)
        self._step += 1

    def line(self) -> str:
        """The line shown now."""
        return i18n.text("progress", self._lang, step=min(self._step, self._steps), steps=self._steps, what=self._what,
                         seconds=f"{time.monotonic() - self._started:.0f}")

    def close(self) -> None:
        self._stop.set()
        if self._thread and self._thread.is_alive():
            self._thread.join()
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _loop(self) -> None:
        frame = 0
        while not self._stop.wait(_TICK):
            if time.monotonic() - self._started < _DELAY:
                continue
            self._stream.write(f"\r\033[K{_FRAMES[frame % len(_FRAMES)]} {self.line()}")
            self._stream.flush()
            self._shown = True
            frame += 1
