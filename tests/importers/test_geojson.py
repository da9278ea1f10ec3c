"""GeoJSON importer: footprints (Lyon BD TOPO, Paris OSM) and zones (arrondissements, quartiers)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from importer_helpers import ARRONDISSEMENTS, LYON, PARIS19, QUARTIERS, data_file
from pyproj import Transformer

from city.model import SurfaceType
from importers import CrsRequired, open_city
from importers.geojson import read_geojson


def _signed_volumes(buildings) -> np.ndarray:
    v, t = buildings.vertices, buildings.triangles
    six_v = np.einsum("ij,ij->i", v[t[:, 0]], np.cross(v[t[:, 1]], v[t[:, 2]]))
    return np.bincount(buildings.triangle_building, weights=six_v, minlength=len(buildings)) / 6.0


def _feature_collection(features, crs: str | None = "EPSG:2154"):
    doc = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:{crs.replace(':', '::')}"}}
    return doc


def _square(x0: float, y0: float, size: float) -> list[list[float]]:
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


# --------------------------------------------------------------------------- Lyon BD TOPO (real data)


def test_lyon_bdtopo_buildings_and_height_rules(lyon_city):
    report = lyon_city.import_report
    assert len(lyon_city.buildings) == 2576
    assert report.kind == "buildings"
    assert report.source_crs == "EPSG:3946" and report.crs_from == "file"
    # Every BD TOPO building here has HAUTEUR; 5 lack Z_MIN_SOL and take the file's median base.
    assert dict(report.height_rules) == {"attribute": 2576}
    assert dict(report.base_rules) == {"attribute": 2571, "median of the file": 5}
    assert lyon_city.buildings.ids[0].startswith("BATIMENT")


def test_lyon_building_height_base_and_attributes(lyon_city):
    doc = json.loads(data_file(LYON).read_text())
    feature = doc["features"][0]
    props = feature["properties"]
    b = lyon_city.buildings[props["ID"]]
    *_, zmin, zmax = b.bounds
    assert zmin == pytest.approx(props["Z_MIN_SOL"])
    assert zmax - zmin == pytest.approx(props["HAUTEUR"])
    assert b.attributes["NATURE"] == props["NATURE"]
    assert b.attributes["height_rule"] == "attribute HAUTEUR"
    # Footprint area: roof == ground == the polygon's area in Lambert-93.
    ring = np.asarray(feature["geometry"]["coordinates"][0][0])[:, :2]
    x, y = Transformer.from_crs("EPSG:3946", "EPSG:2154", always_xy=True).transform(ring[:, 0], ring[:, 1])
    x, y = x - x.mean(), y - y.mean()  # centred: the shoelace cancels digits at 6.5e6
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    holes = len(feature["geometry"]["coordinates"][0]) - 1
    if holes == 0 and len(feature["geometry"]["coordinates"]) == 1:
        assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(area, rel=1e-6)
        assert b.surface_area_m2(SurfaceType.GROUND) == pytest.approx(area, rel=1e-6)


def test_lyon_bounds_match_pyproj(lyon_city):
    doc = json.loads(data_file(LYON).read_text())
    xy = np.asarray(
        [p[:2] for f in doc["features"] for poly in f["geometry"]["coordinates"] for ring in poly for p in ring]
    )
    x, y = Transformer.from_crs("EPSG:3946", "EPSG:2154", always_xy=True).transform(xy[:, 0], xy[:, 1])
    b = lyon_city.buildings.bounds()
    o = lyon_city.frame.origin
    np.testing.assert_allclose(
        [b[0] + o[0], b[1] + o[0], b[2] + o[1], b[3] + o[1]], [x.min(), x.max(), y.min(), y.max()], atol=1e-6
    )
    assert 840_000 < o[0] < 845_000 and 6_518_000 < o[1] < 6_522_000  # Lyon in Lambert-93


def test_lyon_blocks_are_closed_and_face_outwards(lyon_city):
    volumes = _signed_volumes(lyon_city.buildings)
    roof = lyon_city.buildings.surface_area_by_building_m2(SurfaceType.ROOF)
    heights = lyon_city.buildings.attributes["height_m"]
    # Each extruded block's volume is its footprint times its height.
    np.testing.assert_allclose(volumes, roof * heights, rtol=1e-6, atol=1e-6)


# --------------------------------------------------------------------------- Paris 19e OSM (real data)


def _osm_rules(features) -> dict[str, int]:
    """The height rules, recomputed independently of the importer."""
    number = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(m)?\s*$")

    def positive(value):
        if isinstance(value, int | float):
            return value > 0
        return (
            isinstance(value, str) and bool(number.match(value)) and float(number.match(value)[1].replace(",", ".")) > 0
        )

    rules = {"attribute": 0, "levels x 3 m": 0, "default": 0}
    for f in features:
        p = f["properties"]
        if positive(p.get("height")):
            rules["attribute"] += 1
        elif positive(p.get("building:levels")):
            rules["levels x 3 m"] += 1
        else:
            rules["default"] += 1
    return rules


def test_paris19_osm_buildings(paris19_city):
    doc = json.loads(data_file(PARIS19).read_text())
    report = paris19_city.import_report
    assert len(paris19_city.buildings) == 5560
    assert report.source_crs == "EPSG:4326" and report.crs_from == "RFC 7946 default"
    assert (
        dict(report.height_rules)
        == _osm_rules(doc["features"])
        == {"attribute": 19, "levels x 3 m": 3167, "default": 2374}
    )
    assert dict(report.base_rules) == {"none (0 m)": 5560}
    assert paris19_city.buildings.ids[0] == doc["features"][0]["id"] == "relation/2646896"
    first = paris19_city.buildings["relation/2646896"]
    assert first.height_m == pytest.approx(30.0)  # building:levels "10"
    assert first.attributes["building:levels"] == "10"


def test_paris19_lies_in_the_19th(paris19_city):
    o = np.asarray(paris19_city.frame.origin)
    # The 19e arrondissement: about 653-656 km E, 6863-6866 km N in Lambert-93.
    assert 652_000 < o[0] < 657_000 and 6_862_000 < o[1] < 6_867_000
    assert (_signed_volumes(paris19_city.buildings) > 0).all()


# --------------------------------------------------------------------------- zones (real data)


def test_arrondissements_are_20_zones_with_their_areas():
    city = open_city(data_file(ARRONDISSEMENTS))
    assert len(city.zones) == 20 and len(city.buildings) == 0
    assert city.import_report.kind == "zones" and city.import_report.zones == 20
    names = {z.name for z in city.zones}
    assert "1er Ardt" in names and "20ème Ardt" in names
    for zone in city.zones:
        assert zone.polygon.area_m2 == pytest.approx(zone.attributes["surface"], rel=0.01), zone.name


def test_quartiers_are_80_named_zones():
    city = read_geojson(data_file(QUARTIERS))
    assert len(city.zones) == 80
    assert "Muette" in {z.name for z in city.zones}
    total = sum(z.polygon.area_m2 for z in city.zones)
    assert total == pytest.approx(sum(z.attributes["surface"] for z in city.zones), rel=0.01)


def test_kind_can_be_forced():
    city = read_geojson(data_file(ARRONDISSEMENTS), kind="buildings", default_height_m=5.0)
    assert len(city.buildings) == 20 and not city.zones
    assert dict(city.import_report.height_rules) == {"default": 20}
    assert city.buildings[0].height_m == pytest.approx(5.0)
    with pytest.raises(ValueError, match="kind"):
        read_geojson(data_file(ARRONDISSEMENTS), kind="trees")


# --------------------------------------------------------------------------- exact geometry


def test_extruded_block_with_hole(write_json):
    outer = _square(650000, 6860000, 10)
    hole = [[650003, 6860003], [650003, 6860007], [650007, 6860007], [650007, 6860003], [650003, 6860003]]
    feature = {
        "type": "Feature",
        "id": "court",
        "properties": {"HAUTEUR": 12, "Z_MIN_SOL": 30.0},
        "geometry": {"type": "Polygon", "coordinates": [outer, hole]},
    }
    city = read_geojson(write_json("court.geojson", _feature_collection([feature])))
    b = city.buildings["court"]
    assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(84.0)
    assert b.surface_area_m2(SurfaceType.GROUND) == pytest.approx(84.0)
    assert b.surface_area_m2(SurfaceType.WALL) == pytest.approx((40 + 16) * 12)
    assert _signed_volumes(city.buildings)[0] == pytest.approx(84.0 * 12)
    assert b.bounds[4:] == pytest.approx((30.0, 42.0))
    normals = city.buildings.triangle_normals()
    assert (normals[city.buildings.triangle_surface == SurfaceType.ROOF][:, 2] > 0.999).all()
    assert (normals[city.buildings.triangle_surface == SurfaceType.GROUND][:, 2] < -0.999).all()
    assert np.abs(normals[city.buildings.triangle_surface == SurfaceType.WALL][:, 2]).max() < 1e-9


def test_clockwise_exterior_still_faces_out(write_json):
    clockwise = _square(650000, 6860000, 10)[::-1]
    feature = {
        "type": "Feature",
        "properties": {"height": 5},
        "geometry": {"type": "Polygon", "coordinates": [clockwise]},
    }
    city = read_geojson(write_json("cw.geojson", _feature_collection([feature])))
    assert _signed_volumes(city.buildings)[0] == pytest.approx(500.0)


def test_multipolygon_is_one_building(write_json):
    feature = {
        "type": "Feature",
        "properties": {"cleabs": "BATIMENT01", "hauteur": 6},
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [[_square(650000, 6860000, 10)], [_square(650020, 6860000, 5)]],
        },
    }
    city = read_geojson(write_json("multi.geojson", _feature_collection([feature])))
    assert city.buildings.ids == ["BATIMENT01"]
    assert city.buildings[0].surface_area_m2(SurfaceType.ROOF) == pytest.approx(125.0)


@pytest.mark.parametrize(
    ("properties", "height", "rule"),
    [
        ({"height": "12 m"}, 12.0, "attribute"),
        ({"height": "7,5"}, 7.5, "attribute"),
        ({"HAUTEUR": 0, "NB_ETAGES": 4}, 12.0, "levels x 3 m"),
        ({"building:levels": "4"}, 12.0, "levels x 3 m"),
        ({"nombre_d_etages": 2, "building": "yes"}, 6.0, "levels x 3 m"),
        ({"height": "tall", "building": "yes"}, 9.0, "default"),
        ({"building": "yes", "building:levels": "2;3"}, 9.0, "default"),
    ],
)
def test_height_rules(write_json, properties, height, rule):
    feature = {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [_square(650000, 6860000, 10)]},
    }
    city = read_geojson(write_json("h.geojson", _feature_collection([feature])))
    assert city.buildings[0].height_m == pytest.approx(height)
    assert dict(city.import_report.height_rules) == {rule: 1}


def test_ids_from_properties_and_fallback(write_json):
    geometry = {"type": "Polygon", "coordinates": [_square(650000, 6860000, 10)]}
    features = [
        {"type": "Feature", "id": 7, "properties": {"building": "yes"}, "geometry": geometry},
        {"type": "Feature", "properties": {"ID": "A", "building": "yes"}, "geometry": geometry},
        {"type": "Feature", "properties": {"@id": "way/1", "building": "yes"}, "geometry": geometry},
        {"type": "Feature", "properties": {"building": "yes"}, "geometry": geometry},
        {"type": "Feature", "properties": {"ID": "A", "building": "yes"}, "geometry": geometry},
    ]
    city = read_geojson(write_json("ids.geojson", _feature_collection(features)))
    assert city.buildings.ids == ["7", "A", "way/1", "ids-4", "A-2"]
    assert city.import_report.repaired["repeated id made unique"] == 1


def test_wgs84_vertices_match_pyproj(write_json):
    ring = [[2.35, 48.85], [2.3501, 48.85], [2.3501, 48.8501], [2.35, 48.8501], [2.35, 48.85]]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"height": 3}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        ],
    }
    city = read_geojson(write_json("wgs.geojson", doc))
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform([2.35, 2.3501], [48.85, 48.8501])
    b = city.buildings.bounds()
    o = city.frame.origin
    np.testing.assert_allclose(
        [b[0] + o[0], b[1] + o[0], b[2] + o[1], b[3] + o[1]], [x[0], x[1], y[0], y[1]], atol=1e-6
    )


def test_projected_coordinates_without_crs_need_one(write_json):
    doc = _feature_collection(
        [
            {
                "type": "Feature",
                "properties": {"height": 3},
                "geometry": {"type": "Polygon", "coordinates": [_square(650000, 6860000, 10)]},
            }
        ],
        crs=None,
    )
    path = write_json("nocrs.geojson", doc)
    with pytest.raises(CrsRequired, match=r"nocrs\.geojson") as err:
        read_geojson(path)
    assert err.value.extent == pytest.approx((650000, 6860000, 650010, 6860010))
    city = read_geojson(path, crs="EPSG:2154")
    assert city.frame.origin == (650005.0, 6860005.0, 0.0)


def test_non_polygon_features_are_skipped_and_counted(write_json):
    features = [
        {
            "type": "Feature",
            "properties": {"building": "yes"},
            "geometry": {"type": "Polygon", "coordinates": [_square(650000, 6860000, 10)]},
        },
        {
            "type": "Feature",
            "properties": {"building": "yes"},
            "geometry": {"type": "Point", "coordinates": [650000, 6860000]},
        },
        {"type": "Feature", "properties": {"building": "yes"}, "geometry": None},
    ]
    city = read_geojson(write_json("mixed.geojson", _feature_collection(features)))
    assert len(city.buildings) == 1
    assert city.import_report.skipped == {"Point geometry": 1, "feature without geometry": 1}
