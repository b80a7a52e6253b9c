"""Import of an extract of the FINESS register (establishments), mapped onto Relais' structure kinds.

The extract carries one establishment per row. Its columns are translated into those of the
Relais import, so that both imports share one validation and one all-or-nothing write.
"""

from relais.structures.enums import StructureKind
from relais.structures.imports import ImportRejected, RowError, decode_csv, rows_import

ERROR_CATEGORY = (
    "Catégorie FINESS {category} non suivie par Relais (178 CAARUD, 180 LHSS, 197 CSAPA, 213 LAM, 214 CHRS)."
)

# FINESS establishment categories followed by the plan, and the Relais kind of each.
FINESS_CATEGORIES = {
    "178": StructureKind.CAARUD,
    "180": StructureKind.LHSS,
    "197": StructureKind.CSAPA,
    "213": StructureKind.LAM,
    "214": StructureKind.CHRS,
}
COLUMNS = [
    "nofinesset",
    "nofinessej",
    "rs",
    "categetab",
    "libcategetab",
    "numvoie",
    "typvoie",
    "voie",
    "departement",
    "commune",
    "ligneacheminement",
    "siret",
    "dateouv",
    "capacite",
]
REQUIRED = ["nofinesset", "rs", "categetab", "voie", "commune", "siret"]
# Relais import column -> FINESS column, for error messages the user can find in the file.
ERROR_COLUMNS = {
    "nom": "rs",
    "type": "categetab",
    "gestionnaire": "siret",
    "adresse": "voie",
    "code_commune": "commune",
    "finess_et": "nofinesset",
    "finess_ej": "nofinessej",
    "date_ouverture": "dateouv",
    "places": "capacite",
}


def _cog(row: dict[str, str]) -> str:
    # FINESS splits the INSEE code: department (2 characters) then commune (3 digits).
    commune = row.get("commune", "")
    if len(commune) == 3 and row.get("departement"):
        return row["departement"].zfill(2) + commune
    return commune


def _translate(row: dict[str, str]) -> dict[str, str]:
    kind = FINESS_CATEGORIES.get(
        row.get("categetab", ""), row.get("categetab", "") and f"catégorie FINESS {row['categetab']}"
    )
    street = " ".join(part for part in (row.get("numvoie"), row.get("typvoie"), row.get("voie")) if part)
    address = ", ".join(part for part in (street, row.get("ligneacheminement")) if part)
    return {
        "nom": row.get("rs", ""),
        "type": kind or "",
        "gestionnaire": row.get("siret", ""),
        "adresse": address,
        "code_commune": _cog(row),
        "finess_et": row.get("nofinesset", ""),
        "finess_ej": row.get("nofinessej", ""),
        "date_ouverture": row.get("dateouv", ""),
        "places": row.get("capacite", ""),
        "mode_disponibilite": "declared",
    }


def finess_import(raw: bytes, *, today=None):
    rows = decode_csv(raw, known=COLUMNS, required=REQUIRED)
    unfollowed = {
        line: row["categetab"]
        for line, row in enumerate(rows, start=2)
        if row["categetab"] and row["categetab"] not in FINESS_CATEGORIES
    }
    try:
        return rows_import([_translate(row) for row in rows], today=today, column_names=ERROR_COLUMNS)
    except ImportRejected as rejected:
        # An unfollowed category blanks the kind: say why instead of "value required".
        errors = [e for e in rejected.errors if not (e.column == "categetab" and e.line in unfollowed)]
        errors += [RowError(line, "categetab", ERROR_CATEGORY.format(category=cat)) for line, cat in unfollowed.items()]
        raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.column))) from None
