"""The domain's fixed vocabularies: stored keys mapped to the Dutch labels users read."""

from __future__ import annotations

NODE_KINDS = {
    "resultaat": "Maatschappelijk resultaat",
    "outcome": "Outcome (wat verandert er voor inwoners)",
    "output": "Output (wat we doen en tellen)",
    "activiteit": "Activiteit",
    "input": "Input (mensen, geld, kennis)",
}

# Which kind of node an arrow may lead to, read along the theory of change.
ALLOWED_EDGES = {
    ("input", "activiteit"),
    ("activiteit", "output"),
    ("output", "outcome"),
    ("outcome", "outcome"),
    ("outcome", "resultaat"),
}

LEVENSDOMEINEN = {
    "onderwijs": "Onderwijs en ontwikkeling",
    "thuis": "Thuis",
    "werk_inkomen": "Werk en inkomen",
    "vrije_tijd": "Vrije tijd",
    "vervoer": "Vervoer",
    "welzijn": "Welzijn, gezondheid en ondersteuning",
}

# The twelve factors of the diversiteitsvlechtwerk.
DIVERSITY_FACTORS = {
    "gezondheid": "Gezondheid",
    "educatie": "Educatie",
    "sociale_status": "Sociale status",
    "uiterlijk": "Uiterlijke kenmerken",
    "gender": "Gender en sekse",
    "religie": "Religie en levensbeschouwing",
    "taal": "Taal en geletterdheid",
    "seksuele_orientatie": "Seksuele oriëntatie",
    "leeftijd": "Leeftijd",
    "achtergrond": "Sociaal-culturele achtergrond",
    "participatie": "(Arbeids)participatie",
    "financien": "Financiële situatie",
}

TOTAL = "totaal"

SOURCE_KINDS = {
    "wijkgesprek": "Wijkgesprek",
    "interview": "Interview",
    "focusgroep": "Focusgroep",
    "panel": "Reactie inwonerspanel",
    "melding": "Melding",
    "observatie": "Observatie",
    "overig": "Overig",
}

VISIBILITY = {
    "openbaar": "Openbaar: mag naar de raad en in openbare stukken",
    "werkgroep": "Werkgroep: alleen voor de werkgroep",
    "intern": "Intern: alleen in de interne weergave, niet voor de hele werkgroep",
}

# Who may see which visibility level.
AUDIENCES = {
    "intern": ("openbaar", "werkgroep", "intern"),
    "werkgroep": ("openbaar", "werkgroep"),
    "openbaar": ("openbaar",),
}

OWNER_KINDS = {
    "gemeente": "Gemeente",
    "partner": "Partnerorganisatie",
    "bewoners": "Bewonersinitiatief",
}

ACTIVITY_STATUS = {
    "gepland": "Gepland",
    "loopt": "Loopt",
    "afgerond": "Afgerond",
    "gestopt": "Gestopt",
}

EVIDENCE = {
    "sterk": "Sterk onderbouwd",
    "redelijk": "Redelijk onderbouwd",
    "beperkt": "Beperkt onderbouwd",
    "onbekend": "Onbekend",
}

UNITS = {"procent": "%", "aantal": "aantal", "score": "score"}

DIRECTIONS = {
    "hoger": "Hoger is beter",
    "lager": "Lager is beter",
    "geen": "Geen richting: lees het cijfer met de verhalen erbij",
}

STANCES = {
    "verklaart": "verklaart dit cijfer",
    "ondersteunt": "ondersteunt dit cijfer",
    "spreekt_tegen": "spreekt dit cijfer tegen",
}

# Short names of node kinds, for lists and legends.
NODE_KINDS_SHORT = {key: text.split(" (")[0] for key, text in NODE_KINDS.items()}

AREA_LEVELS = {"gemeente": "Gemeente", "wijk": "Wijk", "buurt": "Buurt"}

REFLECTION_KINDS = {
    "gaat_goed": "Wat gaat goed",
    "kan_beter": "Wat kan beter",
    "besluit": "Besluit of afspraak",
}

# Step 6: the werkgroep's actions and reviews.
ACTION_STATUS = {"open": "Open", "bezig": "Bezig", "gedaan": "Gedaan", "vervallen": "Vervallen"}
ACTION_OPEN = ("open", "bezig")  # still to do: these can be late and are carried over to the next review
REVIEW_STATUS = {"open": "Open", "gesloten": "Gesloten"}


# The two reasons a figure is not shown (kompas.store.suppression), one text each, used everywhere they appear.
SUPPRESSED_TEXT = "te klein om te tonen"  # the primary rule: too few people
GUARDED_TEXT = "verborgen zodat een kleine groep niet terug te rekenen is"  # the secondary rule

# Plain-Dutch explanations of the words the app uses (B1), for tooltips and the glossary.
GLOSSARY = {
    "output": "Output: wat we doen en tellen, zoals het aantal bijeenkomsten of deelnemers.",
    "outcome": "Outcome: wat er voor inwoners verandert, zoals of zij zich thuis voelen in de buurt.",
    "maatschappelijk resultaat": "Maatschappelijk resultaat: wat we samen willen bereiken voor de hele gemeente.",
    "indicator": "Indicator: een cijfer waaraan we zien of iets verandert.",
    "meting": "Meting: een ronde van een onderzoek, of een jaar van een registratie.",
    "foutmarge": "Foutmarge (betrouwbaarheidsinterval): het echte cijfer ligt met 95% zekerheid tussen deze "
    "twee waarden. Een verschil binnen de foutmarge kan toeval zijn.",
    "veronderstelling": "Veronderstelling: waarom we denken dat het ene tot het andere leidt.",
    SUPPRESSED_TEXT: "Te klein om te tonen: een cijfer over te weinig mensen laten we weg, om hun "
    "privacy te beschermen en omdat het niet betrouwbaar is.",
    GUARDED_TEXT: "Verborgen zodat een kleine groep niet terug te rekenen is: een cijfer dat zelf groot genoeg is, "
    "maar samen met het totaal en de andere cijfers een te kleine groep zou verraden.",
}


def label(vocabulary: dict[str, str], key: str | None) -> str:
    """Dutch label for a stored key; unknown keys are shown as they are.

    >>> label(DIVERSITY_FACTORS, "leeftijd")
    'Leeftijd'
    """
    if key is None:
        return ""
    return vocabulary.get(key, key)


# Breakdowns by a pair of factors (e.g. leeftijd × financiële situatie) are stored like single ones, with
# both names joined by PAIR_SEP: group_factor 'leeftijd × financien', group_value '65–74 jaar × moeite met
# rondkomen'. These functions are the one home of that convention.
PAIR_SEP = " × "


def pair_key(first: str, second: str) -> str:
    """The stored name of a pair of factors, or of a pair of groups.

    >>> pair_key("leeftijd", "financien")
    'leeftijd × financien'
    """
    return f"{first}{PAIR_SEP}{second}"


def split_pair(key: str) -> tuple[str, str] | None:
    """The two parts of a stored pair; None for a single factor or group (or the total).

    >>> split_pair("leeftijd × financien"), split_pair("leeftijd")
    (('leeftijd', 'financien'), None)
    """
    parts = key.split(PAIR_SEP) if isinstance(key, str) else []
    return (parts[0], parts[1]) if len(parts) == 2 else None


def is_factor(key: str) -> bool:
    """A diversity factor, or a pair of two different ones (what an observation may be broken down by)."""
    pair = split_pair(key)
    if pair:
        return pair[0] != pair[1] and all(p in DIVERSITY_FACTORS for p in pair)
    return key in DIVERSITY_FACTORS


def factor_label(key: str) -> str:
    """Dutch label of a factor or pair: 'Leeftijd × Financiële situatie'."""
    pair = split_pair(key)
    if pair:
        return PAIR_SEP.join(label(DIVERSITY_FACTORS, p) for p in pair)
    return "Totaal" if key == TOTAL else label(DIVERSITY_FACTORS, key)
