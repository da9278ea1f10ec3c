"""Geothermal potential: hand-computed cases, the stated fallbacks, the VTK stage, and the real heating plants."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from analysis import geothermal as geo
from city.crs import LocalFrame
from city.district import box_buildings
from city.model import BuildingSetBuilder, City, Parcel, Polygon2D, Site, Zone
from tests.conftest import shared_data


def _box(x0, y0, x1, y1):
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)


def _city(quads, heights, attributes=None, parcels=(), **fields) -> City:
    v, t, s = box_buildings(np.array(quads), np.zeros(len(quads)), np.array(heights, dtype=float))
    builder = BuildingSetBuilder()
    builder.add_many([f"B{i}" for i in range(len(quads))], v, t, np.repeat(np.arange(len(quads)), 12), s,
                     attributes or {})
    return City("test", LocalFrame("EPSG:2154", (650000.0, 6860000.0, 0.0)), builder.build(),
                parcels=[Parcel(f"P{i}", Polygon2D(p)) for i, p in enumerate(parcels)], **fields)


NO_SETBACKS = geo.GeothermalSettings(boundary_setback_m=0.0, building_clearance_m=0.0)


def test_vdi_4640_table_values_at_the_category_centres_and_between_hour_columns():
    w = geo.specific_heat_extraction_w_per_m
    assert w(2.25, 1800) == pytest.approx(60.0)
    assert w(2.25, 2400) == pytest.approx(50.0)
    assert w(1.0, 1800) == pytest.approx(25.0)
    assert w(3.5, 2400) == pytest.approx(70.0)
    assert w(2.25, 2100) == pytest.approx(55.0)
    assert w(2.0, 1800) == pytest.approx(25 + 35 * 1.0 / 1.25)  # 53 W/m: the Paris default
    assert w(10.0, 1800) == pytest.approx(84.0)  # held constant past the table


def test_20_by_30_m_plot_at_6_m_spacing_holds_24_boreholes_and_15_with_a_3_m_setback():
    plot = shapely.box(0, 0, 20, 30)
    xy, owner = geo.grid_points_in(np.array([plot]), 6.0)
    assert len(xy) == 4 * 6  # x = 0, 6, 12, 18; y = 0, 6, ..., 30 (the edge counts)
    assert set(owner.tolist()) == {0}
    xy, _ = geo.grid_points_in(np.array([plot.buffer(-3.0, join_style="mitre")]), 6.0)
    assert len(xy) == 3 * 5  # 14 x 24 m left: x = 3, 9, 15; y = 3, ..., 27


def test_building_on_its_parcel_power_and_coverage_computed_by_hand():
    # parcel 40 x 30 m, building on its right half (20 x 30 m, 15 m = 5 storeys, DPE D): the free plot is 20 x 30 m
    city = _city([_box(20, 0, 40, 30)], [15.0], {"storeys": [5], "dpe_class": ["D"]}, parcels=[_box(0, 0, 40, 30)])
    r = geo.compute_geothermal(city, NO_SETBACKS)
    assert r.boreholes.tolist() == [24]
    w = 25 + 35 / 1.25  # 53 W/m at 2 W/m/K and 1800 h
    assert r.power_kw[0] == pytest.approx(24 * 100 * w / 1000)
    delivered = r.power_kw[0] * 1800 / 1000 * 4 / 3
    assert r.delivered_mwh[0] == pytest.approx(delivered)
    demand = 20 * 30 * 5 * 215 / 1000  # floor area x DPE D's 215 kWh/m²/year
    assert r.demand.demand_mwh[0] == pytest.approx(demand)
    assert r.coverage[0] == pytest.approx(delivered / demand)
    assert r.counts["demand_dpe"] == 1
    # default setbacks: 3 m from the parcel edge and from the building -> x = 3, 9, 15 and y = 3..27
    r = geo.compute_geothermal(city)
    assert r.boreholes.tolist() == [15]


def test_buildings_without_free_ground_get_zero_and_say_why():
    # a parcel fully built, and a building on no parcel at all
    city = _city([_box(0, 0, 20, 20), _box(100, 0, 110, 10)], [12.0, 9.0], parcels=[_box(0, 0, 20, 20)])
    r = geo.compute_geothermal(city)
    assert r.boreholes.tolist() == [0, 0]
    assert geo.REASONS[int(r.reason[0])].startswith("no free ground")
    assert geo.REASONS[int(r.reason[1])] == "on no loaded parcel"
    assert r.coverage.tolist() == [0.0, 0.0]
    assert r.counts["no_free_ground"] == 1 and r.counts["no_parcel"] == 1


def test_missing_storeys_and_year_fall_back_to_stated_defaults_and_are_counted():
    city = _city([_box(0, 0, 10, 10), _box(50, 0, 60, 10), _box(100, 0, 110, 10)], [9.0, 9.0, 9.0],
                 {"construction_year": [1890, None, None], "dpe_class": [None, None, "b"]})
    r = geo.compute_geothermal(city)
    d = r.demand
    assert d.storeys.tolist() == [3, 3, 3]  # 9 m / 3 m per storey
    assert d.storeys_from_height == 3
    assert d.specific_kwh_m2.tolist() == [200.0, 180.0, 90.0]  # before 1914 / default / DPE B
    assert [geo.DEMAND_RULES[k] for k in d.rule] == ["construction period", "default", "DPE class"]
    assert (r.counts["demand_period"], r.counts["demand_default"], r.counts["demand_dpe"]) == (1, 1, 1)


def test_without_parcels_boreholes_stay_within_the_buffer_and_go_to_the_nearest_building():
    city = _city([_box(0, 0, 12, 12), _box(30, 0, 42, 12)], [10.0, 10.0])
    s = geo.GeothermalSettings(buffer_m=8.0, building_clearance_m=3.0)
    r = geo.compute_geothermal(city, s)
    assert r.boreholes.sum() == len(r.borehole_xy) > 0
    fp = shapely.MultiPolygon([shapely.box(0, 0, 12, 12), shapely.box(30, 0, 42, 12)])
    d = shapely.distance(fp, shapely.points(r.borehole_xy))
    assert d.min() >= 3.0 - 1e-9 and d.max() <= 8.0 + 1e-9
    xy, owner = r.borehole_xy, r.borehole_building
    to_first = shapely.distance(shapely.box(0, 0, 12, 12), shapely.points(xy))
    to_second = shapely.distance(shapely.box(30, 0, 42, 12), shapely.points(xy))
    assert np.all(np.where(owner == 0, to_first <= to_second, to_second <= to_first))
    # boreholes on a grid of the spacing: every pair at least 6 m apart
    diff = np.linalg.norm(xy[:, None] - xy[None], axis=2) + np.eye(len(xy)) * 99
    assert diff.min() >= 6.0 - 1e-9


def test_overlapping_parcels_are_counted_and_never_double_the_boreholes():
    parcels = [_box(0, 0, 40, 30), _box(20, 0, 60, 30)]  # overlap: 20 x 30 m
    city = _city([_box(0, 0, 10, 30), _box(50, 0, 60, 30)], [10.0, 10.0], parcels=parcels)
    r = geo.compute_geothermal(city, NO_SETBACKS)
    assert r.counts["overlapping_parcels"] == 1
    xy = r.borehole_xy
    diff = np.linalg.norm(xy[:, None] - xy[None], axis=2) + np.eye(len(xy)) * 99
    assert diff.min() > 0.0  # no borehole twice
    # the first parcel keeps the overlap: its building serves x = 12..36
    assert r.boreholes[0] > r.boreholes[1]


def test_power_above_500_kw_is_flagged_and_depth_over_200_m_refused():
    city = _city([_box(0, 0, 10, 10)], [30.0], parcels=[_box(-60, -60, 70, 70)])
    r = geo.compute_geothermal(city, geo.GeothermalSettings(depth_m=200.0))
    assert r.power_kw[0] > 500 and r.exceeds_minime[0]
    assert r.counts["exceeds_minime"] == 1
    with pytest.raises(ValueError, match="200 m"):
        geo.GeothermalSettings(depth_m=250).validate()
    with pytest.raises(ValueError, match="VDI 4640"):
        geo.GeothermalSettings(spacing_m=4).validate()


def test_conductivity_raster_changes_the_extraction_where_it_has_values():
    from city.raster import ScalarGrid

    city = _city([_box(20, 0, 40, 30)], [15.0], parcels=[_box(0, 0, 40, 30)])
    base = geo.compute_geothermal(city, NO_SETBACKS)
    city.grids.append(ScalarGrid("lambda", np.full((10, 10), 3.5), -50.0, -50.0, 20.0, 20.0, "conductivity", "W/m/K"))
    rich = geo.compute_geothermal(city, NO_SETBACKS)
    assert rich.w_per_m[0] == pytest.approx(84.0)
    assert rich.power_kw[0] == pytest.approx(base.power_kw[0] * 84.0 / 53.0)
    assert "raster" in rich.conductivity_source


def test_distance_to_the_nearest_geothermal_plant_and_the_near_flag():
    plants = [Site("p1", "heating_plant", (500.0, 0.0), attributes={"combustib": "Geothermie"}),
              Site("p2", "heating_plant", (30.0, 0.0), attributes={"combustib": "Gaz_naturel"})]
    city = _city([_box(0, 0, 10, 10), _box(2000, 0, 2010, 10)], [10.0, 10.0], sites=plants)
    r = geo.compute_geothermal(city, geo.GeothermalSettings(network_distance_m=1000))
    # the gas plant at 30 m does not count; inner point of building 0 is a triangle centroid inside it
    assert 480 < r.plant_distance_m[0] < 500
    assert 1490 < r.plant_distance_m[1] < 1510
    assert r.near_network.tolist() == [True, False]


def test_energy_piles_only_under_project_models_whose_centre_lies_in_a_redevelopment_zone():
    # zone x 0..100: a project inside, an existing building inside, a project outside, and a project straddling
    # the zone's edge with most of it (and its centre) outside
    quads = [_box(0, 0, 20, 20), _box(50, 0, 70, 20), _box(300, 0, 320, 20), _box(90, 50, 130, 70)]
    city = _city(quads, [20.0] * 4, {"project": [True, False, "yes", 1]},
                 zones=[Zone("z", "ZAC", Polygon2D(_box(-10, -10, 100, 100)))])
    r = geo.compute_geothermal(city)
    # 400 m² / (5 m)² = 16 piles x 20 m x 30 W/m
    assert r.pile_power_kw.tolist() == [pytest.approx(16 * 20 * 30 / 1000), 0.0, 0.0, 0.0]
    assert r.project_outside_zone.tolist() == [False, False, True, True]
    assert (r.counts["projects"], r.counts["projects_in_zones"], r.counts["projects_outside_zones"]) == (3, 1, 2)
    notes = r.notes()
    assert "energy piles under 1 project models whose footprint centre lies in a redevelopment zone: one per 5 m " \
           "square of footprint, 20 m long, 30 W/m" in notes
    assert "2 project models outside every redevelopment zone: no energy piles" in notes
    # a city without zones: no project model gets piles
    r = geo.compute_geothermal(_city(quads[:1], [20.0], {"project": [True]}))
    assert r.pile_power_kw.tolist() == [0.0] and r.counts["projects_outside_zones"] == 1


def test_notes_are_structured_keys_with_arguments_and_read_in_english():
    city = _city([_box(20, 0, 40, 30), _box(100, 0, 110, 10)], [15.0, 9.0], {"dpe_class": ["D", None]},
                 parcels=[_box(0, 0, 40, 30)])
    r = geo.compute_geothermal(city)
    items = r.note_items()
    assert [n.key for n in items] == ["method_default", "ground_parcels", "demand", "no_parcel"]
    assert items[0].args == ("100", "6", "53", "2", "1800", "4")
    assert r.notes()[0] == "boreholes 100 m deep, 6 m apart; 53 W/m (VDI 4640-2, lambda 2 W/m/K (stated default), " \
                           "1800 h/year); heat pump COP 4"
    assert r.notes()[1] == "free ground: 1 parcels, 3 m from their boundaries, 3 m from buildings"
    assert r.notes()[3] == "1 buildings on no loaded parcel"
    assert all("%" not in line for line in r.notes())
    assert geo.fill_template("%1 of %10", [str(k) for k in range(1, 11)]) == "1 of 10"


def test_grid_points_near_triangles_match_shapely_distances():
    rng = np.random.default_rng(3)
    centres = rng.uniform(0, 200, (60, 2))
    tris = centres[:, None, :] + rng.uniform(-12, 12, (60, 3, 2))
    e1, e2 = tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0]
    area = np.abs(e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0])
    tris, owner = tris[area > 1.0], np.arange(60)[area > 1.0] // 2  # two triangles per building
    xy, got = geo.grid_points_near_triangles(tris, owner, 6.0, 8.0, 3.0)
    # reference: every grid point of the area, distances by GEOS
    g = np.arange(-30, 240, 6.0)
    px, py = np.meshgrid(g, g)
    pts = shapely.points(px.ravel(), py.ravel())
    d = shapely.distance(shapely.polygons(tris)[None, :], pts[:, None])
    dmin = d.min(axis=1)
    ok = (dmin <= 8.0) & (dmin > 3.0)
    ref = np.column_stack([px.ravel(), py.ravel()])[ok]
    order = np.lexsort((ref[:, 0], ref[:, 1]))
    assert len(ref) > 100 and np.array_equal(xy, ref[order])
    d_owner = np.array([d[ok][k][owner == got[j]].min() for j, k in enumerate(order)])
    assert np.allclose(d_owner, dmin[ok][order])  # each point goes to a nearest building


def test_zone_totals_count_buildings_covered_at_50_and_100_percent():
    city = _city([_box(20, 0, 40, 30), _box(200, 0, 202, 2)], [3.0, 3.0], {"dpe_class": ["A", "G"]},
                 parcels=[_box(0, 0, 40, 30), _box(150, -50, 250, 50)],
                 zones=[Zone("z", "Zone", Polygon2D(_box(-10, -10, 260, 60)))])
    r = geo.compute_geothermal(city, NO_SETBACKS)
    z = r.zones["Zone"]
    assert z["buildings"] == 2
    cov = r.coverage
    assert z["covered_50"] == int((cov >= 0.5).sum()) and z["covered_100"] == int((cov >= 1).sum())
    assert z["delivered_mwh"] == pytest.approx(r.delivered_mwh.sum())
    assert cov[1] > 1.0  # a 4 m² kiosk on a hectare parcel: more than it needs


def test_vtk_stage_adds_the_named_arrays_and_matches_the_kernel(demo_city):
    from analysis.geothermal_stage import GeothermalPotentialFilter
    from city.polydata import buildings_polydata

    stage = GeothermalPotentialFilter()
    stage.SetCity(demo_city)
    stage.SetInputDataObject(buildings_polydata(demo_city.buildings))
    stage.Update()
    out = stage.GetOutputDataObject(0)
    direct = geo.compute_geothermal(demo_city)
    for name in geo.GEOTHERMAL_FACE_ARRAYS:
        assert out.GetCellData().GetArray(name).GetNumberOfTuples() == out.GetNumberOfCells()
    assert stage.result.boreholes.tolist() == direct.boreholes.tolist()
    # the demo's courtyards hold boreholes; streets and sidewalks do not
    assert 1000 < direct.boreholes.sum() < 10000
    courts = shapely.union_all([shapely.Polygon(g.polygon.exterior) for g in demo_city.ground if int(g.cover) in (2, 3, 6)])
    assert shapely.intersects_xy(courts, direct.borehole_xy[:, 0], direct.borehole_xy[:, 1]).all()


def test_real_heating_plants_14_geothermal_and_2_invalid_outlines_skipped():
    from importers.registry import open_city

    city = open_city(shared_data("geothermal/idf_chaufferies_reseaux_de_chaleur.geojson"))
    assert len(city.sites) == 101
    assert sum(geo.is_geothermal_plant(s) for s in city.sites) == 14
    assert "2 objects skipped" in city.import_report.summary()
    cpcu = next(s for s in city.sites if s.attributes.get("id_chauff") == 4)
    assert cpcu.attributes["gestionnai"] == "CPCU" and cpcu.attributes["geothermal"]
    x, y = city.frame.origin[0] + cpcu.position[0], city.frame.origin[1] + cpcu.position[1]
    assert 650_000 < x < 660_000 and 6_860_000 < y < 6_870_000  # Paris 19e, Lambert-93


def test_saint_denis_footprints_storeys_from_the_data_and_no_parcels_there():
    from importers.registry import open_city

    city = open_city(shared_data("footprints/saint_denis_reference_data.gpkg"))
    assert not city.parcels  # its 'cadastre_parcellaire' layer is building outlines: the buffer rule applies
    r = geo.compute_geothermal(city)
    known = np.isfinite(city.buildings.attributes["nombre_d_etages"].astype(float))
    known &= city.buildings.attributes["nombre_d_etages"].astype(float) > 0
    assert r.demand.storeys_from_height == int((~known).sum())
    assert r.boreholes.sum() > 0 and r.counts["no_free_ground"] < len(city.buildings)
    assert "within 8 m of each building" in " ".join(r.notes())


def test_refused_settings_carry_a_note_key_and_its_figures():
    """A refused setting is a ValueError whose note (key and figures) app/ translates; its text stays English."""
    with pytest.raises(geo.SettingsError) as refused:
        geo.GeothermalSettings(depth_m=250.0).validate()
    assert refused.value.note == geo.Note("settings_depth", ("250", "200"))
    assert str(refused.value) == "borehole depth 250 m: must be over 0 and at most 200 m (géothermie de minime importance)"
    with pytest.raises(ValueError) as refused:
        geo.GeothermalSettings(depth_m=40.0, spacing_m=4.5).validate()
    assert refused.value.note == geo.Note("settings_spacing", ("4.5", "5", "40"))
    assert str(refused.value) == "borehole spacing 4.5 m: VDI 4640 asks at least 5 m for 40 m boreholes"
    for bad in ({"cop": 1.0}, {"operating_hours": 9000.0}, {"network_distance_m": -1.0}, {"pile_length_m": 0.0}):
        with pytest.raises(geo.SettingsError) as refused:
            geo.GeothermalSettings(**bad).validate()
        assert refused.value.note.key in geo.NOTE_TEMPLATES and refused.value.note.key.startswith("settings_")
