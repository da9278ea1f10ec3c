"""The rendered scene, off screen: it shows the district, picks and highlights buildings."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from viewer import camera, palette
from viewer.render import render_city_image
from viewer.scene import Scene


def _project(plotter, local_xyz) -> tuple[float, float]:
    x, y = camera.display_point(plotter.renderer, local_xyz)
    return float(x), float(y)


def _stone_fraction(img: np.ndarray) -> float:
    """Share of pixels that look like limestone walls or zinc roofs (lit or in shade)."""
    rgb = img[..., :3].astype(int)
    d_stone = np.abs(rgb[..., None, :] - np.array([palette.WALL_STONE * f for f in (0.5, 0.8, 1.0)])[None, None]).sum(-1).min(-1)
    d_zinc = np.abs(rgb[..., None, :] - np.array([palette.ROOF_ZINC * f for f in (0.5, 0.8, 1.0)])[None, None]).sum(-1).min(-1)
    return float(((d_stone < 60) | (d_zinc < 45)).mean())


def test_rendered_home_view_shows_the_district(plotter, demo_city):
    Scene(plotter, demo_city)
    camera.home_view(plotter, demo_city)
    img = plotter.screenshot(return_img=True)
    assert img.std() > 20, "the image is blank"
    assert _stone_fraction(img) > 0.15, "buildings do not fill the view"
    # the top rows are sky, the centre is city
    assert img[:10].mean() > 150


def test_picking_a_pixel_returns_the_building_under_it(plotter, demo_city):
    scene = Scene(plotter, demo_city)
    camera.top_view(plotter, demo_city)
    plotter.screenshot(return_img=True)  # first render: picking needs a drawn frame
    for building_id in ("CB-TJ", demo_city.buildings.ids[len(demo_city.buildings) // 2]):
        index = demo_city.buildings.index_of(building_id)
        x, y = _project(plotter, scene.building_centre(index))
        assert 0 <= x < 800 and 0 <= y < 450
        assert scene.pick_building(x, y) == index
    assert scene.pick_building(2, 2) in (None, *range(len(demo_city.buildings)))


def test_sky_has_no_world_point_and_the_ground_has_one(plotter, demo_city):
    scene = Scene(plotter, demo_city)
    camera.home_view(plotter, demo_city)
    plotter.screenshot(return_img=True)
    assert scene.world_point(400, 445) is None  # top of the home view: sky
    p = scene.world_point(400, 150)
    assert p is not None and np.isfinite(demo_city.ground_height_at(p[0], p[1]))


def test_a_click_on_a_label_finds_the_surface_behind_it(plotter, demo_city):
    """Labels and pin discs are drawn on top (depth 0): the point is the building or ground behind them."""
    scene = Scene(plotter, demo_city)
    camera.top_view(plotter, demo_city)
    plotter.screenshot(return_img=True)
    index = demo_city.buildings.index_of("CB-TJ")
    x, y = _project(plotter, scene.building_centre(index))
    through_depth = scene.world_point(x, y)
    ground_px = next((px, py) for px in range(200, 600, 7) for py in range(100, 350, 7)
                     if scene.pick_building(px, py) is None and scene.world_point(px, py) is not None)
    street = scene.world_point(*ground_px)
    # a comment pin's disc and label drawn over the Tribunal and over the street
    scene.set_comments([(scene.building_centre(index), "ici", "concern"), (street, "là", "idea")])
    plotter.screenshot(return_img=True)
    assert plotter.renderer.GetZ(int(x), int(y)) < 1e-6  # the overlay wrote the near plane's depth
    on_roof = scene.world_point(x, y)
    assert on_roof is not None and np.allclose(on_roof, through_depth, atol=0.5)
    assert on_roof[2] > 100  # the Tribunal's roof, not the camera's near plane
    on_ground = scene.world_point(*ground_px)
    assert on_ground is not None and np.allclose(on_ground, street, atol=0.5)


def test_selection_highlights_only_that_building(plotter, demo_city):
    scene = Scene(plotter, demo_city)
    index = demo_city.buildings.index_of("CB-TJ")
    scene.select(index)
    rgb = scene.buildings_mesh.cell_data["rgb"]
    sl = demo_city.buildings[index].triangle_slice
    walls = demo_city.buildings.triangle_surface[sl] == 2
    assert (rgb[sl][walls] == palette.SELECTION).all()
    outside = np.ones(len(rgb), dtype=bool)
    outside[sl] = False
    assert not (rgb[outside] == palette.SELECTION).all(axis=1).any()
    scene.select(None)
    assert not (rgb == palette.SELECTION).all(axis=1).any()


def test_layer_styles_drive_actor_visibility_and_opacity(plotter, demo_city):
    scene = Scene(plotter, demo_city)
    camera.home_view(plotter, demo_city)
    before = plotter.screenshot(return_img=True)
    scene.styles["buildings"].visible = False
    assert not any(a.GetVisibility() for a in scene.actors["buildings"])
    after = plotter.screenshot(return_img=True)
    changed = (np.abs(after.astype(int) - before.astype(int)).sum(axis=-1) > 30).mean()
    assert changed > 0.25, "hiding the buildings should change a large part of the view"
    scene.styles["trees"].opacity = 0.4
    assert scene.actors["trees"][0].prop.opacity == pytest.approx(0.4)


def test_render_city_image_writes_a_png(tmp_path, demo_city):
    out = render_city_image(demo_city, tmp_path / "view.png", size=(640, 360))
    img = pv.read(out)
    assert img.dimensions[:2] == (640, 360)


def test_a_city_wide_tree_inventory_stays_visible_from_afar(tmp_path):
    """3,542 trees across Paris: each crown is under a pixel from the home view, yet the trees show."""
    from importers.trees import read_tree_inventory
    from tests.conftest import shared_data
    from viewer.render import contents
    from viewer.trees import CROWN_RGB

    city = read_tree_inventory(shared_data("vegetation/paris_les_arbres_extract.geojson"))
    out = render_city_image(city, tmp_path / "trees.png", size=(1280, 720))
    image = pv.read(out)
    rgb = np.asarray(image.point_data[image.point_data.keys()[0]])[:, :3].astype(int)
    green = (np.abs(rgb - CROWN_RGB[None]).sum(axis=1) < 40).sum()
    assert green > 3000  # about 40 specks of pixels without the far-view dots
    assert contents(city) == "3,542 trees"


def test_home_view_image_matches_reviewed_cache(verify_image_cache, demo_city):
    """Compared with tests/viewer/image_cache/ (images reviewed by eye when added)."""
    pl = pv.Plotter(off_screen=True, window_size=[800, 450])
    pl.ren_win.SetMultiSamples(0)
    Scene(pl, demo_city).select(demo_city.buildings.index_of("CB-TJ"))
    camera.home_view(pl, demo_city)
    pl.show()


def test_attribute_overlay_colours_buildings_and_adds_a_legend(plotter, demo_city):
    from viewer.overlay import attribute_overlay

    scene = Scene(plotter, demo_city)
    overlay = attribute_overlay(demo_city.buildings, "construction_year", "Construction year", "plasma")
    scene.set_overlay(overlay)
    rgb = scene.buildings_mesh.cell_data["rgb"]
    b = demo_city.buildings
    old = b.index_of(next(i for i in b.ids if i.startswith("CB-B")))
    new = b.index_of("CB-TJ")
    # 19th-century buildings and the 2018 courthouse sit at opposite ends of the colour map
    assert np.abs(rgb[b[old].triangle_slice][0].astype(int) - rgb[b[new].triangle_slice][0].astype(int)).sum() > 200
    from viewer.overlay import legend_title

    assert scene._legend is not None and legend_title(scene._legend) == "Construction year"
    lo, hi = overlay.limits()
    assert lo < 1900 and hi > 2010
    scene.select(new)
    assert (rgb[b[new].triangle_slice] == palette.SELECTION_ON_OVERLAY).all(axis=1).any()
    scene.set_overlay(None)
    assert scene._legend is None
    assert not (rgb == palette.SELECTION_ON_OVERLAY).all(axis=1).any()
    assert (rgb[b[new].triangle_slice] == palette.SELECTION).all(axis=1).any()


def test_overlay_of_the_wrong_length_is_refused(plotter, demo_city):
    from viewer.overlay import Overlay

    scene = Scene(plotter, demo_city)
    with pytest.raises(ValueError, match="building triangles"):
        scene.set_overlay(Overlay("x", np.zeros(3)))


def test_missing_values_are_drawn_as_no_data():
    from viewer.overlay import NO_DATA_RGB, Overlay

    rgb = Overlay("x", np.array([0.0, np.nan, 1.0]), clim=(0.0, 1.0)).rgb()
    assert (rgb[1] == NO_DATA_RGB).all() and not (rgb[0] == rgb[2]).all()


def test_export_image_north_arrow_and_scale(tmp_path, demo_city):
    from viewer.export import ImageSpec, export_image, metres_per_pixel, north_angle_rad

    pl = pv.Plotter(off_screen=True, window_size=[800, 600])
    Scene(pl, demo_city)
    camera.top_view(pl, demo_city)
    pl.screenshot(return_img=True)
    focal = np.array(pl.camera.focal_point)
    assert abs(north_angle_rad(pl.renderer, focal)) < 1e-3  # top view: north is up
    mpp = metres_per_pixel(pl.renderer, focal)
    # the top view frames the zone's extent (about 700 m) across the 800-pixel width with a margin
    assert 0.8 < mpp < 3.0
    camera.orbit(pl, 90.0)
    assert abs(abs(north_angle_rad(pl.renderer, focal)) - np.pi / 2) < 0.05
    pl.close()
    out = export_image(demo_city, tmp_path / "x.png", ImageSpec(size=(640, 360), title="T"))
    assert out.stat().st_size > 10_000


def test_orthophoto_and_ndvi_are_draped_layers(plotter):
    from city.merge import add_layers
    from importers.raster import read_raster
    from tests.conftest import shared_data

    r = "rasters/montpellier_77055_627760_"
    city = add_layers(read_raster(shared_data(r + "DTM_50cm.tif")), read_raster(shared_data(r + "ortho_irc_20cm.tif")))
    scene = Scene(plotter, city)
    assert set(scene.styles) == {"buildings", "ground", "trees", "zones", "imagery", "grids"}
    assert len(scene.actors["imagery"]) == 1 and len(scene.actors["grids"]) == 2  # drape + legend
    camera.top_view(plotter, city)
    shown = plotter.screenshot(return_img=True)
    scene.styles["grids"].visible = False
    ortho = plotter.screenshot(return_img=True)
    changed = (np.abs(shown.astype(int) - ortho.astype(int)).sum(-1) > 30).mean()
    assert changed > 0.3  # NDVI colours over the false-colour orthophoto
