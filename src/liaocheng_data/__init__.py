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

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

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
        ExportError,
        ExtraNotInstalledError,
        FigureNotFoundError,
        FigureRetractedError,
        FormatVersionError,
        IntegrityError,
        LiaochengDataError,
        NormalizationError,
        ReleaseNotFoundError,
        ValidationError,
    )
    from .exports import (
        COLUMNS,
        FORMATS,
        export,
        json_schema,
        to_arrow,
        to_csv,
        to_dataframe,
        to_json,
        to_jsonl,
        to_row,
        write_datapackage,
        write_parquet,
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

#: Public name -> the module that defines it, imported on first use. No public name may equal
#: a submodule's name: importing the submodule would rebind it on the package.
_LAZY = {
    "COLUMNS": "exports",
    "FORMATS": "exports",
    "DATA_FORMAT_VERSION": "models",
    "Entity": "models",
    "Event": "models",
    "Exclusion": "models",
    "ExportError": "errors",
    "ExtraNotInstalledError": "errors",
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
    "export": "exports",
    "figures": "api",
    "get": "api",
    "history": "versions",
    "json_schema": "exports",
    "load_release": "api",
    "measures": "api",
    "organisations": "api",
    "release": "api",
    "releases": "api",
    "search": "api",
    "sources": "api",
    "to_arrow": "exports",
    "to_csv": "exports",
    "to_dataframe": "exports",
    "to_json": "exports",
    "to_jsonl": "exports",
    "to_row": "exports",
    "topics": "api",
    "units": "api",
    "verify": "integrity",
    "write_datapackage": "exports",
    "write_parquet": "exports",
}


if not TYPE_CHECKING:  # hidden from type checkers, so that ``ld.figuers`` is an error there

    def __getattr__(name):
        """Import the module that defines a public name on first use (PEP 562)."""
        if name == "DATA_VERSION":  # the manifest's newest release (read once, on first use)
            return _import_module("._manifest", __name__).newest_release()
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(_import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value


def __dir__() -> "list[str]":
    """The public names (what ``__all__`` lists), not the helpers this module uses."""
    return sorted(__all__)


__all__ = [
    "COLUMNS",
    "DATA_FORMAT_VERSION",
    "DATA_VERSION",
    "FORMATS",
    "Entity",
    "Event",
    "Exclusion",
    "ExportError",
    "ExtraNotInstalledError",
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
    "export",
    "figures",
    "get",
    "history",
    "json_schema",
    "load_release",
    "measures",
    "organisations",
    "release",
    "releases",
    "search",
    "sources",
    "to_arrow",
    "to_csv",
    "to_dataframe",
    "to_json",
    "to_jsonl",
    "to_row",
    "topics",
    "units",
    "verify",
    "write_datapackage",
    "write_parquet",
]
