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

Importing the package is cheap: its modules (and pydantic) load on first use of a name, and
the first access to a release loads, validates and caches it.
"""

import importlib
from typing import TYPE_CHECKING, Any, Dict, List

from ._version import __version__

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time, __getattr__ below
    from .api import (
        InvalidFilterError,
        events,
        figures,
        get,
        load_release,
        measures,
        organisations,
        release,
        releases,
        search,
        sources,
        topics,
        units,
    )
    from .citation import (
        cite,
    )
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
    from .integrity import (
        VerifyReport,
        verify,
    )
    from .models import (
        DATA_FORMAT_VERSION,
        Entity,
        Event,
        Exclusion,
        Figure,
        License,
        Measure,
        Period,
        Person,
        Place,
        Provenance,
        Release,
        Reprint,
        Source,
        Topic,
        Unit,
        UnitDefinition,
    )
    from .versions import (
        HistoryEntry,
        ReleaseDiff,
        diff,
        history,
    )

    #: The newest data release this package ships (SemVer, independent of ``__version__``),
    #: read on first use from the package manifest ``data/index.json``.
    DATA_VERSION: str

#: Public name -> the module that defines it, imported on first use.
_LAZY: Dict[str, str] = {
    "DATA_FORMAT_VERSION": "models",
    "Entity": "models",
    "Event": "models",
    "Exclusion": "models",
    "Figure": "models",
    "FigureNotFoundError": "errors",
    "FigureRetractedError": "errors",
    "FormatVersionError": "errors",
    "HistoryEntry": "versions",
    "IntegrityError": "errors",
    "InvalidFilterError": "api",
    "LiaochengDataError": "errors",
    "License": "models",
    "Measure": "models",
    "NormalizationError": "errors",
    "Period": "models",
    "Person": "models",
    "Place": "models",
    "Provenance": "models",
    "Release": "models",
    "ReleaseDiff": "versions",
    "ReleaseNotFoundError": "errors",
    "Reprint": "models",
    "Source": "models",
    "Topic": "models",
    "Unit": "models",
    "UnitDefinition": "models",
    "ValidationError": "errors",
    "VerifyReport": "integrity",
    "cite": "citation",
    "diff": "versions",
    "events": "api",
    "figures": "api",
    "get": "api",
    "history": "versions",
    "load_release": "api",
    "measures": "api",
    "organisations": "api",
    "release": "api",
    "releases": "api",
    "search": "api",
    "sources": "api",
    "topics": "api",
    "units": "api",
    "verify": "integrity",
}


def __getattr__(name: str) -> Any:
    """Import the module that defines a public name on first use (PEP 562)."""
    if name == "DATA_VERSION":  # the manifest's newest release (read once, on first use)
        return importlib.import_module("._manifest", __name__).newest_release()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "DATA_FORMAT_VERSION",
    "DATA_VERSION",
    "Entity",
    "Event",
    "Exclusion",
    "Figure",
    "FigureNotFoundError",
    "FigureRetractedError",
    "FormatVersionError",
    "HistoryEntry",
    "IntegrityError",
    "InvalidFilterError",
    "LiaochengDataError",
    "License",
    "Measure",
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
    "Topic",
    "Unit",
    "UnitDefinition",
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
    "measures",
    "organisations",
    "release",
    "releases",
    "search",
    "sources",
    "topics",
    "units",
    "verify",
]
