"""Located facilities from GeoJSON: the heating plants of district heating networks.

France Chaleur Urbaine's "Chaufferies des réseaux de chaleur en Île-de-France"
(``id_chauff``, ``combustib``, ``puissance`` in MW, ``gestionnai``,
``id_reseau``...) gives plant footprints as polygons; each becomes a
:class:`city.model.Site` of kind ``"heating_plant"`` at its outline's centroid,
with ``geothermal`` true when its energy sources name geothermal energy
("Geothermie", "Géothermie/Cogénération"...). Polygons are read, reprojected
and repaired by the GeoJSON importer; a degenerate outline that cannot be
repaired is skipped and counted in the import report.
"""

from __future__ import annotations

from os import PathLike

import numpy as np
import shapely

from city.model import City, Site
from importers._common import CancelCallback, ProgressCallback

PLANT_KEYS = frozenset({"id_chauff", "combustib", "puissance", "id_reseau", "gestionnai"})
"""Properties that mark a GeoJSON file as heating plants."""


def is_geothermal(properties: dict) -> bool:
    text = " ".join(str(properties.get(k, "")) for k in ("combustib", "ppale_sec", "energie", "source"))
    return "geoth" in text.lower().replace("é", "e")


def read_heating_plants(
    path: str | PathLike[str],
    *,
    crs: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> City:
    """A city holding only heating plants (``city.sites``), in Lambert-93."""
    from importers.geojson import read_geojson

    zones_city = read_geojson(path, crs=crs, kind="zones", progress=progress, cancel=cancel)
    sites: list[Site] = []
    seen: set[str] = set()
    for zone in zones_city.zones:
        props = dict(zone.attributes)
        base = str(props.get("id_chauff", zone.id)).split("#")[0]
        if base in seen:  # a MultiPolygon plant: one marker, at its first part
            continue
        seen.add(base)
        centroid = shapely.Polygon(zone.polygon.exterior, zone.polygon.holes).centroid
        position = np.array([centroid.x, centroid.y]) if not centroid.is_empty else zone.polygon.exterior.mean(axis=0)
        power = props.get("puissance")
        try:
            props["power_mw"] = float(power) if power not in (None, "") else float("nan")
        except (TypeError, ValueError):
            props["power_mw"] = float("nan")
        props["geothermal"] = is_geothermal(props)
        name = str(props.get("nom") or props.get("name") or f"heating plant {base}")
        props.setdefault("name", name)
        sites.append(Site(f"plant-{base}", "heating_plant", position, zone.polygon, props))
    report = zones_city.import_report
    if report is not None:
        report.kind = "heating plants"
        report.notes.append(f"{len(sites)} heating plants, {sum(s.attributes['geothermal'] for s in sites)} geothermal")
    return City(name=zones_city.name, frame=zones_city.frame, sites=sites,
                provenance=zones_city.provenance.replace("GeoJSON", "GeoJSON heating plants"), import_report=report)
