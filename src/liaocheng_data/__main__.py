"""The ``liaocheng-data`` command line (also ``python -m liaocheng_data``).

``main(argv)`` returns the exit status: 0 ok, 1 a problem found (one line on stderr starting
``liaocheng-data: error:``, no traceback), 2 a usage error (one such line too), 3 ``verify``
could check only part of the installation. Output that the terminal's or pipe's encoding
cannot hold (``PYTHONIOENCODING=ascii``, cp1252) is written as backslash escapes, never a
``UnicodeEncodeError``.
"""

import argparse
import codecs
import io
import json
import os
import sys
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, List, NoReturn, Optional, Sequence, TextIO, cast

import liaocheng_data

from . import api
from ._loader import check_plugins, shipped_versions, version_key
from ._version import __version__
from .citation import STYLES, cite
from .errors import LiaochengDataError, ValidationError, escape_controls
from .exports import FORMATS, export, json_schema, to_csv, to_json
from .integrity import verify
from .maintain import (
    add_source,
    init_release,
    is_directory_ref,
    locate_quotes,
    record_changes,
    record_exclusions,
    rename_figure,
    todo_problems,
    uncaptured_count,
)
from .models import Event, Figure
from .versions import ReleaseLike, as_release, check_changes, diff, history

__all__ = ["entrypoint", "main"]

_QUALIFIER_MARK = {
    "exact": "", "more_than": ">", "at_least": "≥", "approximately": "≈", "imprecise": "~",
}  # fmt: skip

_EPILOG = """\
examples:
  liaocheng-data list
  liaocheng-data list --topic trade --format csv > trade.csv
  liaocheng-data list --place 临清市 --start 2025-01-01
  liaocheng-data show gdp-2025q1
  liaocheng-data events
  liaocheng-data releases
  liaocheng-data cite gdp-2025q1 --style apa
  liaocheng-data verify --source my-copy-of-the-article.txt
  liaocheng-data list --search 民间投资
  liaocheng-data search exported
  liaocheng-data list --format csv --bom > figures.csv
  liaocheng-data export --format datapackage --output liaocheng-package
  liaocheng-data export --format csv --bom --output figures.csv
  liaocheng-data export --format jsonl --output - | head -n 1
  liaocheng-data diff 1.0.0 path/to/prepared/release
  liaocheng-data validate path/to/prepared/release
  liaocheng-data release init 1.2.0 --from 1.1.0 --version 1.2.0
"""

_RELEASE_EPILOG = """\
a new release, step by step (docs/adding-a-release.md):
  liaocheng-data release init DIR --from 1.1.0 --version 1.2.0
  liaocheng-data release add-source DIR copy.txt --id dzrb-2025-07-01 --title 标题
  liaocheng-data release rename DIR OLD-ID NEW-ID
  (edit DIR/figures.json, events.json, release.json: correct, add or delete records)
  liaocheng-data release locate DIR
  liaocheng-data release changes DIR --write
  liaocheng-data release exclusions DIR --write
  (replace every TODO: in DIR/release.json)
  liaocheng-data validate DIR
  liaocheng-data diff 1.1.0 DIR
"""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters take two.

    Examples:
        >>> display_width("聊城"), display_width("GDP")
        (4, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(rows: Sequence[Sequence[str]], out: Optional[TextIO] = None) -> str:
    """Rows as aligned columns. Given the stream it is for, cells are first escaped as that
    stream would escape them (see :class:`_Escaping`), so that columns stay aligned."""
    encoding = None if out is None else getattr(out, "encoding", None)
    if encoding is not None and codecs.lookup(encoding).name != "utf-8":
        rows = [[c.encode(encoding, "backslashreplace").decode(encoding) for c in r] for r in rows]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines: List[str] = []
    for row in rows:
        cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _value_text(figure: Figure) -> str:
    return _QUALIFIER_MARK[figure.qualifier] + figure.provenance.literal


def _period_text(figure: Figure) -> str:
    start = "" if figure.period.start is None else figure.period.start.isoformat()
    return f"{start}..{figure.period.end.isoformat()}"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    found = api.figures(
        release=args.release,
        indicator=args.indicator,
        measure=args.measure,
        place=args.place,
        entity=args.entity,
        topic=args.topic,
        start=args.start,
        end=args.end,
        search=args.search,
    )
    _write_figures(found, args, out)
    return 0


def _write_figures(found: Sequence[Figure], args: argparse.Namespace, out: TextIO) -> None:
    """``list`` and ``search`` output: a table, CSV (``--bom``: UTF-8 bytes with a byte-order
    mark for Excel, whatever the terminal's encoding) or JSON."""
    if args.bom and args.format != "csv":
        raise LiaochengDataError("--bom: only CSV output takes a byte-order mark")
    if args.format == "csv":
        text = to_csv(found, bom=args.bom)
        binary: Any = getattr(out, "buffer", None)
        if args.bom and binary is not None:
            out.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        else:
            out.write(text)
    elif args.format == "json":
        out.write(to_json(found))
    else:
        rows = [["ID", "VALUE", "PERIOD", "PLACE", "LABEL"]]
        rows += [
            [f.id, _value_text(f), _period_text(f), f.place.name_zh, f.label_en] for f in found
        ]
        out.write(_table(rows, out))


def _cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    text = " ".join(args.text)
    found = api.search(text, release=args.release)
    if not found:
        print(f"liaocheng-data: no figure matches {text!r}", file=sys.stderr)
        return 1
    _write_figures(found, args, out)
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    figure = api.get(args.id, release=args.release)
    if args.format == "json":
        out.write(json.dumps(figure.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
        return 0
    rel = api.release(args.release)
    source = next(s for s in rel.sources if s.id == figure.provenance.source_id)
    qualifier = "" if figure.qualifier == "exact" else f" ({figure.qualifier})"
    entity = figure.entity
    lines = [
        f"{figure.id}  (data release {figure.release})",
        f"  label         {figure.label_zh} / {figure.label_en}",
        f"  indicator     {figure.indicator}   measure {figure.measure}",
        f"  value         {figure.value} x 10^{figure.scale} {figure.unit.code}{qualifier}",
        f"  base value    {figure.base_value} {figure.unit.code} ({figure.unit.en})",
        f"  as printed    {figure.provenance.literal}",
        f"  period        {_period_text(figure)}  ({figure.period.label})",
        f"  place         {figure.place.name_zh} / {figure.place.name_en}"
        f" [{figure.place.code or figure.place.id}]",
    ]
    if entity is not None:
        official = "" if entity.name_en_official else ", English name is our translation"
        lines.append(f"  organisation  {entity.name_zh} / {entity.name_en}{official}")
    if figure.rank_scope:
        lines.append(f"  rank within   {figure.rank_scope}")
    lines += [
        f"  topics        {', '.join(figure.topics)}",
        f"  quote         “{figure.provenance.quote}”",
        f"                characters {figure.provenance.start}..{figure.provenance.end} of "
        f"the normalized text of {source.id}",
        f"  source        {source.publisher_zh} ({source.publisher_en}), "
        f"{source.date.isoformat()}, {source.placement}",
        f"                {source.title_zh}",
        "                by " + ", ".join(f"{a.name_zh} ({a.name_en})" for a in source.authors),
    ]
    for item in figure.corroborated_by:
        lines.append(f"  corroborated  {item}")
    if figure.note:
        lines.append(f"  note          {figure.note}")
    out.write("\n".join(lines) + "\n")
    return 0


def _event_row(event: Event) -> List[str]:
    place = "" if event.place is None else event.place.name_zh
    return [event.date.isoformat(), event.id, place, event.label_en]


def _cmd_events(args: argparse.Namespace, out: TextIO) -> int:
    found = api.events(release=args.release)
    if args.format == "json":
        records = [e.model_dump(mode="json") for e in found]
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_table([["DATE", "ID", "PLACE", "LABEL"]] + [_event_row(e) for e in found], out))
    return 0


def _cmd_cite(args: argparse.Namespace, out: TextIO) -> int:
    out.write(cite(args.id or None, style=args.style, release=args.release))
    return 0


def _cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    report = verify(source=args.source, source_id=args.source_id, release=args.release)
    for problem in report.problems:
        print(f"liaocheng-data: error: {problem}", file=sys.stderr)
    what = f"{report.files_checked} installed files"
    if args.source:
        what += f" and {report.quotes_checked} quotes against {args.source}"
    if report.state == "partial":
        out.write(f"partial: {what} verified; not checked:\n")
        out.write("".join(f"  {item}\n" for item in report.unchecked))
        return 3
    if report.ok:
        out.write(f"ok: {what} verified\n")
    return 0 if report.ok else 1


def _cmd_sources(args: argparse.Namespace, out: TextIO) -> int:
    records = [s.model_dump(mode="json") for s in api.sources(release=args.release)]
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return 0
    for s in api.sources(release=args.release):
        authors = ", ".join(f"{a.name_zh} ({a.name_en})" for a in s.authors)
        lines = [
            f"{s.id}",
            f"  title      {s.title_zh}",
            f"             {s.title_en}"
            + (" (our translation)" if s.title_en_is_translation else ""),
            f"  publisher  {s.publisher_zh} ({s.publisher_en}), {s.publisher_place}",
            f"  date       {s.date.isoformat()}, {s.placement}",
            f"  authors    {authors}",
            f"  language   {s.language}",
            f"  copy held  {s.copy_held}" + (f" <{s.copy_held_url}>" if s.copy_held_url else ""),
            f"  text       {s.text} (sha256 {s.sha256})",
            f"  rights     {s.rights}",
        ]
        if s.reprint is not None:
            r = s.reprint
            when = "" if r.date is None else f", {r.date.isoformat()}"
            lines.append(f"  reprint    {r.publisher_zh} ({r.publisher_en}){when}: {r.note}")
        out.write("\n".join(lines) + "\n")
    return 0


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    if args.bom and args.format != "csv":
        raise LiaochengDataError("--bom: only CSV output takes a byte-order mark")
    if args.output == "-":
        return _export_to_stdout(args, out)
    try:
        path = export(args.format, args.output, release=args.release, bom=args.bom)
    except OSError as exc:
        where = "" if exc.filename in (None, args.output) else f"{exc.filename}: "
        raise LiaochengDataError(
            f"cannot write {args.output}: {where}{exc.strerror or exc}"
        ) from None
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _export_to_stdout(args: argparse.Namespace, out: TextIO) -> int:
    """``export --output -``: the very bytes the file would hold, on standard output."""
    if args.format == "datapackage":
        raise LiaochengDataError("--output -: a datapackage is a folder; give a folder name")
    with tempfile.TemporaryDirectory(prefix="liaocheng-data-") as folder:
        path = export(args.format, Path(folder, "export"), release=args.release, bom=args.bom)
        if not path.is_file():
            raise LiaochengDataError(f"--output -: format {args.format} is not a single file")
        data = path.read_bytes()
    binary: Any = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        binary.write(data)
        binary.flush()
        return 0
    try:
        out.write(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise LiaochengDataError(
            f"--output -: format {args.format} is binary and this output takes text"
        ) from None
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(json_schema(release=args.release), ensure_ascii=False, indent=2) + "\n")
    return 0


def _cmd_vocab(args: argparse.Namespace, out: TextIO) -> int:
    rel = api.release(args.release)
    if args.table == "units":
        rows = [[u.code, u.kind, u.zh, u.en] for u in rel.units]
        records: List[Dict[str, str]] = [u.model_dump() for u in rel.units]
        head = ["code", "kind", "zh", "en"]
    else:
        terms = rel.measures if args.table == "measures" else rel.topics
        rows = [[t.id, t.zh, t.en, t.definition] for t in terms]
        records = [t.model_dump() for t in terms]
        head = ["id", "zh", "en", "definition"]
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_table([head, *rows], out))
    return 0


def _cmd_releases(args: argparse.Namespace, out: TextIO) -> int:
    shipped = set(shipped_versions())
    broken = check_plugins()  # loads each contributed release, to mark the broken ones
    for version in sorted({*api.releases(), *broken}, key=version_key):
        notes: List[str] = []
        if args.origin:
            notes.append("shipped" if version in shipped else "entry point")
        if version in broken:
            notes.append(f"broken: {broken[version]}")
        out.write(f"{version}  ({', '.join(notes)})\n" if notes else version + "\n")
    return 0


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    d = diff(args.old, args.new)
    if args.format == "json":
        record = {
            "old": d.old_version,
            "new": d.new_version,
            "added": [f.id for f in d.added],
            "removed": [f.id for f in d.removed],
            "renamed": [{"old_id": o, "new_id": n} for o, n in d.renamed],
            "changed": [
                {
                    "id": c.id,
                    "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                }
                for c in d.changed
            ],
            "reasons": dict(d.reasons),
            "declares_records": d.declares_records,
            "records": [
                {
                    "table": r.table,
                    "key": r.key,
                    "status": r.status,
                    "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in r.fields],
                    "reason": d.reason_of(r) or None,
                }
                for r in d.records
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return 0
    lines = [f"diff {d.old_version} -> {d.new_version}"]

    def reason(figure_id: str) -> str:
        return f"   [{d.reasons[figure_id]}]" if figure_id in d.reasons else ""

    lines += [f"added    {f.id}{reason(f.id)}" for f in d.added]
    lines += [f"removed  {f.id}{reason(f.id)}" for f in d.removed]
    lines += [f"renamed  {o} -> {n}{reason(n)}" for o, n in d.renamed]
    for c in d.changed:
        lines.append(f"changed  {c.id}{reason(c.id)}")
        lines += [f"           {f.field}: {f.old!r} -> {f.new!r}" for f in c.fields]
    for r in d.records:
        why = d.reason_of(r)
        lines.append(f"{r.status:<8} {r.table} {r.key}" + (f"   [{why}]" if why else ""))
        lines += [f"           {f.field}: {f.old!r} -> {f.new!r}" for f in r.fields]
    if d.records and not d.declares_records:
        lines.append(f"note: data release {d.new_version} predates data format 4, so it declares "
                     "reasons for changed figures only")  # fmt: skip
    if d.empty:
        lines.append("no differences")
    # keys and reasons are third-party text: a newline or an escape in one must not forge a line
    out.write("\n".join(escape_controls(line) for line in lines) + "\n")
    return 0


def _cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    chain: Optional[List[ReleaseLike]] = None
    if args.with_:
        chain = [*api.releases(), *args.with_]
    entries = history(args.id, releases=chain)
    if args.format == "json":
        records = [
            {
                "release": e.version,
                "status": e.status,
                "id": None if e.figure is None else e.figure.id,
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in e.fields],
                "reason": e.reason,
            }
            for e in entries
        ]
        out.write(json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n")
        return 0
    lines: List[str] = []
    for e in entries:
        figure = "" if e.figure is None else f"  {e.figure.id}"
        reason = f"   [{e.reason}]" if e.reason else ""
        lines.append(f"{e.version:<9} {e.status:<9}{figure}{reason}")
        lines += [f"           {f.field}: {f.old!r} -> {f.new!r}" for f in e.fields]
    out.write("\n".join(lines) + "\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    todo = todo_problems(args.directory)
    try:
        rel = api.load_release(args.directory)
    except ValidationError as exc:
        # One report, bounded as the loader's: its own count line is made again for the sum.
        shown = [p for p in exc.problems if not p.startswith("… and ")]
        complete = not exc.problems[-1].startswith("… and at least")
        report = ValidationError([*todo, *shown], len(todo) + exc.total, complete)
        for problem in report.problems:
            print(f"liaocheng-data: error: {problem}", file=sys.stderr)
        return 1
    previous = args.previous or rel.previous_version
    problems: List[str] = []
    if previous is not None:
        if args.previous is None and previous not in api.releases():
            print(f"warning: previous_version {previous} is not installed; declared changes "
                  "not checked (pass --previous DIR)", file=sys.stderr)  # fmt: skip
        else:
            problems, warnings = check_changes(as_release(previous), rel)
            for warning in warnings:
                print(f"warning: {warning}", file=sys.stderr)
    uncaptured, uncaptured_total = uncaptured_count(args.directory, rel)
    total = len(todo) + len(problems) + uncaptured_total
    problems = [*todo, *problems, *uncaptured]
    if problems:  # bounded as the loader's report: the first problems and the total
        for problem in ValidationError(problems, total).problems:
            print(f"liaocheng-data: error: {problem}", file=sys.stderr)
        return 1
    out.write(f"ok: {args.directory} is a valid data release {rel.version} "
              f"({len(rel.figures)} figures, {len(rel.events)} events)\n")  # fmt: skip
    return 0


_Command = Callable[[argparse.Namespace, TextIO], int]


def _every_problem(func: _Command) -> _Command:
    """``func``, printing every problem of a release that does not validate (one per line,
    exit 1) rather than the first and a count."""

    def run(args: argparse.Namespace, out: TextIO) -> int:
        try:
            return func(args, out)
        except ValidationError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return 1

    return run


def _print_lines(lines: Sequence[str], out: TextIO) -> int:
    out.write("".join(line + "\n" for line in lines))
    return 0


def _cmd_release_init(args: argparse.Namespace, out: TextIO) -> int:
    return _print_lines(
        init_release(args.directory, args.base, args.new_version, on=args.date), out
    )


def _cmd_release_add_source(args: argparse.Namespace, out: TextIO) -> int:
    lines = add_source(
        args.directory, args.file, source_id=args.id, title=args.title, title_en=args.title_en,
        authors=args.author, publisher=args.publisher, published=args.date, url=args.url,
        normalizer=args.normalizer,
    )  # fmt: skip
    return _print_lines(lines, out)


def _cmd_release_locate(args: argparse.Namespace, out: TextIO) -> int:
    lines = locate_quotes(args.directory, write=not args.check)
    if args.check and lines:
        for line in lines:
            print(f"would change {line}", file=sys.stderr)
        return 1
    return _print_lines(lines or [f"{args.directory}: every quote offset is in place"], out)


def _cmd_release_changes(args: argparse.Namespace, out: TextIO) -> int:
    lines = record_changes(args.directory, write=args.write, previous=args.previous)
    if not args.write:
        lines = [
            line if ": note: " in line else f"would write: {line}"
            for line in lines
            if "write the reason" not in line
        ]
    return _print_lines(lines or [f"{args.directory}: changes are up to date"], out)


def _cmd_release_exclusions(args: argparse.Namespace, out: TextIO) -> int:
    lines = record_exclusions(args.directory, write=args.write)
    if not args.write:
        lines = [f"would write: {line}" for line in lines]
    return _print_lines(lines or [f"{args.directory}: every numeral is captured or excluded"], out)


def _cmd_release_rename(args: argparse.Namespace, out: TextIO) -> int:
    lines = rename_figure(args.directory, args.old, args.new, reason=args.reason,
                          previous=args.previous)  # fmt: skip
    return _print_lines(lines, out)


def _release_parser(parser: argparse.ArgumentParser) -> None:
    """The ``release`` subcommand's verbs (:mod:`liaocheng_data.maintain` does the work)."""
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def add(name: str, helptext: str, func: Callable[[argparse.Namespace, TextIO], int]
            ) -> argparse.ArgumentParser:  # fmt: skip
        p = verbs.add_parser(name, help=helptext, description=helptext, epilog=_RELEASE_EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        p.set_defaults(func=_every_problem(func))
        p.add_argument("directory", metavar="DIR", help="the new release's directory")
        return p

    p = add("init", "start a new release in DIR (new or empty), in the newest data format",
            _cmd_release_init)  # fmt: skip
    p.add_argument("--from", dest="base", required=True, metavar="VERSION_OR_DIR",
                   help="the release to start from: an available version, or a directory "
                        "(an argument with a path separator, e.g. ./1.1.0)")  # fmt: skip
    p.add_argument("--version", dest="new_version", required=True, metavar="NEW",
                   help="the new release's version")  # fmt: skip
    p.add_argument("--date", type=_date, help="the release date (default: today)")
    p = add("add-source", "put a source's normalized text in the release and record it",
            _cmd_release_add_source)  # fmt: skip
    p.add_argument("file", metavar="FILE", help="your copy of the source (UTF-8 text)")
    p.add_argument("--id", required=True, help="the source's id, e.g. dzrb-2025-07-01")
    p.add_argument("--title", required=True, help="the title as printed")
    p.add_argument("--title-en", help="the title in English")
    p.add_argument("--author", action="append", default=[], metavar="NAME",
                   help="an author's name as printed (repeat for each)")  # fmt: skip
    p.add_argument("--publisher", help="the publisher's name as printed")
    p.add_argument("--date", type=_date, help="the publication date")
    p.add_argument("--url", help="where the copy you hold was read")
    p.add_argument("--normalizer", choices=("plain", "repost"), default="plain",
                   help="plain: a clean copy (line ends, NFC); repost: the web repost's "
                        "glosses and boilerplate removed (default: plain)")  # fmt: skip
    p = add("locate", "fill in every quote's offsets in its source", _cmd_release_locate)
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if an offset would change")  # fmt: skip
    p = add("changes", "the changes and retractions the differences from the previous "
            "release imply", _cmd_release_changes)  # fmt: skip
    p.add_argument("--write", action="store_true",
                   help="write them into release.json (default: print what would "
                        "change)")  # fmt: skip
    p.add_argument("--previous", metavar="REF",
                   help="the release to compare with (default: previous_version)")  # fmt: skip
    p = add("exclusions", "list each numeral no figure captures as an exclusion to explain "
            "(data format 3)", _cmd_release_exclusions)  # fmt: skip
    p.add_argument("--write", action="store_true",
                   help="write them into release.json (default: print what would "
                        "change)")  # fmt: skip
    p = add("rename", "give a figure a new id, with its alias and its change", _cmd_release_rename)
    p.add_argument("old", metavar="OLD", help="the figure's id")
    p.add_argument("new", metavar="NEW", help="its new id")
    p.add_argument("--reason", help="why (default: a TODO: placeholder to fill in)")
    p.add_argument("--previous", metavar="REF",
                   help="the release to compare with (default: previous_version)")  # fmt: skip


#: Subcommands that take no --release: they list releases, compare the ones named, validate a
#: directory, or describe the export format, whatever the release.
_NO_RELEASE = frozenset({"releases", "diff", "history", "validate"})


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line ``liaocheng-data: error: ...`` (subcommands'
    parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.partition(" ")[2]
        where = f"{command}: " if command else ""
        self.exit(2, f"liaocheng-data: error: {where}{message} (see {self.prog} --help)\n")


def version_text() -> str:
    """What ``--version`` prints: the package version and the newest shipped data release.
    A damaged manifest does not stop it; it says the data release is unknown, and why.
    """
    try:
        data = f"data release {liaocheng_data.DATA_VERSION}"
    except Exception as exc:  # --version must work on a damaged install
        data = f"data release unknown ({type(exc).__name__}: {exc})"
    return f"liaocheng-data {__version__} ({data})"


class _VersionAction(argparse.Action):
    """``--version``, computed only when asked for (reading the data release is not free)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: Optional[str] = None) -> None:  # fmt: skip
        _Escaping(sys.stdout).write(version_text() + "\n")
        parser.exit(0)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="liaocheng-data",
        description="Figures of the Dazhong Daily's 2025-06-04 report on Liaocheng's economy.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction,
                        help="print the package and data release versions, then exit")  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, helptext: str, func: Callable[[argparse.Namespace, TextIO], int],
            formats: Sequence[str]) -> argparse.ArgumentParser:  # fmt: skip
        p = sub.add_parser(name, help=helptext, description=helptext, epilog=_EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        p.set_defaults(func=func)
        if name not in _NO_RELEASE:
            p.add_argument("--release", metavar="VERSION_OR_DIR",
                           help="data release: a version, or a release directory (a path "
                                "with a separator, such as ./1.2.0); default: newest")  # fmt: skip
        if formats:
            p.add_argument("--format", choices=formats, default=formats[0],
                           help=f"output format (default: {formats[0]})")  # fmt: skip
        return p

    p = add("list", "list figures, filtered", _cmd_list, ("table", "csv", "json"))
    p.add_argument("--indicator", help="indicator code, e.g. gdp (any case)")
    p.add_argument("--measure", help="measure id, e.g. level (see: vocab measures)")
    p.add_argument("--place", help="place id, code or name (临清市, 临清, Linqing); includes the "
                                   "places under it")  # fmt: skip
    p.add_argument("--entity", help="organisation id or name, or a part of one name (Zhongtong)")
    p.add_argument("--topic", help="topic id, e.g. trade (see: vocab topics)")
    p.add_argument("--start", metavar="YYYY-MM-DD",
                   help="keep figures whose period ends on or after")  # fmt: skip
    p.add_argument("--end", metavar="YYYY-MM-DD",
                   help="keep figures whose period starts on or before")  # fmt: skip
    p.add_argument("--search", metavar="TEXT",
                   help="keep figures matching TEXT as the search command does, in the "
                        "article's order")  # fmt: skip
    p.add_argument("--bom", action="store_true", help="CSV only: start with a BOM for Excel")
    p = add("search", "find figures by words, Chinese or English, best match first", _cmd_search,
            ("table", "csv", "json"))  # fmt: skip
    p.add_argument("text", nargs="+", metavar="TEXT",
                   help="words in labels, notes, quotes, places, organisations; English in "
                        "any form (export, exported)")  # fmt: skip
    p.add_argument("--bom", action="store_true", help="CSV only: start with a BOM for Excel")
    p = add("show", "show one figure: every field, the quote and the source", _cmd_show,
            ("text", "json"))  # fmt: skip
    p.add_argument("id", help="figure id, e.g. gdp-2025q1")
    add("events", "list the dated events the article reports", _cmd_events, ("table", "json"))
    p = add("releases", "list the available data releases, oldest first", _cmd_releases, ())
    p.add_argument("--origin", action="store_true", help="say where each release comes from")
    p = add("diff", "compare two releases (versions or directories)", _cmd_diff, ("text", "json"))
    p.add_argument("old", help="version or release directory")
    p.add_argument("new", help="version or release directory")
    p = add("history", "one figure across releases, oldest first, following renames both ways",
            _cmd_history, ("text", "json"))  # fmt: skip
    p.add_argument("id", help="figure id, old or new (e.g. gdp-2025q1)")
    p.add_argument("--with", dest="with_", action="append", default=[], metavar="DIR",
                   help="also a release directory not installed (repeat; after the installed "
                        "releases, in the order given)")  # fmt: skip
    p = add("validate", "validate a release directory; exit 0 only if valid", _cmd_validate, ())
    p.add_argument("directory")
    p.add_argument(
        "--previous",
        metavar="REF",
        help="release to check declared changes against (default: previous_version)",
    )
    add("sources", "show the source records: the article's bibliographic facts", _cmd_sources,
        ("text", "json"))  # fmt: skip
    p = add("cite", "cite the dataset, or figures", _cmd_cite, ())
    p.add_argument("id", nargs="*", help="figure ids (default: cite the dataset)")
    p.add_argument("--style", choices=STYLES, default="bibtex", help="(default: bibtex)")
    p = add("export", "write the figures as CSV, JSON, JSON Lines, a Data Package or Parquet",
            _cmd_export, FORMATS)  # fmt: skip
    p.add_argument("--output", "-o", required=True, metavar="PATH",
                   help="file to write (a folder for datapackage); - for stdout")  # fmt: skip
    p.add_argument("--bom", action="store_true", help="CSV only: start with a BOM for Excel")
    add("schema", "print the JSON Schema of exported JSON records", _cmd_schema, ())
    p = add("vocab", "list a release's units, measures or topics, with their definitions",
            _cmd_vocab, ("table", "json"))  # fmt: skip
    p.add_argument("table", choices=("units", "measures", "topics"))
    p = add("verify", "check the installed data, and the quotes against a copy", _cmd_verify, ())
    p.add_argument("--source", metavar="FILE", help="your copy of a source (repost or clean)")
    p.add_argument("--source-id", metavar="ID",
                   help="which source of the release FILE is a copy of (needed when it has "
                        "several; see the sources command)")  # fmt: skip
    helptext = "the maintainer's commands: make and fill in a new data release directory"
    p = sub.add_parser("release", help=helptext, description=helptext, epilog=_RELEASE_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    _release_parser(p)
    return parser


class _Escaping(io.TextIOBase):
    r"""A text stream that writes what its target's encoding cannot hold as backslash escapes
    (聊 becomes the six characters ``\u804a``) instead of raising ``UnicodeEncodeError``."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self._target = target

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", None) or "utf-8"

    @property
    def buffer(self) -> Any:
        """The target's binary stream, for output that must be exact bytes (None if none)."""
        return getattr(self._target, "buffer", None)

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            return self._target.write(text)
        except UnicodeEncodeError:  # nothing was written: the text is encoded whole first
            encoding = self.encoding
            escaped = text.encode(encoding, "backslashreplace").decode(encoding)
            self._target.write(escaped)
            return len(text)

    def flush(self) -> None:
        if not getattr(self._target, "closed", False):  # also runs when this wrapper is freed
            self._target.flush()


def _os_error_text(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename is not None else reason


def main(argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    stream = cast(TextIO, _Escaping(sys.stdout if out is None else out))
    try:
        release = getattr(args, "release", None)
        if isinstance(release, str) and is_directory_ref(release):
            args.release = api.load_release(release)  # a release directory, not yet installed
        status: int = args.func(args, stream)
    except LiaochengDataError as exc:
        print(f"liaocheng-data: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:  # the environment refused (permissions, a full disk ...)
        print(f"liaocheng-data: error: {_os_error_text(exc)}", file=sys.stderr)
        return 1
    return status


def entrypoint() -> None:
    """Console-script entry point: exit with :func:`main`'s status; quiet on a closed pipe;
    characters the output's encoding cannot hold become backslash escapes."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    entrypoint()
