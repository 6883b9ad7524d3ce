"""Command-line value types shared by the CLI and the sources' own options (``SourcePlugin.options``)."""
from __future__ import annotations

from typing import Any

import click


class InputPath(click.Path):
    """A path option or argument that refuses the empty string: ``Path("")`` is ``.``, so
    ``baomi scan "$INFRA_DIR"`` with the variable unset would quietly scan the working directory."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value == "":
            self.fail("an empty path was given (an unset variable?); name a file or directory, "
                      "'.' for the working directory (路径为空)", param, ctx)
        if isinstance(value, str) and "\x00" in value:
            self.fail("a path cannot contain a NUL byte (路径含有 NUL 字符)", param, ctx)
        return super().convert(value, param, ctx)


__all__ = ["InputPath"]
