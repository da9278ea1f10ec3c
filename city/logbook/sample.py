"""A generated sample logbook for the demo district, labelled as such everywhere.

The values are plausible, not surveyed: DPE classes follow the construction
period the way the Paris housing stock does (pre-1948 masonry mostly E-G,
post-2012 mostly A-C, after ADEME's *Observatoire DPE* distributions, coarsely),
systems follow the period, and a share of inspections is overdue at the
reference date so the "inspection overdue" filter has something to show.

Every entry is written with author ``"sample generator"``, a reason saying it
is generated demo data, and source ``"sample"`` (the summary card's
``sample_data`` flag); the logbook's ``sample_data`` property is set.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from city.logbook.fields import (
    DPE_CLASSES,
    DPE_ENERGY_MAX_KWH_M2_YEAR,
    DPE_GHG_MAX_KGCO2_M2_YEAR,
    FIELDS,
    FieldValueError,
    construction_period_of,
    dpe_class_from_values,
)
from city.logbook.store import SAMPLE_SOURCE, LogbookStore

__all__ = ["SAMPLE_AUTHOR", "SAMPLE_REASON", "generate_sample_logbook"]

SAMPLE_AUTHOR = "sample generator"
SAMPLE_REASON = "generated demo data: plausible values, not surveyed; do not use for decisions"

# P(class A..G) by construction period: coarse shape of the Paris DPE stock.
_DPE_WEIGHTS: dict[str, tuple[float, ...]] = {
    "before_1850": (0.00, 0.01, 0.06, 0.22, 0.31, 0.22, 0.18),
    "1850_1913": (0.00, 0.01, 0.07, 0.25, 0.32, 0.20, 0.15),
    "1914_1947": (0.00, 0.02, 0.08, 0.26, 0.30, 0.19, 0.15),
    "1948_1974": (0.00, 0.03, 0.12, 0.32, 0.30, 0.15, 0.08),
    "1975_1988": (0.01, 0.05, 0.22, 0.37, 0.23, 0.09, 0.03),
    "1989_2000": (0.02, 0.08, 0.30, 0.35, 0.17, 0.06, 0.02),
    "2001_2012": (0.04, 0.18, 0.40, 0.26, 0.09, 0.02, 0.01),
    "2013_2021": (0.15, 0.40, 0.35, 0.08, 0.02, 0.00, 0.00),
    "after_2021": (0.35, 0.45, 0.18, 0.02, 0.00, 0.00, 0.00),
}
_YEAR_ATTRIBUTES = ("construction_year", "year_built", "annee_construction", "date_app")
_USE_ATTRIBUTES = ("main_use", "usage", "usage1")


# Free-text usage attributes (the demo district's "residential, shops on the
# ground floor", BD TOPO's "Résidentiel") -> main_use, first match wins.
_USE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("shop", "commerce", "retail"), "mixed_residential"),
    (("residential", "résidentiel", "habitation", "logement"), "residential"),
    (("office", "bureau"), "office"),
    (("school", "enseignement", "university"), "education"),
    (("hospital", "santé", "health"), "health"),
    (("public", "administrati", "court"), "public_services"),
    (("hotel", "hôtel"), "hotel"),
    (("industr", "warehouse", "entrepôt"), "industrial"),
)


def _main_use(text: str) -> str | None:
    folded = text.casefold().strip()
    if folded in FIELDS["main_use"].choices:
        return folded
    for words, use in _USE_WORDS:
        if any(w in folded for w in words):
            if use == "mixed_residential" and not any(w in folded for w in ("residential", "habitation", "logement")):
                return "retail"
            return use
    return None


def _known(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float | np.floating) and math.isnan(value):
        return False
    return True


def _year(attributes: Mapping[str, Sequence[Any]], i: int, rng: np.random.Generator) -> int:
    for name in _YEAR_ATTRIBUTES:
        column = attributes.get(name)
        if column is not None and _known(column[i]):
            try:
                year = int(float(column[i]))
            except (TypeError, ValueError):
                continue
            if 1000 <= year <= dt.date.today().year:
                return year
    # Paris: mostly Haussmannian and older fabric, then post-war blocks.
    period = rng.choice(5, p=[0.12, 0.55, 0.10, 0.15, 0.08])
    bounds = [(1700, 1849), (1850, 1913), (1914, 1947), (1948, 1974), (1975, 2020)][period]
    return int(rng.integers(bounds[0], bounds[1] + 1))


def _band(rng: np.random.Generator, letter: str, bounds: Mapping[str, float], top: float) -> float:
    letters = list(DPE_CLASSES)
    k = letters.index(letter)
    lo = 0.0 if k == 0 else bounds[letters[k - 1]]
    hi = bounds.get(letter, top)
    return round(float(rng.uniform(lo + 1, hi)), 1)


def _installer(rng: np.random.Generator) -> str:
    return f"Entreprise Exemple {int(rng.integers(1, 40))} (fictitious)"


def _event_id(rng: np.random.Generator) -> str:
    return rng.bytes(16).hex()


def _day(start: dt.date, rng: np.random.Generator, span_days: int) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, max(span_days, 1))))


def generate_sample_logbook(
    store: LogbookStore,
    building_ids: Sequence[str],
    attributes: Mapping[str, Sequence[Any]] | None = None,
    seed: int = 0,
    *,
    reference_date: dt.date | None = None,
) -> dict[str, int]:
    """Fill ``store`` with a generated, clearly labelled sample logbook.

    Parameters
    ----------
    store : LogbookStore
        Opened for editing.
    building_ids : sequence of str, (b,)
        The buildings to describe (``City.buildings.ids``).
    attributes : mapping str -> sequence of length b, optional
        Known building attributes (``City.buildings.attributes``). A column
        named like a logbook field (``construction_year``, ``main_use``...)
        is used as is when valid; ``year_built`` and free-text ``usage`` are
        understood too; ``storeys`` (or else ``height_m`` / 3 m) gives the storey count.
    seed : int
        Same seed, ids, attributes and reference date -> same values and event ids.
    reference_date : date, optional
        "Today" of the sample (default: today): DPE and inspection dates are
        drawn before it, about one next-due date in six before it (overdue),
        the rest after.

    Returns
    -------
    dict
        ``{"buildings": b, "field_entries": n, "events": m}``.
    """
    attributes = dict(attributes or {})
    n = len(building_ids)
    for name, column in attributes.items():
        if len(column) != n:
            raise ValueError(f"sample logbook: attribute {name!r} has {len(column)} values for {n} buildings")
    rng = np.random.default_rng(seed)
    changes: list[tuple[str, str, Any]] = []
    events: list[tuple[str, str, dict[str, Any]]] = []
    event_ids: list[str] = []
    ref = reference_date or dt.date.today()

    def event(building_id: str, kind: str, data: dict[str, Any]) -> None:
        events.append((building_id, kind, data))
        event_ids.append(_event_id(rng))

    for i, building_id in enumerate(building_ids):
        values: dict[str, Any] = {}
        # Attribute columns named like fields are taken when valid.
        for name, column in attributes.items():
            if name in FIELDS and _known(column[i]):
                try:
                    values[name] = FIELDS[name].validate(column[i].item() if hasattr(column[i], "item") else column[i])
                except FieldValueError:
                    pass
        year = _year(attributes, i, rng)
        period = construction_period_of(year)
        values["construction_year"] = year
        values["construction_period"] = period
        if year < 1914:
            values["structure"] = str(rng.choice(["stone_masonry", "rubble_masonry", "brick_masonry"], p=[0.6, 0.25, 0.15]))
            values["facade_material"] = "pierre de taille" if values["structure"] == "stone_masonry" else "enduit plâtre"
        elif year < 1948:
            values["structure"] = str(rng.choice(["brick_masonry", "reinforced_concrete", "mixed"], p=[0.5, 0.3, 0.2]))
        else:
            values["structure"] = str(rng.choice(["reinforced_concrete", "steel_frame", "mixed"], p=[0.8, 0.1, 0.1]))
        height = attributes.get("height_m")
        storeys_column = attributes.get("storeys")
        if storeys_column is not None and _known(storeys_column[i]):
            values.setdefault("storeys_above_ground", max(0, min(200, int(float(storeys_column[i])))))
        elif height is not None and _known(height[i]):
            values.setdefault("storeys_above_ground", max(1, min(60, int(float(height[i]) / 3.0))))
        else:
            values.setdefault("storeys_above_ground", int(rng.integers(4, 9)))
        storeys = int(values["storeys_above_ground"])
        for name in _USE_ATTRIBUTES:
            column = attributes.get(name)
            if column is not None and _known(column[i]):
                use = _main_use(str(column[i]))
                if use is not None:
                    values.setdefault("main_use", use)
        values.setdefault("main_use", str(rng.choice(["residential", "mixed_residential", "office"], p=[0.6, 0.3, 0.1])))
        if values["main_use"] in ("residential", "mixed_residential"):
            values["dwellings"] = max(1, storeys * int(rng.integers(2, 5)))
            values["owner_type"] = str(rng.choice(["co_ownership", "social_landlord", "single_private"], p=[0.75, 0.2, 0.05]))
        values["floor_area_m2"] = round(float(storeys * rng.uniform(150, 600)), 0)
        values["heritage_protection"] = str(rng.choice(["none", "spr", "abords_mh", "mh_inscrit"], p=[0.7, 0.15, 0.12, 0.03])) if year < 1914 else "none"

        # Energy: class by period, values inside the class band (double threshold).
        letter = str(rng.choice(list(DPE_CLASSES), p=_DPE_WEIGHTS[period]))
        energy = _band(rng, letter, DPE_ENERGY_MAX_KWH_M2_YEAR, 600.0)
        ghg_letter = DPE_CLASSES[int(rng.integers(0, DPE_CLASSES.index(letter) + 1))]
        ghg = _band(rng, ghg_letter, DPE_GHG_MAX_KGCO2_M2_YEAR, 140.0)
        dpe_day = _day(dt.date(2021, 7, 1), rng, (ref - dt.date(2021, 7, 1)).days)
        values.update(
            dpe_class=dpe_class_from_values(energy, ghg),
            ges_class=dpe_class_from_values(0.0, ghg),
            dpe_energy_kwh_m2_year=energy,
            dpe_ghg_kgco2_m2_year=ghg,
            dpe_date=dpe_day,
            dpe_valid_until=dpe_day.replace(year=dpe_day.year + 10) if not (dpe_day.month == 2 and dpe_day.day == 29)
            else dt.date(dpe_day.year + 10, 3, 1),
        )

        # Systems follow the period (and the DPE: G buildings keep old systems).
        if year >= 2013:
            heating = str(rng.choice(["district_heating", "heat_pump_air_water", "gas_condensing_boiler"], p=[0.4, 0.3, 0.3]))
        elif letter in "FG":
            heating = str(rng.choice(["electric_direct", "gas_boiler", "oil_boiler"], p=[0.5, 0.4, 0.1]))
        else:
            heating = str(rng.choice(["gas_boiler", "gas_condensing_boiler", "district_heating", "electric_direct"],
                                     p=[0.3, 0.3, 0.25, 0.15]))
        values["heating_system"] = heating
        values["heating_energy"] = {
            "district_heating": "district_network", "heat_pump_air_water": "electricity",
            "electric_direct": "electricity", "oil_boiler": "heating_oil",
        }.get(heating, "natural_gas")
        values["heating_installed_on"] = _day(dt.date(max(year, 1990), 1, 1), rng, 365 * 10)
        values["heating_installer"] = _installer(rng)
        values["hot_water_system"] = "from_heating" if "boiler" in heating or heating == "district_heating" else "electric_tank"
        values["cooling_system"] = str(rng.choice(["none", "split_units"], p=[0.85, 0.15]))
        values["ventilation_system"] = "natural" if year < 1970 else str(rng.choice(["mech_single_flow", "mech_hygro", "mech_double_flow"]))
        values["glazing"] = str(rng.choice(["single", "double", "mixed"], p=[0.2, 0.5, 0.3])) if year < 1975 else "double"
        values["wall_insulation"] = "none" if letter in "FG" else str(rng.choice(["none", "internal", "external"], p=[0.4, 0.45, 0.15]))
        values["roof_insulation"] = "none" if letter == "G" else str(rng.choice(["none", "internal"], p=[0.3, 0.7]))
        changes.extend((building_id, key, value) for key, value in values.items())

        # Works: a third of the buildings had insulation or system works.
        if rng.random() < 0.35:
            day = _day(dt.date(2012, 1, 1), rng, (ref - dt.date(2012, 1, 1)).days - 60)
            category = str(rng.choice(["roof_insulation", "windows", "heating", "ventilation", "facade"]))
            event(building_id, "works", {
                "date": day, "end_date": day + dt.timedelta(days=int(rng.integers(5, 60))),
                "category": category, "installer": _installer(rng), "rge_certified": bool(rng.random() < 0.7),
                "cost_eur": round(float(rng.uniform(5_000, 250_000)), -2),
                "description": f"Sample {category.replace('_', ' ')} works (generated)",
            })
        # Inspections: facade every 10 years (Paris ravalement), lifts every 5 years,
        # boilers yearly; about one in six is overdue at the reference date.
        plans = [("facade", 10)]
        if storeys >= 5:
            plans.append(("lift", 5))
        if "boiler" in heating:
            plans.append(("boiler", 1))
        for inspection_kind, years in plans:
            overdue = rng.random() < 0.17
            if overdue:
                due = ref - dt.timedelta(days=int(rng.integers(10, 400)))
            else:
                due = ref + dt.timedelta(days=int(rng.integers(10, 365 * years)))
            done = due - dt.timedelta(days=365 * years)
            event(building_id, "inspection", {
                "date": done, "inspection_kind": inspection_kind, "next_due": due,
                "inspector": f"Bureau de contrôle Exemple {int(rng.integers(1, 12))} (fictitious)",
                "result": str(rng.choice(["compliant", "minor_defects", "major_defects"], p=[0.7, 0.25, 0.05])),
            })

    written = store.write_fields(changes, reason=SAMPLE_REASON, source=SAMPLE_SOURCE, author=SAMPLE_AUTHOR)
    store.add_events(events, reason=SAMPLE_REASON, source=SAMPLE_SOURCE, author=SAMPLE_AUTHOR, event_ids=event_ids)
    store.set_meta("sample_data", "generated demo data (city.logbook.sample)")
    return {"buildings": n, "field_entries": written, "events": len(events)}
