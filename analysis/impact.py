"""A project's effect on its neighbours' sun: the "after minus before" of the solar analysis.

A project model replaces the buildings standing inside its footprint
(:func:`city.placement.project_masks`). "Before" is the city without the
models; "after" is the city with them and without the buildings they
replace. The faces of every *other* building within reach of the project's
shadow are analysed twice, with the same samples, sky and sun
(:func:`analysis.solar.irradiate_mesh`), once against each city; the change
is after minus before, per face:

* ``impact_sunlight_hours``: hours of direct sun gained (+) or lost (−) on
  the chosen day (the spring equinox by default, as French daylight studies
  use it; a winter day is the other usual choice);
* ``impact_irradiation_kwh_m2``: the change of annual (or the period's)
  irradiation, kWh/m².

Faces out of reach (and the project and replaced buildings) are NaN: not
computed. Reach: a model of height h shades ground up to h / tan(e) away at
sun elevation e; the default radius takes e = 15° (3.7 h), at least 30 m and
at most 400 m, and is stated in the result's notes. Everything else in the
city (other buildings, terrain, tree crowns) shades both runs alike.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from analysis.progress import CancelCallback, ProgressCallback, check, report
from analysis.raycast import OcclusionScene, SceneUnion
from analysis.solar import ROOF, WALL, SolarSettings, irradiate_mesh, solar_sky
from analysis.sun import site_of
from analysis.weather import Weather
from city.placement import model_footprint, project_masks

#: Face arrays written to ``city.buildings.face_data`` (NaN where not computed).
IMPACT_ARRAYS = ("impact_sunlight_hours", "impact_irradiation_kwh_m2")

REACH_SUN_ELEVATION_DEG = 15.0
"""Sun elevation whose shadow length sets the default radius (lower sun adds little energy)."""
REACH_MIN_M, REACH_MAX_M = 30.0, 400.0


class NoProjectModel(ValueError):
    """The city holds no project model to compare with."""


@dataclass
class SolarImpact:
    """What :func:`solar_impact` returns.

    face_data : name -> (t,) float32 per triangle of the city (:data:`IMPACT_ARRAYS`), NaN out of reach
    buildings : one row per neighbour analysed (index ``building_id``): exposed face area
        (``area_m2``), the part of it losing at least an hour of sun (``area_losing_1h_m2``), area-weighted ``sunlight_hours_before`` / ``_after`` / ``_change``,
        ``irradiation_kwh_before`` / ``_after`` / ``_change`` (kWh over the period, all its
        analysed faces) and ``irradiation_change_pct``; the most area losing an hour first
    radius_m : how far from the models' footprints faces were analysed
    day : the day of the sunlight hours
    """

    face_data: dict[str, np.ndarray]
    buildings: pd.DataFrame
    radius_m: float
    day: object
    n_faces: int
    n_models: int
    n_replaced: int
    timings_s: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    weather_label: str = ""
    measured: bool = False

    def losers(self, min_area_m2: float = 1.0) -> pd.DataFrame:
        """Neighbours with at least ``min_area_m2`` of roof or facade losing an hour of sun or more."""
        return self.buildings[self.buildings["area_losing_1h_m2"] >= min_area_m2]


class _ReplayedScene:
    """The unchanged city's scene, cast once for both states.

    The "before" run records what each batch of rays met (keyed by a digest of
    the rays); the "after" run casts exactly the same rays against the same
    scene (the same samples and directions), so it replays the answers instead
    of casting them again. A batch not recorded is cast.
    """

    def __init__(self, scene: OcclusionScene) -> None:
        self.scene = scene
        self.threads = scene.threads
        self.n_triangles = scene.n_triangles
        self.recording = True
        self._answers: dict[bytes, np.ndarray] = {}

    @staticmethod
    def _key(origins: np.ndarray, directions: np.ndarray) -> bytes:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(origins.tobytes())
        digest.update(directions.tobytes())
        return digest.digest()

    def _cast(self, origins: np.ndarray, directions: np.ndarray, cast) -> np.ndarray:
        origins = np.ascontiguousarray(origins, dtype=np.float32)
        directions = np.ascontiguousarray(directions, dtype=np.float32)
        key = self._key(origins, directions)
        if not self.recording:
            answer = self._answers.pop(key, None)
            if answer is not None:
                return answer
        answer = cast(origins, directions)
        if self.recording:
            self._answers[key] = answer
        return answer

    def occluded(self, origins: np.ndarray, directions: np.ndarray) -> np.ndarray:
        return self._cast(origins, directions, self.scene.occluded)

    def occluded_serial(self, origins: np.ndarray, directions: np.ndarray) -> np.ndarray:
        return self._cast(origins, directions, self.scene.occluded_serial)


def default_radius_m(city, models: np.ndarray) -> float:
    """Reach of the models' shadows (see the module docstring)."""
    b = city.buildings
    sel = models[b.triangle_building]
    if not sel.any():
        return REACH_MIN_M
    z = b.vertices[np.unique(b.triangles[sel]), 2]
    height = float(z.max() - z.min())
    reach = height / math.tan(math.radians(REACH_SUN_ELEVATION_DEG))
    return float(min(max(reach, REACH_MIN_M), REACH_MAX_M))


def neighbour_faces(city, models: np.ndarray, under: np.ndarray, radius_m: float) -> np.ndarray:
    """(t,) bool: faces of the other buildings whose centre lies within ``radius_m`` of a model's footprint."""
    b = city.buildings
    other = ~(models | under)
    candidates = other[b.triangle_building]
    if not candidates.any():
        return candidates
    footprints = [p for i in np.flatnonzero(models) for p in model_footprint(b, int(i))]
    shapes = [shapely.Polygon(p.exterior, list(p.holes)) for p in footprints]
    area = shapely.union_all(shapes).buffer(radius_m)
    idx = np.flatnonzero(candidates)
    centre = b.vertices[b.triangles[idx]].mean(axis=1)
    inside = shapely.contains_xy(area, centre[:, 0], centre[:, 1])
    out = np.zeros(len(candidates), dtype=bool)
    out[idx[inside]] = True
    return out


def solar_impact(
    city,
    weather: Weather,
    settings: SolarSettings | None = None,
    *,
    radius_m: float | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> SolarImpact:
    """The change in the neighbours' sun that the city's project models bring.

    Parameters
    ----------
    city : city.model.City holding at least one project model (attribute ``project``)
    weather : Weather of the irradiation (``clear_sky_year``, ``read_epw``...)
    settings : SolarSettings (sampling, sky, ``sunlight_first_day`` for the sunlight hours)
    radius_m : float, optional: faces analysed within this distance of the models'
        footprints (default :func:`default_radius_m`)

    Returns
    -------
    SolarImpact. The face arrays are *not* written to the city: the caller
    decides (the window writes them to ``city.buildings.face_data``).

    Raises
    ------
    NoProjectModel : the city holds no project model.
    """
    settings = settings or SolarSettings()
    t0 = time.perf_counter()
    b = city.buildings
    models, under = project_masks(city)
    if not models.any():
        raise NoProjectModel(f"{city.name}: no project model to compare with (import one with File > Add layer)")
    radius = float(radius_m) if radius_m is not None else default_radius_m(city, models)
    if not radius > 0:
        raise ValueError(f"radius must be positive, got {radius_m}")
    faces = neighbour_faces(city, models, under, radius)
    idx = np.flatnonzero(faces)
    report(progress, 0.0, "sun and sky")
    site = site_of(city)
    sky = solar_sky(weather, site, settings)
    timings = {"setup": time.perf_counter() - t0}
    results = {}
    t1 = time.perf_counter()
    report(progress, 0.03, "building the ray-casting scenes")
    opts = {"robust": settings.robust_rays, "threads": settings.threads}
    # the unchanged city in one scene, each state's own buildings in another (see SceneUnion)
    unchanged = OcclusionScene.from_city(city, terrain=settings.include_terrain, trees=settings.include_trees,
                                         buildings=~(models | under), **opts)
    own = {"before": OcclusionScene.from_city(city, terrain=False, trees=False, buildings=under, **opts),
           "after": OcclusionScene.from_city(city, terrain=False, trees=False, buildings=models, **opts)}
    timings["scenes"] = time.perf_counter() - t1
    replayed = _ReplayedScene(unchanged)
    try:
        for k, state in enumerate(("before", "after")):
            check(cancel)
            t1 = time.perf_counter()
            replayed.recording = state == "before"
            if len(idx):
                mesh = irradiate_mesh(b.vertices, b.triangles[idx], b.triangle_surface[idx],
                                      SceneUnion(replayed, own[state]), sky, site, settings,
                                      progress=progress, cancel=cancel, progress_span=(0.05 + 0.475 * k, 0.5 + 0.475 * k))
                results[state] = mesh.arrays
                timings[f"{state}_rays"] = mesh.ray_seconds
            else:
                results[state] = {"sunlight_hours": np.zeros(0, np.float32),
                                  "solar_irradiation_kwh_m2": np.zeros(0, np.float32),
                                  "sky_view_factor": np.zeros(0, np.float32)}
            timings[state] = time.perf_counter() - t1
    finally:
        for scene in (unchanged, *own.values()):
            scene.close()
    t = len(b.triangles)
    face_data = {}
    for name, key in (("impact_sunlight_hours", "sunlight_hours"), ("impact_irradiation_kwh_m2", "solar_irradiation_kwh_m2")):
        column = np.full(t, np.nan, dtype=np.float32)
        column[idx] = results["after"][key].astype(np.float64) - results["before"][key].astype(np.float64)
        face_data[name] = column
    table = _building_table(city, idx, results)
    day = settings.sunlight_first_day
    notes = [
        f"faces of {len(table)} neighbouring buildings within {radius:.0f} m of the project "
        f"({len(idx)} faces); {int(models.sum())} project model(s) replacing {int(under.sum())} building(s)",
        f"sunlight hours on {day.isoformat() if day else 'no day'}; irradiation over {sky.n_hours} hours "
        f"of {weather.label}",
    ]
    if not weather.measured:
        notes.append("clear sky, not measured weather")
    timings["total"] = time.perf_counter() - t0
    report(progress, 1.0, "done")
    return SolarImpact(face_data, table, radius, day, len(idx), int(models.sum()), int(under.sum()), timings, notes,
                       weather.label, weather.measured)


def _building_table(city, idx: np.ndarray, results: dict) -> pd.DataFrame:
    """Per-neighbour figures over its analysed faces that see some sky (roofs and walls)."""
    b = city.buildings
    owner = b.triangle_building[idx]
    area = b.triangle_areas_m2()[idx]
    surface = b.triangle_surface[idx]
    exposed = (np.asarray(results["before"]["sky_view_factor"]) > 0) & ((surface == ROOF) | (surface == WALL))
    weights = area * exposed
    used, inverse = np.unique(owner, return_inverse=True)
    n = len(used)
    total_area = np.bincount(inverse, weights=weights, minlength=n)
    change = np.asarray(results["after"]["sunlight_hours"], np.float64) - results["before"]["sunlight_hours"]
    losing = np.bincount(inverse, weights=weights * (change <= -1.0), minlength=n)

    def per_building(values: np.ndarray) -> np.ndarray:
        return np.bincount(inverse, weights=weights * np.asarray(values, dtype=np.float64), minlength=n)

    with np.errstate(invalid="ignore", divide="ignore"):
        hours_before = per_building(results["before"]["sunlight_hours"]) / total_area
        hours_after = per_building(results["after"]["sunlight_hours"]) / total_area
        kwh_before = per_building(results["before"]["solar_irradiation_kwh_m2"])
        kwh_after = per_building(results["after"]["solar_irradiation_kwh_m2"])
        table = pd.DataFrame(
            {
                "area_m2": total_area,
                "area_losing_1h_m2": losing,
                "sunlight_hours_before": hours_before,
                "sunlight_hours_after": hours_after,
                "sunlight_hours_change": hours_after - hours_before,
                "irradiation_kwh_before": kwh_before,
                "irradiation_kwh_after": kwh_after,
                "irradiation_kwh_change": kwh_after - kwh_before,
                "irradiation_change_pct": np.where(kwh_before > 0, 100.0 * (kwh_after - kwh_before) / kwh_before, np.nan),
            },
            index=pd.Index([b.ids[i] for i in used], name="building_id"),
        )
    table = table[table["area_m2"] > 0]
    return table.sort_values(["area_losing_1h_m2", "sunlight_hours_change"], ascending=[False, True])


__all__ = ["IMPACT_ARRAYS", "NoProjectModel", "SolarImpact", "default_radius_m", "neighbour_faces", "solar_impact"]
