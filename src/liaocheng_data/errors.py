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

from typing import Iterable, Tuple

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
]


class LiaochengDataError(Exception):
    """Base class of every error this package raises on purpose."""


class ValidationError(LiaochengDataError):
    """A release (or one of its files) broke a rule; nothing of it was loaded.

    ``problems`` holds every problem found, each naming the file and, where there is one,
    the figure id and the field. The message is the first problem plus a count of the rest.

    Examples:
        >>> err = ValidationError(["figures.json: figure 'a': value: bad", "figures.json: x"])
        >>> str(err)
        "figures.json: figure 'a': value: bad (and 1 more)"
        >>> len(err.problems)
        2
    """

    problems: Tuple[str, ...]

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a ValidationError needs at least one problem")
        first = self.problems[0]
        rest = len(self.problems) - 1
        super().__init__(first if rest == 0 else f"{first} (and {rest} more)")


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
