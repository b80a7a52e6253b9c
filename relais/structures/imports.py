"""CSV import of structures (an ARS extract): every row checked, nothing written unless all are valid."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind, StructureStatus
from relais.structures.live import availability_refresh
from relais.structures.models import Programme, Structure
from relais.structures.services import places_add
from relais.users.models import Organization

# CSV column -> model field. Order is the one of the template offered for download.
COLUMNS = {
    "nom": "name",
    "type": "kind",
    "gestionnaire": "operator",
    "programme": "programme",
    "adresse": "address",
    "code_commune": "cog",
    "latitude": "latitude",
    "longitude": "longitude",
    "finess_et": "finess_et",
    "finess_ej": "finess_ej",
    "horaires": "opening_hours",
    "statut": "status",
    "date_ouverture": "opened_on",
    "mode_disponibilite": "availability_mode",
    "places": "places",
    "type_place": "place_kind",
}
REQUIRED_COLUMNS = ["nom", "type", "gestionnaire", "adresse", "code_commune"]
FIELD_TO_COLUMN = {field: column for column, field in COLUMNS.items()}

ERROR_ENCODING = "Le fichier doit être un CSV encodé en UTF-8."
ERROR_EMPTY = "Le fichier ne contient aucune ligne de données."
ERROR_MISSING_COLUMNS = "Colonnes obligatoires absentes : {columns}."
ERROR_UNKNOWN_COLUMNS = "Colonnes inconnues : {columns}. Colonnes possibles : {allowed}."
ERROR_REQUIRED = "Valeur obligatoire."
ERROR_CHOICE = "Valeur inconnue « {value} ». Valeurs possibles : {allowed}."
ERROR_OPERATOR = "Organisation inconnue « {value} » (indiquez son nom exact, son sigle ou son SIRET)."
ERROR_PROGRAMME = "Programme inconnu « {value} »."
ERROR_NUMBER = "Nombre attendu, « {value} » lu."
ERROR_DATE = "Date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ, « {value} » lu."
ERROR_PLACES = "Nombre de places entier entre 0 et 2000 attendu, « {value} » lu."
ERROR_DUPLICATE = "Cette structure figure déjà dans le fichier (ligne {line})."
ERROR_EXISTS = "Une structure de ce nom existe déjà dans cette commune."


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} erreur(s)")
        self.errors = errors


def _choice(enum, value: str, errors, line, column):
    wanted = value.strip().lower()
    for member in enum:
        if wanted in (member.value, member.label.lower()):
            return member.value
    allowed = ", ".join(m.value for m in enum)
    errors.append(RowError(line, column, ERROR_CHOICE.format(value=value, allowed=allowed)))
    return None


def _number(value, errors, line, column):
    try:
        return float(value.replace(",", "."))
    except ValueError:
        errors.append(RowError(line, column, ERROR_NUMBER.format(value=value)))
        return None


def _date(value, errors, line, column):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    errors.append(RowError(line, column, ERROR_DATE.format(value=value)))
    return None


def decode_csv(raw: bytes, *, known: list[str], required: list[str]) -> list[dict[str, str]]:
    """Rows keyed by lower-cased header; refuses a bad encoding, missing or unknown columns, no data."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([RowError(1, "", ERROR_ENCODING)]) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in headers]
    unknown = [h for h in headers if h and h not in known]
    errors = []
    if missing:
        errors.append(RowError(1, "", ERROR_MISSING_COLUMNS.format(columns=", ".join(missing))))
    if unknown:
        errors.append(
            RowError(1, "", ERROR_UNKNOWN_COLUMNS.format(columns=", ".join(unknown), allowed=", ".join(known)))
        )
    if errors:
        raise ImportRejected(errors)
    rows = [
        {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]
    if not rows:
        raise ImportRejected([RowError(1, "", ERROR_EMPTY)])
    return rows


def _organizations():
    by_key = {}
    for org in Organization.objects.all():
        for key in (org.name, org.short_name, org.siret):
            if key:
                by_key[key.lower()] = org
    return by_key


def _parse_row(row, line, errors, organizations, programmes):
    data = {}
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            errors.append(RowError(line, column, ERROR_REQUIRED))
    data["name"] = row.get("nom", "")
    data["address"] = row.get("adresse", "")
    data["cog"] = row.get("code_commune", "")
    for column in ("finess_et", "finess_ej", "horaires"):
        data[COLUMNS[column]] = row.get(column, "")
    if row.get("type"):
        data["kind"] = _choice(StructureKind, row["type"], errors, line, "type")
    data["status"] = (
        _choice(StructureStatus, row["statut"], errors, line, "statut") if row.get("statut") else StructureStatus.OPEN
    )
    data["availability_mode"] = (
        _choice(AvailabilityMode, row["mode_disponibilite"], errors, line, "mode_disponibilite")
        if row.get("mode_disponibilite")
        else AvailabilityMode.DECLARED
    )
    if row.get("gestionnaire"):
        data["operator"] = organizations.get(row["gestionnaire"].lower())
        if data["operator"] is None:
            errors.append(RowError(line, "gestionnaire", ERROR_OPERATOR.format(value=row["gestionnaire"])))
    if row.get("programme"):
        data["programme"] = programmes.get(row["programme"].lower())
        if data["programme"] is None:
            errors.append(RowError(line, "programme", ERROR_PROGRAMME.format(value=row["programme"])))
    for column in ("latitude", "longitude"):
        data[column] = _number(row[column], errors, line, column) if row.get(column) else None
    data["opened_on"] = (
        _date(row["date_ouverture"], errors, line, "date_ouverture") if row.get("date_ouverture") else None
    )
    places, place_kind = 0, PlaceKind.BED
    if row.get("places"):
        if row["places"].isdigit() and int(row["places"]) <= 2000:
            places = int(row["places"])
        else:
            errors.append(RowError(line, "places", ERROR_PLACES.format(value=row["places"])))
    if row.get("type_place"):
        place_kind = _choice(PlaceKind, row["type_place"], errors, line, "type_place")
    return data, places, place_kind


def structures_import(raw: bytes, *, today: datetime.date | None = None) -> list[Structure]:
    """Validate every row, then create all structures and their places, or raise ImportRejected."""
    rows = decode_csv(raw, known=list(COLUMNS), required=REQUIRED_COLUMNS)
    return rows_import(rows, today=today)


def rows_import(
    rows: list[dict[str, str]], *, today=None, column_names: dict[str, str] | None = None
) -> list[Structure]:
    """The shared pipeline of every structure import; `column_names` renames columns in the errors."""
    today = today or timezone.localdate()
    try:
        return _rows_import(rows, today)
    except ImportRejected as rejected:
        if column_names:
            rejected.errors = [
                RowError(e.line, column_names.get(e.column, e.column), e.message) for e in rejected.errors
            ]
        raise


def _rows_import(rows, today):
    organizations = _organizations()
    programmes = {p.code.lower(): p for p in Programme.objects.all()}
    errors: list[RowError] = []
    parsed, seen = [], {}
    for index, row in enumerate(rows, start=2):
        row_errors: list[RowError] = []
        data, places, place_kind = _parse_row(row, index, row_errors, organizations, programmes)
        structure = Structure(**{k: v for k, v in data.items() if v is not None or k in ("latitude", "longitude")})
        try:
            structure.full_clean(exclude=[f for f in ("operator", "kind") if data.get(f) is None])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                column = FIELD_TO_COLUMN.get(field, "")
                if not any(e.column == column for e in row_errors):
                    row_errors.extend(RowError(index, column, m) for m in messages)
        key = (data["name"].lower(), data["cog"])
        if key in seen:
            row_errors.append(RowError(index, "nom", ERROR_DUPLICATE.format(line=seen[key])))
        seen.setdefault(key, index)
        errors.extend(row_errors)
        parsed.append((structure, places, place_kind))
    pairs = [(s.name, s.cog) for s, _, _ in parsed]
    existing = {(n.lower(), c) for n, c in Structure.objects.filter(_name_cog_filter(pairs)).values_list("name", "cog")}
    for index, (structure, _, _) in enumerate(parsed, start=2):
        if (structure.name.lower(), structure.cog) in existing:
            errors.append(RowError(index, "nom", ERROR_EXISTS))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.column)))
    return _create_all(parsed, today)


def _name_cog_filter(pairs):
    query = Q(pk__in=[])
    for name, cog in pairs:
        query |= Q(name__iexact=name, cog=cog)
    return query


@transaction.atomic
def _create_all(parsed, today):
    created = []
    for structure, places, place_kind in parsed:
        structure.save()
        if places:
            places_add(
                structure=structure,
                count=places,
                kind=place_kind,
                label_prefix=PlaceKind(place_kind).label,
                in_service_from=structure.opened_on or today,
            )
        created.append(structure)
    availability_refresh(structures=created)
    return created


def template_csv() -> str:
    header = ";".join(COLUMNS)
    example = ";".join(
        [
            "Espace de repos Exemple",
            "rest_night",
            "Association Exemple",
            "",
            "1 rue de l'Exemple, 75019 Paris",
            "75119",
            "48.8890",
            "2.3790",
            "",
            "",
            "24/7",
            "open",
            "01/10/2021",
            "declared",
            "40",
            "seat",
        ]
    )
    return f"{header}\n{example}\n"
