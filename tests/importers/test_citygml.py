"""CityGML importer: small hand-written 2.0 / 3.0 documents with known geometry, broken files, and Lyon."""

from __future__ import annotations

import gzip
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer

from city.model import SurfaceType
from importers import Cancelled, CrsRequired, ImporterError, InvalidFile, UnsupportedFormat, open_city
from importers.citygml import read_citygml
from importers.registry import format_for, sniff
from tests.conftest import shared_data

LYON_GML = "buildings_3d/citygml_lyon/LYON_1ER_BATI_2015_small_house.gml"

ORIGIN = (650000.0, 6860000.0, 0.0)

# A 10 m x 8 m x 6 m box, rings counter-clockwise seen from outside (as tests/importers/importer_helpers.py).
BOX = [(0, 0, 0), (10, 0, 0), (10, 8, 0), (0, 8, 0), (0, 0, 6), (10, 0, 6), (10, 8, 6), (0, 8, 6)]
FLOOR, ROOF = (0, 3, 2, 1), (4, 5, 6, 7)
WALLS = ((0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7))

NS2 = (
    'xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:bldg="http://www.opengis.net/citygml/building/2.0" '
    'xmlns:gen="http://www.opengis.net/citygml/generics/2.0" xmlns:gml="http://www.opengis.net/gml" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)
NS3 = (
    'xmlns="http://www.opengis.net/citygml/3.0" xmlns:bldg="http://www.opengis.net/citygml/building/3.0" '
    'xmlns:con="http://www.opengis.net/citygml/construction/3.0" '
    'xmlns:gen="http://www.opengis.net/citygml/generics/3.0" xmlns:gml="http://www.opengis.net/gml/3.2" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def pos_list(ring, shift=(0.0, 0.0, 0.0), dimension: int = 3) -> str:
    """A closed gml:posList in world coordinates (the box's local metres + ORIGIN + shift)."""
    points = [BOX[i] if isinstance(i, int) else i for i in ring]
    points = [*points, points[0]]
    coords = [(x + ORIGIN[0] + shift[0], y + ORIGIN[1] + shift[1], z + shift[2]) for x, y, z in points]
    return " ".join(" ".join(f"{c:.3f}" for c in p[:dimension]) for p in coords)


def polygon(ring, gid: str | None = None, shift=(0.0, 0.0, 0.0), holes=()) -> str:
    ident = f' gml:id="{gid}"' if gid else ""
    inner = "".join(
        f"<gml:interior><gml:LinearRing><gml:posList>{pos_list(h, shift)}</gml:posList></gml:LinearRing></gml:interior>"
        for h in holes
    )
    return (
        f"<gml:Polygon{ident}><gml:exterior><gml:LinearRing><gml:posList>{pos_list(ring, shift)}</gml:posList>"
        f"</gml:LinearRing></gml:exterior>{inner}</gml:Polygon>"
    )


def box_boundaries_2(prefix: str, shift=(0.0, 0.0, 0.0), lod: int = 2) -> str:
    """CityGML 2.0 boundary surfaces of the box, polygons named ``{prefix}-roof``, ``-ground``, ``-wall0``..3."""

    def surface(kind: str, polygons: str) -> str:
        return (
            f"<bldg:boundedBy><bldg:{kind}><bldg:lod{lod}MultiSurface><gml:MultiSurface>{polygons}"
            f"</gml:MultiSurface></bldg:lod{lod}MultiSurface></bldg:{kind}></bldg:boundedBy>"
        )

    walls = "".join(
        f"<gml:surfaceMember>{polygon(w, f'{prefix}-wall{k}', shift)}</gml:surfaceMember>" for k, w in enumerate(WALLS)
    )
    roof = f"<gml:surfaceMember>{polygon(ROOF, f'{prefix}-roof', shift)}</gml:surfaceMember>"
    ground = f"<gml:surfaceMember>{polygon(FLOOR, f'{prefix}-ground', shift)}</gml:surfaceMember>"
    return surface("RoofSurface", roof) + surface("GroundSurface", ground) + surface("WallSurface", walls)


def solid_of_references(prefix: str, lod: int = 2) -> str:
    names = [f"{prefix}-ground", f"{prefix}-roof", *(f"{prefix}-wall{k}" for k in range(4))]
    members = "".join(f'<gml:surfaceMember xlink:href="#{n}"/>' for n in names)
    return (
        f"<bldg:lod{lod}Solid><gml:Solid><gml:exterior><gml:CompositeSurface>{members}"
        f"</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod{lod}Solid>"
    )


def lod1_solid() -> str:
    members = "".join(f"<gml:surfaceMember>{polygon(r)}</gml:surfaceMember>" for r in (FLOOR, ROOF, *WALLS))
    return (
        f"<bldg:lod1Solid><gml:Solid><gml:exterior><gml:CompositeSurface>{members}"
        "</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod1Solid>"
    )


ATTRIBUTES_2 = (
    "<gml:name>box</gml:name>"
    '<gen:stringAttribute name="owner"><gen:value>Ville de Paris</gen:value></gen:stringAttribute>'
    '<gen:intAttribute name="levels"><gen:value>2</gen:value></gen:intAttribute>'
    '<gen:doubleAttribute name="roof_area"><gen:value>80.5</gen:value></gen:doubleAttribute>'
    '<gen:dateAttribute name="surveyed"><gen:value>2015-06-01</gen:value></gen:dateAttribute>'
    "<bldg:class>1000</bldg:class><bldg:function>1010</bldg:function><bldg:usage>residential</bldg:usage>"
    "<bldg:yearOfConstruction>1975</bldg:yearOfConstruction>"
    '<bldg:measuredHeight uom="m">6.0</bldg:measuredHeight>'
    "<bldg:storeysAboveGround>2</bldg:storeysAboveGround>"
)


def citygml2(buildings: str, srs: str | None = "EPSG:2154") -> str:
    envelope = (
        f'<gml:boundedBy><gml:Envelope srsName="{srs}" srsDimension="3"><gml:lowerCorner>650000 6860000 0'
        "</gml:lowerCorner><gml:upperCorner>650010 6860008 6</gml:upperCorner></gml:Envelope></gml:boundedBy>"
        if srs
        else ""
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<core:CityModel {NS2}>\n{envelope}\n{buildings}</core:CityModel>\n'


def member(building: str) -> str:
    return f"<core:cityObjectMember>{building}</core:cityObjectMember>\n"


def box_building_2(gid: str = "B1", extra: str = "") -> str:
    return member(
        f'<bldg:Building gml:id="{gid}">{ATTRIBUTES_2}{lod1_solid()}{solid_of_references(gid)}'
        f"{box_boundaries_2(gid)}{extra}</bldg:Building>"
    )


@pytest.fixture
def write_gml(tmp_path: Path):
    def write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        data = text.encode() if isinstance(text, str) else text
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        return path

    return write


def _signed_volumes(buildings) -> np.ndarray:
    v, t = buildings.vertices, buildings.triangles
    six_v = np.einsum("ij,ij->i", v[t[:, 0]], np.cross(v[t[:, 1]], v[t[:, 2]]))
    return np.bincount(buildings.triangle_building, weights=six_v, minlength=len(buildings)) / 6.0


def _triangles_per_surface(buildings) -> Counter:
    return Counter({SurfaceType(k).name: int(n) for k, n in enumerate(np.bincount(buildings.triangle_surface)) if n})


# --------------------------------------------------------------------------- exact geometry


def test_box_2_0_surfaces_areas_and_triangles(write_gml):
    city = read_citygml(write_gml("box.gml", citygml2(box_building_2())))
    assert city.buildings.ids == ["B1"]
    b = city.buildings["B1"]
    # LoD 2 by default; the lod2Solid's references to the boundary polygons count once.
    assert _triangles_per_surface(city.buildings) == Counter({"ROOF": 2, "GROUND": 2, "WALL": 8})
    assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)
    assert b.surface_area_m2(SurfaceType.GROUND) == pytest.approx(80.0)
    assert b.surface_area_m2(SurfaceType.WALL) == pytest.approx(2 * (10 + 8) * 6)
    assert b.surface_area_m2(SurfaceType.OTHER) == 0.0
    assert _signed_volumes(city.buildings)[0] == pytest.approx(480.0)
    normals = city.buildings.triangle_normals()
    assert (normals[city.buildings.triangle_surface == SurfaceType.ROOF][:, 2] > 0.999).all()
    assert (normals[city.buildings.triangle_surface == SurfaceType.GROUND][:, 2] < -0.999).all()
    assert city.frame.origin == (650005.0, 6860004.0, 0.0)
    assert b.bounds == pytest.approx((-5.0, 5.0, -4.0, 4.0, 0.0, 6.0))
    report = city.import_report
    assert report.format == "CityGML 2.0" and report.source_crs == "EPSG:2154" and report.crs_from == "file"
    assert report.imported == Counter({"Building": 1})
    assert report.faces_without_semantics == 0 and not report.skipped and not report.repaired
    assert report.buildings == 1 and report.triangles == 12
    assert b.attributes["lod"] == "2"


def test_lod_1_versus_the_highest(write_gml):
    path = write_gml("box.gml", citygml2(box_building_2()))
    city = read_citygml(path, lod=1)
    assert len(city.buildings.triangles) == 12
    assert _triangles_per_surface(city.buildings) == Counter({"OTHER": 12})
    assert city.buildings["B1"].surface_area_m2() == pytest.approx(376.0)
    assert city.import_report.faces_without_semantics == 6
    assert city.import_report.lod == "1" and city.buildings["B1"].attributes["lod"] == "1"
    assert _signed_volumes(city.buildings)[0] == pytest.approx(480.0)
    # An LoD the building lacks: its highest, counted.
    city = read_citygml(path, lod="3")
    assert city.buildings["B1"].attributes["lod"] == "2"
    assert city.import_report.notes == ["1 building has no LoD 3: the highest LoD of each was taken instead"]
    with pytest.raises(ValueError, match="0 to 4"):
        read_citygml(path, lod="2.2")


def test_a_solid_copying_its_boundary_surfaces_counts_once(write_gml):
    # Some writers repeat the boundary polygons inline in lod2Solid instead of referencing them.
    copy = lod1_solid().replace("lod1Solid", "lod2Solid")
    building = member(f'<bldg:Building gml:id="C">{copy}{box_boundaries_2("C")}</bldg:Building>')
    city = read_citygml(write_gml("copy.gml", citygml2(building)))
    assert _triangles_per_surface(city.buildings) == Counter({"ROOF": 2, "GROUND": 2, "WALL": 8})
    assert city.import_report.repaired == Counter({"solid face repeating a boundary surface (dropped)": 6})


def test_citygml_1_0(write_gml):
    text = citygml2(box_building_2())
    for module in ("citygml", "citygml/building", "citygml/generics"):
        text = text.replace(f"http://www.opengis.net/{module}/2.0", f"http://www.opengis.net/{module}/1.0")
    city = read_citygml(write_gml("old.gml", text))
    assert city.import_report.format == "CityGML 1.0"
    assert _triangles_per_surface(city.buildings) == Counter({"ROOF": 2, "GROUND": 2, "WALL": 8})
    assert city.buildings["B1"].attributes["levels"] == 2


def test_polygon_with_a_hole(write_gml):
    outer = ((0, 0, 3), (10, 0, 3), (10, 10, 3), (0, 10, 3))
    slab = polygon(outer, "slab", holes=[((3, 3, 3), (3, 7, 3), (7, 7, 3), (7, 3, 3))])
    building = (
        '<bldg:Building gml:id="H"><bldg:boundedBy><bldg:RoofSurface><bldg:lod2MultiSurface><gml:MultiSurface>'
        f"<gml:surfaceMember>{slab}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>"
        "</bldg:RoofSurface></bldg:boundedBy></bldg:Building>"
    )
    city = read_citygml(write_gml("hole.gml", citygml2(member(building))))
    b = city.buildings["H"]
    assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(100 - 16)
    centroids = city.frame.to_world(city.buildings.vertices[city.buildings.triangles].mean(axis=1)) - ORIGIN
    inside_hole = (centroids[:, 0] > 3) & (centroids[:, 0] < 7) & (centroids[:, 1] > 3) & (centroids[:, 1] < 7)
    assert not inside_hole.any()
    assert (city.buildings.triangle_normals()[:, 2] > 0.999).all()


def test_building_parts_belong_to_their_building(write_gml):
    part = (
        '<bldg:consistsOfBuildingPart><bldg:BuildingPart gml:id="B1-a">'
        '<bldg:measuredHeight uom="m">6.0</bldg:measuredHeight>'
        f"{solid_of_references('B1-a')}{box_boundaries_2('B1-a', shift=(20, 0, 0))}"
        "</bldg:BuildingPart></bldg:consistsOfBuildingPart>"
    )
    other = member(f'<bldg:Building gml:id="B2">{box_boundaries_2("B2", shift=(0, 30, 0))}</bldg:Building>')
    city = read_citygml(write_gml("parts.gml", citygml2(box_building_2(extra=part) + other)))
    assert city.buildings.ids == ["B1", "B2"]
    b1 = city.buildings["B1"]
    assert len(b1.triangles) == 24  # the box and its part's box
    assert b1.surface_area_m2() == pytest.approx(2 * 376.0)
    assert b1.surface_area_m2(SurfaceType.ROOF) == pytest.approx(160.0)
    assert b1.bounds[1] - b1.bounds[0] == pytest.approx(30.0)  # 0..10 and 20..30
    assert b1.attributes["building_parts"] == ["B1-a"]
    assert b1.attributes["name"] == "box"  # the building's attributes, not the part's
    assert city.buildings["B2"].attributes.get("building_parts") is None
    assert city.import_report.imported == Counter({"Building": 2, "BuildingPart": 1})
    assert (_signed_volumes(city.buildings) == pytest.approx([960.0, 480.0]))


def test_attributes_are_read_and_typed(write_gml):
    city = read_citygml(write_gml("box.gml", citygml2(box_building_2("B1") + box_building_2("B2"))))
    attributes = city.buildings.attributes
    assert attributes["levels"].dtype == np.int64 and attributes["levels"].tolist() == [2, 2]
    assert attributes["storeysAboveGround"].dtype == np.int64
    assert attributes["yearOfConstruction"].tolist() == [1975, 1975]
    assert attributes["measuredHeight"].dtype == np.float64 and attributes["roof_area"][0] == 80.5
    b = city.buildings["B1"].attributes
    assert b["owner"] == "Ville de Paris" and b["surveyed"] == "2015-06-01" and b["name"] == "box"
    assert b["class"] == "1000" and b["function"] == "1010" and b["usage"] == "residential"


def test_citygml_3_0(write_gml):
    def boundary(kind: str, polygons: str) -> str:
        return (
            f"<boundary><con:{kind}><lod2MultiSurface><gml:MultiSurface>{polygons}</gml:MultiSurface>"
            f"</lod2MultiSurface></con:{kind}></boundary>"
        )

    def generic(kind: str, name: str, value: str) -> str:
        return (
            f"<genericAttribute><gen:{kind}Attribute><gen:name>{name}</gen:name><gen:value>{value}</gen:value>"
            f"</gen:{kind}Attribute></genericAttribute>"
        )

    walls = "".join(f"<gml:surfaceMember>{polygon(w, f'w{k}')}</gml:surfaceMember>" for k, w in enumerate(WALLS))
    references = "".join(f'<gml:surfaceMember xlink:href="#{n}"/>' for n in ("g", "r", "w0", "w1", "w2", "w3"))
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<CityModel {NS3}>
  <cityObjectMember>
    <bldg:Building gml:id="B3">
      <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs,crs:EPSG::2154,crs:EPSG::5720" srsDimension="3">
        <gml:lowerCorner>650000 6860000 0</gml:lowerCorner><gml:upperCorner>650010 6860008 6</gml:upperCorner>
      </gml:Envelope></gml:boundedBy>
      <gml:name>v3</gml:name>
      {generic("Int", "levels", "3")}{generic("Double", "pv_kwh", "1234.5")}
      {generic("String", "kind", "house")}{generic("Date", "built", "1990-01-01")}
      <lod2Solid><gml:Solid><gml:exterior><gml:Shell>{references}</gml:Shell></gml:exterior></gml:Solid></lod2Solid>
      {boundary("RoofSurface", f"<gml:surfaceMember>{polygon(ROOF, 'r')}</gml:surfaceMember>")}
      {boundary("GroundSurface", f"<gml:surfaceMember>{polygon(FLOOR, 'g')}</gml:surfaceMember>")}
      {boundary("WallSurface", walls)}
      <con:height><con:Height><con:highReference>highestRoofEdge</con:highReference>
        <con:lowReference>lowestGroundPoint</con:lowReference><con:status>measured</con:status>
        <con:value uom="m">6.0</con:value></con:Height></con:height>
      <bldg:function>1010</bldg:function>
      <bldg:storeysAboveGround>2</bldg:storeysAboveGround>
    </bldg:Building>
  </cityObjectMember>
</CityModel>
"""
    city = read_citygml(write_gml("v3.gml", text))
    report = city.import_report
    assert report.format == "CityGML 3.0" and report.source_crs == "EPSG:2154"
    assert _triangles_per_surface(city.buildings) == Counter({"ROOF": 2, "GROUND": 2, "WALL": 8})
    b = city.buildings["B3"]
    assert b.surface_area_m2() == pytest.approx(376.0)
    assert _signed_volumes(city.buildings)[0] == pytest.approx(480.0)
    assert b.attributes["levels"] == 3 and b.attributes["pv_kwh"] == 1234.5
    assert b.attributes["kind"] == "house" and b.attributes["built"] == "1990-01-01"
    assert b.attributes["height"] == 6.0 and b.attributes["storeysAboveGround"] == 2 and b.attributes["name"] == "v3"


def test_gzip(write_gml):
    text = citygml2(box_building_2())
    for name in ("box.gml.gz", "box.xml.gz", "box.gz"):
        path = write_gml(name, text)
        assert path.read_bytes()[:2] == b"\x1f\x8b"
        assert format_for(path).name == "citygml", name
        city = open_city(path)
        assert city.buildings.ids == ["B1"] and city.name == "box", name
        assert city.buildings["B1"].surface_area_m2() == pytest.approx(376.0)
    assert sniff(gzip.compress(text.encode())) == "citygml"
    assert sniff(gzip.compress(b'{"type": "FeatureCollection"}')) == "gzip"


@pytest.mark.parametrize(
    "srs",
    [
        "EPSG:2154",
        "urn:ogc:def:crs:EPSG::2154",
        "urn:ogc:def:crs:EPSG:6.6:2154",
        "http://www.opengis.net/def/crs/EPSG/0/2154",
        "urn:ogc:def:crs,crs:EPSG::2154,crs:EPSG::5720",
        "http://www.opengis.net/def/crs-compound?1=http://www.opengis.net/def/crs/EPSG/0/2154"
        "&amp;2=http://www.opengis.net/def/crs/EPSG/0/5720",
    ],
)
def test_srs_name_forms(write_gml, srs):
    city = read_citygml(write_gml("box.gml", citygml2(box_building_2(), srs=srs)))
    assert city.import_report.source_crs == "EPSG:2154"
    assert city.frame.origin == (650005.0, 6860004.0, 0.0)


def test_srs_name_on_a_geometry_and_reprojection(write_gml):
    # No envelope; the CRS is on the MultiSurface. CC46 coordinates, reprojected exactly as pyproj does.
    text = citygml2(box_building_2(), srs=None)
    text = text.replace("<gml:MultiSurface>", '<gml:MultiSurface srsName="EPSG:3946">', 1)
    city = read_citygml(write_gml("cc46.gml", text))
    assert city.import_report.source_crs == "EPSG:3946"
    corners = np.array(BOX[:4])[:, :2] + ORIGIN[:2]
    x, y = Transformer.from_crs("EPSG:3946", "EPSG:2154", always_xy=True).transform(corners[:, 0], corners[:, 1])
    b = city.buildings.bounds()
    o = city.frame.origin
    np.testing.assert_allclose([b[0] + o[0], b[1] + o[0]], [x.min(), x.max()], atol=1e-6)
    np.testing.assert_allclose([b[2] + o[1], b[3] + o[1]], [y.min(), y.max()], atol=1e-6)


def test_missing_srs_name_needs_a_crs(write_gml):
    path = write_gml("nocrs.gml", citygml2(box_building_2(), srs=None))
    with pytest.raises(CrsRequired) as info:
        read_citygml(path)
    assert str(info.value).startswith("nocrs.gml: ")
    assert info.value.extent == pytest.approx((650000.0, 6860000.0, 650010.0, 6860008.0))
    city = read_citygml(path, crs="EPSG:2154")
    assert city.import_report.crs_from == "caller" and city.import_report.source_crs == "EPSG:2154"
    assert city.buildings["B1"].surface_area_m2() == pytest.approx(376.0)


def test_pos_lists_2d_footprints_and_orientation(write_gml):
    # lod0FootPrint (GROUND) from gml:pos elements, lod0RoofEdge (ROOF) from a 2-D posList reversed by an
    # OrientableSurface: both face down / up as written.
    corners = [BOX[i] for i in (*FLOOR, FLOOR[0])]
    floor = "".join(f"<gml:pos>{x + ORIGIN[0]} {y + ORIGIN[1]} 0</gml:pos>" for x, y, _ in corners)
    edge = pos_list(FLOOR, dimension=2)
    building = (
        '<bldg:Building gml:id="F"><bldg:lod0FootPrint><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior>'
        f"<gml:LinearRing>{floor}</gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>"
        '</bldg:lod0FootPrint><bldg:lod0RoofEdge><gml:MultiSurface srsDimension="2"><gml:surfaceMember>'
        '<gml:OrientableSurface orientation="-"><gml:baseSurface><gml:Polygon><gml:exterior><gml:LinearRing>'
        f"<gml:posList>{edge}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:baseSurface>"
        "</gml:OrientableSurface></gml:surfaceMember></gml:MultiSurface></bldg:lod0RoofEdge></bldg:Building>"
    )
    city = read_citygml(write_gml("lod0.gml", citygml2(member(building))))
    b = city.buildings["F"]
    assert b.surface_area_m2(SurfaceType.GROUND) == pytest.approx(80.0)
    assert b.surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)
    normals = city.buildings.triangle_normals()
    assert (normals[city.buildings.triangle_surface == SurfaceType.GROUND][:, 2] < -0.999).all()
    assert (normals[city.buildings.triangle_surface == SurfaceType.ROOF][:, 2] > 0.999).all()
    assert b.attributes["lod"] == "0"


def test_references_across_buildings_and_unresolved_ones(write_gml):
    # B1's roof is defined in B2 (further down the file); B1 also points at a polygon that is nowhere.
    b1 = member(
        '<bldg:Building gml:id="B1"><bldg:boundedBy><bldg:RoofSurface><bldg:lod2MultiSurface><gml:MultiSurface>'
        '<gml:surfaceMember xlink:href="#elsewhere"/><gml:surfaceMember xlink:href="#missing"/>'
        '<gml:surfaceMember xlink:href="other.gml#far"/>'
        "</gml:MultiSurface></bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy></bldg:Building>"
    )
    b2 = member(
        '<bldg:Building gml:id="B2"><bldg:boundedBy><bldg:WallSurface><bldg:lod2MultiSurface><gml:MultiSurface>'
        f"<gml:surfaceMember>{polygon(ROOF, 'elsewhere')}</gml:surfaceMember>"
        "</gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy></bldg:Building>"
    )
    city = read_citygml(write_gml("refs.gml", citygml2(b1 + b2)))
    assert city.buildings.ids == ["B1", "B2"]
    # The referring building's semantics apply: a roof in B1, a wall in B2.
    assert city.buildings["B1"].surface_area_m2(SurfaceType.ROOF) == pytest.approx(80.0)
    assert city.buildings["B2"].surface_area_m2(SurfaceType.WALL) == pytest.approx(80.0)
    assert city.import_report.skipped["surface with an unresolved xlink:href"] == 1
    assert city.import_report.skipped["surface with an xlink:href outside the file (not followed)"] == 1


def test_other_features_and_interiors_are_counted(write_gml):
    room = (
        '<bldg:interiorRoom><bldg:Room gml:id="R1"><bldg:lod4Solid><gml:Solid><gml:exterior><gml:CompositeSurface>'
        f"<gml:surfaceMember>{polygon(ROOF)}</gml:surfaceMember></gml:CompositeSurface></gml:exterior></gml:Solid>"
        "</bldg:lod4Solid></bldg:Room></bldg:interiorRoom>"
    )
    road = member('<tran:Road xmlns:tran="http://www.opengis.net/citygml/transportation/2.0"/>')
    empty = member('<bldg:Building gml:id="E"/>')
    city = read_citygml(write_gml("mixed.gml", citygml2(box_building_2(extra=room) + road + empty)))
    assert city.buildings.ids == ["B1"]
    assert city.buildings["B1"].attributes["lod"] == "2"  # the room's LoD 4 is not the building's
    skipped = city.import_report.skipped
    assert skipped["Room"] == 1 and skipped["Road"] == 1 and skipped["Building without geometry"] == 1


def test_progress_and_cancel(write_gml):
    path = write_gml("box.gml", citygml2(box_building_2()))
    seen: list[float] = []
    read_citygml(path, progress=lambda f, _msg: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    calls = iter(range(100))
    with pytest.raises(Cancelled) as err:
        read_citygml(path, cancel=lambda: next(calls) >= 2)
    assert isinstance(err.value, ImporterError) and "box.gml" in str(err.value)


# --------------------------------------------------------------------------- broken files


def _raises(error: type[ImporterError], path: Path, match: str | None = None, **kwargs) -> ImporterError:
    with pytest.raises(error) as info:
        open_city(path, **kwargs)
    message = str(info.value)
    assert message.startswith(path.name + ": "), message
    if match is not None:
        assert match in message, message
    return info.value


def test_not_xml(write_gml):
    error = _raises(InvalidFile, write_gml("city.gml", "x;y\n1;2\n"), "not valid XML at line 1, column 1")
    assert error.location == "line 1, column 1"


def test_empty_file(write_gml):
    _raises(InvalidFile, write_gml("empty.gml", ""), "empty")
    _raises(InvalidFile, write_gml("blank.gml", "  \n "), "empty")


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.77, 0.999])
def test_truncated_xml(write_gml, fraction):
    text = citygml2(box_building_2())
    error = _raises(InvalidFile, write_gml("cut.gml", text[: int(len(text) * fraction)]), "not valid XML at line")
    assert str(error).endswith("(the file looks truncated)")


def test_broken_xml_inside_is_not_called_truncated(write_gml):
    text = citygml2(box_building_2()).replace("<gml:name>box</gml:name>", "<gml:name>box</gml:nam>")
    error = _raises(InvalidFile, write_gml("broken.gml", text), "not valid XML at line 4")
    assert "truncated" not in str(error) and "Opening and ending tag mismatch" in str(error)


def test_truncated_gzip(write_gml, tmp_path):
    data = gzip.compress(citygml2(box_building_2() * 20).encode())
    path = tmp_path / "cut.gml.gz"
    path.write_bytes(data[: len(data) // 2])
    _raises(InvalidFile, path, "gzip data is truncated")


def test_xml_that_is_not_citygml(write_gml):
    svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>'
    _raises(UnsupportedFormat, write_gml("drawing.xml", svg), "not a CityGML file: its root element is <svg>")
    _raises(UnsupportedFormat, write_gml("plain.gml", "<CityModel/>"), "not a CityGML file")


def _broken_pos_list(write_gml, replacement: str) -> ImporterError:
    text = citygml2(box_building_2())
    # Replace the roof's posList (polygon B1-roof).
    head, tail = text.split('gml:id="B1-roof"', 1)
    start = tail.index("<gml:posList>") + len("<gml:posList>")
    end = tail.index("</gml:posList>")
    broken = head + 'gml:id="B1-roof"' + tail[:start] + replacement + tail[end:]
    path = write_gml("broken.gml", broken)
    line = broken[: broken.index(replacement)].count("\n") + 1
    error = _raises(InvalidFile, path, "gml:Polygon 'B1-roof' of building 'B1'")
    assert error.location == f"line {line}" and f"line {line}" in str(error)
    return error


def test_pos_list_with_an_odd_count(write_gml):
    error = _broken_pos_list(write_gml, "0 0 0 1 0 0 1 1 0 0")
    assert "10 numbers, not a multiple of its dimension 3" in str(error)


def test_non_numeric_coordinates(write_gml):
    assert "'abc', which is not a number" in str(_broken_pos_list(write_gml, "0 0 0 1 0 abc 1 1 0 0 0 0"))
    assert "nan is not a finite number" in str(_broken_pos_list(write_gml, "0 0 0 1 0 nan 1 1 0 0 0 0"))


def test_polygon_with_fewer_than_3_points(write_gml):
    error = _broken_pos_list(write_gml, "0 0 0 1 0 0 0 0 0")
    assert "a ring has 2 distinct points, a polygon needs at least 3" in str(error)


def test_entity_bomb_does_not_expand(write_gml):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10 if k > 1 else "&lol;" * 10}">' for k in range(1, 10)
    )
    text = citygml2(box_building_2()).replace("<gml:name>box</gml:name>", "<gml:name>&lol9;</gml:name>")
    text = text.replace("\n", f"\n<!DOCTYPE lolz [{entities}]>\n", 1)
    started = time.perf_counter()
    _raises(InvalidFile, write_gml("bomb.gml", text), "entities")
    assert time.perf_counter() - started < 5.0


def test_external_entity_is_not_read(write_gml, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    text = citygml2(box_building_2()).replace("<gml:name>box</gml:name>", "<gml:name>&xxe;</gml:name>")
    text = text.replace("\n", f'\n<!DOCTYPE m [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n', 1)
    city = open_city(write_gml("xxe.gml", text))
    assert "TOP-SECRET" not in repr(city.buildings.attributes)
    assert city.buildings.ids == ["B1"]


# --------------------------------------------------------------------------- Lyon (real data)


def _lyon_polygons(path: Path) -> dict[str, list[np.ndarray]]:
    """The file's polygons per semantic surface type, read with regular expressions (independent of the importer)."""
    text = path.read_text()
    out: dict[str, list[np.ndarray]] = {}
    for kind, body in re.findall(r"<bldg:(\w+Surface) gml:id=[^>]*>(.*?)</bldg:\1>", text, re.S):
        for pos in re.findall(r"<gml:posList>(.*?)</gml:posList>", body, re.S):
            out.setdefault(kind, []).append(np.array(pos.split(), dtype=float).reshape(-1, 3)[:-1])
    return out


def _fan_area_m2(ring: np.ndarray) -> float:
    """Area of the triangle fan from the ring's first point (what a convex face is cut into)."""
    q = ring - ring[0]
    return 0.5 * float(np.linalg.norm(np.cross(q[1:-1], q[2:]), axis=1).sum())


def test_lyon_small_house():
    path = shared_data(LYON_GML)
    with pytest.raises(CrsRequired, match=r"LYON_1ER_BATI_2015_small_house\.gml"):
        open_city(path)
    city = open_city(path, crs="EPSG:3946")
    report = city.import_report
    assert city.buildings.ids == ["BU_69381AB133"]
    assert report.imported == Counter({"Building": 1, "BuildingPart": 1})
    assert report.format == "CityGML 2.0" and report.source_crs == "EPSG:3946" and report.crs_from == "caller"
    assert not report.skipped and not report.repaired and report.faces_without_semantics == 0
    b = city.buildings["BU_69381AB133"]
    assert b.attributes["building_parts"] == ["BU_69381AB133_1"]
    assert b.attributes["name"] == "inconnu" and b.attributes["MILLESIME"] == 2015
    assert b.attributes["ZMIN"] == 197.4 and b.attributes["NOMCOMMUNE"] == "LYON 1ER"

    # Each semantic surface's area is that of its polygons in the file, in Lambert-93 (whose scale differs
    # from CC46's by 0.15 % here); the lod2Solid (references to the same polygons) adds nothing.
    polygons = _lyon_polygons(path)
    assert {k: len(v) for k, v in polygons.items()} == {"RoofSurface": 2, "WallSurface": 4, "GroundSurface": 1}
    to_l93 = Transformer.from_crs("EPSG:3946", "EPSG:2154", always_xy=True)
    kinds = {"RoofSurface": SurfaceType.ROOF, "WallSurface": SurfaceType.WALL, "GroundSurface": SurfaceType.GROUND}
    for kind, surface in kinds.items():
        rings = [np.column_stack([*to_l93.transform(r[:, 0], r[:, 1]), r[:, 2]]) for r in polygons[kind]]
        assert b.surface_area_m2(surface) == pytest.approx(sum(map(_fan_area_m2, rings)), rel=1e-7), kind
    # A closed solid: its volume is the file's own "Volume" attribute (in CC46), to the scale change.
    assert _signed_volumes(city.buildings)[0] == pytest.approx(b.attributes["Volume"], rel=0.005)

    # Lambert-93 coordinates, exactly as pyproj puts the file's points (x ~ 841 400 E, y ~ 6 520 400 N: Lyon 1er).
    points = np.concatenate([p for rings in polygons.values() for p in rings])
    x, y = Transformer.from_crs("EPSG:3946", "EPSG:2154", always_xy=True).transform(points[:, 0], points[:, 1])
    lo = np.array(city.buildings.bounds()[::2]) + city.frame.origin
    hi = np.array(city.buildings.bounds()[1::2]) + city.frame.origin
    np.testing.assert_allclose(lo, [x.min(), y.min(), points[:, 2].min()], atol=1e-6)
    np.testing.assert_allclose(hi, [x.max(), y.max(), points[:, 2].max()], atol=1e-6)
    assert 841_400 < lo[0] < hi[0] < 841_420 and 6_520_389 < lo[1] < hi[1] < 6_520_401
    assert lo[2] == pytest.approx(197.4) and hi[2] == pytest.approx(207.784017)
    assert city.frame.origin == (841411.0, 6520395.0, 0.0)


def test_lyon_is_routed_to_citygml():
    assert format_for(shared_data(LYON_GML)).name == "citygml"
