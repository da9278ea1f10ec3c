"""Tree inventories (the Paris "les arbres" open data, GeoJSON or CSV) -> a city's trees.

Sizing rule (shown to users, see ``SIZING_RULE``):

- height: ``hauteurenm`` (or ``height``/``hauteur``) when above 0 and
  plausible (below), otherwise from the development stage (young 5 m, young
  adult 8 m, adult 12 m, mature 18 m; at most the trunk's buckling limit below
  when the circumference is known), otherwise 8 m;
- trunk diameter: circumference / π (``circonferenceencm``) when above 0,
  otherwise 2.5 % of the height;
- crown diameter: 25 × the trunk diameter (the crown-to-stem ratio of common
  urban broadleaves is about 20-30, Hemery et al. 2005, Forestry 78(2)),
  kept between 2 m and 0.8 × the height.

Plausibility check (the inventory has typos: a cornel with an 11 cm
circumference recorded as 43 m tall). A recorded height is implausible when

- it is 80 m or more (the tallest trees of France are about 60 m), or
- it is above what a stem of that circumference can hold up:
  1.3 m (where the circumference is measured) + Greenhill's critical height
  of a wooden column, 0.79 (E / (ρ g))^(1/3) d^(2/3) (Greenhill 1881;
  McMahon 1973, Science 179:1201), with green wood's E = 10 GPa and
  ρ = 1000 kg/m³: 1.3 + 79 d^(2/3) m, d the trunk diameter in metres
  (9.8 m for an 11 cm circumference, 38 m for 1 m), or
- it is more than 3 × the typical height of its development stage (above).

An implausible tree is drawn with its stage's height (at most the limit
above), else with the typical height for its trunk, 16 d^0.6 m (the log-log
least-squares fit of the 3,247 trees of the Paris extract with both figures, at most the
limit), else 8 m. It keeps its recorded height in the ``recorded_height_m``
attribute and the reason in ``height_implausible`` (None for the others);
``TreeImportReport.height_implausible`` counts them.

Rows whose height or circumference is not a number, or whose position is
missing, not finite or outside Île-de-France, are skipped and counted in a
:class:`TreeImportReport` (``city.tree_report``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from city.crs import WORKING_CRS, LocalFrame, reproject_xy
from city.model import City, Trees
from importers.errors import InvalidFile

SIZING_RULE = (
    "height from the inventory (else from the development stage: young 5 m, young adult 8 m, adult 12 m, "
    "mature 18 m; else 8 m); trunk diameter = circumference / π (else 2.5 % of the height); "
    "crown diameter = 25 × trunk diameter, between 2 m and 0.8 × height; "
    "a recorded height of 80 m or more, above 1.3 + 79 d^(2/3) m (the buckling height of a wooden stem "
    "of diameter d m, Greenhill 1881) or above 3 × its stage's height is flagged implausible, and the tree "
    "is drawn with its stage's height, else 16 d^0.6 m, at most that limit"
)

STAGE_HEIGHT_M = {"jeune (arbre)": 5.0, "jeune (arbre)adulte": 8.0, "adulte": 12.0, "mature": 18.0}
DEFAULT_HEIGHT_M = 8.0
MAX_HEIGHT_M = 80.0
"""Recorded heights from this one up are typos: the tallest trees of France are about 60 m."""
BREAST_HEIGHT_M = 1.3
"""Where the circumference is measured."""
GREEN_WOOD_YOUNG_MODULUS_PA = 10e9
GREEN_WOOD_DENSITY_KG_M3 = 1000.0
BUCKLING_COEFFICIENT = 0.79 * (GREEN_WOOD_YOUNG_MODULUS_PA / (GREEN_WOOD_DENSITY_KG_M3 * 9.81)) ** (1 / 3)
"""Greenhill's critical height of a column of diameter d under its own weight is this × d^(2/3) (≈ 79, metres)."""
STAGE_HEIGHT_FACTOR = 3.0
"""A recorded height above this × its stage's typical height is implausible."""
#: Île-de-France in Lambert-93 (generous): positions outside are not Paris trees.
IDF_EXTENT_L93 = (560_000.0, 6_760_000.0, 730_000.0, 6_920_000.0)

# Column names are compared lower-case with only letters and digits kept, so the
# GeoJSON keys ("hauteurenm") and the CSV headers ("HAUTEUR (m)") both match.
_HEIGHT_KEYS = ("hauteurenm", "hauteurm", "height", "hauteur", "heightm")
_CIRC_KEYS = ("circonferenceencm", "circonferencecm", "circumferencecm", "circonference")
_ID_KEYS = ("idbase", "id", "identifiant")
_STAGE_KEYS = ("stadedeveloppement", "stadededeveloppement")


def height_limit_m(trunk_diameter_m: float | np.ndarray) -> float | np.ndarray:
    """Tallest plausible tree on a trunk of this diameter (m, measured at 1.3 m): the stem's buckling height.

    1.3 m + 0.79 (E / (ρ g))^(1/3) d^(2/3), Greenhill (1881) as used for trees
    by McMahon (1973, Science 179:1201); green wood E = 10 GPa, ρ = 1000 kg/m³.
    """
    return BREAST_HEIGHT_M + BUCKLING_COEFFICIENT * np.asarray(trunk_diameter_m, dtype=np.float64) ** (2 / 3)


def typical_height_m(trunk_diameter_m: float | np.ndarray) -> float | np.ndarray:
    """Typical height (m) of a Paris street tree with this trunk diameter (m): 16 d^0.6, at most :func:`height_limit_m`.

    16 d^0.6 is the least-squares fit, in log-log, of the 3,247 trees of the
    Paris "les arbres" extract that record both a height and a circumference.
    """
    d = np.asarray(trunk_diameter_m, dtype=np.float64)
    return np.minimum(16.0 * d**0.6, height_limit_m(d))


def _implausible_height(height_m: float, trunk_m: float | None, stage_height_m: float | None) -> str | None:
    """Why a recorded height cannot be right, or None when it can."""
    if height_m >= MAX_HEIGHT_M:
        return f"{height_m:g} m recorded: {MAX_HEIGHT_M:g} m or more"
    if trunk_m is not None and height_m > (limit := float(height_limit_m(trunk_m))):
        return f"{height_m:g} m recorded: above {limit:.1f} m, the buckling height of a trunk of {trunk_m * 100 * np.pi:.0f} cm circumference"
    if stage_height_m is not None and height_m > STAGE_HEIGHT_FACTOR * stage_height_m:
        return f"{height_m:g} m recorded: above {STAGE_HEIGHT_FACTOR:g} × {stage_height_m:g} m, the typical height of its development stage"
    return None


def _normalise(props: dict[str, Any]) -> dict[str, Any]:
    return {"".join(ch for ch in str(k).lower() if ch.isalnum()): v for k, v in props.items()}


@dataclass
class TreeImportReport:
    """What the import did, for the user: counts per rule and per reason of skip."""

    read: int = 0
    kept: int = 0
    height_from_inventory: int = 0
    height_from_stage: int = 0
    height_from_circumference: int = 0
    height_default: int = 0
    height_implausible: int = 0
    """Recorded heights flagged implausible (see the module's plausibility check); drawn by the rule instead."""
    trunk_from_circumference: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def _first(props: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if k in props and props[k] not in (None, ""):
            return props[k]
    return None


def _number(value: Any) -> float | None:
    """A float, or None for missing; raises ValueError for text that is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    v = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    if not np.isfinite(v):
        raise ValueError(value)
    return v


def _rows_geojson(path: Path, text: str) -> tuple[list[tuple[Any, Any, dict]], str]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidFile(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", location=f"line {exc.lineno}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise InvalidFile(path, "not a GeoJSON FeatureCollection (no 'features' list)")
    crs = "EPSG:4326"
    named = (((doc.get("crs") or {}).get("properties") or {}).get("name")) if isinstance(doc.get("crs"), dict) else None
    if named:
        crs = str(named).replace("urn:ogc:def:crs:", "").replace("::", ":").replace("OGC:1.3:CRS84", "EPSG:4326")
    rows = []
    for feat in doc["features"]:
        geom = (feat or {}).get("geometry") or {}
        coords = geom.get("coordinates") if geom.get("type") == "Point" else None
        props = (feat or {}).get("properties") or {}
        if coords is None or len(coords) < 2:
            rows.append((None, None, props))
        else:
            rows.append((coords[0], coords[1], props))
    return rows, crs


def _rows_csv(path: Path, text: str) -> tuple[list[tuple[Any, Any, dict]], str]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = []
    for props in reader:
        point = props.get("geo_point_2d") or props.get("geo_point")
        lon = lat = None
        if point:
            try:
                lat, lon = (float(v) for v in point.split(","))
            except ValueError:
                pass
        else:
            lon, lat = props.get("lon") or props.get("longitude"), props.get("lat") or props.get("latitude")
        rows.append((lon, lat, props))
    return rows, "EPSG:4326"


def read_tree_inventory(path: str | PathLike[str], *, crs: str | None = None, progress=None, cancel=None) -> City:
    """Read a tree inventory (GeoJSON points or CSV with a geo_point_2d column) into a new city.

    Returns a City whose ``trees`` carry species, common name, address and
    development stage as attributes, and whose ``tree_report`` counts how
    each tree was sized and why rows were skipped.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidFile(path, f"cannot read the file ({exc.strerror})") from None
    if not raw.strip():
        raise InvalidFile(path, "the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFile(path, f"not UTF-8 text (byte {exc.start})", location=f"byte {exc.start}") from None
    if text.lstrip().startswith(("{", "[")):
        rows, file_crs = _rows_geojson(path, text)
    else:
        rows, file_crs = _rows_csv(path, text)
    src = crs or file_crs
    report = TreeImportReport(read=len(rows))
    xs, ys, heights, trunks, ids, species, common, addresses, stages, original = [], [], [], [], [], [], [], [], [], []
    recorded, implausible, rules, measured = [], [], [], []
    for i, (x, y, raw_props) in enumerate(rows):
        props = _normalise(raw_props)
        try:
            xv, yv = _number(x), _number(y)
        except (TypeError, ValueError):
            report.skip("position not a number")
            continue
        if xv is None or yv is None:
            report.skip("no position")
            continue
        try:
            h = _number(_first(props, _HEIGHT_KEYS))
            c = _number(_first(props, _CIRC_KEYS))
        except (TypeError, ValueError):
            report.skip("height or circumference not a number")
            continue
        stage = str(_first(props, _STAGE_KEYS) or "").strip().lower()
        stage_h = STAGE_HEIGHT_M.get(stage)
        measured_trunk = c / 100.0 / np.pi if c is not None and 0 < c < 2000 else None
        why = _implausible_height(h, measured_trunk, stage_h) if h is not None and h > 0 else None
        if h is not None and h > 0 and why is None:
            rule = "inventory"
        elif stage_h is not None:
            h = stage_h if measured_trunk is None else min(stage_h, float(height_limit_m(measured_trunk)))
            rule = "stage"
        elif measured_trunk is not None and why is not None:
            h = float(typical_height_m(measured_trunk))
            rule = "circumference"
        else:
            h = DEFAULT_HEIGHT_M
            rule = "default"
        rules.append(rule)
        recorded.append(_number(_first(props, _HEIGHT_KEYS)) if why is not None else None)
        implausible.append(why)
        trunk = measured_trunk if measured_trunk is not None else 0.025 * h
        measured.append(measured_trunk is not None)
        xs.append(xv)
        ys.append(yv)
        heights.append(h)
        trunks.append(trunk)
        ident = _first(props, _ID_KEYS)
        ids.append(str(ident) if ident is not None else f"{path.stem}-{i + 1}")
        species.append(" ".join(str(props[k]) for k in ("genre", "espece") if props.get(k)) or None)
        common.append(props.get("libellefrancais"))
        addresses.append(props.get("adresse"))
        stages.append(_first(props, _STAGE_KEYS))
        original.append(i)
        if cancel is not None and i % 5000 == 0 and cancel():
            from importers.errors import Cancelled

            raise Cancelled(path, "cancelled by the user")
    if not xs:
        raise InvalidFile(path, f"no usable tree among {len(rows)} rows ({report.skipped or 'no rows'})")
    try:
        x93, y93 = reproject_xy(np.asarray(xs), np.asarray(ys), src, WORKING_CRS)
    except Exception as exc:
        raise InvalidFile(path, f"cannot reproject from {src} ({exc})") from None
    xmin, ymin, xmax, ymax = IDF_EXTENT_L93
    inside = np.isfinite(x93) & np.isfinite(y93) & (x93 >= xmin) & (x93 <= xmax) & (y93 >= ymin) & (y93 <= ymax)
    for _ in range(int((~inside).sum())):
        report.skip("outside Île-de-France")
    keep = np.flatnonzero(inside)
    if not len(keep):
        raise InvalidFile(path, "no tree lies in Île-de-France: wrong coordinates or wrong CRS?")
    origin = (float(np.round(np.median(x93[keep]), -2)), float(np.round(np.median(y93[keep]), -2)), 0.0)
    frame = LocalFrame(WORKING_CRS, origin)
    h = np.asarray(heights)[keep]
    trunk = np.asarray(trunks)[keep]
    crown = np.clip(25.0 * trunk, 2.0, np.maximum(0.8 * h, 2.0))
    positions = np.column_stack([x93[keep] - origin[0], y93[keep] - origin[1], np.zeros(len(keep))])
    report.kept = len(keep)
    # The rules are counted over the trees kept, so the counts add up to what is shown.
    kept_rules = [rules[k] for k in keep]
    report.height_from_inventory = kept_rules.count("inventory")
    report.height_from_stage = kept_rules.count("stage")
    report.height_from_circumference = kept_rules.count("circumference")
    report.height_default = kept_rules.count("default")
    report.height_implausible = sum(implausible[k] is not None for k in keep)
    report.trunk_from_circumference = sum(measured[k] for k in keep)
    pick = lambda seq: np.array([seq[k] for k in keep], dtype=object)  # noqa: E731
    trees = Trees(
        ids=[ids[k] for k in keep],
        positions=positions,
        height_m=h,
        crown_diameter_m=crown,
        trunk_diameter_m=trunk,
        attributes={
            "species": pick(species), "common_name": pick(common), "address": pick(addresses), "stage": pick(stages),
            "recorded_height_m": pick(recorded), "height_implausible": pick(implausible),
        },
    )
    city = City(name=path.stem, frame=frame, trees=trees, provenance=f"Tree inventory {path.name}")
    city.tree_report = report  # type: ignore[attr-defined]
    return city
