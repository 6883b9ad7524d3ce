"""What the three configuration parsers share: reading files safely and following their includes.

A file that cannot be read, an include that points nowhere or an include loop is a Problem at the
line that asked for it; the parser goes on with the rest. So is an absolute include outside the
scanned paths: in a repository copy, ``/etc/mysql/conf.d/`` would read the scanning host's own files.
Files are named as ``display_path`` shows them (relative to the working directory when under it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.facts import Problem, Setting
from baomi.sources.paths import display_path

#: PostgreSQL stops at this include depth too; it also ends include loops.
MAX_INCLUDE_DEPTH = 10


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


@dataclass
class Walk:
    """The files read and the problems met while one parser follows a main file's includes."""

    #: resolved directories an absolute include must lie in; None: any (a live host's own files)
    scanned: tuple[Path, ...] | None = None
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def enter(self, path: Path, context: IncludeContext | None) -> list[str] | None:
        """The lines of ``path``; None (and a Problem) when it is unreadable, too deep or a loop."""
        if context is not None:
            if context.depth >= MAX_INCLUDE_DEPTH:
                return self._refuse(f"include of {shown(path)} nested more than {MAX_INCLUDE_DEPTH} levels deep",
                                    context)
            if path.resolve() in {p.resolve() for p in context.chain}:
                return self._refuse(f"include loop: {shown(path)} is already being read", context)
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if context is None:
                self.problems.append(Problem(f"{shown(path)}: cannot read: {reason}", Location(shown(path))))
                return None
            return self._refuse(f"cannot read included file {shown(path)}: {reason}", context)
        self.files.append(path)
        # undecodable bytes become U+FFFD; they then fail to parse where they matter
        return data.decode("utf-8", errors="replace").splitlines()

    def follow(self, directive: str, target: str, context: IncludeContext, suffix: str,
               read: Callable[[Path, IncludeContext], None]) -> None:
        """Follow ``include`` (must exist), ``include_if_exists`` or ``include_dir`` (files with ``suffix``)."""
        path = resolve(target, context.file)
        if Path(target).is_absolute() and not within(path, self.scanned):
            self._refuse(f"{directive} {shown(path)} is outside the scanned paths and was not read: settings it "
                         "may hold are not evaluated", context)
            return
        if directive.endswith("dir"):
            try:
                entries = sorted(p for p in path.iterdir()
                                 if p.name.endswith(suffix) and not p.name.startswith(".") and p.is_file())
            except OSError as exc:
                self._refuse(f"cannot read include directory {shown(path)}: {exc.strerror or exc}", context)
                return
            for entry in entries:
                read(entry, context)
        elif not (directive.endswith("if_exists") and not path.exists()):
            read(path, context)

    def _refuse(self, message: str, context: IncludeContext) -> None:
        self.problems.append(Problem(message, context.location()))
        return None


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
