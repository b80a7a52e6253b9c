"""The draft press release, in the style of the comité's communiqués, filled from a report's snapshot.

Every number written comes from one figure of the snapshot (already through the publication
function), or from a capacity answer quoted for the meeting (computed from published figures); `trace`
tells, for any edited text, which numbers come from which indicator and which numbers nothing supports.
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


def _some(figure: dict | None) -> bool:
    """A figure worth a sentence: records say something (a hidden small count is something; 0 is not)."""
    return figure is not None and (figure["value"] != 0 or figure["display"] != "0")


def _count(figure: dict, one: str, many: str) -> str:
    """« 1 personne est … » / « 12 personnes sont … » (a hidden « < 11 » takes the plural)."""
    return f"{figure['display']} {one if figure['value'] == 1 else many}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else "".join(parts)


def draft_text(snapshot: dict) -> str:
    """The draft in the comité's order and voice: 1/ premises, 2/ the dispositif, 3/ medico-social
    response, then the short-term measures on the active site and the next meeting. A paragraph whose
    records are missing says so, or is left out; it never writes « 0 personnes »."""
    f = _figures(snapshot)
    context = snapshot.get("communique_context", {})
    release = datetime.date.fromisoformat(snapshot["meeting_date"]) + datetime.timedelta(days=1)
    dated = formats.date_format(release, "j F Y")
    if release.day == 1:
        dated = "1er " + formats.date_format(release, "F Y")
    return "\n\n".join(
        [
            "COMMUNIQUÉ DE PRESSE — PROJET",
            f"Paris, le {dated}",
            "À la suite de la réunion du comité institutionnel du Plan crack du "
            f"{snapshot['meeting_label']}, l'État poursuit, avec la Ville de Paris, le travail sur la réponse à "
            "apporter à la problématique du crack : lieux de prise en charge des consommateurs, actions "
            "médico-sociales, sécurité.",
            "Cette réunion a permis de faire un point sur la situation actuelle, à partir des chiffres arrêtés au "
            f"{snapshot['as_of_label']}, et sur les mesures à déployer à court terme et de façon plus pérenne pour "
            "y remédier. Ces mesures se développeront par :",
            _premises(f),
            *_dispositifs(f, context.get("dispositifs", [])),
            _medico_social(f),
            *_short_term(f),
            *_capacity(snapshot.get("capacity_quotes", [])),
            _next_meeting(context.get("next_meeting")),
        ]
    )


PREMISES_STAGES = [
    ("premises_proposed", "en attente de l'examen de l'État", "en attente de l'examen de l'État"),
    ("premises_examination", "en cours d'examen par l'État", "en cours d'examen par l'État"),
    ("premises_retained", "retenu", "retenus"),
    ("premises_works", "en travaux ou en cours d'autorisation", "en travaux ou en cours d'autorisation"),
    ("premises_opened", "ouvert", "ouverts"),
]
DETAIL = [
    ("places_rest_night", "places en espaces de repos de nuit"),
    ("places_rest_day", "places en espaces de repos de jour"),
    ("places_lhss", "lits halte soins santé"),
    ("places_lam", "lits d'accueil médicalisés"),
]


def _premises(f) -> str:
    """« 1/ la proposition par la Ville de Paris de locaux … » and where the State's examination stands."""
    text = "1/ la proposition par la Ville de Paris de locaux pour développer une prise en charge adaptée des consommateurs"
    total = f.get("premises_total")
    if not _some(total):
        text += " : aucune proposition de locaux n'est encore enregistrée dans Relais à cette date."
    else:
        stages = [_count(f[i], one, many) for i, one, many in PREMISES_STAGES if _some(f.get(i))]
        text += f" : {_count(total, 'local a été proposé', 'locaux ont été proposés')}"
        text += f" ({_joined(stages)})." if stages else "."
        overdue = f.get("premises_reviews_overdue")
        text += " Les représentants de l'État se sont engagés à examiner rapidement ces propositions" + (
            f" ; {_count(overdue, 'proposition attend', 'propositions attendent')} leurs avis au-delà du délai "
            "de réponse."
            if _some(overdue)
            else "."
        )
    if _some(f.get("places_open")):
        structures = f["structures_open"]
        text += (
            f" Les lieux de prise en charge en fonctionnement comptent aujourd'hui {f['places_open']['display']} "
            f"places dans {_count(structures, 'structure', 'structures')}{_detail(f)}."
        )
    return text


def _detail(f) -> str:
    """« , dont N places en espaces de repos de nuit, … et M lits … », leaving out the kinds with none."""
    parts = [f"{f[i]['display']} {text}" for i, text in DETAIL if _some(f.get(i))]
    return ", dont " + _joined(parts) if parts else ""


def _dispositifs(f, described: list[dict]) -> list[str]:
    """« 2/ le renforcement des mesures d'hébergement accompagné (dispositifs ASSORE et PHASE) … »."""
    opening = (
        "2/ le renforcement des mesures d'hébergement accompagné{names} qui permet de mettre à l'abri les "
        "consommateurs tout en leur offrant un accompagnement sanitaire : "
    )
    if not described:
        return [opening.format(names="") + "aucune place d'hébergement accompagné n'est enregistrée dans Relais."]
    paragraphs = []
    for index, dispositif in enumerate(described):
        members = [m["name"] for m in dispositif["members"]]
        names = f" (dispositifs {_joined(members)})" if len(members) > 1 else f" ({dispositif['name']})"
        text = opening.format(names=names) if index == 0 else f"{dispositif['name']} : "
        paragraphs.append(text + _dispositif(f, dispositif))
    return paragraphs


def _dispositif(f, d: dict) -> str:
    code = d["code"]
    places, hotels, target = f[f"{code}__places_open"], f[f"{code}__hotels"], f[f"{code}__target"]
    today = (
        f"ce sont aujourd'hui {places['display']} places qui permettent à des consommateurs de crack de ne pas être à "
        "la rue chaque jour"
    )
    plan = d.get("plan")
    if plan:
        start, aim = f[plan["from"]], f[plan["to"]]
        name = plan["name"][:1].lower() + plan["name"][1:]  # « le plan crack 2019-2021 »
        moved = f"de {start['display']} à {aim['display']}" if _some(start) else f"à {aim['display']}"
        text = f"alors que le {name} prévoyait de passer le dispositif {moved} places, {today}."
    elif _some(target):
        text = f"{today}, pour un objectif de {target['display']} places."
    else:
        text = f"{today}."
    if _some(hotels):
        text += f" Ces places sont réparties dans {_count(hotels, 'hôtel', 'hôtels')}"
        members = [f"{f[m['places']]['display']} places {m['name']}" for m in d["members"] if _some(f[m["places"]])]
        text += f" ({_joined(members)})." if len(members) > 1 else "."
    for decision in d["decisions"]:
        who = "Le comité de ce jour" if decision["today"] else _capitalised(decision["by"])
        aim = f[decision["target"]]["display"]
        when = f"à compter du {decision['effective']}"
        if decision["change"]:
            change = f[decision["change"]]["display"]
            sign = "-" if decision["removed"] else "+"
            text += f" {who} a décidé {sign}{change} places, portant l'objectif à {aim} places {when}."
        elif decision["in_force"]:
            text += f" {who} a porté l'objectif à {aim} places {when}."
        else:
            text += f" {who} a décidé de renforcer le dispositif, pour atteindre {aim} places {when}."
    housed = f[f"{code}__housed"]
    if _some(housed):
        text += f" {_count(housed, 'personne y est hébergée', 'personnes y sont hébergées')} à cette date."
    else:
        text += (
            " Les séjours n'y sont pas enregistrés dans Relais à cette date : le nombre de personnes hébergées "
            "n'est pas donné."
        )
    return text


def _medico_social(f) -> str:
    """« 3/ l'adaptation des mesures d'accompagnement médico-social … », from the records of the last 30 days."""
    parts = []
    if _some(f.get("persons_housed")):
        housed = _count(f["persons_housed"], "personne est hébergée", "personnes sont hébergées")
        parts.append(f"{housed} dans les lieux de prise en charge à la date du point de situation")
    if _some(f.get("persons_distinct")):
        parts.append(
            f"{_count(f['persons_distinct'], 'personne a été accompagnée', 'personnes différentes ont été accompagnées')}"
            " par les associations au cours des trente derniers jours"
        )
    if _some(f.get("referrals_sent")):
        sent = _count(f["referrals_sent"], "orientation a été envoyée", "orientations ont été envoyées")
        accepted = f.get("referrals_accepted")
        wait = f.get("referral_wait_admitted", {})
        parts.append(
            f"{sent} vers un lieu de prise en charge"
            + (f", dont {accepted['display']} acceptées" if _some(accepted) else "")
            + (
                f", avec un délai médian de {wait['display']} heures entre l'orientation et l'admission"
                if wait.get("value") is not None
                else ""
            )
        )
    if _some(f.get("pathway_steps")):
        psychiatric = f.get("psychiatric_steps")
        parts.append(
            f"les parcours de prise en charge comptent {_count(f['pathway_steps'], 'étape', 'étapes')} sur la période"
            + (f", dont {psychiatric['display']} relevant de la réponse psychiatrique" if _some(psychiatric) else "")
        )
    if _some(f.get("places_psychiatry")):
        parts.append(
            f"la réponse psychiatrique mobilise {f['places_psychiatry']['display']} places de ressources hospitalières"
        )
    if _some(f.get("onsite_acts")):
        parts.append(
            f"la réponse sanitaire sur les sites de consommation a représenté {f['onsite_acts']['display']} actes "
            "(premiers secours, soins, matériel de réduction des risques)"
        )
    text = (
        "3/ l'adaptation des mesures d'accompagnement médico-social développées en lien étroit avec le monde "
        "associatif, avec le renforcement de la réponse sanitaire sur les sites de consommation et le développement "
        "de parcours de prise en charge comportant une réponse psychiatrique"
    )
    if not parts:
        return text + " : aucune donnée d'accompagnement n'est encore enregistrée dans Relais pour cette période."
    return text + " : " + " ; ".join(parts) + "."


def _short_term(f) -> list[str]:
    """« À court terme … » on the most crowded active site, then the police action; left out without site data."""
    if "sites_active" not in f:
        return []
    paragraphs = []
    high = f.get("main_site_headcount_high")
    if _some(f["sites_active"]) and high is not None:
        low = f["main_site_headcount_low"]
        count = high["display"] if low["display"] == high["display"] else f"{low['display']} à {high['display']}"
        text = (
            "À court terme, et dans l'attente de l'ouverture des nouveaux dispositifs, les mesures médico-sociales de "
            f"prise en charge des consommateurs de crack sur le site {high['site']} seront confortées par l'État et la "
            f"Ville, en lien avec les associations, avec le renforcement de l'offre sanitaire et de premiers soins sur "
            f"place. La dernière estimation y fait état de {count} personnes présentes"
        )
        care = [
            _count(f[i], one, many)
            for i, one, many in (
                ("main_site_first_aid", "premier secours", "premiers secours"),
                ("main_site_nursing_care", "soin infirmier", "soins infirmiers"),
            )
            if _some(f.get(i))
        ]
        text += f" ; {_joined(care)} y ont été assurés au cours des trente derniers jours." if care else "."
        paragraphs.append(text)
    operations = f["security_operations_window"]
    where = (
        "sur ce site comme sur les sites historiques d'implantation" if paragraphs else "sur les sites de consommation"
    )
    police = (
        f"Également, les services de police continueront d'assurer une action forte {where}, pour lutter activement "
        "contre les réseaux et pour assurer la sécurisation des lieux"
    )
    if _some(operations):
        done = _count(operations, "opération de police a été menée", "opérations de police ont été menées")
        police += f" : {done} sur les sites au cours des trente derniers jours."
    else:
        police += "."
    if paragraphs or _some(operations):
        paragraphs.append(police)
    if _some(f.get("evacuated_rest_space")):
        paragraphs.append(
            "Lors des évacuations des trente derniers jours, "
            f"{_count(f['evacuated_rest_space'], 'personne a été conduite', 'personnes ont été conduites')} "
            "vers un espace de repos."
        )
    return paragraphs


# How the communiqué names a kind of place after « dont N places … » (the others by their label).
KIND_NAMES = {"hotel": "à l'hôtel", "chrs": "en CHRS", "lhss": "en LHSS", "lam": "en LAM"}


def _capacity(quotes: list[dict]) -> list[str]:
    """One sentence per capacity answer quoted for the meeting, from its published figures only: the flow
    estimate, its split per kind of place (answers quoted before the per-kind plan have none), then the
    steady-state need."""
    paragraphs = []
    for answer in quotes:
        question = answer["question"]
        text = (
            f"Pour mettre à l'abri en {question['weeks']} semaines une scène de {question['scene']} personnes, la "
            f"cellule de coordination estime le besoin à {answer['flow']} places d'hébergement libres au départ"
        )
        kinds = [k for k in answer.get("by_kind", []) if k["flow"]]
        if kinds:
            text += " (dont " + _joined([f"{k['flow']} {KIND_NAMES.get(k['kind'], k['label'])}" for k in kinds]) + ")"
        text += (
            f", puis {answer['steady']['places']} places pour que les nouvelles arrivées attendent rarement "
            "(estimation à partir des chiffres publiés)."
        )
        paragraphs.append(text)
    return paragraphs


def _quoted_numbers(snapshot: dict) -> set[str]:
    """The numbers the capacity sentences take from the quoted answers: supported, though not indicators."""
    numbers = set()
    for answer in snapshot.get("capacity_quotes", []):
        numbers |= {str(answer["question"]["weeks"]), str(answer["question"]["scene"]), str(answer["flow"])}
        numbers.add(str(answer["steady"]["places"]))
        numbers |= {str(k["flow"]) for k in answer.get("by_kind", [])}
    return numbers


def _next_meeting(planned: dict | None) -> str:
    when = planned["when"] if planned else "à bref délai"
    return f"Une nouvelle réunion du comité institutionnel se tiendra {when}."


def _normalise(number: str) -> str:
    return re.sub(r"[\u202f\u00a0 ]", "", number)


def trace(text: str, snapshot: dict) -> dict:
    """Which snapshot figures the text states, and which numbers of the text no figure supports (those of a
    capacity answer quoted for the meeting are supported by it)."""
    figures = snapshot["communique_figures"]
    known = {}
    for figure in figures:
        known.setdefault(_normalise(figure["display"]), []).append(figure)
    found, untraced = set(), []
    quoted = _quoted_numbers(snapshot)
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
        elif number not in quoted:
            untraced.append(match.group(1))
    return {
        "figures": [{**f, "stated": f["id"] in found} for f in figures],
        "untraced": untraced,
    }
