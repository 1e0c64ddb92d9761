"""Exports: CSV, JSON, JSON Lines, a Frictionless Data Package, JSON Schema, a pandas
DataFrame, Arrow and Parquet.

Every export names its columns as the model names its fields (``unit_code``, not ``unit``).
CSV rows are flat (:data:`COLUMNS`); JSON and JSON Lines records are the full figures
(``Figure.model_dump(mode="json")``), described by :func:`json_schema`. Exact numbers travel
as decimal strings in JSON, as plain decimal text in CSV, as ``Decimal`` objects in a
DataFrame and as ``decimal128`` in Arrow and Parquet, never as floats (the DataFrame adds one
float column, ``base_value_float``, for charts).

Examples:
    >>> import liaocheng_data as ld
    >>> row = to_row(ld.get("gdp-2025q1", release="1.0.0"))
    >>> row["value"], row["scale"], row["base_value"], row["unit_code"], row["place_code"]
    ('752.1', 8, '75210000000', 'CNY', '371500')
"""

import csv
import io
import json
from collections.abc import Iterable as _IterableABC
from decimal import Decimal
from importlib import import_module
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union, cast

from pydantic import TypeAdapter

from ._version import __version__
from .api import ReleaseRef
from .api import release as _release
from .citation import cite
from .errors import ExportError, ExtraNotInstalledError
from .models import Figure, Release
from .numerals import QUALIFIERS, format_decimal

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "COLUMNS",
    "FORMATS",
    "export",
    "json_schema",
    "to_arrow",
    "to_csv",
    "to_dataframe",
    "to_json",
    "to_jsonl",
    "to_row",
    "write_datapackage",
    "write_parquet",
]

#: The formats :func:`export` writes.
FORMATS = ("csv", "json", "jsonl", "datapackage", "parquet")

#: The columns of a flat figure record, in order: the model's field names, the place and the
#: organisation spread into ``place_*`` and ``entity_*``, plus ``unit_en`` and ``base_value``.
COLUMNS: Tuple[str, ...] = (
    "id", "label_zh", "label_en", "indicator", "measure", "value", "scale", "unit_code",
    "unit_zh", "unit_en", "base_value", "qualifier", "period_start", "period_end",
    "period_label", "place_id", "place_code", "place_parent_code", "place_name_zh",
    "place_name_en", "entity_id", "entity_name_zh", "entity_name_en", "rank_scope", "topics",
    "source_id", "quote", "quote_start", "quote_end", "literal", "note", "release",
)  # fmt: skip

Cell = Union[str, int, None]


def to_row(figure: Figure) -> Dict[str, Cell]:
    """One figure as a flat record: exact numbers as strings, dates as ISO strings."""
    entity = figure.entity
    start = figure.period_start
    return {
        "id": figure.id,
        "label_zh": figure.label_zh,
        "label_en": figure.label_en,
        "indicator": figure.indicator,
        "measure": figure.measure,
        "value": format_decimal(figure.value),
        "scale": figure.scale,
        "unit_code": figure.unit_code,
        "unit_zh": figure.unit_zh,
        "unit_en": figure.unit.en,
        "base_value": format_decimal(figure.base_value),
        "qualifier": figure.qualifier,
        "period_start": None if start is None else start.isoformat(),
        "period_end": figure.period_end.isoformat(),
        "period_label": figure.period_label,
        "place_id": figure.place.id,
        "place_code": figure.place.code,
        "place_parent_code": figure.place.parent_code,
        "place_name_zh": figure.place.name_zh,
        "place_name_en": figure.place.name_en,
        "entity_id": None if entity is None else entity.id,
        "entity_name_zh": None if entity is None else entity.name_zh,
        "entity_name_en": None if entity is None else entity.name_en,
        "rank_scope": figure.rank_scope,
        "topics": ";".join(figure.topics),
        "source_id": figure.source_id,
        "quote": figure.quote,
        "quote_start": figure.quote_start,
        "quote_end": figure.quote_end,
        "literal": figure.literal,
        "note": figure.note,
        "release": figure.release,
    }


def to_csv(figures: Iterable[Figure], *, bom: bool = False) -> str:
    """Figures as CSV text (``bom=True`` prefixes a BOM so that Excel reads UTF-8).

    Empty cells stand for None.
    """
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for figure in figures:
        writer.writerow(to_row(figure))
    return out.getvalue()


def to_json(figures: Iterable[Figure], *, indent: Optional[int] = 2) -> str:
    """Figures as a JSON array of full records (``Figure.model_dump(mode="json")``)."""
    records: List[Dict[str, Any]] = [f.model_dump(mode="json") for f in figures]
    return json.dumps(records, ensure_ascii=False, indent=indent) + "\n"


def to_jsonl(figures: Iterable[Figure]) -> str:
    """Figures as JSON Lines: one full record a line."""
    return "".join(
        json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n" for f in figures
    )


def json_schema(*, release: ReleaseRef = None) -> Dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one exported JSON or JSON Lines record of a release;
    the choices of ``measure``, ``unit_code`` and ``topics`` are the release's vocabulary.

    Examples:
        >>> schema = json_schema(release="1.0.0")
        >>> schema["properties"]["value"]["type"]
        'string'
        >>> schema["properties"]["measure"]["enum"][:2]
        ['level', 'yoy_growth']
    """
    rel = _release(release)
    schema = TypeAdapter(Figure).json_schema(mode="serialization")
    properties = schema["properties"]
    properties["measure"]["enum"] = [m.id for m in rel.measures]
    properties["unit_code"]["enum"] = [u.code for u in rel.units]
    properties["topics"]["items"]["enum"] = [t.id for t in rel.topics]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "liaocheng-data figure record"
    _describe(schema, _SCHEMA_DESCRIPTIONS["Figure"])
    for name, definition in schema.get("$defs", {}).items():
        if name in _SCHEMA_DESCRIPTIONS:
            _describe(definition, _SCHEMA_DESCRIPTIONS[name])
    return schema


#: The schema's descriptions, stated here rather than taken from docstrings, which
#: ``python -OO`` strips: the schema is the same however Python runs.
_SCHEMA_DESCRIPTIONS = {
    "Figure": (
        "One figure as exported by liaocheng-data (JSON: an array of these; JSON Lines: one a "
        "line). value is the number as printed, a decimal string; base value = value × "
        "10**scale."
    ),
    "Entity": (
        "An organisation named in the article.\n\n``name_en_official`` is True when "
        "``name_en`` is the organisation's own English name,\nFalse when it is our "
        "translation."
    ),
    "Place": "A place: GB/T 2260 code (``CN`` for national scope; None for towns and zones).",
}


def _describe(node: Dict[str, Any], text: str) -> None:
    """Set ``node``'s description, placed first among its keys after any title."""
    rest = {k: v for k, v in node.items() if k not in ("description", "title")}
    title = node.get("title")
    node.clear()
    if title is not None:
        node["title"] = title
    node["description"] = text
    node.update(rest)


_PER_ROW_UNIT = "unit_code of the row"
#: Column -> (unit, description), for ``DataFrame.attrs`` and the Parquet field metadata.
_COLUMN_META: Dict[str, Tuple[Optional[str], str]] = {
    "id": (None, "Stable figure id."),
    "label_zh": (None, "Label in Chinese, in the article's terms."),
    "label_en": (None, "Label in English (our translation where noted)."),
    "indicator": (None, "What is measured (several figures share one: a value, its growth)."),
    "measure": (None, "Kind of number: level, yoy_growth, share, rank, ..."),
    "value": (
        f"{_PER_ROW_UNIT} × 10**scale",
        "The number exactly as printed, before the Chinese magnitude word (exact decimal).",
    ),
    "scale": (None, "Power of ten of the Chinese magnitude word (万 4, 亿 8, ...)."),
    "unit_code": (None, "ISO 4217 (money) or UCUM unit code of value and base_value."),
    "unit_zh": (None, "The unit word as printed (台, 辆, ...); empty when none."),
    "unit_en": (None, "English name of unit_code."),
    "base_value": (_PER_ROW_UNIT, "value × 10**scale, exact (decimal)."),
    "base_value_float": (
        _PER_ROW_UNIT,
        "base_value as a float, for charts; compare only rows with the same unit_code.",
    ),
    "qualifier": (None, "How the printed number bounds the true one (exact, more_than, ...)."),
    "period_start": (None, "First day of the period; empty when the article states none."),
    "period_end": (None, "Last day of the period."),
    "period_label": (None, "The period in the article's terms (一季度, 2024年, ...)."),
    "place_id": (None, "Place id."),
    "place_code": (None, "GB/T 2260 code, or CN; empty for towns and zones without one."),
    "place_parent_code": (None, "GB/T 2260 code of the enclosing place."),
    "place_name_zh": (None, "Place name in Chinese."),
    "place_name_en": (None, "Place name in English."),
    "entity_id": (None, "Organisation id; empty when the figure is about a place."),
    "entity_name_zh": (None, "Organisation name in Chinese."),
    "entity_name_en": (None, "Organisation name in English."),
    "rank_scope": (None, "What a rank is within (全省, ...); only for ranks."),
    "topics": (None, "Topic ids."),
    "source_id": (None, "Id of the source (the article)."),
    "quote": (None, "Verbatim quote of the article stating the figure."),
    "quote_start": ("code points", "Offset of the quote in the normalized source text."),
    "quote_end": ("code points", "End offset of the quote in the normalized source text."),
    "literal": (None, "The figure as printed in the article."),
    "note": (None, "Ambiguities and translation notes."),
    "release": (None, "Data release the figure was loaded from."),
}


#: Columns that may be empty (None).
_NULLABLE = frozenset(
    {"period_start", "place_code", "place_parent_code", "entity_id", "entity_name_zh",
     "entity_name_en", "rank_scope"}
)  # fmt: skip
#: The columns the Data Package's table schema declares required.
_REQUIRED = ("id", "value", "scale", "unit_code", "measure", "period_end", "quote", "literal")

_FIELD_TYPES = {
    "value": "number", "base_value": "number", "scale": "integer", "quote_start": "integer",
    "quote_end": "integer", "period_start": "date", "period_end": "date",
}  # fmt: skip


def _table_schema(rel: Release) -> Dict[str, Any]:
    enums: Dict[str, Tuple[str, ...]] = {
        "measure": tuple(m.id for m in rel.measures),
        "qualifier": QUALIFIERS,
        "unit_code": tuple(u.code for u in rel.units),
    }
    fields: List[Dict[str, Any]] = []
    for name in COLUMNS:
        field: Dict[str, Any] = {"name": name, "type": _FIELD_TYPES.get(name, "string")}
        field["description"] = _COLUMN_META[name][1]
        constraints: Dict[str, Any] = {}
        if name in _REQUIRED:
            constraints["required"] = True
        if name == "id":
            constraints["unique"] = True
        if name in enums:
            constraints["enum"] = list(enums[name])
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def write_datapackage(folder: "Union[str, PathLike[str]]", *, release: ReleaseRef = None) -> Path:
    """Write a Frictionless Data Package: ``datapackage.json`` and ``figures.csv``.

    The package's ``version`` is the data release; ``sources``, ``licenses`` and
    ``contributors`` come from the release metadata. Returns the descriptor's path.
    """
    rel = _release(release)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "figures.csv").write_bytes(to_csv(rel.figures).encode("utf-8"))
    source = rel.sources[0]
    descriptor = {
        "profile": "tabular-data-package",
        "name": "liaocheng-data",
        "title": rel.title,
        "description": rel.description + " " + rel.translation_statement,
        "version": rel.version,
        "created": rel.date.isoformat() + "T00:00:00Z",
        "homepage": None,
        "keywords": ["Liaocheng", "Shandong", "economy", "provenance"],
        "licenses": [
            {"name": lic.name, "title": lic.title, **({"path": lic.path} if lic.path else {})}
            for lic in rel.licenses
            if lic.path
        ],
        "sources": [
            {
                "title": f"{s.publisher_zh} ({s.publisher_en}), {s.date.isoformat()}, "
                f"{s.placement}: {s.title_zh}",
                **({"path": s.copy_held_url} if s.copy_held_url else {}),
            }
            for s in rel.sources
        ],
        "contributors": [
            {"title": "liaocheng-data contributors", "role": "author"},
            *(
                {
                    "title": f"{a.name_zh} ({a.name_en})",
                    "role": "contributor",
                    "organization": source.publisher_en,
                }
                for a in source.authors
            ),
        ],
        "x-liaocheng-data": {"package_version": __version__, "rights": source.rights},
        "resources": [
            {
                "name": "figures",
                "path": "figures.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _table_schema(rel),
            }
        ],
    }
    del descriptor["homepage"]
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _select(figures: Optional[Iterable[Figure]], release: ReleaseRef) -> Tuple[Figure, ...]:
    """The figures to export: the given selection, or all of a release (None: the newest)."""
    if figures is None:
        return _release(release).figures
    if release is not None:
        raise ExportError(
            "release: give either figures or release=, not both (a selection already knows "
            "its release)"
        )
    given = cast(object, figures)  # checked at run time: callers need not be type-checked
    if isinstance(given, (str, Release)) or not isinstance(given, _IterableABC):
        raise ExportError(
            f"figures: expected figures (e.g. ld.figures(topic='trade')), not "
            f"{type(given).__name__}; a release is given as release='1.0.0'"
        )
    chosen = tuple(figures)
    for i, figure in enumerate(chosen):
        item = cast(object, figure)
        if not isinstance(item, Figure):
            raise ExportError(f"figures: item {i} is a {type(figure).__name__}, not a Figure")
    return chosen


def _missing(extra: str, package: str, what: str) -> ExtraNotInstalledError:
    return ExtraNotInstalledError(
        f"{what} needs {package}, which is not installed: pip install 'liaocheng-data[{extra}]'"
    )


#: The DataFrame's columns after its index ``id``: :data:`COLUMNS` and ``base_value_float``.
_DATAFRAME_COLUMNS: Tuple[str, ...] = (
    *COLUMNS[1 : COLUMNS.index("base_value") + 1],
    "base_value_float",
    *COLUMNS[COLUMNS.index("base_value") + 1 :],
)


def _releases_of(chosen: Sequence[Figure], release: ReleaseRef) -> List[str]:
    if not chosen:
        return [_release(release).version] if release is not None else []
    return sorted({f.release for f in chosen})


def _provenance_attrs(chosen: Sequence[Figure], release: ReleaseRef) -> Dict[str, Any]:
    """Data release, package version and citation, for ``DataFrame.attrs`` and Parquet."""
    versions = _releases_of(chosen, release)
    return {
        "release": versions[0] if len(versions) == 1 else None,
        "releases": versions,
        "package_version": __version__,
        "citation": " ".join(cite(style="text", release=v) for v in versions),
        "licenses": sorted({lic.name for v in versions for lic in _release(v).licenses}),
    }


def to_dataframe(
    figures: Optional[Iterable[Figure]] = None, *, release: ReleaseRef = None
) -> "pandas.DataFrame":
    """Figures as a pandas DataFrame indexed by ``id``: a selection, or a whole release.

    Needs the ``pandas`` extra. The columns are :data:`COLUMNS` (the model's field names) plus
    ``base_value_float``: ``value`` and ``base_value`` hold exact :class:`decimal.Decimal`
    objects; ``base_value_float`` is ``base_value`` as a float for charts (752.1亿元 ->
    ``75210000000.0``), in the unit of ``unit_code`` (compare rows of one unit only);
    ``topics`` holds lists; ``period_start`` and ``period_end`` are ``datetime64`` dates
    (``NaT`` where the article states no start). ``df.attrs["columns"]`` gives each column's
    ``unit`` and ``description``, ``df.attrs["units"]`` each ``unit_code``'s kind and Chinese
    and English names; ``df.attrs`` also holds the data ``release``, the ``package_version``
    and the ``citation`` to give.

    Examples:
        >>> import liaocheng_data as ld
        >>> df = ld.to_dataframe(ld.figures(indicator="gdp", release="1.0.0"))
        >>> gdp = df.loc["gdp-2025q1"]
        >>> gdp["value"], gdp["unit_code"], float(gdp["base_value_float"])
        (Decimal('752.1'), 'CNY', 75210000000.0)
        >>> df.attrs["release"], df.attrs["columns"]["base_value"]["unit"]
        ('1.0.0', 'unit_code of the row')
    """
    chosen = _select(figures, release)
    try:
        import numpy as np  # pandas's own dependency
        import pandas as pd  # an optional dependency, imported only when asked for
    except ImportError:
        raise _missing("pandas", "pandas", "to_dataframe") from None
    rows: List[Dict[str, Any]] = []
    for f in chosen:
        row: Dict[str, Any] = to_row(f)
        row.update(
            value=f.value,
            base_value=f.base_value,
            base_value_float=float(f.base_value),
            topics=list(f.topics),
        )
        rows.append(row)
    index = pd.Index([f.id for f in chosen], name="id", dtype=object)
    frame: pandas.DataFrame = pd.DataFrame(rows, index=index, columns=list(_DATAFRAME_COLUMNS))
    for name in ("period_start", "period_end"):
        # second resolution: a target without a deadline ends on 9999-12-31, past what
        # nanoseconds (pandas 2's default) can hold; None becomes NaT
        days = np.array([getattr(f, name) for f in chosen], dtype="datetime64[D]")
        frame[name] = pd.Series(days.astype("datetime64[s]"), index=frame.index)
    for name in ("scale", "quote_start", "quote_end"):
        frame[name] = frame[name].astype("int64")
    frame["base_value_float"] = frame["base_value_float"].astype("float64")
    frame.attrs.update(_provenance_attrs(chosen, release))
    frame.attrs["columns"] = {
        name: {"unit": unit, "description": text}
        for name, (unit, text) in _COLUMN_META.items()
        if name != "id"
    }
    frame.attrs["units"] = {  # for axis labels: the units the rows use
        u.code: {"kind": u.kind, "zh": u.zh, "en": u.en}
        for version in frame.attrs["releases"]
        for u in _release(version).units
        if u.code in {f.unit_code for f in chosen}
    }
    return frame


def _decimal_type(pa: Any, values: Iterable[Decimal]) -> Any:
    """``decimal128(38, s)``: s is 6, or more if some value has more decimal places."""
    places = max([6, *(max(0, -int(v.as_tuple().exponent)) for v in values)])
    return pa.decimal128(38, places)


def to_arrow(figures: Optional[Iterable[Figure]] = None, *, release: ReleaseRef = None) -> Any:
    """Figures as a ``pyarrow.Table``: a selection, or a whole release (needs the ``parquet``
    extra).

    The columns are :data:`COLUMNS`, typed: ``value`` and ``base_value`` as exact
    ``decimal128(38, 6)`` (more decimal places only if a value has more), ``period_start`` and
    ``period_end`` as ``date32``, ``scale`` and the quote offsets as ``int32``, ``topics`` as
    ``list<string>``, the rest as strings. Each field's metadata holds its ``description`` (and
    ``unit``); the schema's metadata the data release, package version and citation.
    """
    chosen = _select(figures, release)
    try:
        pa: Any = import_module("pyarrow")  # an optional dependency, imported when asked for
    except ImportError:
        raise _missing("parquet", "pyarrow", "Arrow and Parquet export") from None
    decimal = _decimal_type(pa, [v for f in chosen for v in (f.value, f.base_value)])
    types: Dict[str, Any] = {
        "value": decimal,
        "base_value": decimal,
        "scale": pa.int32(),
        "quote_start": pa.int32(),
        "quote_end": pa.int32(),
        "period_start": pa.date32(),
        "period_end": pa.date32(),
        "topics": pa.list_(pa.string()),
    }
    fields: List[Any] = []
    for name in COLUMNS:
        unit, text = _COLUMN_META[name]
        meta = {"description": text, **({"unit": unit} if unit else {})}
        kind = types.get(name, pa.string())
        fields.append(pa.field(name, kind, nullable=name in _NULLABLE, metadata=meta))
    provenance = {
        f"liaocheng_data.{key}": value if isinstance(value, str) else json.dumps(value)
        for key, value in _provenance_attrs(chosen, release).items()
    }
    schema = pa.schema(fields, metadata=provenance)
    columns: Dict[str, List[Any]] = {name: [] for name in COLUMNS}
    for f in chosen:
        row: Dict[str, Any] = to_row(f)
        row.update(value=f.value, base_value=f.base_value, topics=list(f.topics),
                   period_start=f.period_start, period_end=f.period_end)  # fmt: skip
        for name in COLUMNS:
            columns[name].append(row[name])
    return pa.Table.from_pydict(columns, schema=schema)


def write_parquet(
    path: "Union[str, PathLike[str]]",
    figures: Optional[Iterable[Figure]] = None,
    *,
    release: ReleaseRef = None,
) -> Path:
    """Write figures (a selection, or a whole release) as a Parquet file typed as in
    :func:`to_arrow`: exact decimals, dates as dates. Needs the ``parquet`` extra. Returns the
    path written.

    DuckDB reads it with ``SELECT * FROM 'figures.parquet'``, polars with
    ``pl.read_parquet``, Spark with ``spark.read.parquet``, all without a float in between.
    """
    table = to_arrow(figures, release=release)
    pq: Any = import_module("pyarrow.parquet")
    out = Path(path)
    pq.write_table(table, str(out))
    return out


def export(
    format: str,
    output: "Union[str, PathLike[str]]",
    *,
    release: ReleaseRef = None,
    bom: bool = False,
) -> Path:
    """Write a release's figures as ``csv``, ``json``, ``jsonl``, ``datapackage`` (a folder)
    or ``parquet`` (needs the ``parquet`` extra).

    ``bom=True`` (CSV only) starts the file with a byte-order mark so that Excel reads the
    Chinese text as UTF-8. Returns the path written.
    """
    if format not in FORMATS:
        raise ExportError(f"format: {format!r} is not one of {', '.join(FORMATS)}")
    if bom and format != "csv":
        raise ExportError("bom: only CSV takes a byte-order mark")
    path = Path(output)
    if format == "datapackage":
        return write_datapackage(path, release=release)
    if format == "parquet":
        return write_parquet(path, release=release)
    figures = _release(release).figures
    text = {
        "csv": lambda: to_csv(figures, bom=bom),
        "json": lambda: to_json(figures),
        "jsonl": lambda: to_jsonl(figures),
    }[format]()
    path.write_bytes(text.encode("utf-8"))  # exactly these bytes: no newline translation
    return path
