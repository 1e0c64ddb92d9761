"""The exceptions the package raises.

Every error caused by bad data, a bad request or a damaged installation derives from
:class:`LiaochengDataError`, so research code can catch one class:

Examples:
    >>> from liaocheng_data import errors
    >>> issubclass(errors.FigureNotFoundError, errors.LiaochengDataError)
    True
    >>> issubclass(errors.FigureNotFoundError, KeyError)
    True
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterable, List, Optional, Tuple

__all__ = [
    "ExportError",
    "ExtraNotInstalledError",
    "FigureNotFoundError",
    "FigureRetractedError",
    "FormatVersionError",
    "IntegrityError",
    "LiaochengDataError",
    "NormalizationError",
    "ReleaseNotFoundError",
    "ValidationError",
    "clean_line",
    "escape_controls",
]


class LiaochengDataError(Exception):
    """Base class of every error this package raises on purpose."""


#: The most problems a report holds; past it the loader only counts (see ``total``).
MAX_PROBLEMS = 100
#: The most characters one problem line shows; a longer one is cut in the middle.
MAX_LINE = 600


@cache
def _control() -> re.Pattern[str]:
    """Control characters and line separators, compiled on first use (only problem reports
    need it; compiling costs a fraction of a millisecond that ``import`` need not pay)."""
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def escape_controls(text: str) -> str:
    r"""``text`` with its control characters (and line separators) escaped as Python writes
    them, so that printing it can neither start a new line nor send a terminal a command.

    Examples:
        >>> print(escape_controls("t\x00\n\x1b[2J"))
        t\x00\n\x1b[2J
    """
    return _control().sub(_escape, text)


def clean_line(line: str) -> str:
    r"""A problem line fit to print: control characters escaped, at most :data:`MAX_LINE`
    characters (the middle of a longer one is cut, saying how much).

    Examples:
        >>> print(clean_line("a\x00b\nc"))
        a\x00b\nc
        >>> len(clean_line("x" * 10_000)) <= MAX_LINE
        True
    """
    line = escape_controls(line)
    if len(line) > MAX_LINE:
        half = (MAX_LINE - 40) // 2
        line = f"{line[:half]}…[{len(line) - 2 * half} characters cut]…{line[-half:]}"
    return line


class ValidationError(LiaochengDataError):
    """A release (or one of its files) broke a rule; nothing of it was loaded.

    ``problems`` holds the first :data:`MAX_PROBLEMS` problems found, each naming the file
    and, where there is one, the figure id and the field, then a line saying how many more
    there are; ``total`` counts them all (or, when ``complete`` is False, those counted before
    the loader stopped looking). Each line
    is cut to :data:`MAX_LINE` characters, control characters escaped. The message is the first
    problem plus a count of the rest.

    Examples:
        >>> err = ValidationError(["figures.json: figure 'a': value: bad", "figures.json: x"])
        >>> str(err)
        "figures.json: figure 'a': value: bad (and 1 more)"
        >>> len(err.problems), err.total
        (2, 2)
    """

    problems: Tuple[str, ...]
    total: int

    def __init__(
        self, problems: Iterable[str], total: Optional[int] = None, complete: bool = True
    ) -> None:
        kept: List[str] = []
        count = 0
        for line in problems:
            count += 1
            if count <= MAX_PROBLEMS:
                kept.append(clean_line(line))
        if not kept:
            raise ValueError("a ValidationError needs at least one problem")
        self.total = max(count, total or 0)
        rest = self.total - len(kept)
        if rest and complete:
            kept.append(f"… and {rest} more problems ({self.total} in total)")
        elif rest:
            kept.append(f"… and at least {rest} more problems (counting stopped at "
                        f"{self.total}; fix these first)")  # fmt: skip
        self.problems = tuple(kept)
        first = self.problems[0]
        others = self.total - 1
        super().__init__(first if others == 0 else f"{first} (and {others} more)")


class FormatVersionError(ValidationError):
    """A release declares a data format version this version of the package cannot read."""


class IntegrityError(LiaochengDataError):
    """A shipped data file's bytes differ from the hash recorded for it."""


class NormalizationError(LiaochengDataError):
    """A copy of the source article does not have the shape the normalizer expects."""


class ReleaseNotFoundError(LiaochengDataError, LookupError):
    """No data release with the requested version is available."""


class FigureNotFoundError(LiaochengDataError, KeyError):
    """No figure with the requested id exists in the release.

    It is also a :class:`KeyError`, and its message reads as a sentence (a plain
    ``KeyError`` would show the message in quotes).

    Examples:
        >>> err = FigureNotFoundError("gdp-2025-q1", "1.0.0", ["gdp-2025q1"])
        >>> str(err)
        "no figure 'gdp-2025-q1' in data release 1.0.0; did you mean 'gdp-2025q1'?"
        >>> err.figure_id
        'gdp-2025-q1'
    """

    def __init__(self, figure_id: str, release: str, suggestions: Iterable[str] = ()) -> None:
        self.figure_id = figure_id
        self.release = release
        self.suggestions = tuple(suggestions)
        message = f"no figure {figure_id!r} in data release {release}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class FigureRetractedError(FigureNotFoundError):
    """The figure was retracted: its id is kept in the release history with the reason.

    Examples:
        >>> err = FigureRetractedError("x-2025", "1.1.0", "1.1.0", "a misreading of the article")
        >>> str(err)
        "figure 'x-2025' was retracted in data release 1.1.0: a misreading of the article"
    """

    def __init__(self, figure_id: str, release: str, since: str, reason: str) -> None:
        super().__init__(figure_id, release)
        self.since = since
        self.reason = reason
        self.args = (f"figure {figure_id!r} was retracted in data release {since}: {reason}",)


class ExportError(LiaochengDataError, ValueError):
    """An export was asked for something it cannot write (an unknown format, a BOM on JSON,
    a release given as the figures).
    """


class ExtraNotInstalledError(LiaochengDataError, ImportError):
    """A feature needs an optional dependency that is not installed; the message names the
    extra to install (``pip install 'liaocheng-data[parquet]'``).
    """
