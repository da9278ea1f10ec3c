"""The rendered scene of a city: one actor per layer, sun light, selection, picking.

``Scene`` works on any PyVista plotter: the Qt window's ``QtInteractor`` or an
off-screen ``pyvista.Plotter`` (``maquette render``). All buildings are one
actor coloured by a per-cell RGB array, so selecting a building recolours a
contiguous range of cells instead of adding actors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import reference
from vtkmodules.vtkCommonDataModel import vtkStaticCellLocator
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkCellPicker,
    vtkPolyDataMapper2D,
    vtkTextActor,
    vtkWorldPointPicker,
)

from city.model import City, GroundCover, SurfaceType
from city.polydata import buildings_polydata, ground_polydata, terrain_polydata, zones_fill_polydata, zones_polydata
from viewer import palette
from viewer.camera import area_of_interest, display_point
from viewer.layers import LayerStyle, default_styles, layer_keys
from viewer.overlay import Overlay, add_legend, legend_actor, remove_legend
from viewer.trees import CROWN_RGB, crown_centres, trees_mesh


RELIEF_KINDS = ("dsm", "dhm")
"""Grid kinds that can be shown as a relief surface (:meth:`Scene.set_grid_relief`)."""
RELIEF_MAX_SIDE = 1500
"""Vertices on the longest side of a relief surface (a 0.5 m DSM of 1 km² is 2000 cells a side)."""


@dataclass(frozen=True)
class Sun:
    """Direction of the scene's light: azimuth from north, clockwise, and elevation, degrees."""

    azimuth_deg: float = 205.0
    elevation_deg: float = 42.0

    def direction(self) -> np.ndarray:
        """Unit vector from the scene towards the sun (x east, y north, z up)."""
        az, el = np.radians(self.azimuth_deg), np.radians(self.elevation_deg)
        return np.array([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])


GRID_STYLES = {
    "ndvi": ("RdYlGn", (-0.4, 0.8), "NDVI"),
    "dhm": ("viridis", (0.0, 20.0), "Height above ground (m)"),
    "dsm": ("terrain", None, "Surface altitude (m)"),
    "canopy": ("Greens", (0.0, 100.0), "Tree canopy cover (%)"),
}
"""Colour map, value range and (English) legend title of the grids draped on the ground, by kind; the window
gives titles in its language (:meth:`Scene.set_grid_titles`)."""


class Scene:
    """Actors for a :class:`city.model.City` in a PyVista plotter.

    Parameters
    ----------
    plotter : pyvista.Plotter or pyvistaqt.QtInteractor
    city : City
    styles : dict of LayerStyle, optional
        Shared with the layers panel; the scene follows their events.
    """

    def __init__(
        self,
        plotter: pv.Plotter,
        city: City,
        styles: dict[str, LayerStyle] | None = None,
        sun: Sun | None = None,
        label_font_size: int = 16,
    ) -> None:
        self.plotter = plotter
        self.label_font_size = label_font_size
        self.city = city
        self.styles = styles if styles is not None else default_styles(layer_keys(city))
        self.sun = sun or Sun()
        self.actors: dict[str, list[pv.Actor]] = {key: [] for key in self.styles}
        self.selected: int | None = None
        self.overlay: Overlay | None = None
        self._shade: np.ndarray | None = None
        self._legend = None
        self._build()
        self._connect_styles()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        p = self.plotter
        p.set_background(palette.SKY_BOTTOM, top=palette.SKY_TOP)
        city = self.city
        if city.terrain is not None:
            terrain = pv.wrap(terrain_polydata(city.terrain))
            self._add("ground", terrain, color=palette.GROUND_COVER[GroundCover.ROAD], name="terrain")
        if city.ground:
            ground = pv.wrap(ground_polydata(city.ground, city.terrain))
            cover = ground.cell_data["ground_cover"]
            ground.cell_data["rgb"] = palette.GROUND_COVER_RGB[cover]
            self._add("ground", ground, scalars="rgb", rgb=True, name="ground_cover")
        self.buildings_mesh = pv.wrap(buildings_polydata(city.buildings))
        self._base_rgb = palette.building_colors(city.buildings)
        if len(city.buildings):  # a city may hold only zones, or only a point cloud
            self.buildings_mesh.cell_data["rgb"] = self._base_rgb.copy()
            self._add("buildings", self.buildings_mesh, scalars="rgb", rgb=True, name="buildings", specular=0.05)
        if len(city.trees):
            self.trees_mesh = trees = trees_mesh(city.trees)
            self._add("trees", trees, scalars="rgb", rgb=True, name="trees", smooth_shading=True)
            # Seen from afar (a whole arrondissement's inventory) a crown is under a pixel: a 3-pixel dot
            # at each crown's centre keeps the trees visible; closer, the crown hides its own dot.
            dots = pv.PolyData(crown_centres(city.trees))
            self._add("trees", dots, color=tuple(CROWN_RGB / 255), name="trees_far", point_size=3.0,
                      render_points_as_spheres=False, lighting=False)
        if city.zones:
            self._add_zones()
        if city.parcels:
            lines = pv.wrap(zones_polydata(city.parcels, city.terrain, lift_m=0.3, step_m=10.0))
            self._add("parcels", lines, color=palette.PARCEL, name="parcels", line_width=1.5, lighting=False)
        if city.sites:
            self._add_sites()
        for image in city.imagery:
            self._add_drape("imagery", image.extent, image.rgb, name=f"image_{image.name}")
        for k, grid in enumerate(city.grids):
            self._add_grid(grid, k)
        if city.point_clouds:
            rgb = city.point_clouds[0].rgb
            self.point_mode = "rgb" if rgb is not None and rgb.any() else "classification"  # some tiles ship empty colours
            self.hidden_classes: tuple[int, ...] = ()
            self._add_points()
        self._draw_front_to_back()
        self._setup_light()
        # Buildings are picked by casting the camera ray into a cell locator on
        # buildings_mesh itself (see pick_building), built on the first pick.
        self._building_locator: vtkStaticCellLocator | None = None
        self._building_hit_position: np.ndarray | None = None
        self._world_picker = vtkWorldPointPicker()
        self._setup_tree_picking()

    def _draw_front_to_back(self) -> None:
        """Draw what stands up (buildings, trees) before the ground, and the ground cover before the bare
        terrain under it: the depth test then skips most hidden ground pixels. With software OpenGL
        (llvmpipe) a 1080p frame of the demo costs about a quarter less CPU (389 -> 294 ms)."""
        renderer = self.plotter.renderer
        first = [a for name in ("buildings", "trees", "ground_cover", "terrain")
                 if (a := renderer.actors.get(name)) is not None]
        collection = renderer.GetActors()
        rest = [a for a in (collection.GetItemAsObject(i) for i in range(collection.GetNumberOfItems()))
                if not any(a is f for f in first)]
        for actor in first + rest:  # VTK draws opaque actors in the order they were added
            renderer.RemoveActor(actor)  # VTK's own method: pyvista's name registry is untouched
            renderer.AddActor(actor)

    def _drape_mesh(self, extent: tuple[float, float, float, float], lift_m: float, n: int = 120) -> pv.StructuredGrid:
        """A grid over ``extent`` following the terrain (or the point clouds' ground), ``lift_m`` above it."""
        xmin, xmax, ymin, ymax = extent
        xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
        gx, gy = np.meshgrid(xs, ys)
        z = self.city.ground_height_at(gx, gy)
        if not np.isfinite(z).any():
            base = 0.0
            if self.city.point_clouds:  # no terrain: the clouds' ground level
                base = float(np.percentile(self.city.point_clouds[0].positions[:, 2], 2))
            z = np.full_like(gx, base)
        z = np.where(np.isfinite(z), z, np.nanmin(z)) + lift_m
        mesh = pv.StructuredGrid(gx.astype(np.float32), gy.astype(np.float32), z.astype(np.float32))
        mesh.active_texture_coordinates = np.column_stack(
            [((gx - xmin) / (xmax - xmin)).ravel(order="F"), ((gy - ymin) / (ymax - ymin)).ravel(order="F")]
        )
        return mesh

    def _add_drape(self, layer: str, extent, rgb: np.ndarray, name: str) -> None:
        mesh = self._drape_mesh(extent, lift_m=0.12)
        texture = pv.Texture(np.ascontiguousarray(rgb))  # row 0 is the south edge, as VTK images
        self._add(layer, mesh, name=name, texture=texture, lighting=False)

    def _add_grid(self, grid, k: int) -> None:
        """A scalar grid (NDVI, height above ground...) draped and coloured, with its legend."""
        from viewer.overlay import Overlay

        cmap, clim, title = GRID_STYLES.get(grid.kind, ("viridis", None, grid.name))
        title = getattr(self, "grid_titles", {}).get(grid.kind, title)
        overlay = Overlay(title, grid.values[::-1].ravel(), cmap, clim)
        rgb = overlay.rgb().reshape(grid.values.shape[0], grid.values.shape[1], 3)[::-1]
        if getattr(self, "grid_relief", False) and grid.kind in RELIEF_KINDS:
            self._add("grids", self._relief_mesh(grid, rgb), name=f"grid_{k}", scalars="rgb", rgb=True)
        else:
            self._add_drape("grids", grid.extent, rgb, name=f"grid_{k}")
        if k == 0:
            self._grid_legend = legend_actor(overlay)
            self._size_legend(self._grid_legend)
            add_legend(self.plotter.renderer, self._grid_legend)
            self._grid_legend._maquette_base_opacity = 1.0  # type: ignore[attr-defined]
            self.actors["grids"].append(self._grid_legend)

    def set_grid_titles(self, titles: dict[str, str]) -> None:
        """Legend titles of the raster grids by kind ("ndvi", "dhm", "dsm"), in the window's language:
        the viewer knows no Qt, so the window hands them over (and again when the language changes)."""
        self.grid_titles = dict(titles)
        legend = getattr(self, "_grid_legend", None)
        grids = self.city.grids
        if legend is not None and grids and grids[0].kind in self.grid_titles:
            legend._maquette_title = self.grid_titles[grids[0].kind]
        analysis = getattr(self, "_analysis_grid", None)
        if analysis is not None and getattr(self, "_analysis_grid_kind", "") in self.grid_titles:
            analysis[1]._maquette_title = self.grid_titles[self._analysis_grid_kind]
        self.request_render()

    def set_analysis_grid(self, grid, title: str | None = None) -> None:
        """An analysis result on the ground (the canopy cover map...): draped over the terrain, in the
        "grids" layer, with its legend stacked above the buildings' one; None removes it."""
        from viewer.overlay import Overlay

        old = getattr(self, "_analysis_grid", None)
        if old is not None:
            actor, legend, observer = old
            self.plotter.remove_actor(actor, render=False)
            remove_legend(self.plotter.renderer, legend, observer)
            self.actors["grids"] = [a for a in self.actors["grids"] if a is not actor and a is not legend]
            self._analysis_grid = None
        if grid is None:
            self.request_render()
            return
        self._ensure_layer("grids")  # a city without grids of its own: the layer appears with the result
        cmap, clim, _ = GRID_STYLES.get(grid.kind, ("viridis", None, grid.name))
        self._analysis_grid_kind = grid.kind
        title = title or getattr(self, "grid_titles", {}).get(grid.kind) or grid.name
        overlay = Overlay(title, grid.values[::-1].ravel(), cmap, clim)
        rgb = overlay.rgb().reshape(grid.values.shape[0], grid.values.shape[1], 3)[::-1]
        mesh = self._drape_mesh(grid.extent, lift_m=0.2)  # over an orthophoto (0.12 m) and the ground cover
        actor = self._add("grids", mesh, name="analysis_grid", texture=pv.Texture(np.ascontiguousarray(rgb)),
                          lighting=False)
        legend = legend_actor(overlay)
        self._size_legend(legend)
        legend._maquette_below = lambda: self._legend  # type: ignore[attr-defined]
        observer = add_legend(self.plotter.renderer, legend)
        legend._maquette_base_opacity = 1.0  # type: ignore[attr-defined]
        self.actors["grids"].append(legend)
        self._analysis_grid = (actor, legend, observer)
        self.request_render()

    def _relief_mesh(self, grid, rgb: np.ndarray, max_side: int = RELIEF_MAX_SIDE) -> pv.StructuredGrid:
        """A surface model (DSM) or height above ground (DHM, set on the ground) as a lit surface, coloured by ``rgb``.

        One vertex per cell centre, every ``step`` cells so that no side exceeds
        ``max_side`` vertices; cells without data take the ground's altitude.
        """
        step = max(1, int(np.ceil(max(grid.values.shape) / max_side)))
        values = grid.values[::step, ::step]
        ny, nx = values.shape
        xs = grid.x0 + np.arange(nx) * step * grid.dx
        ys = grid.y0 + np.arange(ny) * step * grid.dy
        gx, gy = np.meshgrid(xs, ys)
        ground = self.city.ground_height_at(gx, gy)
        if not np.isfinite(ground).any():  # no terrain: the clouds' ground, or the lowest value
            base = float(np.percentile(self.city.point_clouds[0].positions[:, 2], 2)) if self.city.point_clouds else None
            ground = np.full_like(gx, base if base is not None else 0.0)
        ground = np.where(np.isfinite(ground), ground, np.nanmin(ground))
        z = values + ground if grid.kind == "dhm" else values - self.city.frame.origin[2]
        z = np.where(np.isfinite(z), z, ground) + 0.12  # as the drapes: bare ground must not fight the terrain's depth
        mesh = pv.StructuredGrid(gx.astype(np.float32), gy.astype(np.float32), z.astype(np.float32))
        colours = rgb[::step, ::step]
        mesh.point_data["rgb"] = np.column_stack([colours[..., c].ravel(order="F") for c in range(3)]).astype(np.uint8)
        return mesh

    def set_grid_relief(self, on: bool) -> None:
        """Show surface models (DSM, DHM) as a relief surface (True) or as a colour drape on the ground (False)."""
        self.grid_relief = bool(on)
        for actor in self.actors.get("grids", []):
            self.plotter.renderer.RemoveViewProp(actor)
        self.actors["grids"] = []
        for k, grid in enumerate(self.city.grids):
            self._add_grid(grid, k)
        self.request_render()

    def _add_points(self) -> None:
        from viewer.pointcloud import display_mesh

        for actor in self.actors.get("points", []):
            self.plotter.remove_actor(actor)
        self.actors["points"] = []
        for k, cloud in enumerate(self.city.point_clouds):
            mesh = display_mesh(cloud, self.point_mode, self.hidden_classes)
            self._add("points", mesh, name=f"points_{k}", scalars="rgb", rgb=True, point_size=2.0,
                      render_points_as_spheres=False, lighting=False)

    def set_point_display(self, mode: str | None = None, hidden_classes: tuple[int, ...] | None = None) -> None:
        """Colour the point clouds by ``mode`` and hide some classes (full data stays in the model)."""
        if mode is not None:
            self.point_mode = mode
        if hidden_classes is not None:
            self.hidden_classes = tuple(hidden_classes)
        self._add_points()
        self.request_render()

    def _add(self, layer: str, mesh: pv.DataSet, name: str, opacity: float = 1.0, **kwargs) -> pv.Actor:
        kwargs.setdefault("show_scalar_bar", False)
        actor = self.plotter.add_mesh(
            mesh,
            name=name,
            opacity=opacity * self.styles[layer].opacity,
            pickable=layer in ("buildings", "trees"),
            reset_camera=False,
            **kwargs,
        )
        actor.prop.ambient = 0.28
        actor.prop.diffuse = 0.78
        actor.SetVisibility(self.styles[layer].visible)
        actor._maquette_base_opacity = opacity  # type: ignore[attr-defined]
        self.actors[layer].append(actor)
        return actor

    def _add_zones(self) -> None:
        city = self.city
        fill = pv.wrap(zones_fill_polydata(city.zones, city.terrain))
        self._add("zones", fill, color=palette.ZONE, name="zones_fill", opacity=0.08)
        lines = pv.wrap(zones_polydata(city.zones, city.terrain))
        self._add("zones", lines, color=palette.ZONE, name="zones_outline", line_width=4, lighting=False)
        self._add_zone_labels()

    def _size_legend(self, bar) -> None:
        """Legend type in proportion to the labels' (16 pt: the legend's own 15 / 14 pt)."""
        scale = self.label_font_size / 16.0
        bar._maquette_floor = self._legend_floor  # type: ignore[attr-defined]
        bar.GetTitleTextProperty().SetFontSize(round(15 * scale))
        bar.GetLabelTextProperty().SetFontSize(round(14 * scale))

    def set_label_font_size(self, size: int) -> None:
        """Type size of the zone labels, comment pins and legends (presentation mode makes it larger).
        The caller redraws the comment pins (their labels and heads follow this size)."""
        if size == self.label_font_size:
            return
        self.label_font_size = int(size)
        if self.city.zones:
            self.set_zones(self.city.zones)
        analysis = getattr(self, "_analysis_grid", None)
        for bar in (self._legend, getattr(self, "_grid_legend", None), analysis[1] if analysis else None):
            if bar is not None:
                self._size_legend(bar)
        self.request_render()

    def set_zones(self, zones) -> None:
        """Show ``zones`` instead of the city's current ones (a zone drawn or removed), without rebuilding the scene."""
        for actor in self.actors.get("zones", []):
            self.plotter.remove_actor(actor, render=False)
        self.city.zones = list(zones)
        self._ensure_layer("zones")
        self.actors["zones"] = []
        if self.city.zones:
            self._add_zones()
        self.request_render()

    def _add_zone_labels(self) -> None:
        """Each zone's name above its centre, always readable (it belongs to the zones layer)."""
        points = []
        for zone in self.city.zones:
            cx, cy = zone.polygon.exterior.mean(axis=0)
            z = self.city.ground_height_at(cx, cy)
            points.append([cx, cy, (float(z) if np.isfinite(z) else 0.0) + 30.0])
        actor = self.plotter.add_point_labels(
            np.asarray(points),
            [z.name for z in self.city.zones],
            name="zones_labels",
            font_size=self.label_font_size,
            text_color="white",
            shape_color=palette.ZONE,
            shape_opacity=0.85,
            show_points=False,
            always_visible=True,
            reset_camera=False,
            pickable=False,
        )
        actor.SetVisibility(self.styles["zones"].visible)
        actor._maquette_base_opacity = 1.0  # type: ignore[attr-defined]
        self.actors["zones"].append(actor)

    def _add_sites(self) -> None:
        """Heating plants (and other sites): outline on the ground and a pin; geothermal ones in orange, labelled."""
        sites = self.city.sites
        geo = np.array([bool(s.attributes.get("geothermal")) for s in sites])
        for flag, colour, name in ((True, palette.PLANT_GEOTHERMAL, "geothermal"), (False, palette.PLANT_OTHER, "other")):
            chosen = [s for s, g in zip(sites, geo) if g == flag]
            if not chosen:
                continue
            outlined = [s for s in chosen if s.polygon is not None]
            if outlined:
                lines = pv.wrap(zones_polydata(outlined, self.city.terrain, lift_m=0.6, step_m=5.0))
                self._add("sites", lines, color=colour, name=f"sites_outline_{name}", line_width=3, lighting=False)
            xy = np.array([s.position for s in chosen])
            z = self.city.ground_height_at(xy[:, 0], xy[:, 1])
            z = np.where(np.isfinite(z), z, 0.0)
            pins = pv.PolyData(np.column_stack([xy, z + 15.0]).astype(np.float32))
            self._add("sites", pins.glyph(geom=pv.Cylinder(radius=2.5, height=30.0, direction=(0, 0, 1)), scale=False,
                                          orient=False), color=colour, name=f"sites_pins_{name}")
        if geo.any():
            chosen = [s for s, g in zip(sites, geo) if g]
            xy = np.array([s.position for s in chosen])
            z = self.city.ground_height_at(xy[:, 0], xy[:, 1])
            labels = []
            for s in chosen:
                mw = s.attributes.get("power_mw")
                who = str(s.attributes.get("gestionnai") or s.attributes.get("name") or s.id)
                labels.append(f"{who} {mw:g} MW" if isinstance(mw, float) and np.isfinite(mw) and mw > 0 else who)
            actor = self.plotter.add_point_labels(
                np.column_stack([xy, np.where(np.isfinite(z), z, 0.0) + 35.0]), labels, name="sites_labels",
                font_size=max(10, self.label_font_size - 4), text_color="white", shape_color=palette.PLANT_GEOTHERMAL,
                shape_opacity=0.85, show_points=False, always_visible=False, reset_camera=False, pickable=False,
            )
            actor.SetVisibility(self.styles["sites"].visible)
            actor._maquette_base_opacity = 1.0  # type: ignore[attr-defined]
            self.actors["sites"].append(actor)

    COMMENT_COLOURS = {"question": "#1c7ed6", "concern": "#e03131", "proposal": "#2f9e44", "support": "#f59f00"}

    def comment_pin_radius_m(self) -> float:
        """Radius of a comment pin's head: 1.5 % of the area the home view frames, 2.2 m to 60 m.

        The home view of a 1 km district shows about 1 m a pixel at 1080p, so a
        fixed 2 m head was a dot; 1.5 % of the framed radius stays about 8 pixels
        there, and a street-sized area (under 150 m) keeps the 2.2 m head.
        """
        _centre, radius_m = area_of_interest(self.city)
        return float(np.clip(0.015 * radius_m, 2.2, 60.0))

    _comment_heads: tuple[tuple[vtkActor2D, np.ndarray], ...] = ()
    """The on-top head of each pin, with the local point it is drawn at."""
    _comment_observer: int | None = None

    def set_comments(self, comments: list[tuple[np.ndarray, str, str]]) -> None:
        """Comment pins: (local xyz, label, category) each, a coloured pin with its label; [] removes them.

        A pin at street level is often behind a building from where the audience
        looks, so each pin also has a flat head in its category colour drawn over
        the scene (a 2D actor anchored at the 3D head), like its label: the 3D pin
        shows where it stands when in sight, the flat head that it is there when not.
        """
        for name in ("comment_pins", "comment_stems", "comment_labels", "comment_callout_box", "comment_callout"):
            self.plotter.remove_actor(name, render=False)
        self._callout = None
        for actor, _point in self._comment_heads:
            self.plotter.remove_actor(actor, render=False)
        self._comment_heads = ()
        if self._comment_observer is not None:
            self.plotter.renderer.RemoveObserver(self._comment_observer)
            self._comment_observer = None
        if not comments:
            self.request_render()
            return
        xyz = np.array([c[0] for c in comments], dtype=np.float64)
        rgb = np.array([pv.Color(self.COMMENT_COLOURS.get(c[2], "#7048e8")).int_rgb for c in comments], dtype=np.uint8)
        radius = self.comment_pin_radius_m()
        stem = [0.0, 0.0, 2.7 * radius]  # the head floats above what it points at, like a map pin
        heads = pv.PolyData((xyz + stem).astype(np.float32))
        heads.point_data["rgb"] = rgb
        pins = heads.glyph(geom=pv.Sphere(radius=radius), scale=False, orient=False)
        stems = pv.PolyData(np.vstack([xyz, xyz + stem]).astype(np.float32),
                            lines=np.column_stack([np.full(len(xyz), 2), np.arange(len(xyz)), np.arange(len(xyz)) + len(xyz)]).ravel())
        self.plotter.add_mesh(pins, scalars="rgb", rgb=True, name="comment_pins", reset_camera=False, pickable=False,
                              show_scalar_bar=False)
        self.plotter.add_mesh(stems.tube(radius=0.14 * radius), color="#343a40", name="comment_stems", reset_camera=False,
                              pickable=False)
        self.plotter.add_point_labels(
            (xyz + [0.0, 0.0, 4.1 * radius]).astype(np.float32), [c[1] for c in comments], name="comment_labels",
            font_size=max(10, self.label_font_size - 4), text_color="white", shape_color="#343a40", shape_opacity=0.8,
            show_points=False, always_visible=True, reset_camera=False, pickable=False,
        )
        self._comment_heads = tuple((self._add_comment_head(point, colour, k), point)
                                    for k, (point, colour) in enumerate(zip(xyz + stem, rgb)))
        self._comment_rgb = rgb
        self._comment_observer = self.plotter.renderer.AddObserver("StartEvent", self._hide_heads_behind_camera)
        self.request_render()

    def _add_comment_head(self, point: np.ndarray, rgb: np.ndarray, k: int) -> vtkActor2D:
        """A disc of the category colour ringed in dark grey, a fixed size on screen, drawn over the 3D scene."""
        radius_px = self._comment_head_radius_px()
        t = np.linspace(0.0, 2.0 * np.pi, 32, endpoint=False)
        circle = np.column_stack([np.cos(t), np.sin(t), np.zeros_like(t)])
        # the ring first, the disc over it: a 2D mapper draws cells in order
        disc = pv.PolyData(np.vstack([circle * (radius_px + 2), circle * radius_px]),
                           faces=np.r_[32, np.arange(32), 32, np.arange(32, 64)])
        disc.cell_data["rgb"] = np.array([pv.Color("#343a40").int_rgb, rgb], dtype=np.uint8)
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(disc)
        mapper.SetScalarModeToUseCellData()
        mapper.SetColorModeToDirectScalars()
        actor = vtkActor2D()
        actor.SetMapper(mapper)
        actor.GetPositionCoordinate().SetCoordinateSystemToWorld()
        actor.GetPositionCoordinate().SetValue(*map(float, point))
        actor.SetPickable(False)
        self.plotter.add_actor(actor, name=f"comment_head_{k}", reset_camera=False, pickable=False)
        return actor

    def _hide_heads_behind_camera(self, *_args) -> None:
        """A point behind the camera projects mirrored onto the view: its head is not drawn there."""
        cam = self.plotter.renderer.GetActiveCamera()
        eye, ahead = np.array(cam.GetPosition()), np.array(cam.GetDirectionOfProjection())
        for actor, point in self._comment_heads:
            actor.SetVisibility(bool((point - eye) @ ahead > 0.0))
        if self._callout is not None:
            self._place_callout(bool((self._callout_point - eye) @ ahead > 0.0))

    def _comment_head_radius_px(self) -> int:
        """Radius in display pixels of a pin's flat head (its dark ring adds 2 more)."""
        return max(6, round(0.45 * self.label_font_size))

    def comment_at(self, x: float, y: float, tolerance_px: float = 4.0) -> int | None:
        """Index of the comment pin whose head is under display pixel (x, y) (VTK display coordinates, y up), or None.

        The pins are few, so each head is projected to the screen and tested
        against the radius it is drawn with (the flat disc, or the 3D sphere when
        near enough to look larger), plus ``tolerance_px``: microseconds, where a
        picker would cast a ray through the whole scene. The flat heads are drawn
        over the buildings, so a head wins over a building behind it. When heads
        overlap, the one whose centre is nearest the click wins.
        """
        if not self._comment_heads:
            return None
        renderer = self.plotter.renderer
        cam = renderer.GetActiveCamera()
        eye, ahead = np.array(cam.GetPosition()), np.array(cam.GetDirectionOfProjection())
        side = np.cross(ahead, np.array(cam.GetViewUp()))
        side /= max(float(np.linalg.norm(side)), 1e-12)
        disc_px = self._comment_head_radius_px() + 2.0
        radius_m = self.comment_pin_radius_m()
        best, best_d = None, np.inf
        for k, (_actor, point) in enumerate(self._comment_heads):
            if (point - eye) @ ahead <= 0.0:
                continue  # behind the camera: not drawn
            centre = display_point(renderer, point)
            sphere_px = float(np.linalg.norm(display_point(renderer, point + radius_m * side) - centre))
            d = float(np.hypot(x - centre[0], y - centre[1]))
            if d <= max(disc_px, sphere_px) + tolerance_px and d < best_d:
                best, best_d = k, d
        return best

    _callout: vtkTextActor | None = None
    _callout_point: np.ndarray = np.zeros(3)
    _comment_rgb: np.ndarray = np.zeros((0, 3), dtype=np.uint8)

    def show_comment_callout(self, index: int | None, text: str = "", font_size: int | None = None) -> None:
        """A dark box with ``text`` beside pin ``index``'s head, framed in its category colour; None removes it.

        It follows the pin on screen and stays inside the view (to the left of
        the pin near the right edge). ``font_size`` defaults to the labels' size.
        """
        for name in ("comment_callout_box", "comment_callout"):
            self.plotter.remove_actor(name, render=False)
        self._callout = None
        if index is not None and 0 <= index < len(self._comment_heads) and text:
            # vtkTextProperty's own background hugs the glyphs: the box is drawn apart, with a margin
            box = pv.PolyData(np.zeros((8, 3)), faces=[4, 0, 1, 2, 3, 4, 4, 5, 6, 7])
            box.cell_data["rgba"] = np.array([[*self._comment_rgb[index], 255], [33, 37, 41, 235]], dtype=np.uint8)
            mapper = vtkPolyDataMapper2D()
            mapper.SetInputData(box)
            mapper.SetScalarModeToUseCellData()
            mapper.SetColorModeToDirectScalars()
            backing = vtkActor2D()
            backing.SetMapper(mapper)
            backing.SetPickable(False)
            self.plotter.add_actor(backing, name="comment_callout_box", reset_camera=False, pickable=False)
            actor = vtkTextActor()
            actor.SetInput(text)
            prop = actor.GetTextProperty()
            prop.SetFontSize(int(font_size or self.label_font_size))
            prop.SetColor(1.0, 1.0, 1.0)
            prop.SetLineSpacing(1.15)
            prop.SetJustificationToLeft()
            prop.SetVerticalJustificationToBottom()
            actor.SetPickable(False)
            self.plotter.add_actor(actor, name="comment_callout", reset_camera=False, pickable=False)
            self._callout, self._callout_box = actor, box
            self._callout_point = self._comment_heads[index][1]
            cam = self.plotter.renderer.GetActiveCamera()
            ahead = np.array(cam.GetDirectionOfProjection())
            self._place_callout(bool((self._callout_point - np.array(cam.GetPosition())) @ ahead > 0.0))
        self.request_render()

    def callout_text(self) -> str:
        """The text of the callout shown beside a pin ("" when none is)."""
        return "" if self._callout is None else self._callout.GetInput()

    def _place_callout(self, in_front: bool) -> None:
        """Right of its pin's head, its top level with the head's centre; left of it where the view ends; inside the view."""
        actor, renderer = self._callout, self.plotter.renderer
        assert actor is not None
        backing = self.plotter.renderer.actors["comment_callout_box"]
        actor.SetVisibility(in_front)
        backing.SetVisibility(in_front)
        if not in_front:
            return
        x, y = display_point(renderer, self._callout_point)
        bounds = [0.0, 0.0, 0.0, 0.0]
        actor.GetBoundingBox(renderer, bounds)
        pad, frame = round(0.5 * actor.GetTextProperty().GetFontSize()), 3
        width, height = bounds[1] - bounds[0] + 2 * pad, bounds[3] - bounds[2] + 2 * pad
        view_w, view_h = renderer.GetSize()
        gap, margin = self._comment_head_radius_px() + 8, 4 + frame
        if x + gap + width <= view_w - margin:
            left = x + gap
        elif x - gap - width >= margin:
            left = x - gap - width
        else:  # wider than either side: against the right edge
            left = view_w - margin - width
        left = max(left, margin)
        bottom = min(max(y - height, margin), view_h - margin - height)  # clear of the pin's own label above
        actor.SetPosition(float(left + pad), float(bottom + pad))
        right, top = left + width, bottom + height
        self._callout_box.points = np.array([
            [left - frame, bottom - frame, 0], [right + frame, bottom - frame, 0],
            [right + frame, top + frame, 0], [left - frame, top + frame, 0],
            [left, bottom, 0], [right, bottom, 0], [right, top, 0], [left, top, 0]], dtype=np.float64)

    def set_scenario(self, trees, spaces) -> None:
        """The greening scenario: planted trees (light green crowns) and new green spaces (draped, hatched green)."""
        for name in ("scenario_trees", "scenario_spaces", "scenario_spaces_outline"):
            self.plotter.remove_actor(name, render=False)
        if len(trees):
            mesh = trees_mesh(trees)
            crown = mesh.cell_data["rgb"][:, 1] > 100  # crowns, not trunks
            mesh.cell_data["rgb"][crown] = palette.SCENARIO_TREE
            self.plotter.add_mesh(mesh, scalars="rgb", rgb=True, name="scenario_trees", reset_camera=False,
                                  pickable=False, show_scalar_bar=False, smooth_shading=True)
        if spaces:
            fill = pv.wrap(zones_fill_polydata(spaces, self.city.terrain))
            self.plotter.add_mesh(fill, color=palette.SCENARIO_SPACE, opacity=0.55, name="scenario_spaces",
                                  reset_camera=False, pickable=False)
            lines = pv.wrap(zones_polydata(spaces, self.city.terrain, lift_m=0.7))
            self.plotter.add_mesh(lines, color=palette.SCENARIO_TREE, line_width=3, name="scenario_spaces_outline",
                                  reset_camera=False, pickable=False, lighting=False)
        self.request_render()

    def set_sketch(self, points: np.ndarray | None, closed: bool = False) -> None:
        """What the user is drawing (a line of trees, a green space's outline): vertices and segments; None clears."""
        self.plotter.remove_actor("sketch", render=False)
        self.plotter.remove_actor("sketch_points", render=False)
        if points is not None and len(points):
            pts = np.asarray(points, dtype=np.float64) + [0.0, 0.0, 0.8]
            self.plotter.add_mesh(pv.PolyData(pts.astype(np.float32)), color=palette.SCENARIO_TREE, point_size=12,
                                  render_points_as_spheres=True, name="sketch_points", reset_camera=False, pickable=False)
            if len(pts) > 1:
                ring = np.vstack([pts, pts[:1]]) if closed and len(pts) > 2 else pts
                self.plotter.add_mesh(pv.lines_from_points(ring.astype(np.float32)), color=palette.SCENARIO_TREE,
                                      line_width=4, name="sketch", reset_camera=False, pickable=False, lighting=False)
        self.request_render()

    def set_caption(self, text: str, font_size: int = 28) -> None:
        """A large caption centred at the bottom of the view (presentation mode); "" removes it.

        Its type grows with the view (6 % of its height, at least ``font_size``), and
        the legends stand above it (see :meth:`_legend_floor`).
        """
        from vtkmodules.vtkRenderingCore import vtkTextActor

        old = getattr(self, "_caption", None)
        if old is not None:
            self.plotter.remove_actor("caption", render=False)
            self.plotter.renderer.RemoveObserver(old[1])
            self._caption = None
        if text:
            actor = vtkTextActor()
            actor.SetInput(text)
            actor.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
            actor.SetPosition(0.5, 0.01)
            prop = actor.GetTextProperty()
            prop.SetJustificationToCentered()
            prop.SetVerticalJustificationToBottom()
            prop.SetColor(1.0, 1.0, 1.0)
            prop.SetShadow(True)
            prop.SetBackgroundColor(0.1, 0.1, 0.12)
            prop.SetBackgroundOpacity(0.6)
            self.plotter.add_actor(actor, name="caption", reset_camera=False, render=False)
            observer = self.plotter.renderer.AddObserver("StartEvent", lambda *_: self._fit_caption())
            self._caption = (actor, observer, font_size)
            self._fit_caption()
        self.request_render()

    def _fit_caption(self) -> float:
        """Size the caption for the view; returns its top as a fraction of the view's height (0 without one)."""
        caption = getattr(self, "_caption", None)
        height = self.plotter.renderer.GetSize()[1]
        if caption is None or height <= 0:
            return 0.0
        actor, _, font_size = caption
        prop = actor.GetTextProperty()
        prop.SetFontSize(max(font_size, round(0.06 * height)))
        from viewer.overlay import _text_size

        return 0.01 + (_text_size(prop, actor.GetInput())[1] + 6) / height

    def _legend_floor(self) -> float:
        """The lowest a legend's box may start: clear of the caption when there is one."""
        from viewer.overlay import LEGEND_BOTTOM

        return max(LEGEND_BOTTOM, self._fit_caption() + 0.01)

    def _setup_light(self) -> None:
        p = self.plotter
        p.remove_all_lights(only_active=True)  # a split view holds two scenes, one per renderer
        sun = pv.Light(light_type="scene light", intensity=0.85, color=palette.SUNLIGHT)
        sun.positional = False
        sun.position = tuple(self.sun.direction() * 1000.0)
        sun.focal_point = (0.0, 0.0, 0.0)
        p.add_light(sun, only_active=True)
        self._sun_light = sun
        # A weak headlight keeps faces turned from the sun readable (sky light, in effect).
        fill = pv.Light(light_type="headlight", intensity=0.25)
        p.add_light(fill, only_active=True)

    def _ensure_layer(self, key: str) -> None:
        """A layer the city did not have when the scene was built (a zone drawn, an analysis map): its style,
        wired to its actors like the others, and its actor list."""
        if key not in self.styles:
            from viewer.layers import LayerStyle

            style = self.styles[key] = LayerStyle(key)
            style.events.visible.connect(self._on_visible(key))
            style.events.opacity.connect(self._on_opacity(key))
        self.actors.setdefault(key, [])

    def _connect_styles(self) -> None:
        for key, style in self.styles.items():
            style.events.visible.connect(self._on_visible(key))
            style.events.opacity.connect(self._on_opacity(key))

    def _on_visible(self, key: str) -> Callable[[bool], None]:
        def apply(visible: bool) -> None:
            for actor in self.actors[key]:
                actor.SetVisibility(bool(visible))
            self.request_render()

        return apply

    def _on_opacity(self, key: str) -> Callable[[float], None]:
        def apply(opacity: float) -> None:
            for actor in self.actors[key]:
                actor.GetProperty().SetOpacity(float(opacity) * actor._maquette_base_opacity)  # type: ignore[attr-defined]
            self.request_render()

        return apply

    def close(self) -> None:
        """Stop following the styles (the styles outlive the scene) and the camera (the comment heads)."""
        for style in self.styles.values():
            style.events.disconnect()
        if self._comment_observer is not None:
            self.plotter.renderer.RemoveObserver(self._comment_observer)
            self._comment_observer = None

    def request_render(self) -> None:
        # pyvistaqt renders twice per render(); update() schedules one repaint.
        update = getattr(self.plotter, "update", None)
        if callable(update) and hasattr(self.plotter, "interactor"):
            update()
        else:
            self.plotter.render()

    # ------------------------------------------------------------------ overlays

    def set_overlay(self, overlay: Overlay | None) -> None:
        """Colour the buildings by ``overlay`` (None: back to their natural colours), with a legend."""
        if self._legend is not None:
            remove_legend(self.plotter.renderer, self._legend, self._legend_observer)
            self._legend = None
        self.overlay = overlay
        if overlay is None:
            self._base_rgb = palette.building_colors(self.city.buildings)
        else:
            if len(overlay.values) != len(self.city.buildings.triangles):
                raise ValueError(
                    f"overlay {overlay.title!r} has {len(overlay.values)} values for "
                    f"{len(self.city.buildings.triangles)} building triangles"
                )
            self._base_rgb = overlay.rgb()
            self._legend = legend_actor(overlay)
            self._size_legend(self._legend)
            self._legend_observer = add_legend(self.plotter.renderer, self._legend)
        self._apply_colors()

    def set_face_shading(self, factor: np.ndarray | None) -> None:
        """Darken each building face by ``factor`` (t,) in 0..1 (1 = as lit); None removes it (shadow study)."""
        self._shade = None if factor is None else np.clip(np.asarray(factor, dtype=np.float64), 0.0, 1.0)
        self._apply_colors()

    def _shown_rgb(self, sl: slice | None = None) -> np.ndarray:
        sl = sl if sl is not None else slice(None)
        base = self._base_rgb[sl]
        if self._shade is None:
            return base
        return (base * self._shade[sl, None]).astype(np.uint8)

    def _apply_colors(self) -> None:
        if len(self.city.buildings):
            self.buildings_mesh.cell_data["rgb"][:] = self._shown_rgb()
        self.select(self.selected)

    def set_sun(self, direction: np.ndarray) -> None:
        """Point the scene's sun light along ``direction`` (unit vector to the sun, x east, y north, z up)."""
        self._sun_light.position = tuple(np.asarray(direction, dtype=float) * 1000.0)
        self.request_render()

    # ------------------------------------------------------------------ before / after

    def set_hidden_buildings(self, hidden: np.ndarray | None) -> None:
        """Hide the buildings where ``hidden`` (bool per building) is True; None shows them all.

        A hidden building's vertices are collapsed onto one point: its faces
        become degenerate (not drawn, not pickable) while cell ids, colours and
        the selection keep working.
        """
        if not len(self.city.buildings):
            return
        if not hasattr(self, "_full_points"):
            self._full_points = np.array(self.buildings_mesh.points, copy=True)
            conn = self.buildings_mesh.GetPolys().GetConnectivityArray()
            from vtkmodules.util.numpy_support import vtk_to_numpy

            owner = np.full(len(self._full_points), -1, dtype=np.int64)
            owner[vtk_to_numpy(conn)] = np.repeat(self.city.buildings.triangle_building, 3)
            self._vertex_building = owner
        points = self._full_points.copy()
        if hidden is not None and np.any(hidden):
            hidden = np.asarray(hidden, dtype=bool)
            gone = (self._vertex_building >= 0) & hidden[np.maximum(self._vertex_building, 0)]
            first = np.full(len(hidden), -1, dtype=np.int64)
            idx = np.flatnonzero(gone)
            first[self._vertex_building[idx[::-1]]] = idx[::-1]
            points[gone] = self._full_points[first[self._vertex_building[gone]]]
        self.hidden_buildings = None if hidden is None or not np.any(hidden) else np.asarray(hidden, dtype=bool)
        self.buildings_mesh.points = points
        self.buildings_mesh.Modified()
        self._building_locator = None  # binned on the old points: the next pick rebuilds it, hidden ones excluded
        self.request_render()

    # ------------------------------------------------------------------ selection

    def select(self, index: int | None) -> None:
        """Highlight building ``index`` (None clears the selection)."""
        if not len(self.city.buildings):
            self.selected = None
            return
        rgb = self.buildings_mesh.cell_data["rgb"]
        if self.selected is not None and self.selected != index:
            sl = self.city.buildings[self.selected].triangle_slice
            rgb[sl] = self._shown_rgb(sl)
        self.selected = index
        if index is not None:
            sl = self.city.buildings[index].triangle_slice
            surf = self.city.buildings.triangle_surface[sl]
            if self.overlay is None:
                wall, roof = palette.SELECTION, palette.SELECTION_ROOF
            else:
                wall, roof = palette.SELECTION_ON_OVERLAY, palette.SELECTION_ROOF_ON_OVERLAY
            rgb[sl] = np.where((surf == SurfaceType.ROOF)[:, None], roof, wall)
        self.buildings_mesh.GetCellData().GetArray("rgb").Modified()
        self.request_render()

    # ------------------------------------------------------------------ picking

    def pick_building(self, x: float, y: float) -> int | None:
        """Building under display pixel (x, y) (VTK display coordinates, y up), or None."""
        if not len(self.city.buildings):
            return None
        self._building_hit_position = None
        if not any(a.GetVisibility() and a.GetPickable() and a.prop.opacity > 0 for a in self.actors["buildings"]):
            return None  # the layer is switched off or fully transparent: nothing to click, as vtkPicker has it
        start, end = self._camera_ray(x, y)
        locator = self._buildings_locator()
        hidden = getattr(self, "hidden_buildings", None)
        t, position, pcoords, sub_id, cell = reference(0.0), [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], reference(0), reference(-1)
        # A hidden building's faces are collapsed to a point and give no hit; should one ever
        # be met all the same (a ray through that very point), look on beyond it.
        for _ in range(8):
            if not locator.IntersectWithLine(start, end, 0.0, t, position, pcoords, sub_id, cell) or cell.get() < 0:
                return None
            building = int(self.city.buildings.triangle_building[cell.get()])
            if hidden is None or not hidden[building]:
                self._building_hit_position = np.array(position)
                return building
            start = np.array(position) + 1e-3 * (end - start) / np.linalg.norm(end - start)
        return None

    def _camera_ray(self, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
        """Local points where the ray through display pixel (x, y) crosses the near and the far clipping plane."""
        renderer = self.plotter.renderer
        ends = []
        for depth in (0.0, 1.0):  # display depth 0 is the near plane, 1 the far one
            renderer.SetDisplayPoint(x, y, depth)
            renderer.DisplayToWorld()
            world = np.array(renderer.GetWorldPoint(), dtype=np.float64)
            ends.append(world[:3] / world[3])
        return ends[0], ends[1]

    def _buildings_locator(self) -> vtkStaticCellLocator:
        """A cell locator on ``buildings_mesh``, built on the first pick after opening or hiding buildings.

        A pick then tests the few cells along the ray instead of every triangle:
        0.07 ms instead of 180 ms on a million triangles (benchmarks/bench_picking.py).
        It is built on ``buildings_mesh`` itself, not on what the mapper draws
        (pyvista splices a copy in front of the mapper, and vtkCellPicker only
        uses a locator built on the mapper's very input).
        """
        if self._building_locator is None:
            locator = vtkStaticCellLocator()
            locator.SetDataSet(self.buildings_mesh)
            locator.BuildLocator()
            self._building_locator = locator
        return self._building_locator

    def _setup_tree_picking(self) -> None:
        """A picker of its own for the trees' glyph actor; the ``tree_index`` cell array maps a cell to its tree."""
        self.selected_tree: int | None = None
        self._tree_picker: vtkCellPicker | None = None
        if not self.actors.get("trees"):
            return
        actor = self.actors["trees"][0]
        self._tree_index = np.asarray(self.trees_mesh.cell_data["tree_index"])
        self._tree_crown = np.asarray(self.trees_mesh.cell_data["tree_part"]) == 0
        self._tree_base_rgb = np.array(self.trees_mesh.cell_data["rgb"], copy=True)
        picker = vtkCellPicker()
        picker.SetTolerance(0.0)
        picker.PickFromListOn()
        picker.AddPickList(actor)
        # The picker tests the mapper's input: the output of pyvista's smooth-shading pipeline
        # (same cells, in the same order, as self.trees_mesh), not self.trees_mesh itself; a
        # locator is only used for the very dataset it was built on.
        mapper = actor.GetMapper()
        mapper.Update()
        locator = vtkStaticCellLocator()  # thousands of trees are hundreds of thousands of triangles
        locator.SetDataSet(mapper.GetInput())
        locator.BuildLocator()
        picker.AddLocator(locator)
        self._tree_locator = locator
        self._tree_picker = picker

    def pick_tree(self, x: float, y: float) -> int | None:
        """Index (in ``city.trees``) of the tree under display pixel (x, y) (VTK display coordinates, y up), or None."""
        hit = self._pick_tree(x, y)
        return None if hit is None else hit[0]

    def _pick_tree(self, x: float, y: float) -> tuple[int, np.ndarray] | None:
        picker = self._tree_picker
        if picker is None or not picker.Pick(x, y, 0.0, self.plotter.renderer):
            return None
        cell = picker.GetCellId()
        if cell < 0:
            return None
        return int(self._tree_index[cell]), np.array(picker.GetPickPosition())

    def pick(self, x: float, y: float) -> tuple[str, int] | None:
        """What a click at display pixel (x, y) designates: ("building", index), ("tree", index) or None.

        When a building and a tree are both under the pixel, the one nearer the
        camera wins: a crown in front of a facade is what the user sees and clicks.
        """
        building = self.pick_building(x, y)
        tree = self._pick_tree(x, y)
        if tree is None:
            return None if building is None else ("building", building)
        if building is None:
            return ("tree", tree[0])
        eye = np.array(self.plotter.camera.position)
        d_building = np.linalg.norm(self._building_hit_position - eye)
        d_tree = np.linalg.norm(tree[1] - eye)
        return ("tree", tree[0]) if d_tree < d_building else ("building", building)

    def select_tree(self, index: int | None) -> None:
        """Highlight tree ``index`` (None clears the tree selection): crown and trunk in the selection colours."""
        if self._tree_picker is None:
            self.selected_tree = None
            return
        rgb = self.trees_mesh.cell_data["rgb"]
        if self.selected_tree is not None and self.selected_tree != index:
            cells = np.flatnonzero(self._tree_index == self.selected_tree)
            rgb[cells] = self._tree_base_rgb[cells]
        self.selected_tree = index
        if index is not None:
            cells = np.flatnonzero(self._tree_index == index)
            rgb[cells] = np.where(self._tree_crown[cells, None], palette.SELECTION_ROOF, palette.SELECTION)
        self.trees_mesh.GetCellData().GetArray("rgb").Modified()
        self.request_render()

    def tree_top(self, index: int) -> np.ndarray:
        """Local (x, y, z) of the top of tree ``index``'s crown (to aim a camera or a test click)."""
        trees = self.city.trees
        return trees.positions[index] + [0.0, 0.0, trees.height_m[index]]

    def world_point(self, x: float, y: float) -> np.ndarray | None:
        """Local (x, y, z) of the surface under display pixel (x, y), from the depth buffer; None on the sky."""
        renderer = self.plotter.renderer
        self._world_picker.Pick(x, y, 0.0, renderer)
        # the depth buffer says 1.0 on the background: nothing there
        z_buffer = renderer.GetZ(int(x), int(y))
        if z_buffer >= 1.0:
            return None
        if z_buffer <= 1e-6:  # a label or pin disc drawn on top: look through it
            return self._surface_along_ray(x, y)
        return np.array(self._world_picker.GetPickPosition(), dtype=np.float64)

    def _surface_along_ray(self, x: float, y: float) -> np.ndarray | None:
        """The first building, else the ground, along the camera ray through display pixel (x, y)."""
        if self.pick_building(x, y) is not None and self._building_hit_position is not None:
            return self._building_hit_position.copy()
        start, end = self._camera_ray(x, y)
        direction = end - start
        if direction[2] >= 0:
            return None  # looking up: no ground
        focal = np.asarray(self.plotter.camera.focal_point, dtype=np.float64)
        z = float(self.city.ground_height_at(focal[0], focal[1]))
        z = z if np.isfinite(z) else 0.0
        point = start
        for _ in range(4):  # the ray meets the plane at the ground height found, then the height there
            point = start + direction * (z - start[2]) / direction[2]
            found = float(self.city.ground_height_at(point[0], point[1]))
            if not np.isfinite(found) or abs(found - z) < 0.01:
                break
            z = found
        return point

    def building_centre(self, index: int) -> np.ndarray:
        b = self.city.buildings[index].bounds
        return np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, b[5]])
