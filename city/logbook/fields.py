"""The field catalogue of the building logbook (carnet de santé numérique).

What a building's logbook holds, as plain data: every field has a key, a
type, a unit, an allowed range or list of choices, English and French labels
(the application translates; the library never formats for display), and a
``validate`` method that returns the normalised value or raises
:class:`FieldValueError` (a ``ValueError``) naming the field and the value.

Contents follow

- France's *carnet d'information du logement* (loi Climat et résilience
  art. 167, décret n° 2022-1674 du 27 décembre 2022): works on the envelope
  and insulation, heating, cooling, hot water and ventilation systems, each
  with its dates and installer;
- the EU Digital Building Logbook (European Commission, *Definition of the
  digital building logbook*, 2020): identity, construction, energy,
  systems, works, inspections, occupancy and use, documents.

Two kinds of content:

*Fields* (:data:`FIELDS`) are the building's current description (its
construction year, its DPE class, its heating system...). Each change is an
entry in the field's history; the current value is the latest entry.

*Events* (:data:`EVENT_KINDS`) are dated things that happened to the building
(works, inspections, documents). They appear on its timeline; each event has
its own fields (:data:`EVENT_FIELDS`) and is amended or retracted by new
revisions, never overwritten.

Storage types: ``INTEGER`` -> int, ``REAL`` -> float, ``TEXT`` and ``ENUM`` ->
str, ``DATE`` -> ISO ``YYYY-MM-DD`` str (so dates sort and compare as text in
SQL), ``BOOL`` -> bool (stored 0/1).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from city.logbook.messages import LogbookMessage, message

__all__ = [
    "DPE_CLASSES",
    "DPE_COLOURS",
    "DPE_ENERGY_MAX_KWH_M2_YEAR",
    "DPE_GHG_MAX_KGCO2_M2_YEAR",
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "FIELDS",
    "GES_COLOURS",
    "GROUPS",
    "PERIODS",
    "FieldSpec",
    "FieldType",
    "FieldValueError",
    "construction_period_of",
    "dpe_class_from_values",
    "field_spec",
    "validate_event_data",
    "validate_field",
]


class FieldValueError(ValueError):
    """A value is not allowed for a logbook field.

    The message names the field and the value; ``field`` and ``value`` keep
    them for a form to highlight the offending input. ``reason`` is the
    English text after them; when it is a
    :class:`~city.logbook.messages.LogbookMessage` (as the library's own
    are), ``code`` and ``params`` let the application say it in its language.
    """

    def __init__(self, field_key: str, value: Any, reason: str) -> None:
        super().__init__(f"{field_key}: {value!r} {reason}")
        self.field = field_key
        self.value = value
        self.reason = reason

    @property
    def code(self) -> str | None:
        return self.reason.code if isinstance(self.reason, LogbookMessage) else None

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.reason.params) if isinstance(self.reason, LogbookMessage) else {}


class FieldType(str, Enum):
    TEXT = "text"
    INTEGER = "integer"
    REAL = "real"
    DATE = "date"
    BOOL = "bool"
    ENUM = "enum"


_TRUE = {"true", "yes", "oui", "vrai", "1"}
_FALSE = {"false", "no", "non", "faux", "0"}


@dataclass(frozen=True)
class FieldSpec:
    """One logbook field.

    Parameters
    ----------
    key : str
        Stable identifier, used in the database, in CSV headers and in filters.
    type : FieldType
    group : str
        Key of :data:`GROUPS` (for the summary card and forms).
    label_en, label_fr : str
        Labels; the application chooses and translates.
    unit : str
        SI-style unit (``"kWh/m²/year"``), ``""`` when none.
    minimum, maximum : float, optional
        Inclusive bounds for INTEGER and REAL (for DATE: ISO strings).
    choices : tuple of str
        Allowed values of an ENUM field, in display order.
    choice_labels : mapping str -> (en, fr)
        Labels of the choices.
    pattern : str, optional
        Regular expression a TEXT value must match entirely.
    max_length : int
        Longest TEXT value accepted.
    description, description_fr : str
        One line saying what the field holds (the expected form of a patterned value), in English and French.
    """

    key: str
    type: FieldType
    group: str
    label_en: str
    label_fr: str
    unit: str = ""
    minimum: float | str | None = None
    maximum: float | str | None = None
    choices: tuple[str, ...] = ()
    choice_labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    pattern: str | None = None
    max_length: int = 500
    required: bool = False
    description: str = ""
    description_fr: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.type in (FieldType.INTEGER, FieldType.REAL)

    def validate(self, value: Any) -> Any:
        """Return ``value`` normalised to the storage type, or raise FieldValueError.

        Strings are accepted for every type (forms and CSV give text):
        ``"1932"`` for an INTEGER, ``"2024-03-01"`` for a DATE, ``"oui"`` for a BOOL.
        ``None`` is not a value: clearing a field is a separate operation.
        """
        if value is None:
            raise FieldValueError(self.key, value, message("empty_value"))
        kind = self.type
        if kind is FieldType.INTEGER:
            out: Any = self._integer(value)
        elif kind is FieldType.REAL:
            out = self._real(value)
        elif kind is FieldType.DATE:
            out = self._date(value)
        elif kind is FieldType.BOOL:
            out = self._bool(value)
        elif kind is FieldType.ENUM:
            out = self._enum(value)
        else:
            out = self._text(value)
        return out

    def decode(self, stored: Any) -> Any:
        """Storage value -> Python value (only BOOL differs: 0/1 -> False/True)."""
        if stored is None:
            return None
        if self.type is FieldType.BOOL:
            return bool(stored)
        return stored

    # -- per type ------------------------------------------------------------------------

    def _range(self, value: Any, number: float) -> None:
        if self.minimum is not None and number < self.minimum:  # type: ignore[operator]
            raise FieldValueError(self.key, value, message("below_minimum", minimum=self.minimum, unit=self.unit))
        if self.maximum is not None and number > self.maximum:  # type: ignore[operator]
            raise FieldValueError(self.key, value, message("above_maximum", maximum=self.maximum, unit=self.unit))

    def _integer(self, value: Any) -> int:
        if isinstance(value, bool):
            raise FieldValueError(self.key, value, message("bool_not_integer"))
        if isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"[+-]?\d+", text):
                raise FieldValueError(self.key, value, message("not_integer"))
            number = int(text)
        elif isinstance(value, int):
            number = int(value)
        elif hasattr(value, "__index__"):  # numpy integers
            number = int(value)
        elif isinstance(value, float) or hasattr(value, "__float__"):
            f = float(value)
            if not math.isfinite(f) or f != int(f):
                raise FieldValueError(self.key, value, message("not_integer"))
            number = int(f)
        else:
            raise FieldValueError(self.key, value, message("type_not_integer", type_name=type(value).__name__))
        self._range(value, number)
        return number

    def _real(self, value: Any) -> float:
        if isinstance(value, bool):
            raise FieldValueError(self.key, value, message("bool_not_number"))
        if isinstance(value, str):
            # French spreadsheets write decimals with a comma.
            text = value.strip().replace(",", ".")
            try:
                number = float(text)
            except ValueError:
                raise FieldValueError(self.key, value, message("not_number")) from None
        else:
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise FieldValueError(self.key, value, message("type_not_number", type_name=type(value).__name__)) from None
        if not math.isfinite(number):
            raise FieldValueError(self.key, value, message("not_finite"))
        self._range(value, number)
        return number

    def _date(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise FieldValueError(self.key, value, message("not_date")) from None
        else:
            raise FieldValueError(self.key, value, message("type_not_date", type_name=type(value).__name__))
        text = day.isoformat()
        if self.minimum is not None and text < str(self.minimum):
            raise FieldValueError(self.key, value, message("date_before", minimum=self.minimum))
        if self.maximum is not None and text > str(self.maximum):
            raise FieldValueError(self.key, value, message("date_after", maximum=self.maximum))
        return text

    def _bool(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            text = value.strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        raise FieldValueError(self.key, value, message("not_bool"))

    def _enum(self, value: Any) -> str:
        if not isinstance(value, str):
            raise FieldValueError(self.key, value, message("not_a_choice", choices=", ".join(self.choices)))
        text = value.strip()
        if text in self.choices:
            return text
        # Accept a different case ("f" for "F") but never guess further.
        folded = {c.casefold(): c for c in self.choices}
        if text.casefold() in folded:
            return folded[text.casefold()]
        raise FieldValueError(self.key, value, message("not_a_choice", choices=", ".join(self.choices)))

    def _text(self, value: Any) -> str:
        if not isinstance(value, str):
            raise FieldValueError(self.key, value, message("type_not_text", type_name=type(value).__name__))
        text = value.strip()
        if not text:
            raise FieldValueError(self.key, value, message("empty_text"))
        if len(text) > self.max_length:
            raise FieldValueError(self.key, value[:40] + "...", message("too_long", max_length=self.max_length))
        if any(ord(c) < 32 and c not in "\n\t" for c in text):
            raise FieldValueError(self.key, value, message("control_characters"))
        if self.pattern is not None and not re.fullmatch(self.pattern, text):
            raise FieldValueError(self.key, value, message("wrong_form", form=self.description or self.pattern))
        return text


# --------------------------------------------------------------------------- DPE data

DPE_CLASSES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G")
"""Energy classes of the DPE, best first."""

DPE_ENERGY_MAX_KWH_M2_YEAR: dict[str, float] = {"A": 70, "B": 110, "C": 180, "D": 250, "E": 330, "F": 420}
"""Upper bound (inclusive) of primary energy use per class, kWh/m²/year (2021 DPE;
arrêté du 31 mars 2021 relatif au DPE des bâtiments à usage d'habitation, as
amended). G is everything above F. Small dwellings (< 40 m²) have adjusted
thresholds since 1 July 2024 (arrêté du 25 mars 2024); they are not modelled."""

DPE_GHG_MAX_KGCO2_M2_YEAR: dict[str, float] = {"A": 6, "B": 11, "C": 30, "D": 50, "E": 70, "F": 100}
"""Upper bound (inclusive) of greenhouse-gas emissions per class, kgCO2eq/m²/year
(2021 DPE). The energy class is the worse of the two classes (double threshold);
these bounds alone also give the climate (GES) label."""

DPE_COLOURS: dict[str, str] = {
    "A": "#009C6D",
    "B": "#52B153",
    "C": "#78BD76",
    "D": "#F4E70F",
    "E": "#F0B50F",
    "F": "#EB8235",
    "G": "#D7221F",
}
"""Colours of the 2021 DPE energy label, A to G (sRGB hex)."""

GES_COLOURS: dict[str, str] = {
    "A": "#F6EDFD",
    "B": "#E4C7FB",
    "C": "#D5AAF6",
    "D": "#CB95F3",
    "E": "#BA72EC",
    "F": "#A94DEB",
    "G": "#8A19DF",
}
"""Colours of the 2021 DPE climate (GES) label, A to G (sRGB hex)."""


def _class_of(value: float, bounds: Mapping[str, float]) -> str:
    for letter, upper in bounds.items():
        if value <= upper:
            return letter
    return "G"


def dpe_class_from_values(energy_kwh_m2_year: float, ghg_kgco2_m2_year: float) -> str:
    """DPE energy class from primary energy and emissions (2021 double threshold).

    >>> dpe_class_from_values(100, 40)   # B on energy, D on emissions
    'D'
    """
    if not (math.isfinite(energy_kwh_m2_year) and math.isfinite(ghg_kgco2_m2_year)):
        raise ValueError(f"DPE values must be finite, got {energy_kwh_m2_year!r}, {ghg_kgco2_m2_year!r}")
    if energy_kwh_m2_year < 0 or ghg_kgco2_m2_year < 0:
        raise ValueError(f"DPE values must be >= 0, got {energy_kwh_m2_year!r}, {ghg_kgco2_m2_year!r}")
    by_energy = _class_of(energy_kwh_m2_year, DPE_ENERGY_MAX_KWH_M2_YEAR)
    by_ghg = _class_of(ghg_kgco2_m2_year, DPE_GHG_MAX_KGCO2_M2_YEAR)
    return max(by_energy, by_ghg)  # letters sort worst-last


# Construction periods of the French building-stock typologies (the DPE
# method and the ADEME/TABULA typology split at the first thermal regulation
# of 1974 and at the 1948 rent law; 1948 is also the planners' "old building"
# threshold).
PERIODS: dict[str, tuple[int | None, int | None, str, str]] = {
    "before_1850": (None, 1849, "before 1850", "avant 1850"),
    "1850_1913": (1850, 1913, "1850-1913", "1850-1913"),
    "1914_1947": (1914, 1947, "1914-1947", "1914-1947"),
    "1948_1974": (1948, 1974, "1948-1974", "1948-1974"),
    "1975_1988": (1975, 1988, "1975-1988", "1975-1988"),
    "1989_2000": (1989, 2000, "1989-2000", "1989-2000"),
    "2001_2012": (2001, 2012, "2001-2012", "2001-2012"),
    "2013_2021": (2013, 2021, "2013-2021 (RT 2012)", "2013-2021 (RT 2012)"),
    "after_2021": (2022, None, "2022 and later (RE 2020)", "2022 et après (RE 2020)"),
}


def construction_period_of(year: int) -> str:
    """The :data:`PERIODS` key containing a construction year."""
    for key, (lo, hi, _, _) in PERIODS.items():
        if (lo is None or year >= lo) and (hi is None or year <= hi):
            return key
    raise ValueError(f"construction year {year!r} is in no period")  # pragma: no cover


# --------------------------------------------------------------------------- catalogue

GROUPS: dict[str, tuple[str, str]] = {
    "identity": ("Identity", "Identification"),
    "construction": ("Construction", "Construction"),
    "energy": ("Energy performance", "Performance énergétique"),
    "envelope": ("Envelope and insulation", "Enveloppe et isolation"),
    "systems": ("Systems", "Équipements"),
    "occupancy": ("Occupancy and use", "Occupation et usage"),
}

_MAX_YEAR = dt.date.today().year + 10  # planned buildings may carry a future year


def _labels(pairs: dict[str, tuple[str, str]]) -> tuple[tuple[str, ...], dict[str, tuple[str, str]]]:
    return tuple(pairs), pairs


def _enum(key: str, group: str, en: str, fr: str, pairs: dict[str, tuple[str, str]], **kw: Any) -> FieldSpec:
    choices, labels = _labels(pairs)
    return FieldSpec(key, FieldType.ENUM, group, en, fr, choices=choices, choice_labels=labels, **kw)


_STRUCTURES = {
    "stone_masonry": ("stone masonry", "maçonnerie de pierre"),
    "brick_masonry": ("brick masonry", "maçonnerie de brique"),
    "rubble_masonry": ("rubble masonry (moellons)", "maçonnerie de moellons"),
    "timber_frame": ("timber frame", "pan de bois / ossature bois"),
    "reinforced_concrete": ("reinforced concrete", "béton armé"),
    "steel_frame": ("steel frame", "ossature métallique"),
    "mixed": ("mixed", "mixte"),
    "other": ("other", "autre"),
}
_HERITAGE = {
    "none": ("none", "aucune"),
    "mh_classe": ("listed historic monument", "monument historique classé"),
    "mh_inscrit": ("registered historic monument", "monument historique inscrit"),
    "abords_mh": ("surroundings of a historic monument", "abords de monument historique"),
    "spr": ("remarkable heritage site (SPR)", "site patrimonial remarquable"),
    "plu_protected": ("protected by the local plan (PLU)", "protection patrimoniale du PLU"),
}
_HEATING = {
    "gas_boiler": ("gas boiler", "chaudière gaz"),
    "gas_condensing_boiler": ("gas condensing boiler", "chaudière gaz à condensation"),
    "oil_boiler": ("oil boiler", "chaudière fioul"),
    "wood_boiler": ("wood / pellet boiler", "chaudière bois / granulés"),
    "electric_direct": ("direct electric heaters", "convecteurs électriques"),
    "heat_pump_air_water": ("air-to-water heat pump", "pompe à chaleur air/eau"),
    "heat_pump_air_air": ("air-to-air heat pump", "pompe à chaleur air/air"),
    "heat_pump_ground": ("ground-source heat pump", "pompe à chaleur géothermique"),
    "district_heating": ("district heating (CPCU)", "réseau de chaleur urbain (CPCU)"),
    "hybrid": ("hybrid", "hybride"),
    "none": ("none", "aucun"),
    "other": ("other", "autre"),
}
_COOLING = {
    "none": ("none", "aucun"),
    "split_units": ("split air conditioners", "climatiseurs split"),
    "reversible_heat_pump": ("reversible heat pump", "pompe à chaleur réversible"),
    "chiller": ("central chiller", "groupe froid centralisé"),
    "district_cooling": ("district cooling (Fraîcheur de Paris)", "réseau de froid urbain"),
    "other": ("other", "autre"),
}
_HOT_WATER = {
    "electric_tank": ("electric water heater", "ballon électrique"),
    "thermodynamic_tank": ("heat-pump water heater", "chauffe-eau thermodynamique"),
    "gas_instant": ("gas instantaneous heater", "chauffe-eau gaz instantané"),
    "from_heating": ("produced by the heating system", "produite par le chauffage"),
    "solar": ("solar water heater", "chauffe-eau solaire"),
    "district_heating": ("district heating", "réseau de chaleur"),
    "other": ("other", "autre"),
}
_VENTILATION = {
    "natural": ("natural (openings, flues)", "naturelle (ouvrants, conduits)"),
    "mech_single_flow": ("mechanical, single flow", "VMC simple flux"),
    "mech_hygro": ("mechanical, humidity controlled", "VMC hygroréglable"),
    "mech_double_flow": ("mechanical, heat recovery (double flow)", "VMC double flux"),
    "none": ("none", "aucune"),
    "other": ("other", "autre"),
}
_INSULATION = {
    "none": ("none", "aucune"),
    "internal": ("internal", "par l'intérieur"),
    "external": ("external", "par l'extérieur"),
    "in_cavity": ("in cavity / in the structure", "répartie / dans l'épaisseur"),
    "unknown": ("unknown", "inconnue"),
}
_GLAZING = {
    "single": ("single glazing", "simple vitrage"),
    "double": ("double glazing", "double vitrage"),
    "double_low_e": ("double glazing, low-emissivity", "double vitrage à isolation renforcée"),
    "triple": ("triple glazing", "triple vitrage"),
    "mixed": ("mixed", "mixte"),
}
_ENERGY = {
    "natural_gas": ("natural gas", "gaz naturel"),
    "electricity": ("electricity", "électricité"),
    "heating_oil": ("heating oil", "fioul"),
    "wood": ("wood", "bois"),
    "district_network": ("district network", "réseau urbain"),
    "lpg": ("LPG", "GPL"),
    "other": ("other", "autre"),
}
_USES = {
    "residential": ("residential", "habitation"),
    "mixed_residential": ("residential with shops", "habitation et commerces"),
    "office": ("offices", "bureaux"),
    "retail": ("retail", "commerce"),
    "education": ("education", "enseignement"),
    "health": ("health", "santé"),
    "culture": ("culture, worship", "culture, culte"),
    "hotel": ("hotel", "hôtellerie"),
    "industrial": ("industry, storage", "industrie, entrepôt"),
    "public_services": ("public services", "services publics"),
    "vacant": ("vacant", "vacant"),
    "other": ("other", "autre"),
}
_OWNERS = {
    "co_ownership": ("co-ownership (copropriété)", "copropriété"),
    "single_private": ("single private owner", "monopropriété privée"),
    "social_landlord": ("social landlord", "bailleur social"),
    "public": ("public body", "personne publique"),
    "institutional": ("institutional investor", "investisseur institutionnel"),
    "other": ("other", "autre"),
}
_DPE = {c: (c, c) for c in DPE_CLASSES}
_PERIOD_LABELS = {k: (v[2], v[3]) for k, v in PERIODS.items()}


def _systems(prefix: str, en: str, fr: str, kinds: dict[str, tuple[str, str]]) -> list[FieldSpec]:
    """A system field with its install date and installer (carnet d'information, art. 3)."""
    return [
        _enum(f"{prefix}_system", "systems", en, fr, kinds),
        FieldSpec(
            f"{prefix}_installed_on", FieldType.DATE, "systems",
            f"{en}: installation date", f"{fr} : date d'installation", minimum="1850-01-01",
        ),
        FieldSpec(
            f"{prefix}_installer", FieldType.TEXT, "systems",
            f"{en}: installer", f"{fr} : installateur", max_length=200,
        ),
    ]


_CATALOGUE: list[FieldSpec] = [
    # identity
    FieldSpec("address", FieldType.TEXT, "identity", "Address", "Adresse", max_length=300),
    FieldSpec(
        "postcode", FieldType.TEXT, "identity", "Postcode", "Code postal",
        pattern=r"\d{5}", description="five digits", description_fr="cinq chiffres",
    ),
    FieldSpec(
        "insee_code", FieldType.TEXT, "identity", "Commune (INSEE code)", "Commune (code INSEE)",
        pattern=r"\d[\dAB]\d{3}", description="INSEE commune code, 5 characters, e.g. 75056 or 75111",
        description_fr="code INSEE de la commune, 5 caractères, p. ex. 75056 ou 75111",
    ),
    FieldSpec(
        "cadastral_parcel", FieldType.TEXT, "identity", "Cadastral parcel", "Parcelle cadastrale",
        pattern=r"\d[\dAB]\d{3}[0-9]{3}[0-9A-Z]{2}\d{4}",
        description="14-character parcel id: INSEE commune, prefix, section, number, e.g. 75111000AB0042",
        description_fr="identifiant de parcelle de 14 caractères : commune INSEE, préfixe, section, numéro, p. ex. 75111000AB0042",
    ),
    FieldSpec(
        "rnb_id", FieldType.TEXT, "identity", "RNB id", "Identifiant RNB",
        pattern=r"[0-9A-Z]{12}|[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}",
        description="Référentiel national des bâtiments id, 12 characters",
        description_fr="identifiant du Référentiel national des bâtiments, 12 caractères",
    ),
    FieldSpec(
        "bdtopo_id", FieldType.TEXT, "identity", "BD TOPO id", "Identifiant BD TOPO",
        pattern=r"BATIMENT\d{16}", description="BATIMENT followed by 16 digits", description_fr="BATIMENT suivi de 16 chiffres",
    ),
    FieldSpec("name", FieldType.TEXT, "identity", "Name", "Nom", max_length=200),
    # construction
    FieldSpec(
        "construction_year", FieldType.INTEGER, "construction", "Construction year", "Année de construction",
        minimum=1000, maximum=_MAX_YEAR,
    ),
    _enum("construction_period", "construction", "Construction period", "Période de construction", _PERIOD_LABELS),
    _enum("structure", "construction", "Structure", "Structure", _STRUCTURES),
    FieldSpec("facade_material", FieldType.TEXT, "construction", "Facade material", "Matériau de façade", max_length=200),
    FieldSpec("roof_material", FieldType.TEXT, "construction", "Roof material", "Matériau de toiture", max_length=200),
    FieldSpec(
        "storeys_above_ground", FieldType.INTEGER, "construction", "Storeys above ground", "Niveaux hors sol",
        minimum=0, maximum=200,
    ),
    FieldSpec(
        "floor_area_m2", FieldType.REAL, "construction", "Floor area", "Surface de plancher",
        unit="m²", minimum=1, maximum=1_000_000,
    ),
    _enum("heritage_protection", "construction", "Heritage protection", "Protection patrimoniale", _HERITAGE),
    # energy
    _enum("dpe_class", "energy", "DPE energy class", "Classe énergie DPE", _DPE),
    _enum("ges_class", "energy", "DPE climate class", "Classe climat (GES) DPE", _DPE),
    FieldSpec(
        "dpe_energy_kwh_m2_year", FieldType.REAL, "energy", "Primary energy use", "Consommation d'énergie primaire",
        unit="kWh/m²/year", minimum=0, maximum=5000,
    ),
    FieldSpec(
        "dpe_ghg_kgco2_m2_year", FieldType.REAL, "energy", "Greenhouse-gas emissions", "Émissions de gaz à effet de serre",
        unit="kgCO2eq/m²/year", minimum=0, maximum=1000,
    ),
    FieldSpec("dpe_date", FieldType.DATE, "energy", "DPE date", "Date du DPE", minimum="2006-11-01"),
    FieldSpec("dpe_valid_until", FieldType.DATE, "energy", "DPE valid until", "DPE valable jusqu'au", minimum="2006-11-01"),
    FieldSpec(
        "dpe_number", FieldType.TEXT, "energy", "DPE number (ADEME)", "Numéro DPE (ADEME)",
        pattern=r"[0-9A-Z]{13}", description="13-character ADEME registration number",
        description_fr="numéro d'enregistrement ADEME de 13 caractères",
    ),
    # envelope (current state; the works that changed it are events)
    _enum("wall_insulation", "envelope", "Wall insulation", "Isolation des murs", _INSULATION),
    _enum("roof_insulation", "envelope", "Roof insulation", "Isolation de la toiture", _INSULATION),
    _enum("floor_insulation", "envelope", "Floor insulation", "Isolation du plancher bas", _INSULATION),
    _enum("glazing", "envelope", "Glazing", "Vitrages", _GLAZING),
    # systems
    *_systems("heating", "Heating", "Chauffage", _HEATING),
    _enum("heating_energy", "systems", "Heating energy", "Énergie de chauffage", _ENERGY),
    *_systems("cooling", "Cooling", "Refroidissement", _COOLING),
    *_systems("hot_water", "Hot water", "Eau chaude sanitaire", _HOT_WATER),
    *_systems("ventilation", "Ventilation", "Ventilation", _VENTILATION),
    # occupancy and use
    _enum("main_use", "occupancy", "Main use", "Usage principal", _USES),
    FieldSpec("dwellings", FieldType.INTEGER, "occupancy", "Dwellings", "Logements", minimum=0, maximum=10_000),
    FieldSpec("occupants", FieldType.INTEGER, "occupancy", "Occupants", "Occupants", minimum=0, maximum=100_000),
    _enum("owner_type", "occupancy", "Ownership", "Propriété", _OWNERS),
    FieldSpec(
        "manager", FieldType.TEXT, "occupancy", "Manager (syndic, landlord)", "Gestionnaire (syndic, bailleur)",
        max_length=200,
    ),
]

FIELDS: dict[str, FieldSpec] = {spec.key: spec for spec in _CATALOGUE}
"""Every building field, by key, in display order."""


# --------------------------------------------------------------------------- events

_WORK_CATEGORIES = {
    "wall_insulation": ("wall insulation", "isolation des murs"),
    "roof_insulation": ("roof insulation", "isolation de la toiture"),
    "floor_insulation": ("floor insulation", "isolation du plancher bas"),
    "windows": ("windows and doors", "menuiseries extérieures"),
    "heating": ("heating", "chauffage"),
    "cooling": ("cooling", "refroidissement"),
    "hot_water": ("hot water", "eau chaude sanitaire"),
    "ventilation": ("ventilation", "ventilation"),
    "renewables": ("renewable production (PV, solar)", "production renouvelable"),
    "facade": ("facade (ravalement)", "ravalement de façade"),
    "roof": ("roof (non-insulating)", "couverture"),
    "structure": ("structure", "gros œuvre"),
    "electrical": ("electrical installation", "installation électrique"),
    "plumbing": ("plumbing", "plomberie"),
    "lift": ("lift", "ascenseur"),
    "other": ("other", "autre"),
}
_INSPECTION_KINDS = {
    "dpe": ("energy performance diagnosis (DPE)", "diagnostic de performance énergétique"),
    "energy_audit": ("energy audit", "audit énergétique"),
    "gas": ("gas installation", "installation de gaz"),
    "electricity": ("electrical installation", "installation électrique"),
    "boiler": ("boiler servicing", "entretien de la chaudière"),
    "chimney": ("chimney sweeping", "ramonage"),
    "lift": ("lift", "ascenseur"),
    "asbestos": ("asbestos", "amiante"),
    "lead": ("lead (CREP)", "plomb (CREP)"),
    "termites": ("termites", "termites"),
    "facade": ("facade safety", "sécurité des façades"),
    "structure": ("structure", "structure"),
    "fire_safety": ("fire safety", "sécurité incendie"),
    "pluriannual_plan": ("multi-year works plan (PPT)", "projet de plan pluriannuel de travaux"),
    "other": ("other", "autre"),
}
_INSPECTION_RESULTS = {
    "compliant": ("compliant", "conforme"),
    "minor_defects": ("minor defects", "anomalies mineures"),
    "major_defects": ("major defects", "anomalies majeures"),
    "dangerous": ("danger, action required", "danger, intervention requise"),
}
_DOCUMENT_KINDS = {
    "dpe_report": ("DPE report", "rapport DPE"),
    "audit_report": ("audit report", "rapport d'audit"),
    "inspection_report": ("inspection report", "rapport de contrôle"),
    "invoice": ("invoice", "facture"),
    "certificate": ("certificate, warranty", "attestation, garantie"),
    "plan": ("plan, drawing", "plan"),
    "photo": ("photograph", "photographie"),
    "manual": ("user manual", "notice d'utilisation"),
    "permit": ("permit", "autorisation d'urbanisme"),
    "other": ("other", "autre"),
}
_NOTE_KINDS = {"note": ("note", "note")}

EVENT_KINDS: dict[str, tuple[str, str]] = {
    "works": ("Works", "Travaux"),
    "inspection": ("Inspection", "Contrôle"),
    "document": ("Document", "Document"),
    "note": ("Note", "Note"),
}
"""Kinds of timeline events, with (English, French) labels."""

_DATE_MIN = "1800-01-01"

EVENT_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "works": {
        s.key: s
        for s in [
            FieldSpec("date", FieldType.DATE, "works", "Start date", "Date de début", minimum=_DATE_MIN, required=True),
            FieldSpec("end_date", FieldType.DATE, "works", "End date", "Date de fin", minimum=_DATE_MIN),
            _enum("category", "works", "Category", "Nature des travaux", _WORK_CATEGORIES, required=True),
            FieldSpec("description", FieldType.TEXT, "works", "Description", "Description", max_length=4000),
            FieldSpec("installer", FieldType.TEXT, "works", "Company", "Entreprise", max_length=200),
            FieldSpec(
                "installer_siret", FieldType.TEXT, "works", "Company SIRET", "SIRET de l'entreprise",
                pattern=r"\d{14}", description="14 digits", description_fr="14 chiffres",
            ),
            FieldSpec("rge_certified", FieldType.BOOL, "works", "RGE certified", "Qualifié RGE"),
            FieldSpec("cost_eur", FieldType.REAL, "works", "Cost", "Coût", unit="EUR", minimum=0, maximum=1e9),
            FieldSpec(
                "performance", FieldType.TEXT, "works", "Performance reached (e.g. R = 7 m²K/W)",
                "Performance atteinte (ex. R = 7 m²K/W)", max_length=300,
            ),
        ]
    },
    "inspection": {
        s.key: s
        for s in [
            FieldSpec("date", FieldType.DATE, "inspection", "Date", "Date", minimum=_DATE_MIN, required=True),
            _enum("inspection_kind", "inspection", "Kind", "Type de contrôle", _INSPECTION_KINDS, required=True),
            FieldSpec("inspector", FieldType.TEXT, "inspection", "Inspector", "Contrôleur", max_length=200),
            _enum("result", "inspection", "Result", "Résultat", _INSPECTION_RESULTS),
            FieldSpec("findings", FieldType.TEXT, "inspection", "Findings", "Constats", max_length=4000),
            FieldSpec("next_due", FieldType.DATE, "inspection", "Next due", "Prochaine échéance", minimum=_DATE_MIN),
        ]
    },
    "document": {
        s.key: s
        for s in [
            FieldSpec("date", FieldType.DATE, "document", "Date", "Date", minimum=_DATE_MIN, required=True),
            _enum("document_kind", "document", "Kind", "Type de document", _DOCUMENT_KINDS, required=True),
            FieldSpec("title", FieldType.TEXT, "document", "Title", "Titre", max_length=300),
            FieldSpec(
                "sha256", FieldType.TEXT, "document", "Content hash (SHA-256)", "Empreinte (SHA-256)",
                pattern=r"[0-9a-f]{64}", description="64 lowercase hex digits", description_fr="64 chiffres hexadécimaux en minuscules",
                required=True,
            ),
            FieldSpec("size_bytes", FieldType.INTEGER, "document", "Size", "Taille", unit="B", minimum=0, required=True),
            FieldSpec("original_name", FieldType.TEXT, "document", "Original file name", "Nom d'origine", max_length=255),
            FieldSpec("media_type", FieldType.TEXT, "document", "Media type", "Type de média", max_length=100),
            FieldSpec(
                "attached_to", FieldType.TEXT, "document", "Attached to entry", "Rattaché à l'entrée",
                pattern=r"[0-9a-f]{32}", description="an event id", description_fr="un identifiant d'entrée",
            ),
        ]
    },
    "note": {
        s.key: s
        for s in [
            FieldSpec("date", FieldType.DATE, "note", "Date", "Date", minimum=_DATE_MIN, required=True),
            FieldSpec("text", FieldType.TEXT, "note", "Text", "Texte", max_length=4000, required=True),
        ]
    },
}
"""Fields of each event kind. ``date`` (required everywhere) places it on the timeline."""


def field_spec(key: str) -> FieldSpec:
    """The building field ``key`` (KeyError with the known keys if there is none)."""
    try:
        return FIELDS[key]
    except KeyError:
        raise KeyError(f"unknown logbook field {key!r}; known fields: {', '.join(FIELDS)}") from None


def validate_field(key: str, value: Any) -> Any:
    """Validate one building field value; returns the normalised value.

    Raises
    ------
    FieldValueError
        The field is unknown or the value not allowed (message names both).
    """
    spec = FIELDS.get(key)
    if spec is None:
        raise FieldValueError(key, value, message("unknown_field"))
    return spec.validate(value)


def validate_event_data(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the fields of an event; returns the normalised data.

    Unknown keys, missing required fields and bad values raise
    :class:`FieldValueError`; empty values (``None``, ``""``) are dropped.
    """
    specs = EVENT_FIELDS.get(kind)
    if specs is None:
        raise FieldValueError("kind", kind, message("not_event_kind", kinds=", ".join(EVENT_KINDS)))
    out: dict[str, Any] = {}
    for key, value in data.items():
        spec = specs.get(key)
        if spec is None:
            raise FieldValueError(key, value, message("not_field_of_event", kind=kind))
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        out[key] = spec.validate(value)
    for key, spec in specs.items():
        if spec.required and key not in out:
            raise FieldValueError(key, None, message("required_for_event", kind=kind))
    if kind == "works" and "end_date" in out and out["end_date"] < out["date"]:
        raise FieldValueError("end_date", out["end_date"], message("before_start_date", date=out["date"]))
    if kind == "inspection" and "next_due" in out and out["next_due"] < out["date"]:
        raise FieldValueError("next_due", out["next_due"], message("before_inspection_date", date=out["date"]))
    return out
