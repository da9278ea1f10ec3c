"""GeoPackage and Shapefile importer: footprints, parcels and zones, written here with pyogrio or real (Saint-Denis)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from pyogrio import raw
from pyproj import Transformer

from city.model import City, SurfaceType
from importers import (
    Cancelled,
    CrsRequired,
    ImporterError,
    InvalidFile,
    UnsupportedFormat,
    file_dialog_filters,
    format_for,
    open_city,
)
from importers.vector import read_vector
from tests.conftest import shared_data

SAINT_DENIS = "footprints/saint_denis_reference_data.gpkg"

# Lambert-93 near Saint-Denis: far enough from the origin for float32 to jitter.
X0, Y0 = 652_000.0, 6_866_000.0


def _box(x: float, y: float, w: float, h: float) -> shapely.Polygon:
    return shapely.box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h)


def _write(
    path: Path,
    layer: str | None,
    geometries: list[Any] | None,
    fields: dict[str, list[Any]],
    *,
    crs: str | None = "EPSG:2154",
    geometry_type: str | None = None,
    driver: str | None = None,
) -> Path:
    """Write one layer with pyogrio; None in a field is a null (masked) value."""
    names = list(fields)
    arrays, masks = [], []
    for name in names:
        values = fields[name]
        known = [v for v in values if v is not None]
        if known and all(isinstance(v, int | float) for v in known):
            arrays.append(np.array([np.nan if v is None else v for v in values], dtype=np.float64))
        else:
            arrays.append(np.array(["" if v is None else v for v in values], dtype=object))
        masks.append(np.array([v is None for v in values]))
    wkb = None
    if geometries is not None:
        wkb = np.array([None if g is None else shapely.to_wkb(g) for g in geometries], dtype=object)
        if geometry_type is None:
            kinds = {g.geom_type for g in geometries if g is not None}
            geometry_type = "MultiPolygon" if "MultiPolygon" in kinds else (kinds.pop() if kinds else "Polygon")
    raw.write(
        str(path),
        wkb,
        arrays,
        fields=names,
        field_mask=masks,
        layer=layer,
        geometry_type=geometry_type,
        crs=crs,
        driver=driver,
    )
    return path


# Footprints with known answers (Lambert-93 metres from X0, Y0).
HOLED = shapely.Polygon(
    [(X0 + 20, Y0), (X0 + 40, Y0), (X0 + 40, Y0 + 10), (X0 + 20, Y0 + 10)],
    [[(X0 + 28, Y0 + 3), (X0 + 32, Y0 + 3), (X0 + 32, Y0 + 7), (X0 + 28, Y0 + 7)]],
)
TWO_PARTS = shapely.MultiPolygon([_box(50, 0, 5, 5), _box(60, 0, 5, 5)])
BOW_TIE = shapely.Polygon([(X0 + 80, Y0), (X0 + 90, Y0 + 10), (X0 + 90, Y0), (X0 + 80, Y0 + 10)])
FOOTPRINTS = [_box(0, 0, 10, 10), HOLED, TWO_PARTS, BOW_TIE, None]
FOOTPRINT_FIELDS: dict[str, list[Any]] = {
    "cleabs": ["BATIMENT01", "BATIMENT02", "BATIMENT03", "BATIMENT04", "BATIMENT05"],
    "hauteur": [12.5, None, None, 6.0, 20.0],
    "nombre_d_etages": [2, 4, None, None, None],
    "altitude_minimale_sol": [35.0, 37.0, None, None, 40.0],
    "usage_1": ["Résidentiel", "Commercial", None, "Annexe", "Résidentiel"],
}


# hauteur, then nombre_d_etages x 3 m, then 9 m; the feature without geometry is not a building.
HEIGHTS_M = {"BATIMENT01": 12.5, "BATIMENT02": 12.0, "BATIMENT03": 9.0, "BATIMENT04": 6.0}


@pytest.fixture
def gpkg(tmp_path: Path) -> Path:
    path = tmp_path / "quartier.gpkg"
    _write(path, "bdtopo_batiment", FOOTPRINTS, FOOTPRINT_FIELDS)
    parcels = [
        _box(-5, -5, 30, 20),
        shapely.Polygon(
            [(X0 + 40, Y0 - 5), (X0 + 100, Y0 - 5), (X0 + 100, Y0 + 20), (X0 + 40, Y0 + 20)],
            [[(X0 + 50, Y0), (X0 + 60, Y0), (X0 + 60, Y0 + 10), (X0 + 50, Y0 + 10)]],
        ),
    ]
    _write(path, "parcelles", parcels, {"idu": ["930660000A0001", "930660000A0002"], "contenance": [600, 1400]})
    _write(path, "perimetre_projet", [_box(-10, -10, 120, 40)], {"nom": ["ZAC de test"]})
    _write(path, "ecoles", [shapely.Point(X0, Y0)], {"nom": ["École"]}, geometry_type="Point")
    _write(path, "table_sans_geometrie", None, {"a": [1.0]})
    _write(path, "vide", [], {"hauteur": []}, geometry_type="Polygon")
    _write(path, "toitures", [_box(0, 0, 10, 10)], {"gisement": [1200.0]})
    return path


def _footprint_shapefile(tmp_path: Path, name: str = "BATIMENT", *, crs: str | None = "EPSG:2154") -> Path:
    fields = {
        "ID": FOOTPRINT_FIELDS["cleabs"],
        "HAUTEUR": FOOTPRINT_FIELDS["hauteur"],
        "NB_ETAGES": FOOTPRINT_FIELDS["nombre_d_etages"],
        "Z_MIN_SOL": FOOTPRINT_FIELDS["altitude_minimale_sol"],
    }
    return _write(tmp_path / f"{name}.shp", None, FOOTPRINTS, fields, crs=crs, driver="ESRI Shapefile")


def _heights(city: City) -> dict[str, float]:
    return {b.id: b.height_m for b in city.buildings}


def _ground_m2(city: City) -> dict[str, float]:
    areas = city.buildings.surface_area_by_building_m2(SurfaceType.GROUND)
    return dict(zip(city.buildings.ids, areas.tolist(), strict=True))


# --------------------------------------------------------------------------- a GeoPackage written here


def test_geopackage_layers_and_their_kinds(gpkg):
    city = read_vector(gpkg)
    report = city.import_report
    assert report.format == "GeoPackage" and report.source_crs == "EPSG:2154" and report.kind == "buildings"
    assert (len(city.buildings), len(city.parcels), len(city.zones)) == (4, 2, 1)
    assert dict(report.imported) == {"Building": 4, "Parcel": 2, "Zone": 1}
    # Every skipped layer is listed, with why.
    assert report.skipped["layer 'ecoles': Point geometry"] == 1
    assert report.skipped["layer 'toitures': not footprints, parcels or zones"] == 1
    notes = "\n".join(report.notes)
    for name, why in (
        ("ecoles", "Point geometry"),
        ("table_sans_geometrie", "no geometry column"),
        ("vide", "empty"),
        ("toitures", "not footprints, parcels or zones"),
    ):
        assert f"layer {name!r} skipped: {why}" in notes
    assert "layer 'bdtopo_batiment': 5 features read as buildings (building fields" in notes


def test_geopackage_heights_rules_and_bases(gpkg):
    city = read_vector(gpkg)
    report = city.import_report
    assert _heights(city) == pytest.approx(HEIGHTS_M)
    assert dict(report.height_rules) == {"attribute": 2, "levels x 3 m": 1, "default": 1}
    assert report.skipped["feature without geometry"] == 1
    rules = dict(zip(city.buildings.ids, city.buildings.attributes["height_rule"], strict=True))
    assert rules["BATIMENT02"] == "nombre_d_etages x 3 m" and rules["BATIMENT03"] == "default 9 m"
    # Bases: the attribute, else the median of the known ones (35, 37).
    assert dict(report.base_rules) == {"attribute": 2, "median of the file": 2}
    base = {b.id: b.bounds[4] for b in city.buildings}
    assert base == pytest.approx({"BATIMENT01": 35.0, "BATIMENT02": 37.0, "BATIMENT03": 36.0, "BATIMENT04": 36.0})
    b = city.buildings["BATIMENT01"]
    assert b.attributes["usage_1"] == "Résidentiel" and b.attributes["hauteur"] == 12.5


def test_geopackage_footprint_areas_holes_and_repairs(gpkg):
    city = read_vector(gpkg)
    ground = _ground_m2(city)
    # A square, a rectangle less its 4 x 4 courtyard, two 5 x 5 squares, a bow tie made valid (two triangles).
    assert ground == pytest.approx({"BATIMENT01": 100.0, "BATIMENT02": 184.0, "BATIMENT03": 50.0, "BATIMENT04": 50.0})
    roof = city.buildings.surface_area_by_building_m2(SurfaceType.ROOF)
    np.testing.assert_allclose(roof, list(ground.values()))
    assert city.import_report.repaired["invalid polygon made valid"] == 1
    # The courtyard has walls: outer perimeter 60 m + courtyard 16 m, 12 m high.
    walls = city.buildings["BATIMENT02"].surface_area_m2(SurfaceType.WALL)
    assert walls == pytest.approx((60 + 16) * 12.0)
    # Lambert-93 kept to the millimetre around a local origin.
    xmin, xmax, ymin, ymax, *_ = city.buildings["BATIMENT01"].bounds
    o = city.frame.origin
    assert (xmin + o[0], xmax + o[0], ymin + o[1], ymax + o[1]) == pytest.approx((X0, X0 + 10, Y0, Y0 + 10), abs=1e-6)
    assert abs(o[0] - X0) < 200 and abs(o[1] - Y0) < 200


def test_geopackage_parcels_and_zones(gpkg):
    city = read_vector(gpkg)
    parcels = {p.id: p for p in city.parcels}
    assert set(parcels) == {"930660000A0001", "930660000A0002"}
    assert parcels["930660000A0001"].polygon.area_m2 == pytest.approx(600.0)
    assert parcels["930660000A0002"].polygon.area_m2 == pytest.approx(60 * 25 - 100)
    assert len(parcels["930660000A0002"].polygon.holes) == 1
    assert parcels["930660000A0002"].attributes["contenance"] == 1400
    (zone,) = city.zones
    assert zone.name == "ZAC de test" and zone.polygon.area_m2 == pytest.approx(120 * 40)


def test_geopackage_one_layer_by_name_and_kind(gpkg):
    parcels = read_vector(gpkg, layer="parcelles")
    assert len(parcels.parcels) == 2 and not len(parcels.buildings) and parcels.import_report.kind == "parcels"
    # An unknown layer chosen by name is read as footprints at the default height...
    roofs = read_vector(gpkg, layer="toitures")
    assert _heights(roofs) == pytest.approx({"toitures-1": 9.0})
    assert dict(roofs.import_report.height_rules) == {"default": 1}
    # ...unless kind= says otherwise.
    as_zones = read_vector(gpkg, layer="toitures", kind="zones")
    assert len(as_zones.zones) == 1 and not len(as_zones.buildings)
    with pytest.raises(ValueError, match="layer="):
        read_vector(gpkg, kind="zones")


def test_name_only_building_layer_beside_one_with_heights_is_skipped(tmp_path):
    path = tmp_path / "two.gpkg"
    _write(path, "bdtopo_batiment", [_box(0, 0, 10, 10)], {"hauteur": [10.0]})
    _write(path, "potentielsolaire_bati", [_box(0, 0, 10, 10)], {"gisement": [900.0]})
    city = read_vector(path)
    assert len(city.buildings) == 1
    assert "potentielsolaire_bati" in next(k for k in city.import_report.skipped)
    # On its own (or asked for), such a layer is read.
    assert len(read_vector(path, layer="potentielsolaire_bati").buildings) == 1


def test_two_building_layers_make_one_set(tmp_path):
    path = tmp_path / "deux.gpkg"
    _write(path, "batiments_nord", [_box(0, 50, 10, 10)], {"hauteur": [10.0], "usage": ["Logement"]})
    _write(path, "batiments_sud", [_box(0, 0, 10, 10), _box(20, 0, 10, 10)], {"hauteur": [15.0, None]})
    city = read_vector(path)
    b = city.buildings
    assert list(b.attributes["layer"]) == ["batiments_nord", "batiments_sud", "batiments_sud"]
    assert [h.height_m for h in b] == pytest.approx([10.0, 15.0, 9.0])
    assert list(b.attributes["usage"]) == ["Logement", None, None]
    assert dict(city.import_report.height_rules) == {"attribute": 2, "default": 1}
    assert b.ids == ["batiments_nord-1", "batiments_sud-1", "batiments_sud-2"]


def test_progress_and_cancel(gpkg):
    calls: list[float] = []
    read_vector(gpkg, progress=lambda f, _msg: calls.append(f))
    assert calls[0] == 0.0 and calls[-1] == 1.0 and calls == sorted(calls)
    with pytest.raises(Cancelled):
        read_vector(gpkg, cancel=lambda: True)


# --------------------------------------------------------------------------- Shapefiles


def test_shapefile_footprints(tmp_path):
    path = _footprint_shapefile(tmp_path)
    city = open_city(path)
    report = city.import_report
    assert report.format == "Shapefile" and report.source_crs == "EPSG:2154" and report.crs_from == "file"
    assert _heights(city) == pytest.approx(HEIGHTS_M)
    assert dict(report.height_rules) == {"attribute": 2, "levels x 3 m": 1, "default": 1}
    assert _ground_m2(city) == pytest.approx(
        {"BATIMENT01": 100.0, "BATIMENT02": 184.0, "BATIMENT03": 50.0, "BATIMENT04": 50.0}
    )
    assert city.buildings["BATIMENT01"].bounds[4] == pytest.approx(35.0)


def test_shapefile_in_wgs84_is_reprojected(tmp_path):
    to_wgs84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
    square = shapely.transform(_box(0, 0, 10, 10), lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))
    path = _write(
        tmp_path / "batiments.shp", None, [square], {"HAUTEUR": [10.0]}, crs="EPSG:4326", driver="ESRI Shapefile"
    )
    city = read_vector(path)
    assert city.import_report.source_crs == "EPSG:4326"
    xmin, xmax, ymin, ymax, *_ = city.buildings[0].bounds
    o = city.frame.origin
    assert (xmin + o[0], xmax + o[0], ymin + o[1], ymax + o[1]) == pytest.approx((X0, X0 + 10, Y0, Y0 + 10), abs=1e-3)
    assert _ground_m2(city)["batiments-0"] == pytest.approx(100.0, rel=1e-6)


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_shapefile_without_prj_needs_a_crs(tmp_path):
    path = _footprint_shapefile(tmp_path, crs=None)
    assert not path.with_suffix(".prj").exists()
    with pytest.raises(CrsRequired) as info:
        open_city(path)
    message = str(info.value)
    assert message.startswith("BATIMENT.shp: ") and ".prj" in message
    assert info.value.extent == pytest.approx((X0, Y0, X0 + 90, Y0 + 10))
    city = open_city(path, crs="EPSG:2154")
    assert len(city.buildings) == 4 and city.import_report.crs_from == "caller"


def test_lon_lat_under_a_projected_crs_is_noted(tmp_path):
    path = _write(
        tmp_path / "batiments.shp", None, [shapely.box(2.35, 48.93, 2.3501, 48.9301)], {"HAUTEUR": [10.0]},
        driver="ESRI Shapefile",
    )
    city = read_vector(path)
    assert any("look like longitude/latitude" in n for n in city.import_report.notes)


# --------------------------------------------------------------------------- bad input


def _raises(error: type[ImporterError], path: Path, match: str, **kwargs: Any) -> ImporterError:
    with pytest.raises(error) as info:
        open_city(path, **kwargs)
    message = str(info.value)
    assert message.startswith(path.name + ": "), message
    assert match in message, message
    return info.value


def test_random_bytes_named_gpkg(tmp_path):
    path = tmp_path / "noise.gpkg"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    _raises(InvalidFile, path, "not a GeoPackage")


@pytest.mark.filterwarnings("ignore:GPKG. bad application_id:RuntimeWarning")
def test_an_sqlite_database_that_is_not_a_geopackage(tmp_path):
    import sqlite3

    for name in ("logbook.gpkg", "logbook.sqlite"):
        with sqlite3.connect(tmp_path / name) as db:
            db.execute("create table t (a int)")
    _raises(InvalidFile, tmp_path / "logbook.gpkg", "not a readable GeoPackage")
    # Any SQLite file is sniffed as a GeoPackage; GDAL's driver tells them apart.
    _raises(UnsupportedFormat, tmp_path / "logbook.sqlite", "an SQLite database, but not a GeoPackage")


def test_empty_layer(tmp_path, gpkg):
    path = _write(tmp_path / "vide.gpkg", "batiments", [], {"hauteur": []}, geometry_type="Polygon")
    error = _raises(InvalidFile, path, "layer 'batiments' is empty")
    assert error.location == "layer 'batiments'"
    _raises(InvalidFile, gpkg, "layer 'vide' is empty", layer="vide")


def test_layer_without_geometry(tmp_path, gpkg):
    path = _write(tmp_path / "table.gpkg", "attributs", None, {"a": [1.0]})
    _raises(InvalidFile, path, "layer 'attributs' has no geometry column")
    _raises(InvalidFile, gpkg, "layer 'table_sans_geometrie' has no geometry column", layer="table_sans_geometrie")


def test_point_layer_asked_for(gpkg):
    _raises(UnsupportedFormat, gpkg, "layer 'ecoles' holds Point geometry", layer="ecoles")


def test_unknown_layer_name(gpkg):
    message = "has no layer 'batiments'; its layers are bdtopo_batiment, parcelles"
    _raises(ImporterError, gpkg, message, layer="batiments")


def test_no_layer_of_a_known_kind(tmp_path):
    path = tmp_path / "autres.gpkg"
    _write(path, "toitures", [_box(0, 0, 10, 10)], {"gisement": [1200.0]})
    _write(path, "ecoles", [shapely.Point(X0, Y0)], {"nom": ["École"]}, geometry_type="Point")
    _raises(InvalidFile, path, "no layer of footprints, parcels or zones (toitures: not footprints")


def test_truncated_shp(tmp_path):
    path = _footprint_shapefile(tmp_path)
    data = path.read_bytes()
    cut = data[: len(data) - 40]
    path.write_bytes(cut)
    _raises(InvalidFile, path, f"truncated: its header says {len(data)} bytes, the file has {len(cut)}")
    # A header rewritten to the cut length: the index still says where the records end.
    path.write_bytes(cut[:24] + (len(cut) // 2).to_bytes(4, "big") + cut[28:])
    error = _raises(InvalidFile, path, "truncated: record 4 of 5 ends at byte")
    assert error.location == "record 4"
    path.write_bytes(data[:60])
    _raises(InvalidFile, path, "shorter than a Shapefile header")


@pytest.mark.parametrize("suffix", [".dbf", ".shx"])
def test_missing_dbf_or_shx(tmp_path, suffix):
    path = _footprint_shapefile(tmp_path)
    os.remove(path.with_suffix(suffix))
    error = _raises(InvalidFile, path, f"BATIMENT{suffix} is missing")
    assert error.location == f"BATIMENT{suffix}"


def test_upper_case_siblings(tmp_path):
    path = _footprint_shapefile(tmp_path)
    for suffix in (".dbf", ".shx"):
        shutil.move(path.with_suffix(suffix), path.with_suffix(suffix.upper()))
    assert len(read_vector(path).buildings) == 4


# --------------------------------------------------------------------------- registry and Add layer


def test_registry_reads_geopackages_and_shapefiles(tmp_path, gpkg):
    assert format_for(gpkg).name == "geopackage"
    assert format_for(_footprint_shapefile(tmp_path)).name == "shapefile"
    everything = dict(file_dialog_filters())["All supported files"]
    assert {"*.gpkg", "*.shp"} <= set(everything)


def test_add_layer_carries_parcels_and_zones(gpkg):
    from city.merge import add_layers

    buildings = read_vector(gpkg, layer="bdtopo_batiment")
    parcels = read_vector(gpkg, layer="parcelles")
    merged = add_layers(buildings, parcels)
    assert len(merged.buildings) == 4 and len(merged.parcels) == 2
    p = next(p for p in merged.parcels if p.id == "930660000A0001")
    xmin, _, ymin, _ = p.polygon.bounds
    assert (xmin + merged.frame.origin[0], ymin + merged.frame.origin[1]) == pytest.approx((X0 - 5, Y0 - 5))


# --------------------------------------------------------------------------- Saint-Denis (real data)


@pytest.fixture(scope="module")
def saint_denis():
    return read_vector(shared_data(SAINT_DENIS))


def test_saint_denis_counts(saint_denis):
    report = saint_denis.import_report
    # 'cadastre_parcellaire' holds the cadastre's building outlines (TYPE "Bâtiment en dur"), not land plots
    assert (len(saint_denis.buildings), len(saint_denis.parcels), len(saint_denis.zones)) == (437, 0, 1)
    assert report.source_crs == "EPSG:4326"
    # hauteur on 350 buildings, nombre_d_etages alone on 5, neither on 82.
    assert dict(report.height_rules) == {"attribute": 350, "levels x 3 m": 5, "default": 82}
    assert dict(report.base_rules) == {"attribute": 434, "median of the file": 3}
    # 5 buildings appear twice (joined to two schools): same BD TOPO id, made unique.
    assert report.repaired["repeated id made unique"] == 5
    skipped = {k.split("'")[1] for k in report.skipped if k.startswith("layer ")}
    assert skipped == {
        "annuaire_education",
        "annuaire_education_sans_zone",
        "identifiers",
        "bdtopo_education",
        "potentielsolaire_bati",
        "potentielsolaire_toitures",
        "cadastre_parcellaire",
    }
    assert any("cadastre building outlines" in n for n in report.notes)
    assert saint_denis.zones[0].name == "Saint-Denis"
    assert saint_denis.zones[0].polygon.area_m2 / 1e4 == pytest.approx(1236, rel=0.01)  # surface_en_ha


def test_saint_denis_heights_from_hauteur(saint_denis):
    b = saint_denis.buildings
    hauteur = b.attributes["hauteur"]
    known = ~np.isnan(hauteur)
    assert known.sum() == 350
    heights = np.array([bb.height_m for bb in b])
    np.testing.assert_allclose(heights[known], hauteur[known], atol=1e-9)
    assert set(b.attributes["height_rule"][known]) == {"attribute hauteur"}
    assert b.ids[0] == "BATIMENT0000000243398338"


def test_saint_denis_in_lambert93(saint_denis):
    xmin, xmax, ymin, ymax, zmin, zmax = saint_denis.buildings.bounds()
    ox, oy, _ = saint_denis.frame.origin
    assert 651_000 < xmin + ox < xmax + ox < 655_000
    assert 6_867_000 < ymin + oy < ymax + oy < 6_873_000
    assert 20 < zmin < zmax < 100  # NGF altitudes: ground ~ 30-40 m, roofs up to ~ 29 m above
    # One corner against pyproj.
    meta, _, wkb, _ = raw.read(shared_data(SAINT_DENIS), layer="bdtopo_batiment", max_features=1, force_2d=True)
    lon, lat = shapely.get_coordinates(shapely.from_wkb(wkb[0]))[0]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform(lon, lat)
    first = saint_denis.buildings[0]
    corners = saint_denis.buildings.vertices[first.triangles.ravel()][:, :2] + (ox, oy)
    assert np.hypot(corners[:, 0] - x, corners[:, 1] - y).min() < 1e-6
