"""Writing a release in the newest data format (or format 2), from any format the package reads.

Data format 1 (release 1.0.0) nests each figure's ``unit``, ``period`` and ``provenance``;
format 2 writes them as flat fields and every field of every figure, defaults included, so
that the loader validates ``figures.json`` in one pass and rules out repeated keys by
counting; format 3 adds the vocabulary tables to ``release.json`` (``units``, ``measures``,
``topics``, ``exclusions``); format 4 lets a declared change name any table (``table``). A
format 1 or 2 release upgraded to format 3 or 4 gets the legacy vocabulary it was read with,
written out, so that it means exactly what it meant.

Examples:
    >>> meta, figures, events = upgrade_release_dict(
    ...     {"format_version": 1, "version": "9.0.0", "places": [], "organisations": []}, [], [])
    >>> meta["format_version"], [u["code"] for u in meta["units"]][:3]
    (4, ['CNY', '%', 't'])
"""

import json
import shutil
from pathlib import Path
from typing import Any, Dict, Iterable, List, Tuple, Union, cast

from ._loader import flatten_v1, load_path
from .errors import ValidationError
from .models import DATA_FORMAT_VERSION, Figure, legacy_tables

__all__ = [
    "complete_record",
    "release_json_text",
    "upgrade_release_dict",
    "upgrade_release_directory",
]

#: Where the vocabulary tables go in a format 3 (or 4) ``release.json``: after this key.
_TABLES_AFTER = "organisations"


def release_json_text(data: Any) -> str:
    """JSON as release files are written: two-space indents, UTF-8 text, a trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def complete_record(record: Any) -> Any:
    """A format 2 (and 3) figure record with every field but ``release`` given, in model
    order; a format 1 record is flattened first. Anything else is returned unchanged."""
    if not isinstance(record, dict):
        return record
    flat = cast(Dict[str, Any], flatten_v1(record))
    out: Dict[str, Any] = {}
    for name, field in Figure.model_fields.items():
        if name == "release":
            continue
        if name in flat:
            out[name] = flat[name]
        else:
            default: Any = field.get_default(call_default_factory=True)
            out[name] = (
                list(cast(Iterable[Any], default)) if isinstance(default, tuple) else default
            )
    return {**out, **{k: v for k, v in flat.items() if k not in out}}


def upgrade_release_dict(
    meta: Dict[str, Any],
    figures: List[Any],
    events: List[Any],
    *,
    data_format: int = DATA_FORMAT_VERSION,
) -> Tuple[Dict[str, Any], List[Any], List[Any]]:
    """A release's parsed ``release.json``, ``figures.json`` and ``events.json``, written in
    ``data_format`` (2, 3 or 4; default the newest). The inputs are not changed.

    From format 1 or 2 to 3, the legacy vocabulary of the release's format is embedded as its
    ``units``, ``measures`` and ``topics`` tables (and an empty ``exclusions``). A format 3
    release cannot be written in format 2 (its vocabulary would be lost): ValueError. Format 4
    adds only the ``table`` of a declared change (absent: a figure's), so from format 3 to 4
    nothing but the format number changes.
    """
    source = meta.get("format_version")
    if type(source) is not int or not 1 <= source <= DATA_FORMAT_VERSION:
        raise ValueError(f"format_version: {source!r} is not a data format this package reads")
    if data_format not in (2, 3, 4):
        raise ValueError(f"cannot write data format {data_format!r} (2, 3 or 4)")
    if source > data_format:
        raise ValueError(f"a format {source} release cannot be written in format {data_format}")
    out: Dict[str, Any] = {}
    for key, value in meta.items():
        out[key] = value
        if key == _TABLES_AFTER and source < 3 <= data_format:
            out.update(_legacy_json(source))
    if source < 3 <= data_format and "units" not in out:  # no organisations key: at the end
        out.update(_legacy_json(source))
    out["format_version"] = data_format
    return out, [complete_record(r) for r in figures], list(events)


def _legacy_json(source_format: int) -> Dict[str, Any]:
    units, measures, topics = legacy_tables(source_format)
    return {
        "units": [u.model_dump(mode="json") for u in units],
        "measures": [m.model_dump(mode="json") for m in measures],
        "topics": [t.model_dump(mode="json") for t in topics],
        "exclusions": [],
    }


def upgrade_release_directory(
    source: "Union[str, Path]",
    dest: "Union[str, Path]",
    *,
    data_format: int = DATA_FORMAT_VERSION,
) -> None:
    """Copy the release directory ``source`` into the new directory ``dest``, written in
    ``data_format``. The copy must load to the same figures and events as the original, or
    it is removed and :class:`~liaocheng_data.errors.ValidationError` raised: an upgrade
    never changes data.
    """
    source, dest = Path(source), Path(dest)
    original = load_path(source)
    if dest.exists():
        raise ValidationError([f"{dest}: already exists"])
    shutil.copytree(source, dest)
    try:
        parsed = [
            json.loads((dest / name).read_text(encoding="utf-8"))
            for name in ("release.json", "figures.json", "events.json")
        ]
        written = upgrade_release_dict(*parsed, data_format=data_format)
        for name, data in zip(("release.json", "figures.json", "events.json"), written):
            (dest / name).write_text(release_json_text(data), encoding="utf-8")
        upgraded = load_path(dest)
    except BaseException:
        shutil.rmtree(dest)
        raise
    if (upgraded.figures, upgraded.events) != (original.figures, original.events):
        shutil.rmtree(dest)
        raise ValidationError([f"{source}: the upgraded copy does not load to the same data"])
