"""What the three configuration parsers share: reading files safely and following their includes.

A file that cannot be read, an include that points nowhere or an include loop is a Problem at the
line that asked for it; the parser goes on with the rest. So is an include outside the scanned paths,
absolute or relative (``../../etc/x.conf``), or through a symbolic link: in a repository copy,
``/etc/mysql/conf.d/`` would read the scanning host's own files. Only regular files are opened (a FIFO
would block for ever, a device read without end), at most ``MAX_FILE_BYTES`` of them, and a line with a
NUL byte is a Problem (the servers refuse such a file; NUL also separates list items in ``pghba``).
Each file is read from disk once per parse, however often it is included: an include graph that fans
out (every file including the next ones twice) costs as many reads as it has files, not 2^depth.
Files are named as ``display_path`` shows them (relative to the working directory when under it).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baomi.model import Location
from baomi.sources.database.snapshot import Problem, Setting
from baomi.sources.paths import display_path

#: PostgreSQL stops at this include depth too; it also ends include loops.
MAX_INCLUDE_DEPTH = 10
#: no configuration file is this large; a bigger one is not read (and cannot exhaust memory)
MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class IncludeContext:
    """The line that asked for an include: to resolve relative paths and to blame the right line."""

    file: Path
    line: int
    depth: int
    chain: tuple[Path, ...]  # the files being read, outermost first

    def location(self) -> Location:
        return Location(shown(self.file), self.line)


@dataclass(frozen=True)
class ParsedConfig:
    """Settings read from a configuration file and everything it includes (later values win)."""

    settings: dict[str, Setting]
    problems: tuple[Problem, ...]
    #: every file read, the main one first: discovery must not scan included files twice
    files: tuple[Path, ...]
    #: False when the files hold no server settings at all (a my.cnf with only [client])
    configures_server: bool = True
    #: settings whose value files cannot tell (a my.cnf group only one server version reads), with why
    uncertain: dict[str, str] = field(default_factory=dict)


@dataclass
class Walk:
    """The files read and the problems met while one parser follows a main file's includes."""

    #: resolved directories an include must lie in; None: any (a live host's own files)
    scanned: tuple[Path, ...] | None = None
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    #: what a parser made of each file already read (by resolved path): a file is read once per parse
    done: dict[Path, Any] = field(default_factory=dict)

    def enter(self, path: Path, context: IncludeContext | None) -> list[str] | None:
        """The lines of ``path``; None (and a Problem) when it is unreadable, too deep or a loop.

        A line holding a NUL byte is a Problem and comes back empty, so parsers skip it."""
        if context is not None:
            if context.depth >= MAX_INCLUDE_DEPTH:
                self._refuse(f"include of {shown(path)} nested more than {MAX_INCLUDE_DEPTH} levels deep", context)
                return None
            if path.resolve() in {p.resolve() for p in context.chain}:
                self._refuse(f"include loop: {shown(path)} is already being read", context)
                return None
        try:
            data = read_regular_file(path)
        except (OSError, ValueError) as exc:
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            if context is None:
                self.problems.append(Problem(f"{shown(path)}: cannot read: {reason}", Location(shown(path))))
                return None
            self._refuse(f"cannot read included file {shown(path)}: {reason}", context)
            return None
        self.files.append(path)
        # undecodable bytes become U+FFFD; they then fail to parse where they matter
        lines = data.decode("utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            if "\0" in line:
                self.problems.append(Problem(f"cannot parse line {number} of {shown(path)}: it holds a NUL byte",
                                             Location(shown(path), number)))
                lines[number - 1] = ""
        return lines

    def follow(self, directive: str, target: str, context: IncludeContext, suffix: str,
               read: Callable[[Path, IncludeContext], None]) -> None:
        """Follow ``include`` (must exist), ``include_if_exists`` or ``include_dir`` (files with ``suffix``)."""
        path = resolve(target, context.file)
        if not self.allowed(path):
            self._refuse(f"{directive} {shown(path)} is outside the scanned paths and was not read: settings it "
                         "may hold are not evaluated", context)
            return
        if directive.endswith("dir"):
            try:
                entries = sorted(p for p in path.iterdir()
                                 if p.name.endswith(suffix) and not p.name.startswith(".") and p.is_file())
            except (OSError, ValueError) as exc:
                reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
                self._refuse(f"cannot read include directory {shown(path)}: {reason}", context)
                return
            for entry in entries:
                if self.allowed(entry):  # a symbolic link in the directory may lead anywhere
                    read(entry, context)
                else:
                    self._refuse(f"{shown(entry)} in include directory {shown(path)} is outside the scanned paths "
                                 "and was not read: settings it may hold are not evaluated", context)
        elif not (directive.endswith("if_exists") and not path.exists()):
            read(path, context)

    def allowed(self, path: Path) -> bool:
        """Whether ``path``, once symbolic links and ``..`` are resolved, lies in the scanned paths."""
        try:
            return within(path, self.scanned)
        except (OSError, ValueError, RuntimeError):  # a link loop, a NUL in the name
            return False

    def _refuse(self, message: str, context: IncludeContext) -> None:
        self.problems.append(Problem(message, context.location()))


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; OSError for anything else (a FIFO, a device, a socket) or a file over
    ``MAX_FILE_BYTES``. Opened without blocking and checked on the open descriptor, so a FIFO put in
    place of a file between a check and the open still cannot block the scan."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(0, f"not a regular file ({_kind(os.stat(path).st_mode)})")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > MAX_FILE_BYTES:
            raise OSError(0, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not a configuration file")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise OSError(0, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not a configuration file")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def nested(context: IncludeContext | None, path: Path, line: int) -> IncludeContext:
    """The context of an include asked for at ``path:line``, itself read in ``context``."""
    depth = context.depth + 1 if context else 1
    chain = (context.chain if context else ()) + (path,)
    return IncludeContext(path, line, depth, chain)


def resolve(target: str, referrer: Path) -> Path:
    """An include target: absolute, or relative to the directory of the file that includes it."""
    path = Path(target)
    return path if path.is_absolute() else referrer.parent / path


def shown(path: Path) -> str:
    """How findings name a configuration file: relative to the working directory when under it."""
    return display_path(str(path))


def scanned_dirs(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The directories that scanned ``paths`` (directories, or files standing for their directory) cover."""
    return tuple(dict.fromkeys((p if p.is_dir() else p.parent).resolve() for p in paths))


def within(path: Path, scanned: tuple[Path, ...] | None) -> bool:
    """Whether ``path`` lies in one of the ``scanned`` directories (always, when there is no limit)."""
    if scanned is None:
        return True
    real = path.resolve()
    return any(real == root or root in real.parents for root in scanned)


def default_origin(name: str) -> str:
    """How a setting a file leaves out is described: the server default applies."""
    return f"not set in {name} or its includes: server default"
