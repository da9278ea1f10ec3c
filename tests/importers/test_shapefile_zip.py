"""A Shapefile in a ZIP archive (as downloaded) opens like the Shapefile itself."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyogrio import raw

from importers import open_city
from importers.errors import CrsRequired, ImporterError, InvalidFile, UnsupportedFormat
from importers.registry import format_for
from importers.vector import read_shapefile_zip

X0, Y0 = 652_000.0, 6_866_000.0


def _shapefile(folder: Path, name: str = "BATIMENT", *, crs: str | None = "EPSG:2154") -> list[Path]:
    """Two footprints, 10 x 10 m (HAUTEUR 12.5) and 20 x 5 m (NB_ETAGES 4): the files of the Shapefile."""
    folder.mkdir(parents=True, exist_ok=True)
    polygons = [shapely.box(X0, Y0, X0 + 10, Y0 + 10), shapely.box(X0 + 30, Y0, X0 + 50, Y0 + 5)]
    raw.write(
        str(folder / f"{name}.shp"),
        np.array([shapely.to_wkb(p) for p in polygons], dtype=object),
        [np.array(["B1", "B2"], dtype=object), np.array([12.5, np.nan]), np.array([np.nan, 4.0])],
        fields=["ID", "HAUTEUR", "NB_ETAGES"],
        field_mask=[np.zeros(2, bool), np.array([False, True]), np.array([True, False])],
        geometry_type="Polygon",
        crs=crs,
        driver="ESRI Shapefile",
    )
    return sorted(folder.glob(f"{name}.*"))


def _zip(path: Path, members: dict[str, Path | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, Path):
                archive.write(content, name)
            else:
                archive.writestr(name, content)
    return path


def _check_city(city) -> None:
    assert city.buildings.ids == ["B1", "B2"]
    assert [b.height_m for b in city.buildings] == pytest.approx([12.5, 12.0])
    origin = city.frame.origin
    b1 = city.buildings["B1"].bounds
    assert (b1[0] + origin[0], b1[2] + origin[1]) == pytest.approx((X0, Y0))
    assert dict(city.import_report.height_rules) == {"attribute": 1, "levels x 3 m": 1}


def test_zipped_shapefile_opens_like_the_shapefile(tmp_path):
    files = _shapefile(tmp_path / "src")
    assert {f.suffix for f in files} >= {".shp", ".shx", ".dbf", ".prj"}
    # In a folder of the archive, beside a README, as downloads come.
    archive = _zip(tmp_path / "bdtopo.zip", {f"BDTOPO/BATI/{f.name}": f for f in files} | {"README.txt": b"hello"})
    city = open_city(archive)
    _check_city(city)
    assert city.import_report.format == "Shapefile"
    assert city.import_report.source == "bdtopo.zip/BDTOPO/BATI/BATIMENT.shp"
    assert city.provenance.startswith("bdtopo.zip: BATIMENT.shp")
    # The same as the Shapefile itself.
    plain = open_city(tmp_path / "src" / "BATIMENT.shp")
    np.testing.assert_array_equal(city.buildings.vertices, plain.buildings.vertices)


def test_zip_is_sniffed_whatever_its_suffix(tmp_path):
    files = _shapefile(tmp_path / "src")
    archive = _zip(tmp_path / "download.bin", {f.name: f for f in files})
    assert format_for(archive).name == "zip"
    _check_city(open_city(archive))


def test_member_names_cannot_write_outside_the_temporary_folder(tmp_path):
    files = _shapefile(tmp_path / "src", name="evil")
    outside = tmp_path / "evil.shp"
    archive = _zip(tmp_path / "evil.zip", {f"../../{f.name}": f for f in files})
    city = read_shapefile_zip(archive)
    assert city.buildings.ids == ["B1", "B2"]
    assert not outside.exists() and not (tmp_path.parent / "evil.shp").exists()


def test_no_shapefile_inside(tmp_path):
    archive = _zip(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8", "notes.txt": b"x"})
    with pytest.raises(UnsupportedFormat) as error:
        open_city(archive)
    assert str(error.value) == (
        "photos.zip: this ZIP archive holds no Shapefile (.shp), and only zipped Shapefiles "
        "can be imported; it holds a.jpg, notes.txt"
    )


def test_several_shapefiles_inside(tmp_path):
    a = _shapefile(tmp_path / "a", name="bati")
    b = _shapefile(tmp_path / "b", name="routes")
    archive = _zip(tmp_path / "two.zip", {f.name: f for f in a + b})
    with pytest.raises(UnsupportedFormat) as error:
        open_city(archive)
    assert str(error.value).startswith("two.zip: this ZIP archive holds 2 Shapefiles (bati.shp, routes.shp)")


@pytest.mark.parametrize(("suffix", "what"), [(".dbf", "attribute table"), (".shx", "index")])
def test_missing_part_inside(tmp_path, suffix, what):
    files = [f for f in _shapefile(tmp_path / "src") if f.suffix != suffix]
    archive = _zip(tmp_path / "cut.zip", {f"d/{f.name}": f for f in files})
    with pytest.raises(InvalidFile) as error:
        open_city(archive)
    assert str(error.value) == (
        f"cut.zip: its Shapefile d/BATIMENT.shp has no {what} (BATIMENT{suffix}) beside it in the archive"
    )


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_errors_of_the_shapefile_name_the_archive(tmp_path):
    files = _shapefile(tmp_path / "src", crs=None)
    archive = _zip(tmp_path / "noprj.zip", {f.name: f for f in files if f.suffix != ".prj"})
    with pytest.raises(CrsRequired) as error:
        open_city(archive)
    assert str(error.value).startswith("noprj.zip: BATIMENT.shp: ")
    assert error.value.path == archive
    # The app asks for the CRS and opens the archive again with it.
    _check_city(open_city(archive, crs="EPSG:2154"))

    shp = next(f for f in files if f.suffix == ".shp")
    truncated = shp.read_bytes()[:-40]
    members = {f.name: f for f in files} | {shp.name: truncated}
    with pytest.raises(InvalidFile, match=r"^cutshp.zip: BATIMENT.shp: truncated"):
        open_city(_zip(tmp_path / "cutshp.zip", members))


def test_broken_and_oversized_archives(tmp_path, monkeypatch):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + bytes(60))
    with pytest.raises(InvalidFile, match=r"^broken.zip: not a readable ZIP archive"):
        open_city(broken)
    files = _shapefile(tmp_path / "src")
    archive = _zip(tmp_path / "big.zip", {f.name: f for f in files})
    monkeypatch.setattr("importers.vector.ZIP_MAX_BYTES", 1000)
    with pytest.raises(InvalidFile, match=r"^big.zip: its Shapefile would unpack to .* more than"):
        open_city(archive)


def test_cancel_while_unpacking(tmp_path):
    files = _shapefile(tmp_path / "src")
    archive = _zip(tmp_path / "c.zip", {f.name: f for f in files})
    with pytest.raises(ImporterError, match="cancelled"):
        open_city(archive, cancel=lambda: True)
