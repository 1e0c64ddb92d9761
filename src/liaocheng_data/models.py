"""The frozen pydantic models: figures, events, places, organisations, sources, releases.

Every model is immutable (``frozen=True``) and refuses unknown fields (``extra="forbid"``),
so a dump validates back into an equal object:

Examples:
    >>> from datetime import date, datetime
    >>> p = Period(start=date(2025, 1, 1), end=date(2025, 3, 31), label="一季度")
    >>> Period.model_validate_json(p.model_dump_json()) == p
    True

In a release's files, figures and events refer to places and organisations by id and do not
store their release; validating them with :func:`load_context` resolves the ids to the
release's shared :class:`Place` and :class:`Entity` objects.
"""

import re
import warnings
from copy import deepcopy
from datetime import date, datetime
from decimal import Decimal
from functools import cache, cached_property
from types import MappingProxyType
from typing import (
    Annotated,
    Any,
    Callable,
    Dict,
    FrozenSet,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Set,
    SupportsIndex,
    Tuple,
    Union,
    cast,
    overload,
)

from pydantic import (
    BaseModel,
    Field,
    GetCoreSchemaHandler,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from ._manifest import LEGACY_VOCABULARIES, legacy_vocabulary
from .errors import FigureNotFoundError, FigureRetractedError
from .numerals import (
    MAGNITUDES,
    NUMERAL_LIKE,
    NUMERAL_PATTERN,
    Qualifier,
    UnitKind,
    base_value,
    check_literal,
    format_decimal,
    unit_problem,
)

__all__ = [
    "DATA_FORMAT_VERSION",
    "DECIMAL_PATTERN",
    "DEFERRED_RULES",
    "METADATA_CHANGE_FIELDS",
    "SLUG_PATTERN",
    "TERM_PATTERN",
    "Alias",
    "Change",
    "ChangeTable",
    "DatePrecision",
    "Entity",
    "Event",
    "EventTuple",
    "Exclusion",
    "Figure",
    "FigureTuple",
    "License",
    "Measure",
    "Person",
    "Place",
    "PlaceLevel",
    "Provenance",
    "Release",
    "ReleaseMetadata",
    "Reprint",
    "Retraction",
    "Source",
    "Topic",
    "Unit",
    "UnitCode",
    "UnitDefinition",
    "Vocabulary",
    "duplicate_problems",
    "events_html",
    "figure_problems",
    "figures_html",
    "is_version",
    "legacy_tables",
    "load_context",
    "number_problem",
    "period_problem",
    "precision_problem",
    "quote_problem",
    "set_vocabulary_lookup",
]

#: The newest release data format this version of the package reads (and writes).
DATA_FORMAT_VERSION = 4

#: A kebab-case slug: figure, event, indicator, source and organisation ids.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
#: Limits per field, in characters, that fit the data with room to spare (see
#: docs/data-model.md): an id, a label or name, a quote, a note or description, a URL.
MAX_ID = 100
MAX_TEXT = 1000
MAX_QUOTE = 2000
MAX_NOTE = 4000
MAX_URL = 2000
#: The most digits a value may have before and after its decimal point: with a scale of at
#: most 12, ``base_value`` then has at most 27 significant digits, computed exactly.
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 10
# ASCII digits only: ``\d`` would match any Unicode digit (３, ٠). Each part has at most
# MAX_VERSION_DIGITS digits, so that comparing versions never meets Python's limit on
# converting long digit strings to int.
MAX_VERSION_DIGITS = 9
_SEMVER = re.compile(r"(?:0|[1-9][0-9]{0,8})\.(?:0|[1-9][0-9]{0,8})\.(?:0|[1-9][0-9]{0,8})")
_PLACE_CODE = re.compile(r"[0-9]{6}|CN")
_DATE_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_URL = re.compile(r"https?://[^\s]+", re.ASCII)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_NUMERAL = re.compile(NUMERAL_PATTERN)


def is_version(text: str) -> bool:
    """Whether ``text`` is a MAJOR.MINOR.PATCH version.

    Examples:
        >>> is_version("1.0.0"), is_version("1.0"), is_version("01.0.0")
        (True, False, False)
    """
    return bool(_SEMVER.fullmatch(text))


def _check_slug(text: str) -> str:
    if not _SLUG.fullmatch(text):
        raise ValueError(f"{text!r} is not a kebab-case slug (a-z, 0-9, single hyphens)")
    return text


@cache
def _decimal_text() -> "re.Pattern[str]":
    """A plain decimal as Python input may give it (from JSON, pydantic's core checks
    :data:`DECIMAL_PATTERN`), compiled on first use: loading a release never needs it."""
    return re.compile(r"(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,10})?")


def _decimal_from_text(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        if not value.is_finite() or value < 0:
            raise ValueError(f"{value} is not a finite, non-negative number")
        return value
    if isinstance(value, str):
        if not _decimal_text().fullmatch(value):
            raise ValueError(
                f'{value[:40]!r} is not a plain non-negative decimal such as "752.1" (no sign, '
                f"exponent, leading zero or spaces; at most {MAX_INTEGER_DIGITS} digits before "
                f"the point and {MAX_FRACTION_DIGITS} after)"
            )
        return Decimal(value)
    raise ValueError(
        f'must be a string such as "752.1", not {type(value).__name__} {value!r}: '
        "JSON numbers are refused so that no float ever enters"
    )


def _check_semver(text: str) -> str:
    if not _SEMVER.fullmatch(text):
        raise ValueError(
            f"{text[:40]!r} is not a MAJOR.MINOR.PATCH version (ASCII digits, at most "
            f"{MAX_VERSION_DIGITS} in each part, no leading zero)"
        )
    return text


def _check_place_code(text: Optional[str]) -> Optional[str]:
    if text is not None and not _PLACE_CODE.fullmatch(text):
        raise ValueError(f"{text!r} is neither a six-digit GB/T 2260 code nor 'CN'")
    return text


def _check_url(text: Optional[str]) -> Optional[str]:
    if text is not None and not _URL.fullmatch(text):
        raise ValueError(f"{text[:80]!r} is not an http:// or https:// URL")
    return text


def _check_license_path(text: Optional[str]) -> Optional[str]:
    if text is None or _URL.fullmatch(text):
        return text
    try:
        return _check_release_path(text)
    except ValueError:
        raise ValueError(
            f"{text[:80]!r} is neither an http(s) URL nor a path inside the release"
        ) from None


def _check_sha256(text: str) -> str:
    if not _SHA256.fullmatch(text):
        raise ValueError("must be 64 lower-case hex digits")
    return text


class _Core:
    """A field type's pydantic core schema, given whole as ``Annotated`` metadata.

    It is exactly the schema pydantic builds from ``Field(max_length=...)``,
    ``StringConstraints``, ``Strict`` or ``AfterValidator`` metadata, so validation, error
    messages and JSON Schema are the same; given directly, it spares pydantic most of the work
    of reading that metadata for each of the models' fields when the models are built (at
    import, on the way to the first ``get()``).
    """

    __slots__ = ("build",)

    def __init__(self, build: Callable[[], core_schema.CoreSchema]) -> None:
        self.build = build

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return self.build()  # a new schema each time: pydantic may annotate the one it gets


def _str(
    min_length: Optional[int] = None,
    max_length: Optional[int] = None,
    pattern: Optional[str] = None,
    nullable: bool = False,
) -> _Core:
    """A string with these constraints (checked in pydantic's core), or None too."""

    def build() -> core_schema.CoreSchema:
        text = core_schema.str_schema(min_length=min_length, max_length=max_length, pattern=pattern)
        return core_schema.nullable_schema(text) if nullable else text

    return _Core(build)


def _checked(check: Callable[[Any], Any], inner: Optional[_Core] = None) -> _Core:
    """``inner`` (a string by default), then ``check``, as ``AfterValidator(check)`` does."""
    first = _str() if inner is None else inner
    return _Core(lambda: core_schema.no_info_after_validator_function(check, first.build()))


Slug = Annotated[str, _str(pattern=SLUG_PATTERN, max_length=MAX_ID)]


def _check_release_path(text: str) -> str:
    parts = text.split("/")
    if text.startswith("/") or "\\" in text or any(p in ("", ".", "..") for p in parts):
        raise ValueError(
            f"{text!r} is not a path inside the release ('/'-separated, no '..', not absolute)"
        )
    return text


#: A file inside a release directory, such as ``sources/dzrb-2025-06-04.txt``.
ReleasePath = Annotated[str, _checked(_check_release_path)]

#: What a decimal in a release's files looks like: a JSON string of plain notation.
DECIMAL_PATTERN = r"^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,10})?$"
DECIMAL_MESSAGE = (
    'must be a JSON string of a plain non-negative decimal such as "752.1" (no sign, exponent, '
    "leading zero or spaces; at most 15 digits before the point and 10 after; JSON numbers "
    "are refused so that no float ever enters)"
)


class _DecimalText:
    """Exact decimals. From JSON, pydantic's core checks the string's pattern and leaves the
    text, which the figure's validator turns into the Decimal (the loader reads the exact
    text on the way); from Python, :func:`_decimal_from_text` checks and converts."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from_json = core_schema.custom_error_schema(
            core_schema.str_schema(pattern=DECIMAL_PATTERN),
            custom_error_type="decimal_text",
            custom_error_message=DECIMAL_MESSAGE,
        )
        from_python = core_schema.no_info_before_validator_function(
            _decimal_from_text, core_schema.decimal_schema()
        )
        return core_schema.json_or_python_schema(
            json_schema=from_json,
            python_schema=from_python,
            serialization=core_schema.plain_serializer_function_ser_schema(
                format_decimal, return_schema=core_schema.str_schema(), when_used="json"
            ),
        )


#: An exact decimal: a JSON string in the files, a :class:`~decimal.Decimal` in Python.
DecimalValue = Annotated[Decimal, _DecimalText]


def _date_input(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):  # parsed here, the same on every pydantic version
        found = _DATE_TEXT.fullmatch(value)
        if found is None:
            raise ValueError(
                f"must be a calendar date written YYYY-MM-DD (no time, no timestamp), "
                f"not {value[:40]!r}"
            )
        try:
            return date(*(int(part) for part in found.groups()))
        except ValueError:
            raise ValueError(f"{value!r} is not a calendar date (years 0001-9999)") from None
    raise ValueError(
        f"must be a date written YYYY-MM-DD, not {type(value).__name__} {str(value)[:40]!r}"
    )


class _DateText:
    """Calendar dates. From JSON, only a ``YYYY-MM-DD`` string (pydantic's strict date, no
    Python call); from Python, a ``date`` (not a datetime) or such a string."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.json_or_python_schema(
            json_schema=core_schema.date_schema(strict=True),
            python_schema=core_schema.no_info_before_validator_function(
                _date_input, core_schema.date_schema()
            ),
        )


#: A calendar date: a ``date`` in Python, a ``YYYY-MM-DD`` string in the files (timestamps and
#: datetimes are refused).
StrictDate = Annotated[date, _DateText]
Version = Annotated[str, _checked(_check_semver)]
PlaceCode = Annotated[Optional[str], _checked(_check_place_code, _str(nullable=True))]
Sha256 = Annotated[str, _checked(_check_sha256)]
Text = Annotated[str, _str(min_length=1, max_length=MAX_TEXT)]
#: Control characters (C0, DEL, C1): never part of a name, label or definition, and a line
#: break or an escape sequence in one would forge lines or commands where it is printed.
CONTROL_CHARACTERS = "\x00-\x1f\x7f-\x9f"
#: A :data:`Text` without control characters (checked in pydantic's core: no cost per record
#: in Python).
PlainText = Annotated[
    str, _str(min_length=1, max_length=MAX_TEXT, pattern=f"^[^{CONTROL_CHARACTERS}]*$")
]
#: A free text that may be empty (notes), or a long one (descriptions).
Note = Annotated[str, _str(max_length=MAX_NOTE)]
LongText = Annotated[str, _str(min_length=1, max_length=MAX_NOTE)]
Quote = Annotated[str, _str(min_length=1, max_length=MAX_QUOTE)]
Url = Annotated[Optional[str], _checked(_check_url, _str(max_length=MAX_URL, nullable=True))]
Short = Annotated[str, _str(max_length=MAX_ID)]
Id = Annotated[str, _str(min_length=1, max_length=MAX_ID)]
#: A record's key as a change names it (a slug, a place's id, a unit's code): an :data:`Id`
#: without control characters.
Key = Annotated[str, _str(min_length=1, max_length=MAX_ID, pattern=f"^[^{CONTROL_CHARACTERS}]*$")]
Scale = Annotated[int, _Core(lambda: core_schema.int_schema(strict=True, ge=0, le=12))]
#: Where a licence's text is: an http(s) URL or a file inside the release.
LicensePath = Annotated[
    Optional[str], _checked(_check_license_path, _str(1, MAX_TEXT, nullable=True))
]
#: A character offset into a source text, and the (exclusive) end of a span.
Offset = Annotated[int, _Core(lambda: core_schema.int_schema(strict=True, ge=0))]
End = Annotated[int, _Core(lambda: core_schema.int_schema(strict=True, ge=1))]
PlaceLevel = Literal[
    "country", "province", "prefecture", "district", "county", "county-level-city",
    "town", "development-zone",
]  # fmt: skip


#: How exactly a date is known: to the day, or only its month or year (the date is then the
#: first day of that month or year).
DatePrecision = Literal["day", "month", "year"]

#: A measure or topic id: lower-case words joined by single hyphens or underscores.
TERM_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
TermId = Annotated[str, _str(pattern=TERM_PATTERN)]


class UnitDefinition(BaseModel, frozen=True, extra="forbid"):
    """An entry of a release's ``units`` table: the code (ISO 4217 for money, UCUM otherwise),
    its kind (the closed set whose rules the code knows), and its Chinese and English names.

    Examples:
        >>> UnitDefinition(code="CNY", kind="money", zh="元", en="yuan (CNY)").kind
        'money'
    """

    code: PlainText
    kind: UnitKind
    zh: PlainText
    en: PlainText

    @model_validator(mode="after")
    def _code_suits_kind(self) -> "UnitDefinition":
        problem = unit_problem(self.code, self.kind)
        if problem is not None:
            raise ValueError(f"code: {problem}")
        return self


class _Term(BaseModel, frozen=True, extra="forbid", defer_build=True):
    id: TermId
    zh: PlainText
    en: PlainText
    definition: PlainText


class Measure(_Term, frozen=True, extra="forbid"):
    """An entry of a release's ``measures`` table: what a figure measures, defined."""


class Topic(_Term, frozen=True, extra="forbid"):
    """An entry of a release's ``topics`` table: a subject figures and events belong to,
    defined (a figure has a topic when the definition covers it)."""


class UnitCode(str):
    """A figure's ``unit_code`` as loaded from a release: a plain ``str`` that also carries the
    release's :class:`UnitDefinition` of it (``definition``), so that :attr:`Figure.unit` can
    give the kind and English name without a reference to the release.
    """

    definition: UnitDefinition

    def __new__(cls, definition: UnitDefinition) -> "UnitCode":
        """The code of ``definition``, carrying it."""
        code = super().__new__(cls, definition.code)
        code.definition = definition
        return code

    def __reduce__(self) -> Any:
        return (UnitCode, (self.definition,))


class Vocabulary:
    """A release's units, measures and topics, indexed for validation (see :func:`load_context`)."""

    def __init__(
        self, units: Sequence[UnitDefinition], measures: Sequence[Measure], topics: Sequence[Topic]
    ) -> None:
        """Index the three tables (the last entry of a repeated id wins)."""
        #: Unit code -> the code as a :class:`UnitCode` carrying its definition.
        self.units: Mapping[str, UnitCode] = {u.code: UnitCode(u) for u in units}
        #: Unit code -> kind.
        self.kinds: Mapping[str, str] = {u.code: u.kind for u in units}
        self.measures: Mapping[str, Measure] = {m.id: m for m in measures}
        self.topics: Mapping[str, Topic] = {t.id: t for t in topics}

    def unit(self, code: str) -> UnitCode:
        """The code carrying its definition; ValueError naming the field for an unknown one."""
        found = self.units.get(code)
        if found is None:
            raise ValueError(f"unit_code: unknown unit {code!r} (not in the release's units table)")
        return found

    def term_problems(self, measure: Optional[str], topics: Sequence[str]) -> List[str]:
        """``field: problem`` for a measure or topics not in the tables."""
        out: List[str] = []
        if measure is not None and measure not in self.measures:
            out.append(f"measure: unknown measure {measure!r} (not in the release's measures "
                       "table)")  # fmt: skip
        out += [
            f"topics: unknown topic {t!r} (not in the release's topics table)"
            for t in topics
            if t not in self.topics
        ]
        out += duplicate_problems("topics", topics)
        return out


_legacy: Dict[int, Tuple[Tuple[UnitDefinition, ...], Tuple[Measure, ...], Tuple[Topic, ...]]] = {}
_legacy_vocabulary: Dict[int, Vocabulary] = {}


def legacy_tables(
    data_format: int = 1,
) -> Tuple[Tuple[UnitDefinition, ...], Tuple[Measure, ...], Tuple[Topic, ...]]:
    """The units, measures and topics that releases in data format 1 or 2 take from the
    package (the vocabulary it had when they were written; ``data/vocabularies/``).

    Examples:
        >>> units, measures, topics = legacy_tables(1)
        >>> units[0].code, measures[0].id, topics[0].id
        ('CNY', 'level', 'macro')
    """
    found = _legacy.get(data_format)
    if found is None:
        raw = legacy_vocabulary(data_format)
        found = _legacy[data_format] = (
            tuple(UnitDefinition.model_validate(u) for u in raw["units"]),
            tuple(Measure.model_validate(m) for m in raw["measures"]),
            tuple(Topic.model_validate(t) for t in raw["topics"]),
        )
    return found


def _legacy_vocab() -> Vocabulary:
    """The vocabulary of records validated without a release's context (the legacy one)."""
    first = min(LEGACY_VOCABULARIES)
    found = _legacy_vocabulary.get(first)
    if found is None:
        found = _legacy_vocabulary[first] = Vocabulary(*legacy_tables(first))
    return found


#: How a record validated without a release's context finds the vocabulary of the release it
#: names (set by the loader: the shipped and installed releases); None when it cannot.
_release_vocabulary: List[Callable[[str], Optional[Vocabulary]]] = []


def set_vocabulary_lookup(lookup: Callable[[str], Optional[Vocabulary]]) -> None:
    """Let records validated without a context take the vocabulary of the release they name
    (``lookup(version)``, None when that release is not available)."""
    _release_vocabulary[:] = [lookup]


def _vocabulary_of(info: ValidationInfo, release: str) -> Vocabulary:
    """The context's vocabulary; without one, that of the available release ``release``
    (so that a dumped figure validates back), or else the legacy one."""
    context: Any = info.context
    if isinstance(context, dict) and "vocabulary" in context:
        return cast(Vocabulary, context["vocabulary"])
    for lookup in _release_vocabulary:
        found = lookup(release) if release else None
        if found is not None:
            return found
    return _legacy_vocab()


class Unit(BaseModel, frozen=True, extra="forbid", defer_build=True):
    """A figure's unit: its code (ISO 4217 or UCUM), the Chinese word as printed, and the
    kind and English name from the release's ``units`` table.

    Examples:
        >>> u = Unit(code="CNY", zh="元", kind="money", en="yuan (CNY)")
        >>> u.en
        'yuan (CNY)'
    """

    code: Text
    zh: str = ""
    kind: UnitKind
    en: Text


class Period(BaseModel, frozen=True, extra="forbid", defer_build=True):
    """A date interval and its label in the article's terms.

    ``start`` is None when the article states none (累计, 截至2024年底, 近年来).

    Examples:
        >>> Period(start=date(2025, 3, 31), end=date(2025, 1, 1), label="x")
        Traceback (most recent call last):
          ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Period
        ...
    """

    start: Optional[StrictDate] = None
    end: StrictDate
    label: Text

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.start is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    def overlaps(self, start: Optional[date], end: Optional[date]) -> bool:
        """Whether this period shares a day with ``start``..``end`` (None: unbounded).

        A period with no start counts as reaching back indefinitely.

        Examples:
            >>> q1 = Period(start=date(2025, 1, 1), end=date(2025, 3, 31), label="一季度")
            >>> q1.overlaps(date(2025, 3, 1), None), q1.overlaps(None, date(2024, 12, 31))
            (True, False)
        """
        return _overlaps(self.start, self.end, start, end)


def _overlaps(
    first: Optional[date], last: date, start: Optional[date], end: Optional[date]
) -> bool:
    if end is not None and first is not None and first > end:
        return False
    return not (start is not None and last < start)


class Place(BaseModel, frozen=True, extra="forbid"):
    """A place: GB/T 2260 code (``CN`` for national scope; None for towns and zones)."""

    id: Id
    code: PlaceCode = None
    parent_code: PlaceCode = None
    name_zh: Text
    name_en: Text
    level: PlaceLevel

    @model_validator(mode="after")
    def _id_is_code(self) -> "Place":
        if self.code is not None and self.id != self.code:
            raise ValueError(f"id: a place with a code has that code as id, not {self.id!r}")
        if self.code is None:
            _check_slug(self.id)
            if self.parent_code is None:
                raise ValueError("parent_code: a place without a code needs a parent_code")
        return self


class Entity(BaseModel, frozen=True, extra="forbid"):
    """An organisation named in the article.

    ``name_en_official`` is True when ``name_en`` is the organisation's own English name,
    False when it is our translation.
    """

    id: Slug
    name_zh: Text
    name_en: Text
    name_en_official: bool = False
    place: Optional[Id] = None


class Person(BaseModel, frozen=True, extra="forbid"):
    """An author of a source; ``family_en`` and ``given_en`` let citations order the name
    correctly (Chinese names put the family name first: 胡磊, Hu Lei).
    """

    name_zh: Text
    name_en: Text
    family_en: Text
    given_en: Text
    role: Text


def precision_problem(when: Optional[date], precision: str) -> Optional[str]:
    """Why a date does not fit its precision (a date known to the month or year is the first
    day of that month or year), as ``date: problem``, or None.

    Examples:
        >>> precision_problem(date(2025, 6, 15), "month")
        'date: a date known to the month is the first day of that month, not 2025-06-15'
        >>> precision_problem(date(2025, 1, 1), "year") is None
        True
    """
    if when is None or precision == "day":
        return None
    if when.day != 1 or (precision == "year" and when.month != 1):
        return (
            f"date: a date known to the {precision} is the first day of that {precision}, "
            f"not {when}"
        )
    return None


class Reprint(BaseModel, frozen=True, extra="forbid"):
    """A known reprint of a source; ``date_precision`` says whether its date is known to the
    day or only to the month or year (read off a web address, say)."""

    publisher_zh: Text
    publisher_en: Text
    date: Optional[StrictDate] = None
    date_precision: DatePrecision = "day"
    page: Optional[Text] = None
    note: Note = ""

    @model_validator(mode="after")
    def _date_fits_precision(self) -> "Reprint":
        problem = precision_problem(self.date, self.date_precision)
        if problem is not None:
            raise ValueError(problem)
        return self


class License(BaseModel, frozen=True, extra="forbid"):
    """A licence that applies to part of a release."""

    name: Text
    path: LicensePath = None
    title: Text
    applies_to: Text


class Source(BaseModel, frozen=True, extra="forbid"):
    """A source document and what is known about it; ``text`` is the release-relative path
    of its normalized text, whose sha256 is ``sha256``, and ``normalizer`` how that text was
    made from a reader's copy (``plain`` or ``repost``; None: not recorded).
    """

    id: Slug
    title_zh: Text
    title_en: Text
    title_en_is_translation: bool = True
    publisher_zh: Text
    publisher_en: Text
    publisher_place: Text
    date: StrictDate
    placement: Text
    authors: Tuple[Person, ...]
    language: Text
    reprint: Optional[Reprint] = None
    copy_held: Text
    copy_held_url: Url = None
    original_url: Url = None
    rights: Text
    text: ReleasePath
    sha256: Sha256
    normalizer: Optional[Literal["plain", "repost"]] = None


class Exclusion(BaseModel, frozen=True, extra="forbid"):
    """A numeral in a source that deliberately is not a figure, and why: every occurrence of
    ``numeral`` inside every occurrence of ``quote`` in the source's normalized text.

    Examples:
        >>> Exclusion(source_id="s", numeral="2024", quote="2024年,茌平区", reason="a year").numeral
        '2024'
    """

    source_id: Slug
    numeral: Text
    quote: Text
    reason: Text

    @model_validator(mode="after")
    def _numeral_in_quote(self) -> "Exclusion":
        if not _NUMERAL.fullmatch(self.numeral) and self.numeral not in set(NUMERAL_LIKE):
            raise ValueError(
                f"numeral: {self.numeral[:40]!r} is not a numeral (Arabic digits such as 2024 "
                f"or 6.7, a run of Chinese numeral characters such as 千亿, or one of "
                f"{NUMERAL_LIKE})"
            )
        if self.numeral not in self.quote:
            raise ValueError(f"numeral: {self.numeral!r} is not in the quote {self.quote!r}")
        return self


class Provenance(BaseModel, frozen=True, extra="forbid", defer_build=True):
    """Where a figure was stated: the verbatim quote, its offsets in the source's normalized
    text (code points, end exclusive) and the figure as printed.

    Examples:
        >>> Provenance(source_id="s", quote="增速全省第3", start=10, end=16, literal="第3").literal
        '第3'
    """

    source_id: Slug
    quote: Quote
    start: Offset
    end: End
    literal: Text

    @model_validator(mode="after")
    def _consistent(self) -> "Provenance":
        if self.end - self.start != len(self.quote):
            raise ValueError(
                f"end: end - start is {self.end - self.start} but the quote has "
                f"{len(self.quote)} characters"
            )
        if self.literal not in self.quote:
            raise ValueError(
                f"literal: the literal {self.literal!r} is not in the quote {self.quote!r}"
            )
        return self


def _from_table(info: ValidationInfo, table: str, value: str, what: str) -> Any:
    context = info.context
    if not isinstance(context, dict) or table not in context:
        raise ValueError(
            f"{value!r} is a {what} id; ids resolve only when a whole release is validated "
            "(load_release), which supplies its tables"
        )
    found = cast(Mapping[str, Any], context[table]).get(value)
    if found is None:
        raise ValueError(f"unknown {what} {value!r}")
    return found


def _field_from_table(info: ValidationInfo, table: str, value: str) -> Any:
    field, what = ("place", "place") if table == "places" else ("entity", "organisation")
    try:
        return _from_table(info, table, value, what)
    except ValueError as exc:
        raise ValueError(f"{field}: {exc}") from None


def _with_release(data: Any, info: ValidationInfo) -> Any:
    """In a release's files, figures and events do not store ``release``: it comes from
    ``release.json`` through the validation context.
    """
    context: Any = info.context
    if isinstance(context, dict) and "release" in context and isinstance(data, dict):
        settings = cast(Dict[str, Any], context)
        record = cast(Dict[str, Any], data)
        if "release" in record:
            raise ValueError("release: not stored per record; release.json gives it")
        if settings.get("owns_input"):  # the loader's freshly parsed dicts: no copy needed
            record["release"] = settings["release"]
            return record
        return {**record, "release": settings["release"]}
    return data


def load_context(
    version: str,
    places: Mapping[str, "Place"],
    organisations: Mapping[str, "Entity"],
    vocabulary: Optional[Vocabulary] = None,
) -> Dict[str, Any]:
    """The validation context with which a release's records resolve their references and
    check their units, measures and topics (None: the legacy vocabulary of formats 1 and 2).
    """
    return {
        "release": version,
        "places": places,
        "organisations": organisations,
        "vocabulary": _legacy_vocab() if vocabulary is None else vocabulary,
    }


class _InRelease(BaseModel, frozen=True, extra="forbid", defer_build=True):
    """Base of the records a release's files hold (figures, events): in the files, their
    place and organisation are ids and their release is implicit; :func:`load_context`
    resolves both."""

    @model_validator(mode="before")
    @classmethod
    def _release_from_context(cls, data: Any, info: ValidationInfo) -> Any:
        return _with_release(data, info)

    @field_validator("place", mode="before", check_fields=False)
    @classmethod
    def _place_by_id(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            return _from_table(info, "places", value, "place")
        return _not_inline(value, info, "places", "place")

    @field_validator("entity", mode="before", check_fields=False)
    @classmethod
    def _entity_by_id(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            return _from_table(info, "organisations", value, "organisation")
        return _not_inline(value, info, "organisations", "organisation")


def _not_inline(value: Any, info: ValidationInfo, table: str, what: str) -> Any:
    """In a release's files (validated with its tables), a reference is an id, never an
    object written inline, which would bypass the release's table."""
    context: Any = info.context
    if value is not None and isinstance(context, dict) and table in cast(Dict[str, Any], context):
        raise ValueError(
            f"must be the id of an entry of release.json's {table} table, not an inline "
            f"{type(value).__name__}"
        )
    return value


class _ById:
    """Marks a field that holds a release's shared :class:`Place` or :class:`Entity`: in a
    release's files it is given by id (a string), which the figure's validator resolves
    through the validation context. Both forms are validated in pydantic's core, strings first.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.union_schema(
            [core_schema.str_schema(min_length=1, max_length=MAX_ID), handler(source)],
            mode="left_to_right",
        )


#: The key of the validation context by which the loader takes over what a figure's validator
#: does: its value is called with each validated figure and its field dict, resolves the ids,
#: sets ``release`` and records what the loader then checks over the whole list at once (the
#: rules of :func:`figure_problems`, each distinct combination once).
DEFERRED_RULES = "liaocheng_data.deferred_rules"


def number_problem(
    kind: str,
    unit_zh: str,
    value: Decimal,
    scale: int,
    qualifier: str,
    rank_scope: Optional[str],
    literal: str,
) -> Optional[str]:
    """Why a figure's number, unit, rank and literal disagree (``field: problem``), or None.

    ``kind`` is the kind of the figure's unit (the rules key on kinds, not on unit codes). A
    pure function of its arguments: the loader checks each distinct combination once.

    Examples:
        >>> number_problem("rank", "", Decimal("3"), 0, "exact", "全省", "第3") is None
        True
        >>> number_problem("rank", "", Decimal("3"), 0, "exact", None, "第3")
        "rank_scope: a rank (a unit of kind 'rank'), and only a rank, has a rank_scope"
    """
    if scale and scale not in MAGNITUDES:
        return f"scale: scale {scale} has no Chinese magnitude word"
    is_rank = kind == "rank"
    if is_rank and (value < 1 or value != value.to_integral_value()):
        return f"value: a rank is a whole number >= 1, not {value}"
    if is_rank != (rank_scope is not None):
        return "rank_scope: a rank (a unit of kind 'rank'), and only a rank, has a rank_scope"
    if kind == "count" and base_value(value, scale) % 1:
        return f"value: a count is a whole number, not {value}"
    problem = check_literal(
        literal, value=value, scale=scale, kind=kind, unit_zh=unit_zh, qualifier=qualifier,
    )  # fmt: skip
    return None if problem is None else f"literal: {problem}"


def period_problem(start: Optional[date], end: date) -> Optional[str]:
    """Why a period's dates are not in order, or None."""
    if start is not None and start > end:
        return f"period_start: start {start} is after end {end}"
    return None


def quote_problem(quote: str, start: int, end: int, literal: str) -> Optional[str]:
    """Why a quote disagrees with its offsets or its literal, or None."""
    if end - start != len(quote):
        return (
            f"quote_end: quote_end - quote_start is {end - start} but the quote has "
            f"{len(quote)} characters"
        )
    if literal not in quote:
        return f"literal: the literal {literal!r} is not in the quote {quote!r}"
    return None


def duplicate_problems(field: str, items: Sequence[str]) -> List[str]:
    """``field: problem`` for each item listed more than once (empty when none).

    Examples:
        >>> duplicate_problems("topics", ["macro", "macro", "trade"])
        ["topics: 'macro' listed twice"]
    """
    if len(set(items)) == len(items):
        return []
    seen: Set[str] = set()
    out: List[str] = []
    for item in items:
        if item in seen:
            out.append(f"{field}: {item[:60]!r} listed twice")
        seen.add(item)
    return out


def figure_problems(figure: "Figure") -> List[str]:
    """Every cross-field rule a figure breaks, as ``field: problem`` (empty when none)."""
    found = (
        number_problem(
            figure.unit.kind, figure.unit_zh, figure.value, figure.scale,
            figure.qualifier, figure.rank_scope, figure.literal,
        ),
        period_problem(figure.period_start, figure.period_end),
        quote_problem(figure.quote, figure.quote_start, figure.quote_end, figure.literal),
    )  # fmt: skip
    return [
        *(problem for problem in found if problem is not None),
        *duplicate_problems("corroborated_by", figure.corroborated_by),
    ]


class Figure(BaseModel, frozen=True, extra="forbid"):
    """One claim of one number in the article, with its provenance.

    ``value`` is exactly the number printed and ``scale`` the power of ten of its Chinese
    magnitude word; :attr:`base_value` is derived. The record is flat, as in a release's
    ``figures.json``; :attr:`unit`, :attr:`period` and :attr:`provenance` give the grouped
    views. ``release`` is the data release the figure was loaded from. In a release's files
    the place and the organisation are given by id and ``release`` is absent;
    :func:`load_context` resolves them.

    Examples:
        >>> from liaocheng_data import get
        >>> gdp = get("gdp-2025q1", release="1.0.0")
        >>> gdp.period_label, gdp.period.label, gdp.provenance.literal == gdp.literal
        ('一季度', '一季度', True)
    """

    id: Slug
    label_zh: PlainText
    label_en: PlainText
    indicator: Slug
    measure: Id
    value: DecimalValue
    scale: Scale = 0
    unit_code: Id
    unit_zh: Short = ""
    qualifier: Qualifier = "exact"
    period_start: Optional[StrictDate] = None
    period_end: StrictDate
    period_label: Text
    place: Annotated[Place, _ById]
    entity: Optional[Annotated[Entity, _ById]] = None
    rank_scope: Optional[Text] = None
    source_id: Slug
    quote: Quote
    quote_start: Offset
    quote_end: End
    literal: Text
    topics: Tuple[Id, ...] = Field(min_length=1)
    note: Note = ""
    corroborated_by: Tuple[Text, ...] = ()
    #: Required when a figure is made directly; in a release's files it is absent and comes
    #: from ``release.json`` through the validation context.
    release: Version = ""

    @model_validator(mode="after")
    def _resolve_and_check(self, info: ValidationInfo) -> "Figure":
        fields: Dict[str, Any] = vars(self)  # filled in here as model_construct would
        context: Any = info.context
        deferred = context.get(DEFERRED_RULES) if context.__class__ is dict else None
        if deferred is not None:  # the loader resolves, fills in and checks, in bulk
            deferred(self, fields)
            return self
        if fields["value"].__class__ is str:  # validated from JSON: the checked text
            fields["value"] = Decimal(fields["value"])
        if isinstance(fields["place"], str):
            fields["place"] = _field_from_table(info, "places", fields["place"])
        if isinstance(fields["entity"], str):
            fields["entity"] = _field_from_table(info, "organisations", fields["entity"])
        vocabulary = _vocabulary_of(info, fields["release"])
        terms = vocabulary.term_problems(self.measure, self.topics)
        if terms:
            raise ValueError("; ".join(terms))
        fields["unit_code"] = vocabulary.unit(self.unit_code)
        if isinstance(context, dict) and "release" in context:
            if "release" in self.__pydantic_fields_set__:
                raise ValueError("release: not stored per record; release.json gives it")
            fields["release"] = context["release"]
        elif "release" not in self.__pydantic_fields_set__:
            raise ValueError("release: Field required")
        problems = figure_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def unit(self) -> Unit:
        """The unit: ISO 4217 or UCUM code, the Chinese word as printed, and the kind and
        English name from the release's ``units`` table."""
        code = self.unit_code
        definition = (
            code.definition if isinstance(code, UnitCode) else _legacy_vocab().unit(code).definition
        )
        return Unit.model_construct(
            code=definition.code, zh=self.unit_zh, kind=definition.kind, en=definition.en
        )

    @property
    def period(self) -> Period:
        """The period the figure covers, with its label in the article's terms."""
        return Period.model_construct(
            start=self.period_start, end=self.period_end, label=self.period_label
        )

    @property
    def provenance(self) -> Provenance:
        """Where the figure was stated: source, verbatim quote, offsets, literal."""
        return Provenance.model_construct(
            source_id=self.source_id, quote=self.quote, start=self.quote_start,
            end=self.quote_end, literal=self.literal,
        )  # fmt: skip

    @property
    def base_value(self) -> Decimal:
        """``value`` × 10**``scale``, exact (752.1亿元 -> ``Decimal('75210000000')``)."""
        return base_value(self.value, self.scale)

    def overlaps(self, start: Optional[date], end: Optional[date]) -> bool:
        """Whether the figure's period shares a day with ``start``..``end`` (as
        :meth:`Period.overlaps`, without building the period).

        Examples:
            >>> from liaocheng_data import get
            >>> get("gdp-2025q1", release="1.0.0").overlaps(date(2025, 3, 1), None)
            True
        """
        return _overlaps(self.period_start, self.period_end, start, end)

    def __str__(self) -> str:
        return f"{self.id}: {self.literal} ({self.label_en}, {self.period_label})"

    def _repr_html_(self) -> str:
        """Every field a reader needs, for Jupyter."""
        entity = "" if self.entity is None else f"{self.entity.name_zh} / {self.entity.name_en}"
        rows = [
            ("label", f"{self.label_zh} / {self.label_en}"),
            ("value", f"{_QUALIFIER_MARK[self.qualifier]}{self.literal}"
                      f" = {self.base_value} {self.unit_code} ({self.qualifier})"),
            ("period", _period_text(self.period)),
            ("place", f"{self.place.name_zh} / {self.place.name_en}"),
            ("organisation", entity),
            ("rank within", self.rank_scope or ""),
            ("quote", f"“{self.quote}”"),
            ("source", f"{self.source_id}, characters "
                       f"{self.quote_start}–{self.quote_end}, release {self.release}"),
            ("note", self.note),
        ]  # fmt: skip
        body = "".join(f"<tr><th>{k}</th>{_cell(v)}</tr>" for k, v in rows if v)
        return f"<table><caption>{_escape(self.id)}</caption>{body}</table>"


class Event(_InRelease, frozen=True, extra="forbid"):
    """A dated happening reported in the article (not a figure); its literal is the date as
    printed (``4月26日``). ``date_precision`` says how much of the date the source gives: the
    day (``4月26日``), the month (``4月``) or the year (``2024年``); the date is then the first
    day of that month or year.
    """

    id: Slug
    date: StrictDate
    date_precision: DatePrecision = "day"
    label_zh: PlainText
    label_en: PlainText
    place: Optional[Place] = None
    entity: Optional[Entity] = None
    provenance: Provenance
    topics: Tuple[Id, ...] = Field(min_length=1)
    note: Note = ""
    release: Version

    @model_validator(mode="after")
    def _literal_is_date(self, info: ValidationInfo) -> "Event":
        terms = _vocabulary_of(info, self.release).term_problems(None, self.topics)
        if terms:
            raise ValueError("; ".join(terms))
        when, precision = self.date, self.date_precision
        problem = precision_problem(when, precision)
        if problem is not None:
            raise ValueError(problem)
        printed = {
            "day": f"{when.month}月{when.day}日", "month": f"{when.month}月",
            "year": f"{when.year}年",
        }[precision]  # fmt: skip
        if self.provenance.literal != printed:
            raise ValueError(
                f"provenance.literal: the date {self.date} prints as {printed!r}, "
                f"not {self.provenance.literal!r}"
            )
        return self


_QUALIFIER_MARK = {
    "exact": "", "more_than": "> ", "at_least": "≥ ", "approximately": "≈ ", "imprecise": "~ ",
}  # fmt: skip


def _escape(text: str) -> str:
    """``html.escape``, imported on first use (only Jupyter's HTML views need it)."""
    from html import escape

    return escape(text)


def _cell(text: object) -> str:
    return f"<td>{_escape(str(text))}</td>"


def _period_text(period: Period) -> str:
    start = "…" if period.start is None else period.start.isoformat()
    return f"{start} – {period.end.isoformat()} ({period.label})"


def figures_html(figures: Sequence[Figure]) -> str:
    """An HTML table of figures: id, value as printed, period, place, label, quote, source."""
    head = "".join(f"<th>{h}</th>" for h in
                   ("id", "value", "period", "place", "label", "quote", "source"))  # fmt: skip
    rows: List[str] = []
    for f in figures:
        value = _QUALIFIER_MARK[f.qualifier] + f.literal
        rows.append(
            "<tr>"
            + _cell(f.id)
            + _cell(value)
            + _cell(_period_text(f.period))
            + _cell(f"{f.place.name_zh} {f.place.name_en}")
            + _cell(f"{f.label_zh} / {f.label_en}")
            + _cell(f"“{f.quote}”")
            + _cell(f"{f.source_id} @{f.quote_start}, release {f.release}")
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class FigureTuple(Tuple[Figure, ...]):
    """A tuple of figures that renders as a table in Jupyter; otherwise a plain tuple. A slice
    of it (``ld.figures()[:2]``) is one too.
    """

    @overload
    def __getitem__(self, index: SupportsIndex) -> Figure: ...
    @overload
    def __getitem__(self, index: slice) -> "FigureTuple": ...
    def __getitem__(self, index: Union[SupportsIndex, slice]) -> "Union[Figure, FigureTuple]":
        if isinstance(index, slice):
            return FigureTuple(super().__getitem__(index))
        return super().__getitem__(index)

    def _repr_html_(self) -> str:
        return f"<p>{len(self)} figures</p>" + figures_html(self)


def events_html(events: Sequence["Event"]) -> str:
    """An HTML table of events: date, id, place, label, quote, source."""
    head = "".join(f"<th>{h}</th>" for h in ("date", "id", "place", "label", "quote", "source"))
    rows = "".join(
        "<tr>"
        + _cell(e.date.isoformat())
        + _cell(e.id)
        + _cell("" if e.place is None else f"{e.place.name_zh} {e.place.name_en}")
        + _cell(f"{e.label_zh} / {e.label_en}")
        + _cell(f"“{e.provenance.quote}”")
        + _cell(f"{e.provenance.source_id} @{e.provenance.start}, release {e.release}")
        + "</tr>"
        for e in events
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


class EventTuple(Tuple[Event, ...]):
    """A tuple of events that renders as a table in Jupyter (slices too); otherwise a plain
    tuple.
    """

    @overload
    def __getitem__(self, index: SupportsIndex) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> "EventTuple": ...
    def __getitem__(self, index: Union[SupportsIndex, slice]) -> "Union[Event, EventTuple]":
        if isinstance(index, slice):
            return EventTuple(super().__getitem__(index))
        return super().__getitem__(index)

    def _repr_html_(self) -> str:
        return f"<p>{len(self)} events</p>" + events_html(self)


ChangeKind = Literal["added", "corrected", "redefined", "renamed", "retracted"]

#: The tables a declared change can be about. Data format 4 declares changes of every table
#: (``table``, default ``figure``); formats 1 to 3 declare changes of figures only. The
#: ``metadata`` table is the release's own fields in ``METADATA_CHANGE_FIELDS``.
ChangeTable = Literal[
    "figure", "event", "source", "place", "organisation", "unit", "measure", "topic", "metadata"
]

#: The release-level fields a ``metadata`` change names (the version's own bookkeeping, such
#: as ``version``, ``date`` or ``format_version``, is never declared).
METADATA_CHANGE_FIELDS = ("title", "description", "translation_statement", "licenses")

#: Tables whose records are keyed by a kebab-case slug (places by code or slug, units by code).
_SLUG_KEYED = frozenset({"figure", "event", "source", "organisation", "measure", "topic"})


class Change(BaseModel, frozen=True, extra="forbid"):
    """One recorded change of a release against its predecessor, with the reason.

    ``corrected`` is a fixed value (a patch release), ``added`` a new figure (minor),
    ``redefined`` a changed meaning, ``renamed`` a new id (its ``old_id`` stays an alias) and
    ``retracted`` a withdrawn figure (all three major).

    In data format 4, ``table`` says which table the change is about and ``id`` is the key of
    the record there: an event's, source's, organisation's, measure's or topic's id, a place's
    id, a unit's code, or for ``metadata`` the field (``title``, ``description``,
    ``translation_statement``, ``licenses``). A record other than a figure is ``added``,
    ``corrected``, ``redefined`` or ``retracted`` (removed), never ``renamed``: only figures
    have aliases. A metadata field is only ``corrected`` or ``redefined``.

    Examples:
        >>> Change(kind="corrected", table="event", id="expo-2025", reason="Date fixed.").table
        'event'
    """

    kind: ChangeKind
    table: ChangeTable = "figure"
    id: Key
    old_id: Optional[Slug] = None
    reason: LongText

    @model_validator(mode="after")
    def _old_id_for_renames(self) -> "Change":
        if (self.kind == "renamed") != (self.old_id is not None):
            raise ValueError("old_id: a renamed change, and only one, names the old id")
        if self.table != "figure" and self.kind == "renamed":
            raise ValueError(
                f"kind: a {self.table} is not renamed (only figures have aliases); retract "
                "the old record and add the new one"
            )
        if self.table in _SLUG_KEYED and not _SLUG.fullmatch(self.id):
            raise ValueError(f"id: {self.id!r} is not a kebab-case slug (a-z, 0-9, single hyphens)")
        if self.table == "metadata":
            if self.id not in METADATA_CHANGE_FIELDS:
                raise ValueError(
                    f"id: {self.id!r} is not a release field a change names "
                    f"({', '.join(METADATA_CHANGE_FIELDS)})"
                )
            if self.kind not in ("corrected", "redefined"):
                raise ValueError(
                    f"kind: a metadata field is corrected or redefined, not {self.kind}"
                )
        return self


class Alias(BaseModel, frozen=True, extra="forbid"):
    """An old figure id that still resolves to ``new_id`` (with a DeprecationWarning)."""

    old_id: Slug
    new_id: Slug
    since: Version
    reason: LongText


class Retraction(BaseModel, frozen=True, extra="forbid"):
    """A figure withdrawn in release ``since``, and why."""

    id: Slug
    since: Version
    reason: LongText


class ReleaseMetadata(BaseModel, frozen=True, extra="forbid"):
    """A release's ``release.json``: what it is, the tables its figures refer to (places,
    organisations, units, measures, topics), the numerals of its sources that are not figures
    (``exclusions``), and what changed since ``previous_version`` (aliases and retractions
    accumulate over releases). A release in data format 1 or 2 has no vocabulary tables in
    its file: the loader gives it the package's legacy ones (:func:`legacy_tables`).
    """

    format_version: Annotated[int, Strict(), Field(ge=1)]
    version: Version
    date: StrictDate
    title: Text
    description: LongText
    translation_statement: LongText
    licenses: Tuple[License, ...] = Field(min_length=1)
    sources: Tuple[Source, ...] = Field(min_length=1)
    places: Tuple[Place, ...]
    organisations: Tuple[Entity, ...]
    units: Tuple[UnitDefinition, ...] = Field(min_length=1)
    measures: Tuple[Measure, ...] = Field(min_length=1)
    topics: Tuple[Topic, ...] = Field(min_length=1)
    exclusions: Tuple[Exclusion, ...] = ()
    previous_version: Optional[Version] = None
    changes: Tuple[Change, ...] = ()
    aliases: Tuple[Alias, ...] = ()
    retractions: Tuple[Retraction, ...] = ()


class Release(ReleaseMetadata, frozen=True, extra="forbid", defer_build=True):
    """One data release: its metadata, figures and events, all validated and immutable.

    ``get(id)`` finds a figure in constant time; an old id of a renamed figure resolves with a
    :class:`DeprecationWarning`, a retracted id raises :class:`FigureRetractedError`.
    """

    figures: Tuple[Figure, ...]
    events: Tuple[Event, ...]

    @cached_property
    def figures_by_id(self) -> Mapping[str, Figure]:
        """A read-only mapping from figure id to figure (the loader fills it in; built on first
        use otherwise)."""
        return MappingProxyType({f.id: f for f in self.figures})

    @cached_property
    def _indexes(self) -> Dict[str, Dict[str, Tuple[int, ...]]]:
        """For each indexed field, value -> positions of its figures (in article order)."""
        out: Dict[str, Dict[str, List[int]]] = {
            "indicator": {}, "measure": {}, "topic": {}, "place": {}, "entity": {},
        }  # fmt: skip
        for i, f in enumerate(self.figures):
            out["indicator"].setdefault(f.indicator, []).append(i)
            out["measure"].setdefault(f.measure, []).append(i)
            out["place"].setdefault(f.place.id, []).append(i)
            if f.entity is not None:
                out["entity"].setdefault(f.entity.id, []).append(i)
            for topic in f.topics:
                out["topic"].setdefault(topic, []).append(i)
        return {k: {v: tuple(ix) for v, ix in d.items()} for k, d in out.items()}

    def positions(self, field: str, values: Sequence[str]) -> Tuple[int, ...]:
        """Positions (in ``figures``) of the figures whose ``field`` is one of ``values``;
        ``field`` is indicator, measure, topic, place (id) or entity (id). Used by the
        filters of :func:`liaocheng_data.figures`.
        """
        index = self._indexes[field]
        if len(values) == 1:
            return index.get(values[0], ())
        return tuple(sorted({i for v in values for i in index.get(v, ())}))

    def get(self, figure_id: str) -> Figure:
        """The figure with this id; :class:`FigureNotFoundError` suggests close ids."""
        by_id = self.figures_by_id
        try:
            return by_id[figure_id]
        except KeyError:
            pass
        for alias in self.aliases:
            if alias.old_id == figure_id:
                warnings.warn(
                    f"figure id {figure_id!r} was renamed {alias.new_id!r} in data release "
                    f"{alias.since} ({alias.reason}); use {alias.new_id!r}",
                    DeprecationWarning,
                    stacklevel=2,
                )
                return by_id[alias.new_id]
        for retraction in self.retractions:
            if retraction.id == figure_id:
                raise FigureRetractedError(
                    figure_id, self.version, retraction.since, retraction.reason
                )
        from difflib import get_close_matches  # only on a miss: keeps import light

        close = get_close_matches(figure_id, list(by_id), n=3, cutoff=0.6)
        raise FigureNotFoundError(figure_id, self.version, close)

    def __getstate__(self) -> Dict[Any, Any]:
        """What pickle and deepcopy carry: the fields, not the indexes cached beside them
        (a read-only mapping cannot be pickled; the copy rebuilds them on first use)."""
        state: Dict[Any, Any] = dict(super().__getstate__())
        fields = type(self).model_fields
        state["__dict__"] = {k: v for k, v in vars(self).items() if k in fields}
        return state

    def __deepcopy__(self, memo: Optional[Dict[int, Any]] = None) -> "Release":
        """A deep copy of the fields (the cached indexes are rebuilt on first use)."""
        copied = type(self).__new__(type(self))
        copied.__setstate__(deepcopy(self.__getstate__(), memo))
        return copied

    def _repr_html_(self) -> str:
        """The release's summary and its figures as a table, for Jupyter."""
        source = self.sources[0]
        return (
            f"<p><b>Data release {_escape(self.version)}</b> ({self.date.isoformat()}): "
            f"{len(self.figures)} figures, {len(self.events)} events, from "
            f"{_escape(source.publisher_zh)} ({_escape(source.publisher_en)}), "
            f"{source.date.isoformat()}</p>" + figures_html(self.figures)
        )

    def __str__(self) -> str:
        return repr(self)

    def __repr__(self) -> str:
        return (
            f"Release(version={self.version!r}, date={self.date.isoformat()!r}, "
            f"figures={len(self.figures)}, events={len(self.events)})"
        )


def _is_deprecated(attribute: object) -> bool:
    """Whether a class attribute (function, classmethod, property) is marked deprecated."""
    for inner in (
        attribute,
        getattr(attribute, "__func__", None),
        getattr(attribute, "fget", None),
    ):
        if getattr(inner, "__deprecated__", None):
            return True
    return False


@cache
def _deprecated() -> FrozenSet[str]:
    """The names of pydantic's deprecated v1 API (``dict``, ``json``, ``parse_obj``,
    ``copy`` ...), kept out of ``dir()`` so that tab completion in a notebook shows the
    fields and the v2 methods; found on first use of ``dir()``."""
    return frozenset(
        name
        for cls in BaseModel.__mro__
        for name, value in vars(cls).items()
        if _is_deprecated(value)
    )


def _dir(self: BaseModel) -> List[str]:
    """``dir()`` of a model without pydantic's deprecated v1 names (they still work)."""
    deprecated = _deprecated()
    return [name for name in object.__dir__(self) if name not in deprecated]


def _tidy_dir(namespace: Mapping[str, object]) -> None:
    """Give every model defined in ``namespace`` (this module's) the :func:`_dir` above."""
    for value in list(namespace.values()):
        if not isinstance(value, type):
            continue
        cls = cast("type[object]", value)
        if issubclass(cls, BaseModel) and cls.__module__ == __name__:
            setattr(cls, "__dir__", _dir)  # noqa: B010


_tidy_dir(globals())  # models added to this module later are covered too
