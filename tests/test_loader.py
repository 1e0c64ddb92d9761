import json
import threading
from pathlib import Path
from typing import Any, Callable, List

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader
from liaocheng_data.errors import FormatVersionError, IntegrityError, ValidationError

Edit = Callable[[Path, str, Callable[[Any], Any]], None]


def test_copy_of_shipped_release_loads_like_the_shipped_one(release_copy: Path) -> None:
    """load_release validates a directory on disk to the same figures as the shipped one."""
    loaded = ld.load_release(release_copy)
    assert loaded.figures == ld.release("1.0.0").figures
    assert loaded.version == "1.0.0"


def _refused(folder: Path) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        ld.load_release(folder)
    return info.value


def test_duplicate_id_names_file_figure_and_field(release_copy: Path, edit: Edit) -> None:
    """A duplicated figure id is refused with the file, the id and the field."""
    edit(release_copy, "figures.json", lambda figs: figs.append(dict(figs[0])))
    err = _refused(release_copy)
    assert "figures.json: figure 'gdp-2025q1': id: duplicate id" in str(err)


def test_unknown_field_is_refused(release_copy: Path, edit: Edit) -> None:
    """extra="forbid": a field the model does not know is an error naming it."""
    edit(release_copy, "figures.json", lambda figs: figs[1].update(colour="red"))
    err = _refused(release_copy)
    assert (
        "figures.json: figure 'gdp-growth-2025q1': colour: Extra inputs are not permitted"
        in str(err)
    )


@pytest.mark.parametrize("number", [752.1, 752, 7.521e10])
def test_json_number_value_is_refused(release_copy: Path, edit: Edit, number: float) -> None:
    """A value written as a JSON number (not a string) is refused: no float ever enters."""
    edit(release_copy, "figures.json", lambda figs: figs[0].update(value=number))
    err = _refused(release_copy)
    assert "figures.json: figure 'gdp-2025q1': value:" in str(err)
    assert "JSON numbers are refused" in str(err)


def test_literal_not_in_quote_is_refused(release_copy: Path, edit: Edit) -> None:
    """A literal that its quote does not contain is refused, naming the figure and field."""

    def change(figs: List[Any]) -> None:
        figs[0]["provenance"]["literal"] = "725.1亿元"

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert "figures.json: figure 'gdp-2025q1': provenance.literal:" in "\n".join(err.problems)
    assert "'725.1亿元' is not in the quote" in "\n".join(err.problems)


def test_value_disagreeing_with_literal_is_refused(release_copy: Path, edit: Edit) -> None:
    """Changing the value but not the literal fails the rendering check."""
    edit(release_copy, "figures.json", lambda figs: figs[0].update(value="725.1"))
    err = _refused(release_copy)
    assert "figure 'gdp-2025q1'" in str(err) and "provenance.literal" in str(err)


def test_quote_at_wrong_offsets_is_refused(release_copy: Path, edit: Edit) -> None:
    """A quote that is not at its offsets says where it does occur."""

    def change(figs: List[Any]) -> None:
        figs[0]["provenance"]["start"] += 1
        figs[0]["provenance"]["end"] += 1

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert "figure 'gdp-2025q1': provenance.quote: not found at offsets 152..171" in str(err)
    assert "it occurs at 151..170" in str(err)


def test_quote_absent_from_source_is_refused(release_copy: Path, edit: Edit) -> None:
    """A quote the article does not contain is refused even with consistent offsets."""

    def change(figs: List[Any]) -> None:
        prov = figs[0]["provenance"]
        prov["quote"] = prov["quote"].replace("752.1", "725.1")
        prov["literal"] = "725.1亿元"
        figs[0]["value"] = "725.1"

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert "does not occur in the source text at all" in str(err)


def test_changed_source_text_fails_its_hash(release_copy: Path) -> None:
    """A source text that differs from its recorded sha256 is refused."""
    path = release_copy / "sources" / "dzrb-2025-06-04.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("752.1", "725.1"), encoding="utf-8")
    err = _refused(release_copy)
    assert any("source 'dzrb-2025-06-04': sha256" in p for p in err.problems)


def test_every_problem_is_reported(release_copy: Path, edit: Edit) -> None:
    """Several problems give one error whose .problems lists them all and whose message is
    the first plus a count.
    """

    def change(figs: List[Any]) -> None:
        figs[0]["value"] = 1.5
        figs[3]["scale"] = 5
        figs[5]["qualifier"] = "roughly"

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert len(err.problems) == 3
    assert str(err).endswith("(and 2 more)")
    assert any("'industrial-value-added-growth-2025q1'" in p and "scale" in p for p in err.problems)
    assert any("'private-investment-growth-2025q1': qualifier" in p for p in err.problems)


def test_unknown_place_and_organisation(release_copy: Path, edit: Edit) -> None:
    """A reference to a place or organisation the release does not list is refused."""

    def change(figs: List[Any]) -> None:
        figs[0]["place"] = "999999"
        figs[1]["entity"] = "acme"

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert "figure 'gdp-2025q1': place: unknown place '999999'" in err.problems[0]
    assert "figure 'gdp-growth-2025q1': entity: unknown organisation 'acme'" in err.problems[1]


def test_reversed_period_and_negative_value(release_copy: Path, edit: Edit) -> None:
    """Start after end, and a negative value, are refused."""

    def change(figs: List[Any]) -> None:
        figs[0]["period"]["start"] = "2025-04-01"
        figs[1]["value"] = "-6.7"

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert any("'gdp-2025q1': period.start: start 2025-04-01 is after end" in p
               for p in err.problems)  # fmt: skip
    assert any("'gdp-growth-2025q1': value:" in p for p in err.problems)


def test_rank_zero_is_refused(release_copy: Path, edit: Edit) -> None:
    """A rank below 1 is refused."""

    def change(figs: List[Any]) -> None:
        figs[2]["value"] = "0"
        figs[2]["provenance"]["literal"] = "第3"

    edit(release_copy, "figures.json", change)
    err = _refused(release_copy)
    assert "'gdp-growth-rank-2025q1'" in str(err) and "a rank is a whole number >= 1" in str(err)


def test_newer_format_is_refused_with_upgrade_advice(release_copy: Path, edit: Edit) -> None:
    """A release in a data format newer than this package reads says to upgrade."""
    edit(release_copy, "release.json", lambda meta: meta.update(format_version=99))
    with pytest.raises(FormatVersionError, match="upgrade liaocheng-data"):
        ld.load_release(release_copy)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "invalid JSON"),
        (b"[{", "invalid JSON"),
        (b"null", "figures.json: Input should be a valid"),
        (b"\xef\xbb\xbf[]", "byte-order mark"),
        (b"[\xff]", "not valid UTF-8 at byte 1"),
    ],
)
def test_malformed_figures_file(release_copy: Path, content: bytes, expected: str) -> None:
    """Truncated, empty, null, BOM-prefixed or non-UTF-8 files are refused by name."""
    (release_copy / "figures.json").write_bytes(content)
    err = _refused(release_copy)
    assert expected in str(err) and "figures.json" in str(err)


def test_missing_directory_and_file(tmp_path: Path, release_copy: Path) -> None:
    """A path that is not a release directory, or lacks a file, is refused by name."""
    assert "not a directory" in str(_refused(tmp_path / "nowhere"))
    (release_copy / "events.json").unlink()
    assert "events.json: file missing" in str(_refused(release_copy))


def test_refusal_leaves_shipped_releases_intact(release_copy: Path, edit: Edit) -> None:
    """After a refused load, the shipped release still gives the same objects."""
    before = ld.release("1.0.0")
    edit(release_copy, "figures.json", lambda figs: figs.append(dict(figs[0])))
    _refused(release_copy)
    assert ld.release("1.0.0") is before
    assert ld.get("gdp-2025q1", release="1.0.0") is before.get("gdp-2025q1")


def test_changed_byte_in_shipped_file_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                 release_copy: Path) -> None:  # fmt: skip
    """A shipped file whose bytes differ from the manifest raises IntegrityError."""
    path = release_copy / "figures.json"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"752.1", b"752.2", 1))
    index = _loader._shipped_index()
    _, hashes = index["1.0.0"]
    with pytest.raises(IntegrityError, match=r"figures\.json: sha256 differs"):
        _loader.load_directory(release_copy, label="x", expected_version="1.0.0", hashes=hashes)


def test_index_version_must_match_release(release_copy: Path) -> None:
    """A shipped directory whose release.json declares another version is refused."""
    with pytest.raises(ValidationError, match=r"declares '1\.0\.0' but the package index"):
        _loader.load_directory(release_copy, label="x", expected_version="1.0.1")


def test_thirty_two_threads_load_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """32 threads making the first access at once trigger one load and get one object."""
    monkeypatch.setattr(_loader, "_cache", {})
    calls = []
    real = _loader.load_directory

    def counting(*args: Any, **kwargs: Any) -> ld.Release:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_loader, "load_directory", counting)
    barrier = threading.Barrier(32)
    results: List[ld.Release] = []

    def worker() -> None:
        barrier.wait()
        results.append(ld.release("1.0.0"))

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(results) == 32 and all(r is results[0] for r in results)


def test_shipped_manifest_lists_every_file() -> None:
    """The manifest covers exactly the files of each shipped release directory."""
    from liaocheng_data import _resources

    raw = json.loads(_resources.data_root().joinpath("index.json").read_bytes())
    for version, entry in raw["releases"].items():
        root = _resources.data_root()
        for part in entry["path"].split("/"):
            root = root.joinpath(part)
        assert set(_walk(root, "")) == set(entry["files"]), version


def _walk(node: Any, prefix: str) -> List[str]:
    out: List[str] = []
    for child in node.iterdir():
        if child.is_dir():
            out += _walk(child, prefix + child.name + "/")
        else:
            out.append(prefix + child.name)
    return out


def test_loading_one_release_reads_only_its_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first load reads the index and that release's files, each once, and nothing else."""
    monkeypatch.setattr(_loader, "_cache", {})
    read: List[str] = []
    real = _loader._Reader.read

    def recording(self: Any, name: str) -> Any:
        read.append(f"{self.label}/{name}")
        return real(self, name)

    monkeypatch.setattr(_loader._Reader, "read", recording)
    ld.release("1.0.0")
    path, hashes = _loader.shipped_files("1.0.0")
    assert sorted(read) == sorted(f"liaocheng_data/data/{path}/{name}" for name in hashes)
