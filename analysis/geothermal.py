"""Shallow geothermal potential of buildings: borehole fields, heat extraction, coverage of heat demand.

Closed-loop borehole heat exchangers (sondes géothermiques verticales) on
each building's own free ground, sized with the guideline values of
VDI 4640 part 2 (2001), the reference design rule for small systems in
France and Germany. Every figure of the method is a field of
:class:`GeothermalSettings`, stated in the UI and editable.

The method, step by step:

1. **Free ground.** With cadastral parcels loaded: each parcel shrunk by
   ``boundary_setback_m``, minus every building footprint grown by
   ``building_clearance_m``; a parcel's boreholes serve the buildings on it
   (a building is on the parcel that holds a point of its footprint; with
   several, each borehole goes to the nearest of them). Parcels that overlap
   lose the overlap to the one read first (counted). Without parcels: the
   ground within ``buffer_m`` of the building's footprint, not closer than
   ``building_clearance_m`` to any footprint, each borehole going to the
   nearest building (equidistant ones, as beside a party wall, to the one
   read first); when the city has a ground-cover layer, only courtyards,
   parks and plazas (not streets, rail or water).
2. **Layout.** Boreholes on a square grid of ``spacing_m`` (VDI 4640 part 2:
   at least 6 m apart for boreholes deeper than 50 m, 5 m for 40-50 m),
   starting at the lower-left corner of each parcel's free area (without
   parcels: a grid aligned on multiples of the spacing); a grid point on the
   edge of the free area counts.
3. **Heat extraction.** Specific heat extraction (W per metre of borehole)
   from ground thermal conductivity and annual operating hours, after
   VDI 4640-2:2001 table 2 (25 / 60 / 84 W/m for poor / normal / good ground
   at 1800 h, 20 / 50 / 70 W/m at 2400 h), interpolated linearly between the
   category centres (lambda = 1.0, 2.25, 3.5 W/m/K) and between the two
   operating-hour columns, so that no small change of a parameter makes the
   result jump. Extraction power = boreholes x depth x W/m. VDI 4640's values
   hold for small systems (up to 30 kW, 40-100 m boreholes); larger fields
   need a simulation (EED, TRNSYS): such buildings are flagged.
4. **Heat delivered.** Extracted energy = power x operating hours; the heat
   pump delivers extracted x COP / (COP - 1) (the compressor's work is added).
5. **Demand.** Heated floor area = footprint x storeys (storeys from the
   data, else height / ``storey_height_m``), times a specific heat demand
   (kWh/m²/year) by DPE class, else by construction period, else
   ``default_demand_kwh_m2`` (the rule used is counted per building).
6. **Regulation.** France's *géothermie de minime importance* (décret
   2015-15, arrêté du 25 juin 2015) covers closed loops under 200 m deep and
   500 kW: depth is capped at 200 m and buildings whose field would exceed
   500 kW are flagged (they need a full permit).
7. **Networks.** Distance from each building to the nearest heating plant of
   a district heating network that uses geothermal energy, and a flag within
   ``network_distance_m``.
8. **Energy piles** under project models (buildings with a true
   ``project`` attribute, as imported IFC/glTF models get) inside a
   redevelopment zone of the city (``city.zones``): a model is inside when
   the area-weighted centre of its footprint lies in a zone. One pile per
   ``pile_spacing_m`` square of footprint, ``pile_length_m`` long,
   ``pile_w_per_m`` each (SIA D 0190 guideline range 20-40 W/m; 30 W/m
   here). Project models outside every zone get none and are counted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from analysis.progress import Cancelled

# --------------------------------------------------------------------------- stated tables

VDI4640_LAMBDA_W_MK = np.array([1.0, 2.25, 3.5])
"""Centres of VDI 4640-2:2001 table 2's ground categories: poor (lambda < 1.5 W/m/K),
normal rock and water-saturated sediment (1.5-3.0), consolidated rock (> 3.0)."""
VDI4640_W_PER_M = {1800.0: np.array([25.0, 60.0, 84.0]), 2400.0: np.array([20.0, 50.0, 70.0])}
"""Specific heat extraction, W/m, at 1800 h/year (heating only) and 2400 h/year (heating and hot water)."""

DEMAND_BY_DPE_KWH_M2 = {"A": 50.0, "B": 90.0, "C": 145.0, "D": 215.0, "E": 290.0, "F": 375.0, "G": 450.0}
"""Heat demand by DPE class: the middle of each class's energy band of the 2021 DPE
(A <= 70, B 71-110, C 111-180, D 181-250, E 251-330, F 331-420, G > 420 kWh/m²/year; G taken at 450)."""

DEMAND_BY_PERIOD_KWH_M2: tuple[tuple[int, float], ...] = (
    (1914, 200.0),
    (1947, 210.0),
    (1974, 230.0),
    (1988, 180.0),
    (2000, 150.0),
    (2012, 110.0),
    (9999, 60.0),
)
"""(built up to year, kWh/m²/year): orders of magnitude of the heat demand of Paris housing by
construction period (APUR, "Consommations d'énergie et émissions de gaz à effet de serre liées
au chauffage des résidences principales parisiennes", 2007; RT 2012 level after 2012)."""

STOREY_KEYS = ("storeys", "storeysAboveGround", "nb_etages", "NB_ETAGES", "nombre_d_etages", "building:levels", "levels")
YEAR_KEYS = ("construction_year", "yearOfConstruction", "year", "start_date", "annee_construction", "oorspronkelijk_bouwjaar")
DPE_KEYS = ("dpe_class", "energy_class", "classe_dpe", "classe_bilan_dpe", "etiquette_dpe")
HEIGHT_KEYS = ("height_m", "measuredHeight", "hauteur", "HAUTEUR", "height")

DEMAND_RULES = ("DPE class", "construction period", "default")
REASON_OK, REASON_NO_FREE_GROUND, REASON_NO_PARCEL, REASON_NO_FOOTPRINT = 0, 1, 2, 3
REASONS = {
    REASON_OK: "",
    REASON_NO_FREE_GROUND: "no free ground for a borehole (fully built, or within the setbacks)",
    REASON_NO_PARCEL: "on no loaded parcel",
    REASON_NO_FOOTPRINT: "no footprint (no ground or roof faces)",
}


NOTE_TEMPLATES = {
    "method_default": "boreholes %1 m deep, %2 m apart; %3 W/m (VDI 4640-2, lambda %4 W/m/K (stated default), "
                      "%5 h/year); heat pump COP %6",
    "method_raster": "boreholes %1 m deep, %2 m apart; %3 W/m (VDI 4640-2, lambda from the raster at %4 of %5 "
                     "boreholes, %6 W/m/K elsewhere, %7 h/year); heat pump COP %8",
    "ground_parcels": "free ground: %1 parcels, %2 m from their boundaries, %3 m from buildings",
    "ground_buffer": "free ground: within %1 m of each building (no parcels loaded), %2 m from buildings",
    "ground_buffer_open": "free ground: within %1 m of each building (no parcels loaded), on courtyards, parks and "
                          "plazas only, %2 m from buildings",
    "demand": "heat demand of %1 buildings from their DPE class, %2 from their construction period, %4 from the "
              "default %3 kWh/m²/year; storeys from the height / %5 m for %6",
    "invalid_parcels": "%1 invalid parcels repaired",
    "overlapping_parcels": "%1 parcel overlaps given to the parcel read first",
    "orphan_boreholes": "%1 boreholes possible on parcels without a building, not counted",
    "no_parcel": "%1 buildings on no loaded parcel",
    "no_free_ground": "%1 buildings without free ground for a borehole",
    "exceeds_minime": "%1 buildings above %2 kW: beyond the 'géothermie de minime importance' regime, "
                      "a full permit is needed",
    "plants": "%1 geothermal heating plants; %2 buildings within %3 m of one",
    "piles": "energy piles under %1 project models whose footprint centre lies in a redevelopment zone: one per "
             "%2 m square of footprint, %3 m long, %4 W/m",
    "projects_outside_zones": "%1 project models outside every redevelopment zone: no energy piles",
    # settings refused by GeothermalSettings.validate (raised as SettingsError)
    "settings_depth": "borehole depth %1 m: must be over 0 and at most %2 m (géothermie de minime importance)",
    "settings_spacing": "borehole spacing %1 m: VDI 4640 asks at least %2 m for %3 m boreholes",
    "settings_setback": "the setback from parcel boundaries cannot be negative",
    "settings_clearance": "the clearance from buildings cannot be negative",
    "settings_buffer": "the ground buffer around buildings must be over 0 m",
    "settings_conductivity": "ground conductivity %1 W/m/K: expected 0.2 to 10",
    "settings_hours": "operating hours %1 h/year: expected 500 to 8760",
    "settings_cop": "heat pump COP %1: must be over 1",
    "settings_storey_height": "storey height must be over 1 m",
    "settings_default_demand": "the default heat demand must be over 0 kWh/m²/year",
    "settings_network_distance": "the network distance cannot be negative",
    "settings_piles": "energy piles: spacing, length and W/m must be positive",
}
"""English templates of the result notes and of the settings errors, by key; ``%1``, ``%2``... are the
arguments. app/ shows them translated (it holds the same texts as literal translatable strings); the CLI prints
them as they are."""


def fill_template(template: str, args: Sequence[str]) -> str:
    """``template`` with ``%1``, ``%2``... replaced by ``args`` (as Qt's QString.arg numbers them)."""
    for k in range(len(args), 0, -1):  # %10 before %1
        template = template.replace(f"%{k}", args[k - 1])
    return template


@dataclass(frozen=True)
class Note:
    """One line of a result's notes: a key of :data:`NOTE_TEMPLATES` and its arguments, already formatted."""

    key: str
    args: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return NOTE_TEMPLATES[self.key]

    def text(self) -> str:
        """The note in English."""
        return fill_template(self.template, self.args)


def _note(key: str, *values) -> Note:
    if key not in NOTE_TEMPLATES:
        raise KeyError(f"no note template {key!r}")
    return Note(key, tuple(f"{v:g}" if isinstance(v, float) else str(v) for v in values))


class SettingsError(ValueError):
    """A setting out of range. ``note`` says which and with what figures (a ``settings_*`` key of
    :data:`NOTE_TEMPLATES`), for app/ to translate; the message is its English text."""

    def __init__(self, note: Note) -> None:
        super().__init__(note.text())
        self.note = note


@dataclass
class GeothermalSettings:
    """Every figure of the method, with its unit (see the module docstring for the sources)."""

    depth_m: float = 100.0
    spacing_m: float = 6.0
    boundary_setback_m: float = 3.0
    building_clearance_m: float = 3.0
    buffer_m: float = 8.0
    """Without parcels: how far from its footprint a building's boreholes may be."""
    conductivity_w_mk: float = 2.0
    """Ground thermal conductivity when no raster is loaded: about 2 W/m/K for the Paris basin's
    Tertiary and Cretaceous sediments (limestone, marl, sand, chalk; BRGM, atlas géothermie
    Île-de-France). Replace with a thermal response test's value where there is one."""
    operating_hours: float = 1800.0
    """Full-load hours per year: 1800 for heating only, 2400 with domestic hot water (VDI 4640)."""
    cop: float = 4.0
    """Seasonal coefficient of performance of the heat pump."""
    storey_height_m: float = 3.0
    default_demand_kwh_m2: float = 180.0
    demand_by_dpe_kwh_m2: dict[str, float] = field(default_factory=lambda: dict(DEMAND_BY_DPE_KWH_M2))
    demand_by_period_kwh_m2: tuple[tuple[int, float], ...] = DEMAND_BY_PERIOD_KWH_M2
    network_distance_m: float = 1000.0
    max_depth_m: float = 200.0
    max_power_kw: float = 500.0
    pile_spacing_m: float = 5.0
    pile_length_m: float = 20.0
    pile_w_per_m: float = 30.0

    def validate(self) -> None:
        """Raise :class:`SettingsError` (a ValueError) naming the first setting out of range."""
        min_spacing_m = 6 if self.depth_m > 50 else 5
        checks = [
            (0 < self.depth_m <= self.max_depth_m, "settings_depth", (self.depth_m, self.max_depth_m)),
            (self.spacing_m >= min_spacing_m, "settings_spacing", (self.spacing_m, min_spacing_m, self.depth_m)),
            (self.boundary_setback_m >= 0, "settings_setback", ()),
            (self.building_clearance_m >= 0, "settings_clearance", ()),
            (self.buffer_m > 0, "settings_buffer", ()),
            (0.2 <= self.conductivity_w_mk <= 10, "settings_conductivity", (self.conductivity_w_mk,)),
            (500 <= self.operating_hours <= 8760, "settings_hours", (self.operating_hours,)),
            (self.cop > 1, "settings_cop", (self.cop,)),
            (self.storey_height_m > 1, "settings_storey_height", ()),
            (self.default_demand_kwh_m2 > 0, "settings_default_demand", ()),
            (self.network_distance_m >= 0, "settings_network_distance", ()),
            (self.pile_spacing_m > 0 and self.pile_length_m > 0 and self.pile_w_per_m >= 0, "settings_piles", ()),
        ]
        for ok, key, args in checks:
            if not ok:
                raise SettingsError(_note(key, *args))

    def replace(self, **changes) -> GeothermalSettings:
        return dataclasses.replace(self, **changes)


# --------------------------------------------------------------------------- kernels


def specific_heat_extraction_w_per_m(conductivity_w_mk: np.ndarray | float, operating_hours: float) -> np.ndarray:
    """Heat extraction per metre of borehole, after VDI 4640-2:2001 table 2.

    conductivity_w_mk : ground thermal conductivity, W/m/K (scalar or array)
    operating_hours : full-load hours per year; 1800 and 2400 are the table's columns,
        interpolated between and held constant outside.
    Returns W/m, same shape as ``conductivity_w_mk``.
    """
    lam = np.asarray(conductivity_w_mk, dtype=np.float64)
    w1800 = np.interp(lam, VDI4640_LAMBDA_W_MK, VDI4640_W_PER_M[1800.0])
    w2400 = np.interp(lam, VDI4640_LAMBDA_W_MK, VDI4640_W_PER_M[2400.0])
    t = np.clip((operating_hours - 1800.0) / 600.0, 0.0, 1.0)
    return w1800 + t * (w2400 - w1800)


def grid_points_in(polygons: np.ndarray, spacing_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Borehole grid of every polygon: points ``spacing_m`` apart from its lower-left bound, kept when on or in it.

    polygons : (n,) shapely geometries (empty or None ones give no point)
    Returns ((m, 2) float points, (m,) int index of the polygon each belongs to).
    """
    polygons = np.asarray(polygons, dtype=object)
    valid = ~(shapely.is_missing(polygons) | shapely.is_empty(polygons))
    bounds = np.full((len(polygons), 4), np.nan)
    bounds[valid] = shapely.bounds(polygons[valid])
    eps = 1e-9 * spacing_m
    nx = np.where(valid, np.floor((bounds[:, 2] - bounds[:, 0]) / spacing_m + eps) + 1, 0).astype(np.int64)
    ny = np.where(valid, np.floor((bounds[:, 3] - bounds[:, 1]) / spacing_m + eps) + 1, 0).astype(np.int64)
    count = nx * ny
    owner = np.repeat(np.arange(len(polygons)), count)
    if not len(owner):
        return np.zeros((0, 2)), owner
    k = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    x = bounds[owner, 0] + (k % nx[owner]) * spacing_m
    y = bounds[owner, 1] + (k // nx[owner]) * spacing_m
    shapely.prepare(polygons[valid])
    keep = shapely.intersects_xy(polygons[owner], x, y)
    return np.column_stack([x[keep], y[keep]]), owner[keep]


def point_triangle_distance2(px: np.ndarray, py: np.ndarray, triangles_xy: np.ndarray) -> np.ndarray:
    """Squared distance from each point to its triangle (0 on or inside it).

    px, py : (m,) float; triangles_xy : (m, 3, 2) float, non-degenerate
    Returns (m,) float, m².
    """
    d2 = np.full(len(px), np.inf)
    side = np.zeros((3, len(px)))
    for k in range(3):
        ax, ay = triangles_xy[:, k, 0], triangles_xy[:, k, 1]
        ex, ey = triangles_xy[:, (k + 1) % 3, 0] - ax, triangles_xy[:, (k + 1) % 3, 1] - ay
        wx, wy = px - ax, py - ay
        t = np.clip((wx * ex + wy * ey) / (ex * ex + ey * ey), 0.0, 1.0)
        np.minimum(d2, (wx - t * ex) ** 2 + (wy - t * ey) ** 2, out=d2)
        side[k] = ex * wy - ey * wx
    inside = ((side >= 0).all(axis=0)) | ((side <= 0).all(axis=0))
    d2[inside] = 0.0
    return d2


def grid_points_near_triangles(triangles_xy: np.ndarray, triangle_owner: np.ndarray, spacing_m: float,
                               max_distance_m: float, min_distance_m: float,
                               step: Callable[[], None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Points of the grid of multiples of ``spacing_m`` whose nearest triangle lies farther than ``min_distance_m``
    and at most ``max_distance_m`` away, with the owner of that nearest triangle (ties: the lowest owner).

    Exact and vectorised: each triangle's box grown by ``max_distance_m`` gives its candidate grid points, the
    point-to-triangle distance is computed in numpy and the nearest kept per point on a dense raster of the grid.
    The raster is filled in bands of rows and the triangles in chunks, so memory stays bounded for any extent;
    ``step`` is called between chunks (progress, cancel).

    triangles_xy : (t, 3, 2) float local metres; triangle_owner : (t,) int, non-negative
    Returns ((m, 2) float points ordered by row (y) then column (x), (m,) int owner).
    """
    s = spacing_m
    out_xy, out_owner = [np.zeros((0, 2))], [np.zeros(0, dtype=np.int64)]
    if not len(triangles_xy):
        return out_xy[0], out_owner[0]
    lo, hi = triangles_xy.min(axis=1), triangles_xy.max(axis=1)
    i0 = np.ceil((lo[:, 0] - max_distance_m) / s).astype(np.int64)
    i1 = np.floor((hi[:, 0] + max_distance_m) / s).astype(np.int64)
    j0 = np.ceil((lo[:, 1] - max_distance_m) / s).astype(np.int64)
    j1 = np.floor((hi[:, 1] + max_distance_m) / s).astype(np.int64)
    nx = np.maximum(i1 - i0 + 1, 0)
    x0 = int(i0.min())
    width = int(i1.max()) - x0 + 1
    rows_per_band = max(1, 4_000_000 // width)
    chunk_pairs = 2_000_000
    no_owner = np.iinfo(np.int64).max
    for r0 in range(int(j0.min()), int(j1.max()) + 1, rows_per_band):
        r1 = r0 + rows_per_band - 1
        tri = np.flatnonzero((j1 >= r0) & (j0 <= r1) & (nx > 0))
        if not len(tri):
            continue
        tj0, tj1 = np.maximum(j0[tri], r0), np.minimum(j1[tri], r1)
        count = nx[tri] * (tj1 - tj0 + 1)
        ends = np.cumsum(count)
        best = np.full(rows_per_band * width, np.inf)
        cells, dist2, owners = [], [], []
        start = 0
        while start < len(tri):
            stop = max(start + 1, int(np.searchsorted(ends, (ends[start - 1] if start else 0) + chunk_pairs, side="right")))
            cnt = count[start:stop]
            k = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
            local = np.repeat(np.arange(start, stop), cnt)
            t = tri[local]
            ix, iy = i0[t] + k % nx[t], tj0[local] + k // nx[t]
            d2 = point_triangle_distance2(ix * s, iy * s, triangles_xy[t])
            near = d2 <= max_distance_m**2
            cell = (iy[near] - r0) * width + (ix[near] - x0)
            np.minimum.at(best, cell, d2[near])
            cells.append(cell)
            dist2.append(d2[near])
            owners.append(triangle_owner[t[near]])
            start = stop
            if step is not None:
                step()
        cell, d2, owner = np.concatenate(cells), np.concatenate(dist2), np.concatenate(owners)
        nearest = d2 == best[cell]
        own = np.full(len(best), no_owner, dtype=np.int64)
        np.minimum.at(own, cell[nearest], owner[nearest])
        keep = np.flatnonzero(np.isfinite(best) & (best > min_distance_m**2))
        out_xy.append(np.column_stack([(keep % width + x0) * s, (keep // width + r0) * s]).astype(np.float64))
        out_owner.append(own[keep])
    return np.concatenate(out_xy), np.concatenate(out_owner)


def pile_count(footprint_m2: np.ndarray, pile_spacing_m: float) -> np.ndarray:
    """Energy piles under a footprint: one per ``pile_spacing_m`` square (rounded down)."""
    return np.floor(np.asarray(footprint_m2, dtype=np.float64) / pile_spacing_m**2).astype(np.int64)


def delivered_heat_mwh(extracted_mwh: np.ndarray, cop: float) -> np.ndarray:
    """Heat a heat pump delivers from ``extracted_mwh`` of ground heat: extracted x COP / (COP - 1)."""
    return np.asarray(extracted_mwh, dtype=np.float64) * cop / (cop - 1.0)


# --------------------------------------------------------------------------- inputs


def _areas_2d(xy: np.ndarray) -> np.ndarray:
    """Areas of (t, 3, 2) triangles, m²."""
    a, b = xy[:, 1] - xy[:, 0], xy[:, 2] - xy[:, 0]
    return 0.5 * np.abs(a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0])


@dataclass
class Footprints:
    """Building footprints as horizontal triangles (from the ground faces, else the roof faces seen from above).

    triangles_xy : (t, 3, 2) float local metres; building : (t,) int
    """

    triangles_xy: np.ndarray
    building: np.ndarray
    n_buildings: int

    @classmethod
    def from_mesh(cls, vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray,
                  triangle_surface: np.ndarray, n_buildings: int) -> Footprints:
        """Ground faces (surface type 3) of each building; roofs (1) projected for buildings without them."""
        ground = triangle_surface == 3
        has_ground = np.zeros(n_buildings, dtype=bool)
        has_ground[triangle_building[ground]] = True
        roof = (triangle_surface == 1) & ~has_ground[triangle_building]
        use = ground | roof
        xy = vertices[triangles[use]][:, :, :2]
        area = _areas_2d(xy)
        keep = area > 1e-6
        return cls(xy[keep], triangle_building[use][keep], n_buildings)

    def area_m2(self) -> np.ndarray:
        area = _areas_2d(self.triangles_xy)
        return np.bincount(self.building, weights=area, minlength=self.n_buildings)

    def inner_points(self) -> np.ndarray:
        """(n, 2) a point inside each building's footprint: the centroid of its largest triangle (NaN if none)."""
        xy = self.triangles_xy
        area = _areas_2d(xy)
        order = np.lexsort((-area, self.building))
        first = np.ones(len(order), dtype=bool)
        first[1:] = self.building[order][1:] != self.building[order][:-1]
        pts = np.full((self.n_buildings, 2), np.nan)
        pts[self.building[order][first]] = xy[order][first].mean(axis=1)
        return pts

    def centroids(self) -> np.ndarray:
        """(n, 2) area-weighted centroid of each building's footprint (NaN if none)."""
        area = _areas_2d(self.triangles_xy)
        total = np.bincount(self.building, weights=area, minlength=self.n_buildings)
        centre = self.triangles_xy.mean(axis=1)
        out = np.full((self.n_buildings, 2), np.nan)
        has = total > 0
        for k in range(2):
            out[has, k] = np.bincount(self.building, weights=area * centre[:, k], minlength=self.n_buildings)[has] / total[has]
        return out

    def polygons(self) -> np.ndarray:
        """(t,) shapely triangles."""
        if not len(self.triangles_xy):
            return np.zeros(0, dtype=object)
        return shapely.polygons(self.triangles_xy)


@dataclass
class BuildingDemand:
    """Per building: storeys, heated floor area, specific and annual heat demand, and which rules gave them."""

    storeys: np.ndarray
    floor_area_m2: np.ndarray
    specific_kwh_m2: np.ndarray
    demand_mwh: np.ndarray
    rule: np.ndarray
    """(n,) int index into :data:`DEMAND_RULES`."""
    storeys_from_height: int


def _numeric_column(attributes: dict, keys: Sequence[str], n: int) -> np.ndarray:
    out = np.full(n, np.nan)
    for key in keys:
        col = attributes.get(key)
        if col is None:
            continue
        values = _to_float(col)
        out = np.where(np.isnan(out), values, out)
    return out


def _to_float(col) -> np.ndarray:
    arr = np.asarray(col)
    if arr.dtype.kind in "iuf":
        return arr.astype(np.float64)
    out = np.full(len(arr), np.nan)
    for i, v in enumerate(arr):
        if v is None or isinstance(v, bool):
            continue
        try:
            out[i] = float(v)
        except (TypeError, ValueError):
            text = str(v).strip()
            if len(text) >= 4 and text[:4].isdigit():  # a date such as OSM's start_date "1905-03"
                out[i] = float(text[:4])
    return out


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "oui", "vrai")
    try:
        return bool(value) and not (isinstance(value, float) and np.isnan(value))
    except (TypeError, ValueError):
        return False


def _dpe_column(attributes: dict, n: int, logbook_dpe: Sequence[str | None] | None) -> np.ndarray:
    out = np.full(n, "", dtype=object)
    sources = []
    if logbook_dpe is not None:
        sources.append(np.asarray(logbook_dpe, dtype=object))
    sources.extend(np.asarray(attributes[k], dtype=object) for k in DPE_KEYS if k in attributes)
    for col in sources:
        for i in np.flatnonzero(out == ""):
            v = col[i]
            if isinstance(v, str) and v.strip().upper()[:1] in DEMAND_BY_DPE_KWH_M2 and len(v.strip()) == 1:
                out[i] = v.strip().upper()
    return out


def heat_demand(attributes: dict, footprint_m2: np.ndarray, height_m: np.ndarray, settings: GeothermalSettings,
                logbook_dpe: Sequence[str | None] | None = None, logbook_year: np.ndarray | None = None) -> BuildingDemand:
    """Annual heat demand of each building (see step 5 of the module docstring).

    attributes : the BuildingSet's attribute columns; footprint_m2, height_m : (n,) float
    logbook_dpe, logbook_year : per building, from the logbook when one is open (they win over attributes)
    """
    n = len(footprint_m2)
    storeys = _numeric_column(attributes, STOREY_KEYS, n)
    storeys = np.where(storeys > 0, storeys, np.nan)
    from_height = np.isnan(storeys)
    storeys = np.where(from_height, np.maximum(1.0, np.round(np.nan_to_num(height_m) / settings.storey_height_m)), storeys)
    floor = footprint_m2 * storeys
    dpe = _dpe_column(attributes, n, logbook_dpe)
    year = _numeric_column(attributes, YEAR_KEYS, n)
    if logbook_year is not None:
        year = np.where(np.isfinite(logbook_year), logbook_year, year)
    specific = np.full(n, settings.default_demand_kwh_m2)
    rule = np.full(n, 2, dtype=np.int8)
    limits = np.array([y for y, _ in settings.demand_by_period_kwh_m2], dtype=np.float64)
    values = np.array([v for _, v in settings.demand_by_period_kwh_m2], dtype=np.float64)
    known_year = np.isfinite(year) & (year > 1000) & (year < 2200)
    idx = np.clip(np.searchsorted(limits, np.where(known_year, year, 0.0), side="left"), 0, len(limits) - 1)
    specific = np.where(known_year, values[idx], specific)
    rule = np.where(known_year, 1, rule).astype(np.int8)
    has_dpe = dpe != ""
    if has_dpe.any():
        specific[has_dpe] = [settings.demand_by_dpe_kwh_m2[c] for c in dpe[has_dpe]]
        rule[has_dpe] = 0
    return BuildingDemand(storeys, floor, specific, floor * specific / 1000.0, rule, int((from_height & (footprint_m2 > 0)).sum()))


# --------------------------------------------------------------------------- the analysis


@dataclass
class GeothermalResult:
    """Per-building figures (arrays of length n) and what the run did."""

    boreholes: np.ndarray
    w_per_m: np.ndarray
    power_kw: np.ndarray
    """Heat extracted from the ground at full load, kW."""
    extracted_mwh: np.ndarray
    delivered_mwh: np.ndarray
    """Heat the heat pump delivers per year, MWh."""
    demand: BuildingDemand
    coverage: np.ndarray
    """delivered / demand (may exceed 1); NaN where the demand is 0."""
    reason: np.ndarray
    """(n,) int: why a building has no borehole (see :data:`REASONS`)."""
    exceeds_minime: np.ndarray
    beyond_vdi_small: np.ndarray
    plant_distance_m: np.ndarray
    near_network: np.ndarray
    pile_power_kw: np.ndarray
    """Energy piles under project models whose footprint centre lies in a zone, kW (0 elsewhere)."""
    project_outside_zone: np.ndarray
    """(n,) bool: a project model outside every redevelopment zone (no energy piles)."""
    borehole_xy: np.ndarray
    """(b, 2) local metres, every borehole placed."""
    borehole_building: np.ndarray
    settings: GeothermalSettings
    counts: dict[str, int] = field(default_factory=dict)
    conductivity_source: str = ""
    zones: dict[str, dict[str, float]] = field(default_factory=dict)

    def mean_w_per_m(self) -> float:
        """Heat extraction per metre, averaged over the boreholes placed (the default ground's where none)."""
        n = self.boreholes.sum()
        if n:
            return float((self.w_per_m * self.boreholes).sum() / n)
        return float(specific_heat_extraction_w_per_m(self.settings.conductivity_w_mk, self.settings.operating_hours))

    def note_items(self) -> list[Note]:
        """What the run did and which rules and fallbacks it used, as structured notes (see :class:`Note`)."""
        c, s = self.counts, self.settings
        w = f"{self.mean_w_per_m():.0f}"
        if "conductivity_raster_boreholes" in c:
            items = [_note("method_raster", s.depth_m, s.spacing_m, w, c["conductivity_raster_boreholes"],
                           c["boreholes"], s.conductivity_w_mk, s.operating_hours, s.cop)]
        else:
            items = [_note("method_default", s.depth_m, s.spacing_m, w, s.conductivity_w_mk, s.operating_hours, s.cop)]
        if c.get("parcels"):
            items.append(_note("ground_parcels", c["parcels"], s.boundary_setback_m, s.building_clearance_m))
        elif "open_ground_patches" in c:
            items.append(_note("ground_buffer_open", s.buffer_m, s.building_clearance_m))
        else:
            items.append(_note("ground_buffer", s.buffer_m, s.building_clearance_m))
        items.append(_note("demand", c.get("demand_dpe", 0), c.get("demand_period", 0), s.default_demand_kwh_m2,
                           c.get("demand_default", 0), s.storey_height_m, c.get("storeys_from_height", 0)))
        for key in ("invalid_parcels", "overlapping_parcels", "orphan_boreholes", "no_parcel", "no_free_ground"):
            if c.get(key):
                items.append(_note(key, c[key]))
        if c.get("exceeds_minime"):
            items.append(_note("exceeds_minime", c["exceeds_minime"], s.max_power_kw))
        if c.get("plants"):
            items.append(_note("plants", c["plants"], c.get("near_network", 0), s.network_distance_m))
        if c.get("projects_in_zones"):
            items.append(_note("piles", c["projects_in_zones"], s.pile_spacing_m, s.pile_length_m, s.pile_w_per_m))
        if c.get("projects_outside_zones"):
            items.append(_note("projects_outside_zones", c["projects_outside_zones"]))
        return items

    def notes(self) -> list[str]:
        """The notes in English (the CLI's summary)."""
        return [n.text() for n in self.note_items()]


def _plant_distances(points: np.ndarray, plants: Sequence[shapely.Geometry]) -> np.ndarray:
    if not len(plants):
        return np.full(len(points), np.nan)
    tree = shapely.STRtree(np.asarray(plants, dtype=object))
    ok = np.isfinite(points).all(axis=1)
    out = np.full(len(points), np.nan)
    if ok.any():
        (i_pt, _), dist = tree.query_nearest(shapely.points(points[ok]), return_distance=True, all_matches=False)
        d = np.full(int(ok.sum()), np.nan)
        d[i_pt] = dist
        out[ok] = d
    return out


OPEN_GROUND_COVERS = (2, 3, 6)
"""GroundCover values where boreholes may go without parcels: courtyard, park, plaza."""


def geothermal_potential(
    footprints: Footprints,
    attributes: dict,
    height_m: np.ndarray,
    settings: GeothermalSettings | None = None,
    *,
    parcels: Sequence[shapely.Geometry] = (),
    open_ground: Sequence[shapely.Geometry] | None = None,
    conductivity_at: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    geothermal_plants: Sequence[shapely.Geometry] = (),
    zones: Sequence[tuple[str, shapely.Geometry]] = (),
    logbook_dpe: Sequence[str | None] | None = None,
    logbook_year: np.ndarray | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> GeothermalResult:
    """The geothermal analysis on arrays (see the module docstring for every rule).

    footprints : the buildings' footprint triangles, local metres
    attributes : per-building attribute columns (storeys, construction year, DPE class, ``project``)
    height_m : (n,) building heights, m (for storeys when the data has none)
    parcels : shapely polygons, local metres; open_ground : polygons where boreholes may go without parcels
    conductivity_at : f(x, y) -> W/m/K (NaN where unknown) from a raster; else the settings' value
    geothermal_plants : polygons or points of geothermal heating plants, local metres
    zones : (name, polygon) for per-zone totals
    """
    settings = settings or GeothermalSettings()
    settings.validate()

    def step(fraction: float, message: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled("geothermal analysis cancelled")
        if progress is not None:
            progress(fraction, message)

    n = footprints.n_buildings
    counts: dict[str, int] = {}
    step(0.05, "footprints")
    footprint_m2 = footprints.area_m2()
    inner = footprints.inner_points()
    reason = np.full(n, REASON_OK, dtype=np.int8)
    reason[footprint_m2 <= 0] = REASON_NO_FOOTPRINT

    step(0.15, "free ground")
    if len(parcels):
        polys = np.asarray(parcels, dtype=object)
        invalid = ~shapely.is_valid(polys)
        if invalid.any():
            polys[invalid] = shapely.make_valid(polys[invalid])
        counts["invalid_parcels"] = int(invalid.sum())
        counts["parcels"] = len(polys)
        ptree = shapely.STRtree(polys)
        # overlapping pairs: boxes from the tree, then intersects (prepared, fast) before overlaps (not prepared,
        # each pair once): 3-4 times faster than the tree's own "overlaps" predicate, the same pairs
        a, b = ptree.query(polys)
        a, b = a[a < b], b[a < b]
        shapely.prepare(polys)
        touch = shapely.intersects(polys[a], polys[b])
        a, b = a[touch], b[touch]
        over = shapely.overlaps(polys[a], polys[b])
        a, b = a[over], b[over]
        # shared edges digitised twice overlap by slivers: only overlaps of 1 m² or more count
        pairs = shapely.area(shapely.intersection(polys[a], polys[b])) >= 1.0
        counts["overlapping_parcels"] = int(pairs.sum())
        if pairs.any():  # the later parcel loses what earlier ones hold: vectorised, one round per overlap rank
            a, b = a[pairs], b[pairs]
            order = np.argsort(b, kind="stable")
            a, b = a[order], b[order]
            start = np.r_[0, np.flatnonzero(np.diff(b)) + 1]
            rank = np.arange(len(b)) - np.repeat(start, np.diff(np.r_[start, len(b)]))
            for r in range(int(rank.max()) + 1):
                sel = rank == r
                polys[b[sel]] = shapely.difference(polys[b[sel]], polys[a[sel]])
        free = shapely.buffer(polys, -settings.boundary_setback_m, quad_segs=2) if settings.boundary_setback_m > 0 else polys
        step(0.3, "borehole grid")
        xy, parcel_of_point = grid_points_in(free, settings.spacing_m)
        # the parcel of each building: the one holding a point of its footprint
        ok = np.isfinite(inner).all(axis=1)
        bi, pj = ptree.query(shapely.points(inner[ok]), predicate="intersects")
        parcel_of_building = np.full(n, -1, dtype=np.int64)
        parcel_of_building[np.flatnonzero(ok)[bi[::-1]]] = pj[::-1]  # first match wins
        reason[(parcel_of_building < 0) & (reason == REASON_OK)] = REASON_NO_PARCEL
    else:
        # without parcels: the exact grid points within the buffer and outside the clearance, each with its
        # nearest building, in one vectorised pass (an STRtree nearest query per grid point took 20-30 s here)
        xy, nearest_building = grid_points_near_triangles(
            footprints.triangles_xy, footprints.building, settings.spacing_m, settings.buffer_m,
            settings.building_clearance_m, step=lambda: step(0.3, "free ground"))
        if open_ground is not None:
            counts["open_ground_patches"] = len(open_ground)
        if open_ground is not None and len(open_ground) and len(xy):
            otree = shapely.STRtree(np.asarray(open_ground, dtype=object))
            on = np.unique(otree.query(shapely.points(xy), predicate="intersects")[0])
            xy, nearest_building = xy[on], nearest_building[on]
        parcel_of_point = np.full(len(xy), -1, dtype=np.int64)
        parcel_of_building = None

    step(0.5, "clearance from buildings")
    if parcel_of_building is None:
        owner = nearest_building
    elif len(xy) and len(footprints.triangles_xy):
        tri_tree = shapely.STRtree(footprints.polygons())
        pts = shapely.points(xy)
        if settings.building_clearance_m > 0:
            hit = np.unique(tri_tree.query(pts, predicate="dwithin", distance=settings.building_clearance_m)[0])
        else:
            hit = np.unique(tri_tree.query(pts, predicate="intersects")[0])
        keep = np.ones(len(xy), dtype=bool)
        keep[hit] = False
        xy, parcel_of_point, pts = xy[keep], parcel_of_point[keep], pts[keep]
        step(0.65, "boreholes to buildings")
        (ip, it) = tri_tree.query_nearest(pts, all_matches=False)
        nearest = np.full(len(xy), -1, dtype=np.int64)
        nearest[ip] = footprints.building[it]
        # a borehole serves a building of its parcel: the nearest if it is on that parcel, else the parcel's largest
        main = np.full(len(parcels), -1, dtype=np.int64)
        on = np.flatnonzero(parcel_of_building >= 0)
        order = on[np.argsort(footprint_m2[on], kind="stable")]
        main[parcel_of_building[order]] = order
        same = (nearest >= 0) & (parcel_of_building[np.maximum(nearest, 0)] == parcel_of_point)
        owner = np.where(same, nearest, main[parcel_of_point])
        counts["orphan_boreholes"] = int((owner < 0).sum())
        good = owner >= 0
        xy, owner = xy[good], owner[good]
    else:
        xy, owner = xy[:0], np.zeros(0, dtype=np.int64)

    step(0.75, "heat extraction")
    boreholes = np.bincount(owner, minlength=n)
    reason[(boreholes == 0) & (reason == REASON_OK)] = REASON_NO_FREE_GROUND
    lam_b = np.full(len(owner), settings.conductivity_w_mk)
    source = f"lambda {settings.conductivity_w_mk:g} W/m/K (stated default)"
    if conductivity_at is not None and len(owner):
        sampled = np.asarray(conductivity_at(xy[:, 0], xy[:, 1]), dtype=np.float64)
        lam_b = np.where(np.isfinite(sampled) & (sampled > 0), sampled, lam_b)
        n_raster = int((np.isfinite(sampled) & (sampled > 0)).sum())
        source = f"lambda from the raster at {n_raster} of {len(owner)} boreholes, {settings.conductivity_w_mk:g} W/m/K elsewhere"
        counts["conductivity_raster_boreholes"] = n_raster
    w_b = specific_heat_extraction_w_per_m(lam_b, settings.operating_hours)
    w_sum = np.bincount(owner, weights=w_b, minlength=n)
    w_per_m = np.where(boreholes > 0, w_sum / np.maximum(boreholes, 1),
                       specific_heat_extraction_w_per_m(settings.conductivity_w_mk, settings.operating_hours))
    power_kw = w_sum * settings.depth_m / 1000.0
    extracted = power_kw * settings.operating_hours / 1000.0
    delivered = delivered_heat_mwh(extracted, settings.cop)

    step(0.85, "heat demand")
    demand = heat_demand(attributes, footprint_m2, height_m, settings, logbook_dpe, logbook_year)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(demand.demand_mwh > 0, delivered / demand.demand_mwh, np.nan)

    is_project = np.array([_truthy(v) for v in attributes["project"]], dtype=bool) if "project" in attributes \
        else np.zeros(n, dtype=bool)
    # energy piles only under project models in a redevelopment zone: the footprint's area-weighted centre
    # decides, so a model straddling a zone's edge is in or out once, not partly
    centre = footprints.centroids()
    in_zone = np.zeros(n, dtype=bool)
    has_centre = np.isfinite(centre).all(axis=1)
    for _name, polygon in zones:
        in_zone[has_centre] |= shapely.intersects_xy(polygon, centre[has_centre, 0], centre[has_centre, 1])
    outside_zone = is_project & ~in_zone
    piles = np.where(is_project & in_zone, pile_count(footprint_m2, settings.pile_spacing_m), 0)
    pile_kw = piles * settings.pile_length_m * settings.pile_w_per_m / 1000.0

    step(0.92, "heating networks")
    distance = _plant_distances(inner, geothermal_plants)
    near = np.isfinite(distance) & (distance <= settings.network_distance_m)
    exceeds = power_kw > settings.max_power_kw

    counts.update({
        "boreholes": int(len(owner)),
        "no_free_ground": int((reason == REASON_NO_FREE_GROUND).sum()),
        "no_parcel": int((reason == REASON_NO_PARCEL).sum()),
        "demand_dpe": int((demand.rule == 0).sum()),
        "demand_period": int((demand.rule == 1).sum()),
        "demand_default": int((demand.rule == 2).sum()),
        "storeys_from_height": demand.storeys_from_height,
        "exceeds_minime": int(exceeds.sum()),
        "plants": len(geothermal_plants),
        "near_network": int(near.sum()),
        "projects": int(is_project.sum()),
        "projects_in_zones": int((is_project & in_zone).sum()),
        "projects_outside_zones": int(outside_zone.sum()),
    })
    result = GeothermalResult(
        boreholes=boreholes, w_per_m=w_per_m, power_kw=power_kw, extracted_mwh=extracted, delivered_mwh=delivered,
        demand=demand, coverage=coverage, reason=reason, exceeds_minime=exceeds, beyond_vdi_small=power_kw > 30.0,
        plant_distance_m=distance, near_network=near, pile_power_kw=pile_kw, project_outside_zone=outside_zone, borehole_xy=xy, borehole_building=owner,
        settings=settings, counts=counts, conductivity_source=source,
    )
    result.zones = zone_totals(result, inner, zones)
    step(1.0, "done")
    return result


def zone_totals(result: GeothermalResult, inner_points: np.ndarray,
                zones: Sequence[tuple[str, shapely.Geometry]]) -> dict[str, dict[str, float]]:
    """Per zone (buildings with a footprint point inside): potential vs demand, buildings covered at 50 % / 100 %."""
    out = {}
    ok = np.isfinite(inner_points).all(axis=1)
    for name, polygon in zones:
        inside = np.zeros(len(inner_points), dtype=bool)
        inside[ok] = shapely.intersects_xy(polygon, inner_points[ok, 0], inner_points[ok, 1])
        cov = np.nan_to_num(result.coverage[inside])
        out[name] = {
            "buildings": float(inside.sum()),
            "boreholes": float(result.boreholes[inside].sum()),
            "power_kw": float(result.power_kw[inside].sum()),
            "delivered_mwh": float(result.delivered_mwh[inside].sum()),
            "demand_mwh": float(result.demand.demand_mwh[inside].sum()),
            "covered_50": float((cov >= 0.5).sum()),
            "covered_100": float((cov >= 1.0).sum()),
            "pile_power_kw": float(result.pile_power_kw[inside].sum()),
            "near_network": float(result.near_network[inside].sum()),
        }
    return out


# --------------------------------------------------------------------------- on a city

GEOTHERMAL_FACE_ARRAYS = ("geothermal_coverage", "geothermal_power_kw", "geothermal_boreholes",
                          "geothermal_heat_mwh", "geothermal_network_distance_m")


def building_heights_m(vertices: np.ndarray, triangles: np.ndarray, triangle_building: np.ndarray, n: int) -> np.ndarray:
    """Top minus bottom of each building's mesh, m."""
    z = vertices[triangles][:, :, 2]
    top = np.full(n, -np.inf)
    low = np.full(n, np.inf)
    np.maximum.at(top, triangle_building, z.max(axis=1))
    np.minimum.at(low, triangle_building, z.min(axis=1))
    return np.where(np.isfinite(top) & np.isfinite(low), top - low, 0.0)


def polygons_of(polygons) -> np.ndarray:
    """Shapely polygons of :class:`city.model.Polygon2D` objects, vectorised for those without holes."""
    out = np.empty(len(polygons), dtype=object)
    plain = [k for k, p in enumerate(polygons) if not p.holes]
    if plain:
        rings = [polygons[k].exterior for k in plain]
        sizes = np.array([len(r) for r in rings])
        flat = np.concatenate(rings).astype(np.float64, copy=False)
        ends = np.cumsum(sizes)
        closed = np.insert(flat, ends, flat[ends - sizes], axis=0)  # each ring closed on its first point
        ring_index = np.repeat(np.arange(len(rings)), sizes + 1)
        out[plain] = shapely.polygons(shapely.linearrings(closed, indices=ring_index))
    for k, p in enumerate(polygons):
        if p.holes:
            out[k] = _shapely_polygon(p)
    return out


def _shapely_polygon(p) -> shapely.Polygon:
    return shapely.Polygon(p.exterior, [h for h in p.holes])


def is_geothermal_plant(site) -> bool:
    """A heating plant whose energy sources include geothermal energy (France Chaleur Urbaine's ``combustib``)."""
    if site.kind != "heating_plant":
        return False
    if "geothermal" in site.attributes:
        return bool(site.attributes["geothermal"])
    text = " ".join(str(site.attributes.get(k, "")) for k in ("combustib", "energy", "source_energie", "ppale_sec"))
    return "geoth" in text.lower().replace("é", "e")


def compute_geothermal(city, settings: GeothermalSettings | None = None, *, logbook_dpe=None, logbook_year=None,
                       progress=None, cancel=None) -> GeothermalResult:
    """The geothermal analysis of a :class:`city.model.City`: its parcels, ground cover, conductivity
    grid (``kind == "conductivity"``), geothermal heating plants (``city.sites``) and zones."""
    b = city.buildings
    footprints = Footprints.from_mesh(b.vertices, b.triangles, b.triangle_building, b.triangle_surface, len(b))
    measured = building_heights_m(b.vertices, b.triangles, b.triangle_building, len(b))
    return compute_geothermal_with(city, footprints, measured, settings, logbook_dpe=logbook_dpe,
                                   logbook_year=logbook_year, progress=progress, cancel=cancel)


def compute_geothermal_with(city, footprints: Footprints, measured_heights_m: np.ndarray,
                            settings: GeothermalSettings | None = None, **options) -> GeothermalResult:
    """:func:`geothermal_potential` with the city's layers, on footprints given (from the model or a mesh)."""
    b = city.buildings
    heights = b.attributes.get("height_m")
    if heights is None or heights.dtype.kind not in "if":
        heights = measured_heights_m
    else:
        heights = np.where(np.isfinite(heights.astype(float)), heights.astype(float), measured_heights_m)
    parcels = polygons_of([p.polygon for p in city.parcels])
    open_ground = None
    if city.ground:
        open_ground = [_shapely_polygon(g.polygon) for g in city.ground if int(g.cover) in OPEN_GROUND_COVERS]
    grid = next((g for g in city.grids if g.kind == "conductivity"), None)
    plants = [(_shapely_polygon(s.polygon) if s.polygon is not None else shapely.Point(s.position))
              for s in city.sites if is_geothermal_plant(s)]
    zones = [(z.name, _shapely_polygon(z.polygon)) for z in city.zones]
    return geothermal_potential(
        footprints, b.attributes, heights, settings, parcels=parcels, open_ground=open_ground,
        conductivity_at=grid.value_at if grid is not None else None, geothermal_plants=plants, zones=zones, **options,
    )


def face_arrays(result: GeothermalResult, triangle_building: np.ndarray) -> dict[str, np.ndarray]:
    """The per-building results spread on every face of the building (float32 cell arrays for the overlays)."""
    per_building = {
        "geothermal_coverage": result.coverage,
        "geothermal_power_kw": result.power_kw,
        "geothermal_boreholes": result.boreholes.astype(np.float64),
        "geothermal_heat_mwh": result.delivered_mwh,
        "geothermal_network_distance_m": result.plant_distance_m,
    }
    return {name: values[triangle_building].astype(np.float32) for name, values in per_building.items()}


def building_table(result: GeothermalResult) -> dict[str, np.ndarray]:
    """Per-building columns for the CSV and the building panel (units in the names)."""
    return {
        "boreholes": result.boreholes,
        "w_per_m": result.w_per_m,
        "power_kw": result.power_kw,
        "extracted_mwh_year": result.extracted_mwh,
        "delivered_mwh_year": result.delivered_mwh,
        "floor_area_m2": result.demand.floor_area_m2,
        "demand_kwh_m2_year": result.demand.specific_kwh_m2,
        "demand_mwh_year": result.demand.demand_mwh,
        "coverage": result.coverage,
        "demand_rule": np.array(DEMAND_RULES, dtype=object)[result.demand.rule],
        "over_500_kw": result.exceeds_minime,
        "network_distance_m": result.plant_distance_m,
        "near_geothermal_network": result.near_network,
        "energy_piles_kw": result.pile_power_kw,
        "why_no_borehole": np.array([REASONS[r] for r in range(4)], dtype=object)[result.reason],
    }
