"""liaocheng-data: every figure of one Dazhong Daily article on Liaocheng's economy.

The article: 《大众日报》(Dazhong Daily), 2025-06-04, front-page lead, by 胡磊 and 薛良诚.
Each figure is a frozen, validated object with a verbatim quote of the article:

Examples:
    >>> import liaocheng_data as ld
    >>> gdp = ld.get("gdp-2025q1")
    >>> gdp.value, gdp.scale, gdp.unit.code, gdp.base_value
    (Decimal('752.1'), 8, 'CNY', Decimal('75210000000'))
    >>> gdp.provenance.quote
    '一季度,全市地区生产总值752.1亿元'
    >>> gdp.release == ld.DATA_VERSION
    True

Nothing is read at import: the first access loads, validates and caches a release.
"""

from ._version import __version__
from .api import (
    InvalidFilterError,
    events,
    figures,
    get,
    load_release,
    organisations,
    release,
    releases,
    search,
    sources,
)
from .cite import cite
from .errors import (
    FigureNotFoundError,
    FigureRetractedError,
    FormatVersionError,
    IntegrityError,
    LiaochengDataError,
    NormalizationError,
    ReleaseNotFoundError,
    ValidationError,
)
from .integrity import VerifyReport, verify
from .models import (
    DATA_FORMAT_VERSION,
    Entity,
    Event,
    Figure,
    License,
    Period,
    Person,
    Place,
    Provenance,
    Release,
    Reprint,
    Source,
    Unit,
)
from .versions import HistoryEntry, ReleaseDiff, diff, history

#: The newest data release this package ships (SemVer, independent of ``__version__``).
DATA_VERSION: str = "1.0.0"

__all__ = [
    "DATA_FORMAT_VERSION",
    "DATA_VERSION",
    "Entity",
    "Event",
    "Figure",
    "FigureNotFoundError",
    "FigureRetractedError",
    "FormatVersionError",
    "HistoryEntry",
    "IntegrityError",
    "InvalidFilterError",
    "LiaochengDataError",
    "License",
    "NormalizationError",
    "Period",
    "Person",
    "Place",
    "Provenance",
    "Release",
    "ReleaseDiff",
    "ReleaseNotFoundError",
    "Reprint",
    "Source",
    "Unit",
    "ValidationError",
    "VerifyReport",
    "__version__",
    "cite",
    "diff",
    "events",
    "figures",
    "get",
    "history",
    "load_release",
    "organisations",
    "release",
    "releases",
    "search",
    "sources",
    "verify",
]
