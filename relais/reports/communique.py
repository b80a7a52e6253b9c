"""The draft press release, in the style of the comité's communiqués, filled from a report's snapshot.

Every number written comes from one figure of the snapshot (already through the publication
function); `trace` tells, for any edited text, which numbers come from which indicator and which
numbers no figure supports.
"""

import datetime
import re

from django.utils import formats

MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
# A number, not part of a word, an hour (23:59) or a decimal.
_NUMBER = re.compile(r"(?<![\w,:])(\d{1,3}(?:[\u202f\u00a0 ]\d{3})+|\d+(?:,\d+)?)(?![\w,:])")
_DATE_AFTER = re.compile(rf"^\s*(?:er\s+)?(?:{MONTHS})\b", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*/")
_SMALL_MARK = re.compile(r"<\s*$")  # the « < 11 » of the disclosure rule, not a figure


def _figures(snapshot) -> dict[str, dict]:
    return {f["id"]: f for f in snapshot["communique_figures"]}


def draft_text(snapshot: dict) -> str:
    f = _figures(snapshot)

    def n(figure_id):
        return f[figure_id]["display"]

    release = datetime.date.fromisoformat(snapshot["meeting_date"]) + datetime.timedelta(days=1)
    dated = formats.date_format(release, "j F Y")
    if release.day == 1:
        dated = "1er " + formats.date_format(release, "F Y")
    hotel = (
        f"alors que l'objectif était de {n('capacity_target_before')} places, ce sont aujourd'hui "
        f"{n('places_open_hotel')} places qui permettent à des consommateurs de crack de ne pas être à la rue "
        f"chaque jour, dans {n('hotels_in_use')} hôtels. L'objectif fixé par décision est désormais de "
        f"{n('capacity_target')} places."
        if "capacity_target_before" in f
        else f"ce sont aujourd'hui {n('places_open_hotel')} places qui permettent à des consommateurs de crack "
        f"de ne pas être à la rue chaque jour, dans {n('hotels_in_use')} hôtels, pour un objectif de "
        f"{n('capacity_target')} places."
    )
    return "\n\n".join(
        [
            "COMMUNIQUÉ DE PRESSE — PROJET",
            f"Paris, le {dated}",
            "À la suite de la réunion du comité institutionnel du Plan crack du "
            f"{snapshot['meeting_label']}, l'État poursuit, avec la Ville de Paris, le travail sur la réponse à "
            "apporter à la problématique du crack : lieux de prise en charge des consommateurs, actions "
            "médico-sociales, sécurité.",
            "Cette réunion a permis de faire un point sur la situation actuelle, à partir des chiffres "
            f"arrêtés au {snapshot['as_of_label']}.",
            f"1/ les lieux de prise en charge : {n('structures_open')} structures accueillent les consommateurs, "
            f"avec {n('places_open')} places{_detail(f)}.",
            "2/ l'hébergement accompagné (dispositifs ASSORE et PHASE), qui permet de mettre à l'abri les "
            f"consommateurs tout en leur offrant un accompagnement sanitaire : {hotel}{_occupied(f)}",
            *_people(f),
            *_sites(f, number=4 if _people(f) else 3),
            "Une nouvelle réunion du comité institutionnel se tiendra à bref délai.",
        ]
    )


DETAIL = [
    ("places_rest_night", "places en espaces de repos de nuit"),
    ("places_rest_day", "places en espaces de repos de jour"),
    ("places_lhss", "lits halte soins santé"),
    ("places_lam", "lits d'accueil médicalisés"),
]


def _detail(f) -> str:
    """« dont N places en espaces de repos de nuit, … et M lits … », leaving out the kinds with none."""
    parts = [f"{f[i]['display']} {text}" for i, text in DETAIL if f[i]["value"] != 0]
    if not parts:
        return ""
    return ", dont " + (", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else parts[0])


def _occupied(f) -> str:
    figure = f["places_occupied_hotel"]
    if figure["value"] == 0:
        return ""
    return f" Selon les dernières déclarations des associations, {figure['display']} chambres sont occupées."


def _people(f) -> list[str]:
    """« 3/ l'accompagnement des personnes … » (reports frozen before these figures existed have none)."""
    if "persons_housed" not in f:
        return []
    wait = f.get("referral_wait_admitted", {})
    delay = (
        f", avec un délai médian de {wait['display']} heures entre l'orientation et l'admission"
        if wait.get("value") is not None
        else ""
    )
    return [
        f"3/ l'accompagnement des personnes : {f['persons_housed']['display']} personnes sont hébergées dans les "
        "structures à la date du point de situation. Au cours des trente derniers jours, "
        f"{f['persons_distinct']['display']} personnes différentes ont été accompagnées par les associations, toutes "
        f"structures confondues ; {f['referrals_sent']['display']} orientations ont été envoyées vers un lieu de "
        f"prise en charge et {f['referrals_accepted']['display']} ont été acceptées{delay}."
    ]


def _sites(f, *, number: int) -> list[str]:
    """« 4/ les sites de consommation : … », after the persons' paragraph when there is one (snapshots
    taken before the sites' figures have none)."""
    if "sites_active" not in f:
        return []
    active = f["sites_active"]
    text = f"{number}/ les sites de consommation : " + (
        f"{active['display']} site est actif." if active["value"] == 1 else f"{active['display']} sites sont actifs."
    )
    if "main_site_headcount_high" in f:
        low, high = f["main_site_headcount_low"], f["main_site_headcount_high"]
        count = high["display"] if low["display"] == high["display"] else f"{low['display']} à {high['display']}"
        text += f" Sur le site {high['site']}, la dernière estimation fait état de {count} personnes présentes."
    operations = f["security_operations_window"]
    if operations["value"] != 0:
        done = "opération de police a été menée" if operations["value"] == 1 else "opérations de police ont été menées"
        text += (
            f" Au cours des trente derniers jours, {operations['display']} {done} sur les sites pour lutter contre "
            "les réseaux et sécuriser les lieux."
        )
    if f["evacuated_rest_space"]["value"] != 0:
        text += (
            f" Lors des évacuations des trente derniers jours, {f['evacuated_rest_space']['display']} personnes "
            "ont été conduites vers un espace de repos."
        )
    return [text]


def _normalise(number: str) -> str:
    return re.sub(r"[\u202f\u00a0 ]", "", number)


def trace(text: str, snapshot: dict) -> dict:
    """Which snapshot figures the text states, and which numbers of the text no figure supports."""
    figures = snapshot["communique_figures"]
    known = {}
    for figure in figures:
        known.setdefault(_normalise(figure["display"]), []).append(figure)
    found, untraced = set(), []
    for match in _NUMBER.finditer(text):
        number = _normalise(match.group(1))
        after = text[match.end() : match.end() + 20]
        before = text[max(0, match.start() - 3) : match.start()]
        if _DATE_AFTER.match(after) or _LIST_MARK.match(after):
            continue
        if _SMALL_MARK.search(before):
            found.update(f["id"] for f in figures if f["display"] == "< 11" and f["display"] in text)
            continue
        if len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100:
            continue  # a year
        if number in known:
            found.update(f["id"] for f in known[number])
        else:
            untraced.append(match.group(1))
    return {
        "figures": [{**f, "stated": f["id"] in found} for f in figures],
        "untraced": untraced,
    }
