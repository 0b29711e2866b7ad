"""The criteria of inclusive, non-discriminating policy, word for word in B1 Dutch.

Source: the handreiking "Institutioneel racisme effectief aanpakken" (KIS/VNG), stap 7 "Onderzoek en
veranderprocessen in dienstverlening en beleid": twelve ✓ criteria ("Het gaat om beleid dat …") and
nine ✗ criteria ("Het gaat om beleid dat niet …"). Keys are stored; never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    key: str
    kind: str  # 'moet' (✓: inclusive policy does this) or 'mag_niet' (✗: inclusive policy does not do this)
    text: str  # completes "Deze activiteit …"

    @property
    def mark(self) -> str:
        return "✓" if self.kind == "moet" else "✗"


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "minder_achterstelling",
        "moet",
        "zorgt dat mensen die nu worden achtergesteld, niet of minder worden achtergesteld",
    ),
    Criterion("positie_structureel", "moet", "verbetert de positie van mensen die nu worden achtergesteld, blijvend"),
    Criterion(
        "combinatie_kenmerken",
        "moet",
        "let op hoe een combinatie van kenmerken tot achterstelling leidt, en probeert die op te heffen",
    ),
    Criterion(
        "geen_eigen_schuld",
        "moet",
        "maakt mensen in een benadeelde positie niet zelf verantwoordelijk voor hun positie",
    ),
    Criterion(
        "geen_stereotypen", "moet", "is niet gebaseerd op stereotypen of aannames over hoe groepen zich gedragen"
    ),
    Criterion("voordeel_gecorrigeerd", "moet", "corrigeert het voordeel van de groep die nu bijzonder veel profiteert"),
    Criterion(
        "behoeften_gecheckt",
        "moet",
        "is gebaseerd op behoeften van verschillende achtergestelde groepen, gecheckt met onderzoek",
    ),
    Criterion(
        "bias_uitvoering",
        "moet",
        "beperkt vooroordelen en stereotypen van professionals en vrijwilligers die het uitvoeren",
    ),
    Criterion(
        "voorwaarden_toegankelijk",
        "moet",
        "heeft voorwaarden (bijvoorbeeld voor subsidie) die voor iedereen toegankelijk zijn",
    ),
    Criterion("divers_samenwerken", "moet", "werkt samen met mensen en organisaties met verschillende kenmerken"),
    Criterion("vn_verdrag", "moet", "houdt rekening met het VN-verdrag voor de rechten van personen met een beperking"),
    Criterion("grondwet", "moet", "is in lijn met de Grondwet en de mensenrechten"),
    Criterion("benadeelt", "mag_niet", "benadeelt mensen vanwege (een combinatie van) bepaalde kenmerken"),
    Criterion("bevoordeelt", "mag_niet", "bevoordeelt mensen vanwege kenmerken die er niet toe doen"),
    Criterion(
        "gedrag_slachtoffer",
        "mag_niet",
        "probeert het gedrag of de houding te veranderen van mensen die worden gediscrimineerd",
    ),
    Criterion(
        "homogene_doelgroep",
        "mag_niet",
        "gaat uit van de gemiddelde ervaring van een doelgroep, alsof die groep overal hetzelfde is",
    ),
    Criterion(
        "vaker_gecontroleerd",
        "mag_niet",
        "zorgt dat mensen met een bepaald kenmerk vaker worden gecontroleerd of verdacht",
    ),
    Criterion("postcode", "mag_niet", "benadeelt mensen uit een bepaald postcodegebied"),
    Criterion("cultuur_religie", "mag_niet", "benadeelt mensen vanwege hun culturele of religieuze gewoonten"),
    Criterion(
        "ruimte_bias",
        "mag_niet",
        "laat alle ruimte voor vooroordelen van professionals of vrijwilligers die het uitvoeren",
    ),
    Criterion("regels_raken", "mag_niet", "heeft regels die mensen met bepaalde kenmerken buitensporig vaak raken"),
)

BY_KEY = {c.key: c for c in CRITERIA}

ANSWERS = {
    "ja": "Ja",
    "deels": "Deels",
    "nee": "Nee",
    "onbekend": "Weet niet",
}


def status(criterion: Criterion, answer: str | None) -> str:
    """'in_orde', 'let_op' or 'open' for an answer to a criterion.

    A ✓ criterion is in order when the answer is 'ja'; a ✗ criterion when it is 'nee'. 'deels' or the
    other answer asks for attention; no answer or 'onbekend' is still open.

    >>> status(BY_KEY["grondwet"], "ja"), status(BY_KEY["postcode"], "ja"), status(BY_KEY["postcode"], None)
    ('in_orde', 'let_op', 'open')
    """
    if answer in (None, "", "onbekend"):
        return "open"
    good = "ja" if criterion.kind == "moet" else "nee"
    return "in_orde" if answer == good else "let_op"


STATUS_LABELS = {"in_orde": "In orde", "let_op": "Let op", "open": "Nog open"}
