"""The questions of the verkenning, from the handreiking's bijlage 1 "Instructie voor verkenning"
(seed 000). One answer per numbered question; its sub-questions are the hint below it. Keys are
stored; never rename one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    part: int
    text: str
    hint: str = ""


PARTS = {
    1: "Deel 1 · De gemeente en de stand van zaken van inclusief beleid",
    2: "Deel 2 · Keuze van een levensdomein en eventueel een wijk of kern",
    3: "Deel 3 · De verkenning van het levensdomein",
}

QUESTIONS: tuple[Question, ...] = (
    Question(
        "1.1", 1, "Informatie over de gemeente: inwoneraantal, politiek bestuur, wijken of kernen, bijzonderheden?"
    ),
    Question("1.2", 1, "Wat is inclusief beleid in onze gemeente, en vanuit welk perspectief wordt het ingevuld?"),
    Question("1.3", 1, "In hoeverre is er (politiek) draagvlak voor inclusief beleid, en waar zit dat?"),
    Question("1.4", 1, "Wat is er tot nu toe al gedaan aan inclusief beleid in onze gemeente?"),
    Question("1.5", 1, "Wat is de belangrijkste vraag over inclusief beleid in onze gemeente?"),
    Question(
        "2.1",
        2,
        "Welk van de zes VNG-levensdomeinen kiezen we, en waarom?",
        "Op basis van eigen ervaring en signalen, gesprekken met collega's, partners en sociaal professionals, "
        "of de prioriteiten van raad en programma's.",
    ),
    Question(
        "2.2",
        2,
        "Kiezen we ook één wijk of kern? Welke, en waarom?",
        "Een wijk of kern maakt de vragen concreet. Zoom dan bij elke vraag hieronder in op die wijk.",
    ),
    Question(
        "3.1",
        3,
        "Wat zijn belangrijke thema's en vraagstukken in dit levensdomein?",
        "Wat is de gewenste situatie? Hoe kan inclusief beleid helpen? Wat speelt er in de gekozen wijk?",
    ),
    Question(
        "3.2",
        3,
        "Wat is de huidige stand van zaken?",
        "Beleid, acties, initiatieven; hoe zijn ze tot stand gekomen; wat gaat goed en wat kan beter; "
        "wat zouden onze blinde vlekken kunnen zijn?",
    ),
    Question("3.3", 3, "Hoe staat het met bewustzijn, definitie en visie op inclusief beleid? Is er urgentie?"),
    Question(
        "3.4",
        3,
        "Wiens draagvlak is echt nodig, van bestuur tot uitvoering?",
        "Op welke lagen? Waar en waartegen is er weerstand, en bij wie?",
    ),
    Question(
        "3.5",
        3,
        "Waar zitten energie en leiderschap, in de gemeente en in het levensdomein?",
        "Hoe werken we nu met hen samen, of hoe zouden we dat moeten doen? Wie zijn kartrekkers en rolmodellen?",
    ),
    Question(
        "3.6",
        3,
        "Welke partners en inwoners zijn belangrijk om te betrekken?",
        "Hoe krijgen we zicht op ervaringen van inwoners met in- en uitsluiting? Met wie werken we nu samen, "
        "en waarom? Wie missen er, en waardoor? Hoe krijgen we zicht op 'stille' inwoners?",
    ),
    Question("3.7", 3, "Welke middelen zijn er om inclusief beleid vorm te geven?", "Geld en tijd."),
)

BY_KEY = {q.key: q for q in QUESTIONS}
