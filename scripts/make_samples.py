"""Write the example agreements in samples/ and their expected records in tests/golden/.

Why this exists: the real agreements the pipeline was developed on cannot be shipped, yet tests and newcomers
need files in every input format (DOCX, PDF with a text layer, scanned PDF) that follow the Landsbyggefonden
(LBF) template. Everything an applicant would write here (areas, people, numbers, activities) is invented;
only the template's own text is copied verbatim (headings, fixed paragraphs, the four fixed goals with their
indicators, and the guidance sentences), because that exact text is what the parser has to recognise.

Each golden record is built from the same data that renders its document, so the two cannot drift apart.
The PDF and scanned variants share the golden record of the DOCX they were made from.

    python scripts/make_samples.py          # from the repository root, with the project's venv

Needs python-docx. The PDF steps need LibreOffice (soffice), the scan step pdftoppm and img2pdf; each step
is skipped with a message when its tools are missing. Output is byte-for-byte deterministic: fixed document
dates and zip timestamps, and the PDFs' creation dates and file IDs pinned after conversion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

logger = logging.getLogger("make_samples")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
GOLDEN = REPO / "tests" / "golden"
SCAN_DPI = 200
SCAN_SOURCE = "aftale-delaftale"  # the sample that also gets a scanned, image-only copy
CONVERT_TIMEOUT_S = 180
DOCUMENT_DATE = dt.datetime(2026, 1, 15, 9, 0, 0)
ZIP_DATE = (2026, 1, 15, 9, 0, 0)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FONT = "Liberation Sans"  # metric-compatible with Arial, and shipped with LibreOffice
# A4 with 2 cm margins leaves 17 cm; column widths (cm) keep table words whole in the PDF.
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0
COLUMN_WIDTHS_CM = {
    1: (17.0,),
    2: (5.5, 11.5),
    5: (3.4, 4.0, 3.4, 3.2, 3.0),
    6: (3.0, 3.4, 3.6, 2.8, 1.5, 2.7),
}
# LibreOffice 7.4 ignores SOURCE_DATE_EPOCH and img2pdf draws a random file ID: these entries are the only
# run-to-run differences in the PDFs, and are pinned after writing.
PDF_CREATION_DATE = re.compile(rb"/CreationDate\(D:\d{14}")
PDF_ID = re.compile(rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(>)")
PDF_CHECKSUM = re.compile(rb"(/DocChecksum /)[0-9A-F]{32}")

Layout = Literal["label_above", "label_left"]
Gold = dict[str, Any]

# --- LBF template text, copied verbatim --------------------------------------------------------------

LABEL_INITIATIVE = "Navn på den boligsociale indsats, som delaftalen vedrører:"
LABEL_PERIOD = "Delaftalen gælder fra - til:"
LABEL_PARTIES = "Delaftalens parter:"
LABEL_SUB_GOALS = "Delmål og indikatorer for indsatsområdet"
LABEL_OVERVIEW = (
    "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet og understøtte "
    "opnåelsen af de overordnede mål jf. den strategiske samarbejdsaftale:"
)
LABEL_STAFF = "Medarbejderressourcer for indsatsområdet:"
LABEL_COHERENCE = "Sammenhæng med den kommunale indsats i boligområdet:"
LABEL_REVISION = (
    "Revision af delaftalen (Eventuelle reviderede aftaler skal ikke fremsendes til Landsbyggefonden, "
    "men fonden skal om nødvendigt til enhver tid kunne rekvirere ajourførte delaftaler):"
)
LABEL_SCHEMAS = (
    "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet "
    "(tilføj skemaer - ét skema pr. aktivitet):"
)
ACTIVITY_LABELS = {
    "name": "Aktivitetsnavn:",
    "purpose": "Formål:",
    "target_group": "Målgruppe(r):",
    "content_and_practice": "Indhold og praksis:",
    "responsibilities": "Ansvars- og rollefordeling:",
}
ACTIVITY_FIELDS = ("purpose", "target_group", "content_and_practice", "responsibilities")
SUB_GOAL_HEADER = ("Delmål", "Indikator", "Baseline boligområde/målgruppe", "Evt. anden baseline", "Datakilde")
GOAL_HEADER = ("Mål", "Indikator", "Baseline boligområde", "Baseline kommune", "Datakilde")
YEAR_HEADER = "Baseline år"

DELAFTALE_INTRO = (
    "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale til hver en tid understøtter "
    "de overordnede mål i den strategiske samarbejdsaftale. Delaftalerne er således bilag til den strategiske "
    "aftale og skal altid ses i sammenhæng hermed.",
    "Bestyrelsen har ligeledes ansvar for, at delaftalen til hver en tid afspejler de aktiviteter og "
    "samarbejder, der gennemføres i boligområdet.",
    "Beskrivelsen af områdets problemkompleks inden for dette indsatsområde fremgår af den strategiske aftale.",
)
SUB_GOALS_INTRO = (
    "Der skal opsættes delmål for nærværende indsatsområde samt indikatorer, der sikrer, at der løbende kan "
    "følges op på disse.",
    "Delmål skal forstås som ’skridt på vejen’ til at opnå de overordnede mål jf. den strategiske aftale og "
    "beskriver de konkrete succeser, der ønskes opnået med de aktiviteter, der iværksættes inden for dette "
    "indsatsområde.",
    "Indikatorer er variable, der bruges til at vise, om delmålene opnås. Som inspiration stiller "
    "Landsbyggefonden en liste over relevante indikatorer til rådighed. Der kan suppleres med indikatorer, "
    "som de lokale parter vurderer vigtige for den lokale indsats.",
    "Delmål og de dertil knyttede indikatorer kan enten relatere sig til det samlede antal aktiviteter eller "
    "til enkelte aktiviteter, der iværksættes inden for dette indsatsområde.",
    "Formålet med delmål og indikatorer på dette niveau er årligt at følge udviklingen hos de konkrete "
    "målgrupper/områder, som de boligsociale aktiviteter arbejder med inden for indsatsområdet. Jo tættere på "
    "målgruppen det er muligt at komme med tilgængelige data, jo bedre grundlag er der for at vurdere "
    "aktiviteternes virkning samt foretage lokal justering, når dette evt. er nødvendigt.",
    "Delaftalens parter og bestyrelsen har ansvar for løbende at følge op på delmålene.",
)
AGREEMENT_DOCUMENTS = (
    "Som grundlag for aftaledokumenterne henvises til gældende regulativ om tilskud til boligsocial indsats i "
    "udsatte almene boligafdelinger og fondens vejledning herom. Det er et krav, at der udarbejdes en "
    "strategisk samarbejdsaftale for at opnå Landsbyggefondens støtte til boligsocial indsats. Aftalen "
    "forpligter kommune og boligorganisationer i forhold til samarbejde, herunder opfølgning på de fastsatte "
    "mål. Ændringer i den strategiske samarbejdsaftale skal godkendes af Landsbyggefonden."
)
ORGANISATION_FIXED = (
    "Parterne bag den strategiske samarbejdsaftale skal etablere en projektorganisation med en ansvarlig "
    "bestyrelse for gennemførelsen af den boligsociale indsats således, at en éntydig og kompetent ledelse kan "
    "sikre koordinering og styring af den lokale indsats og prioritere på tværs af alle niveauer og "
    "organisationer - herunder boligorganisationer, boligafdelinger og kommune. Under bestyrelsen bør der "
    "etableres en eller flere (tematiske/geografiske) styre-/ følgegrupper. Beskrivelsen af organiseringen "
    "skal suppleres med et organisationsdiagram. Endvidere skal der udarbejdes et kommissorium for "
    "bestyrelsen, der også beskriver, hvordan sekretariatsbetjening af bestyrelsen vil foregå. Kommissoriet "
    "uploades som bilag på sagen i driftsstøttesystemet."
)
GOALS_FIXED = (
    "Landsbyggefonden har med afsæt i lovgivningen fastsat indsatsområder, mål og indikatorer som "
    "retningsgivende for de boligsociale indsatser, der får støtte inden for rammerne af 2019-26-midlerne og "
    "på grundlag af regulativet af 11. december 2019. Der er formuleret faste overordnede mål, som den "
    "boligsociale indsats skal arbejde hen imod, samt opsat faste indikatorer i tilknytning hertil. Disse "
    "fremgår nedenfor. Der er i sammenhæng hermed fastlagt de indsatsområder, som den boligsociale indsats "
    "skal holde sig inden for (jævnfør afsnit 6 nedenfor). Formålet med de faste overordnede mål og "
    "indikatorer er at sætte retning på den boligsociale indsats og følge udviklingen i det område, som "
    "modtager en bevilling. Udviklingen i området holdes op mod udviklingen i beliggenhedskommunen. På dette "
    "niveau er der opmærksomhed på den langsigtede udvikling, der også er afhængig af øvrige tiltag og den "
    "kernedrift, som den boligsociale indsats understøtter. Bestyrelsen har ansvar for løbende at følge op på "
    "de faste overordnede mål for den boligsociale indsats. Til dette formål stiller Landsbyggefonden data for "
    "boligområdet til rådighed. Som en del af den årlige revision i forbindelse med regnskabsaflæggelsen skal "
    "boligorganisationen over for revisionen dokumentere, at denne opfølgning sker."
)
FOCUS_AREAS_FIXED = (
    "De fastlagte indsatsområder, som den boligsociale indsats skal holde sig inden for, er Uddannelse og "
    "livschancer, Beskæftigelse, Kriminalitetsforebyggelse og Sammenhængskraft og medborgerskab. I dette "
    "afsnit skal problemkomplekset for hvert af de indsatsområder, der indgår i den boligsociale indsats, "
    "beskrives. Problemkomplekset skal forstås som de centrale kerneudfordringer, den boligsociale indsats skal "
    "adressere inden for det enkelte indsatsområde. Beskrivelsen skal være konkret og dataunderbygget. "
    "Bemærk, at den specifikke beskrivelse af indsatsområderne med delmål, aktiviteter og den indbyrdes "
    "ansvars- og rollefordeling mellem de parter, der er involveret i indsatsen, fastlægges i særskilte "
    "delaftaler – én delaftale pr. indsatsområde. Indholdet i delaftalerne skal pege hen imod de fastsatte mål "
    "i nærværende strategiske samarbejdsaftale."
)
REVISION_FIXED = "Revision af den strategiske samarbejdsaftale kræver godkendelse i Landsbyggefonden"
PROBLEM_COMPLEX_LABEL = "Problemkompleks for indsatsområdet"

GUIDANCE_NOTE = "(Vejledende tekst er fremhævet med grønt og slettes af ansøger, når skemaet udfyldes)"
GUIDANCE_PARTIES = (
    "Her oplistes delaftalens parter, forstået som de organisationer og funktioner, der er ansvarlige for "
    "implementering af delaftalen lokalt. Det vil være naturligt, at disse parter er repræsenteret i en evt. "
    "styre-/følgegruppe for indsatsområdet."
)
GUIDANCE_OVERVIEW = "Her oplistes de aktiviteter, som delaftalen omfatter."
GUIDANCE_TARGET_GROUP = (
    "Beskrivelse af målgruppen/målgrupperne: antal, aldersgruppe, køn, etnicitet eller andre relevante oplysninger."
)
GUIDANCE_RESPONSIBILITIES = (
    "Her anføres ansvars- og rollefordelingen for parterne bag den givne aktivitet. I beskrivelsen skal der "
    "sættes fokus på, hvilke organisationer og funktioner der varetager hvilke opgaver i forbindelse med "
    "implementering af aktiviteten."
)


# --- Content model -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A field's text as lines ("• " starts a Word list item), plus LBF guidance the applicant left in."""

    lines: tuple[str, ...] = ()
    guidance: str | None = None

    @property
    def text(self) -> str | None:
        return "\n".join(self.lines) or None


def value(*lines: str, guidance: str | None = None) -> Value:
    return Value(lines, guidance)


@dataclass(frozen=True)
class Figure:
    """One baseline figure as written in its cell, with what the parser should read out of it."""

    text: str
    area: str | None = None
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    baselines: tuple[Figure, ...]
    other: Figure | None
    year: str | None
    source: str


@dataclass(frozen=True)
class GoalBlock:
    goal: str
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class PartyLine:
    text: str
    name: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class PartyGroup:
    """Parties listed under an optional header that names their organisation ("Fjordby Kommune:")."""

    header: str | None
    parties: tuple[PartyLine, ...]


@dataclass(frozen=True)
class ActivityContent:
    name: str
    purpose: Value
    target_group: Value
    content_and_practice: Value
    responsibilities: Value


@dataclass(frozen=True)
class SubAgreementContent:
    focus_area: str
    label: str
    initiative: str
    period: str
    valid_from: str
    valid_to: str
    party_groups: tuple[PartyGroup, ...]
    sub_goals: tuple[GoalBlock, ...]
    overview: Value
    staff: Value
    coherence: Value | None  # None: the applicant deleted the whole section
    revision: Value
    activities: tuple[ActivityContent, ...]
    year_column: bool = True
    guidance_note: bool = False
    parties_guidance: str | None = None


@dataclass(frozen=True)
class SectionContent:
    number: int
    key: str
    heading: str
    body: Value


@dataclass(frozen=True)
class FocusAreaContent:
    focus_area: str
    label: str
    problem_complex: Value


@dataclass(frozen=True)
class StrategicContent:
    area_name: str
    parties: tuple[str, ...]
    period: str
    valid_from: str
    valid_to: str
    sections: tuple[SectionContent, ...]
    goals: tuple[GoalBlock, ...]
    focus_areas: tuple[FocusAreaContent, ...]


@dataclass(frozen=True)
class Sample:
    stem: str
    layout: Layout
    strategic: StrategicContent | None
    sub_agreements: tuple[SubAgreementContent, ...]
    note: str  # what the sample exercises, kept in its golden record for the reader


def pct(text: str, area: str | None, number: float) -> Figure:
    return Figure(text, area, number, "percent")


# --- Invented content: Fjordby, delaftale for Beskæftigelse (label above value) ------------------------

FJORDBY_PARTIES = (
    PartyGroup(
        None,
        (PartyLine("Boligselskabet Fjordbo"), PartyLine("Boligforeningen Lyngbo"), PartyLine("Sprogcenter Fjordby")),
    ),
    PartyGroup(
        "Fjordby Kommune, Beskæftigelsesforvaltningen:",
        (
            PartyLine("Helle Dybdal – leder af Jobcenter Fjordby", "Helle Dybdal", "leder af Jobcenter Fjordby"),
            PartyLine("Rasmus Krogh – ungevejleder", "Rasmus Krogh", "ungevejleder"),
        ),
    ),
)

FJORDBY_SUB_GOALS = (
    GoalBlock(
        "Flere unge mellem 16 og 29 år fra boligområderne er i job eller uddannelse",
        (
            IndicatorRow(
                "Andel 16-29-årige, der er i job eller uddannelse",
                (pct("Nordparken 41,5 %", "Nordparken", 41.5), pct("Søhøjen 38,0 %", "Søhøjen", 38.0)),
                pct("Fjordby Kommune 63,2 %", "Fjordby Kommune", 63.2),
                "2024",
                "LBF Boligsociale data",
            ),
            IndicatorRow(
                "Antal unge, der gennemfører et forløb i Ungeguiden",
                (Figure("Data kommer"),),
                None,
                "2025",
                "Egen registrering",
            ),
        ),
    ),
    GoalBlock(
        "Flere voksne beboere kommer tættere på arbejdsmarkedet",
        (
            IndicatorRow(
                "Andel 30-64-årige uden tilknytning til arbejdsmarked og uddannelse",
                (pct("Nordparken 27,4 %", "Nordparken", 27.4), pct("Søhøjen 31,9 %", "Søhøjen", 31.9)),
                pct("14,8 %", None, 14.8),
                "2024",
                "LBF",
            ),
            IndicatorRow(
                "Antal deltagere i Sprogcafé med praktik pr. år",
                (Figure("46", None, 46, "count"),),
                None,
                "2025",
                "Egen registrering",
            ),
        ),
    ),
)

FJORDBY_ACTIVITIES = (
    ActivityContent(
        "Jobcafé Søhøjen",
        value(
            "Jobcaféen skal gøre vejen til job kortere for beboere, der ikke selv opsøger jobcentret.",
            "Aktiviteten bidrager til delmålene ved at:",
            "• øge antallet af beboere, der søger job eller uddannelse",
            "• styrke samarbejdet med lokale virksomheder",
        ),
        value(
            "Ledige beboere mellem 18 og 64 år i Nordparken og Søhøjen. Vi forventer omkring 60 deltagere om "
            "året, heraf cirka halvdelen kvinder."
        ),
        value(
            "Jobcaféen holder åbent hver tirsdag og torsdag fra kl. 9 til 12 i beboerhuset i Søhøjen.",
            "• Hjælp til CV og ansøgninger",
            "• Virksomhedsbesøg to gange om året",
            "• Fast træffetid med en jobkonsulent fra Jobcenter Fjordby",
        ),
        value(
            "Den boligsociale jobmedarbejder driver caféen og rekrutterer deltagere. Jobcenter Fjordby stiller "
            "en jobkonsulent til rådighed og har myndighedsansvaret for deltagernes sager."
        ),
    ),
    ActivityContent(
        "Sprogcafé med praktik",
        value(
            "• At styrke voksne beboeres dansk, så de kan tage imod praktik og job.",
            "• At give deltagerne erfaring fra en dansk arbejdsplads.",
        ),
        value(
            "Voksne beboere over 30 år med dansk som andetsprog, som ikke er i gang med en danskuddannelse. "
            "Holdene har plads til 12 deltagere."
        ),
        value(
            "Undervisningen foregår to formiddage om ugen i 12 uger. Efter de første seks uger tilbydes hver "
            "deltager et praktikforløb på fire uger.",
            "Frivillige fra Foreningen Sammen i Fjordby hjælper med samtaletræning.",
        ),
        value(
            "Sprogcenter Fjordby leverer underviseren. Boligselskaberne stiller praktikpladser i driften til "
            "rådighed. Den boligsociale indsats koordinerer og følger op på praktikken."
        ),
    ),
    ActivityContent(
        "Ungeguiden",
        value("Ungeguiden skal hjælpe unge i gang med deres første fritidsjob og fastholde dem i uddannelse."),
        value("Unge mellem 14 og 24 år fra boligområderne, især unge uden fritidsjob. Cirka 40 unge om året."),
        value(
            "• Individuelle samtaler om job og uddannelse",
            "• Jobbank med fritidsjob hos lokale butikker og idrætsforeninger",
            "• Opfølgning efter tre måneder i jobbet",
        ),
        value(
            "Ungeguiden er ansat i den boligsociale indsats. Ungevejlederen fra Fjordby Kommune deltager i "
            "månedlige koordinationsmøder og overtager unge, der har brug for uddannelsesvejledning."
        ),
    ),
)

FJORDBY_BESKAEFTIGELSE = SubAgreementContent(
    focus_area="beskaeftigelse",
    label="Beskæftigelse",
    initiative="Fællesskab i Nordparken og Søhøjen",
    period="01.01.2027 – 31.12.2030",
    valid_from="2027-01-01",
    valid_to="2030-12-31",
    party_groups=FJORDBY_PARTIES,
    sub_goals=FJORDBY_SUB_GOALS,
    overview=value(
        "Jobcafé Søhøjen\nUgentlig åben jobcafé i beboerhuset med hjælp til CV, ansøgninger og kontakt til "
        "lokale virksomheder.",
        "Sprogcafé med praktik\nDanskundervisning på små hold kombineret med korte praktikforløb i "
        "boligselskabernes drift og lokale butikker.",
        "Ungeguiden\nFritidsjob- og uddannelsesvejledning for unge mellem 14 og 24 år.",
    ),
    staff=value(
        "• Boligsocial jobmedarbejder, 100 %",
        "• Projektleder, 25 %",
        "• Jobkonsulent fra Jobcenter Fjordby, 12 timer ugentligt (kommunal medfinansiering)",
    ),
    coherence=value(
        "Jobcenter Fjordby har en fremskudt beskæftigelsesindsats i Søhøjen to dage om ugen. Den boligsociale "
        "indsats bygger bro til jobcentret ved at møde beboerne, hvor de er, og følge dem til de første samtaler.",
        "Sprogcaféen supplerer den kommunale danskuddannelse og henviser deltagere til Sprogcenter Fjordby, når "
        "de er klar til et fuldt forløb.",
    ),
    revision=value(
        "Delaftalen gennemgås hvert år i september af styregruppen for beskæftigelse. Ændringer godkendes af "
        "bestyrelsen og noteres i referatet."
    ),
    activities=FJORDBY_ACTIVITIES,
)

# --- Invented content: Havnestrup, strategic agreement and two delaftaler (label left of value) --------

HAVNESTRUP_PERIOD = ("01.03.2027 - 28.02.2031", "2027-03-01", "2031-02-28")
HAVNESTRUP_INITIATIVE = "Fælles Fremtid Kildevang"


def _strategic_goal(goal: str, *indicators: IndicatorRow) -> GoalBlock:
    return GoalBlock(goal, indicators)


def _lbf_row(indicator: str, area: Figure, municipality: Figure, year: str, source: str) -> IndicatorRow:
    return IndicatorRow(indicator, (area,), municipality, year, source)


BOLIGSOCIALE_DATA = "LBF - Boligsociale data"

HAVNESTRUP_GOALS = (
    _strategic_goal(
        "Der skal ske et fagligt løft af børn og unge, så flere bliver skoleparate, og flere tager en uddannelse",
        _lbf_row(
            "Andel 1-5-årige i dagtilbud",
            pct("58,0% (2024)", None, 58.0),
            pct("86,4% (2024)", None, 86.4),
            "2024",
            BOLIGSOCIALE_DATA,
        ),
        _lbf_row(
            "Karaktergennemsnit i dansk og matematik for 9.-klasseselever",
            Figure("5,1 (2024)", None, 5.1, "grade"),
            Figure("6,9 (2024)", None, 6.9, "grade"),
            "2024",
            BOLIGSOCIALE_DATA,
        ),
    ),
    _strategic_goal(
        "Flere bliver tilknyttet arbejdsmarkedet",
        _lbf_row(
            "Andel 18-64-årige, der er uden tilknytning til arbejdsmarked og uddannelse",
            pct("33,6% (2024)", None, 33.6),
            pct("15,2% (2024)", None, 15.2),
            "2024",
            BOLIGSOCIALE_DATA,
        ),
    ),
    _strategic_goal(
        "Børn og unge skal støttes i et liv uden kriminalitet, og områderne skal opleves trygge",
        _lbf_row(
            "Andel 15-29-årige, der er sigtet mindst én gang",
            pct("4,4% (2024)", None, 4.4),
            pct("2,7% (2024)", None, 2.7),
            "2024",
            BOLIGSOCIALE_DATA,
        ),
        _lbf_row(
            "Andel beboere over 18 år, der føler sig grundlæggende trygge i boligområdet",
            pct("64% (2023)", None, 64),
            Figure("Opgøres ikke"),
            "2023",
            "Tryghedsundersøgelse VIVE/LBF",
        ),
    ),
    _strategic_goal(
        "Flere er en del af fællesskabet og deltager aktivt i samfundet",
        _lbf_row(
            "Andel stemmeberettigede, der har stemt ved seneste kommunalvalg",
            pct("49,8% (2025)", None, 49.8),
            pct("68,7% (2025)", None, 68.7),
            "2025",
            BOLIGSOCIALE_DATA,
        ),
    ),
)

HAVNESTRUP_SECTIONS = (
    SectionContent(
        1,
        "kort_om_boligomraadet",
        "Kort om boligområdet",
        value(
            "Den strategiske samarbejdsaftale omfatter to almene boligområder i den nordlige del af Havnestrup:",
            "• Kildevang (afdeling 4 og 7 i Havnestrup Almene Boliger)",
            "• Tårnhusene (afdeling 12 i Boligforeningen Kildebo)",
            "Områderne har tilsammen 1.420 beboere, hvoraf 31 % er under 18 år. Andelen af beboere uden for "
            "arbejdsmarkedet er næsten dobbelt så høj som i resten af kommunen.",
        ),
    ),
    SectionContent(
        2,
        "vision",
        "Vision for boligområdet",
        value(
            "Kildevang og Tårnhusene skal være steder, hvor børn vokser op med de samme muligheder som andre "
            "børn i Havnestrup, og hvor beboerne kender og hjælper hinanden.",
            "Indsatsen skal skabe varige forandringer ved at forankre aktiviteterne i kommunens tilbud og i det "
            "lokale foreningsliv.",
        ),
    ),
    SectionContent(
        3,
        "organisering",
        "Organisering",
        value(
            ORGANISATION_FIXED,
            "Bestyrelsen består af direktørerne for de to boligorganisationer, kommunens direktør for børn og "
            "unge samt lederen af lokalpolitiet. Under bestyrelsen arbejder to følgegrupper, én for hvert "
            "indsatsområde.",
        ),
    ),
    SectionContent(
        4,
        "samspil",
        "Samspil med centrale tiltag og indsatser i boligområdet",
        value(
            "Indsatsen koordinerer med den fysiske helhedsplan for Tårnhusene, hvor en ny gennemgang mellem "
            "blokkene åbner området mod byen i 2028. Vi samarbejder desuden fast med:",
            "• kommunens fremskudte familierådgivning",
            "• Havnestrup Idrætsforening",
            "• biblioteket i Kildevang",
        ),
    ),
    SectionContent(
        5, "overordnede_maal", "Overordnede mål og indikatorer for den boligsociale indsats", value(GOALS_FIXED)
    ),
    SectionContent(6, "indsatsomraader", "Indsatsområder", value(FOCUS_AREAS_FIXED)),
    SectionContent(
        7,
        "lokal_evaluering",
        "Lokal evaluering",
        value(
            "Indsatsen laver en forandringsteori for hvert indsatsområde ved opstart. Følgegrupperne gennemgår "
            "data hvert halve år, og bestyrelsen får en kort statusrapport hvert år i marts."
        ),
    ),
    SectionContent(8, "revision", "Revision af samarbejdsaftalen", value(REVISION_FIXED)),
)

HAVNESTRUP_FOCUS_AREAS = (
    FocusAreaContent(
        "uddannelse_og_livschancer",
        "Uddannelse og livschancer",
        value(
            "Kun 58 % af børnene i Kildevang og Tårnhusene går i dagtilbud, mod 86 % i kommunen. Mange børn "
            "starter i skole med et svagt dansk, og karaktergennemsnittet ved folkeskolens afgangsprøve ligger "
            "1,8 point under kommunens."
        ),
    ),
    FocusAreaContent(
        "kriminalitetsforebyggelse",
        "Kriminalitetsforebyggelse",
        value(
            "En lille gruppe unge mellem 15 og 19 år står for en stor del af hærværket i Tårnhusene. Beboerne "
            "oplever især parkeringskælderen og stien langs banen som utrygge om aftenen.",
            "Der mangler fritidstilbud for de 12-17-årige i området efter kl. 18.",
        ),
    ),
)

HAVNESTRUP_STRATEGIC = StrategicContent(
    area_name="Kildevang og Tårnhusene, Havnestrup",
    parties=("Havnestrup Almene Boliger", "Boligforeningen Kildebo", "Havnestrup Kommune", "Politikreds Havnestrup"),
    period=HAVNESTRUP_PERIOD[0],
    valid_from=HAVNESTRUP_PERIOD[1],
    valid_to=HAVNESTRUP_PERIOD[2],
    sections=HAVNESTRUP_SECTIONS,
    goals=HAVNESTRUP_GOALS,
    focus_areas=HAVNESTRUP_FOCUS_AREAS,
)

HAVNESTRUP_UDDANNELSE = SubAgreementContent(
    focus_area="uddannelse_og_livschancer",
    label="Uddannelse og livschancer",
    initiative=HAVNESTRUP_INITIATIVE,
    period=HAVNESTRUP_PERIOD[0],
    valid_from=HAVNESTRUP_PERIOD[1],
    valid_to=HAVNESTRUP_PERIOD[2],
    party_groups=(
        PartyGroup(None, (PartyLine("Havnestrup Almene Boliger"), PartyLine("Boligforeningen Kildebo"))),
        PartyGroup(
            "Havnestrup Kommune, Børn og Unge:",
            (
                PartyLine("Sofie Brandt – leder af Dagtilbud Nord", "Sofie Brandt", "leder af Dagtilbud Nord"),
                PartyLine(
                    "Kasper Vind – skoleleder på Kildevangskolen", "Kasper Vind", "skoleleder på Kildevangskolen"
                ),
                PartyLine("Lone Hjorth – sundhedsplejerske", "Lone Hjorth", "sundhedsplejerske"),
            ),
        ),
    ),
    sub_goals=(
        GoalBlock(
            "Flere børn i Kildevang og Tårnhusene er sprogligt klar til skolestart",
            (
                IndicatorRow(
                    "Andel 3-årige, der vurderes alderssvarende i sprogvurderingen",
                    (pct("Kildevang 54,0 %", "Kildevang", 54.0), pct("Tårnhusene 61,5 %", "Tårnhusene", 61.5)),
                    pct("79,2 %", None, 79.2),
                    "2024",
                    "Havnestrup Kommune",
                ),
                IndicatorRow(
                    "Antal familier, der deltager i Læsekuffert",
                    (Figure("Data kommer"),),
                    None,
                    "2027",
                    "Egen registrering",
                ),
            ),
        ),
        GoalBlock(
            "Flere unge gennemfører en ungdomsuddannelse",
            (
                IndicatorRow(
                    "Andel 16-24-årige, der er i gang med en ungdomsuddannelse",
                    (pct("47,3 %", None, 47.3),),
                    pct("Havnestrup Kommune 71,9 %", "Havnestrup Kommune", 71.9),
                    "2024",
                    "LBF",
                ),
            ),
        ),
    ),
    overview=value(
        "Læsekuffert\nFamilier låner en kuffert med bøger og lege og får besøg af en læseguide.",
        "Lektieværkstedet\nLektiehjælp to eftermiddage om ugen på Kildevangskolens bibliotek.",
    ),
    staff=value(
        "• Familiemedarbejder, 80 %",
        "• Projektleder, 20 %",
        "• Lærer fra Kildevangskolen, 4 timer ugentligt (kommunal medfinansiering)",
    ),
    coherence=value(
        "Læsekufferten bygger videre på sundhedsplejens sprogarbejde og dagtilbuddenes sprogvurderinger. "
        "Lektieværkstedet er aftalt med Kildevangskolen og supplerer skolens egen lektiecafé."
    ),
    revision=value(
        "Følgegruppen for uddannelse gennemgår delaftalen hvert år i januar og indstiller ændringer til bestyrelsen."
    ),
    activities=(
        ActivityContent(
            "Læsekuffert",
            value(
                "At styrke små børns sprog ved at gøre forældrene til aktive læsere sammen med deres børn.",
                "• Forældrene læser højt mindst tre gange om ugen",
                "• Børnene møder skolen med et bedre ordforråd",
            ),
            value(
                "Familier med børn mellem 2 og 5 år i Kildevang og Tårnhusene, særligt familier, hvor forældrene "
                "har dansk som andetsprog. Cirka 35 familier om året."
            ),
            value(
                "Hver familie låner en kuffert i otte uger. En læseguide kommer på hjemmebesøg hver anden uge og "
                "viser, hvordan bøgerne kan bruges i hverdagen. Forløbet slutter med en fælles læsefest på "
                "biblioteket."
            ),
            value(
                "Familiemedarbejderen rekrutterer familierne og uddanner læseguiderne. Dagtilbud Nord peger på "
                "familier med behov, og biblioteket sammensætter kufferterne."
            ),
        ),
        ActivityContent(
            "Lektieværkstedet",
            value(
                "At flere elever fra boligområderne laver deres lektier og får en afgangsprøve, der giver adgang "
                "til en ungdomsuddannelse."
            ),
            value(
                "Elever i 4.-9. klasse fra Kildevangskolen, der bor i boligområderne. Plads til 25 elever ad gangen."
            ),
            value(
                "Værkstedet holder åbent mandag og onsdag fra kl. 14 til 16.30. Frivillige studerende og en lærer "
                "fra skolen hjælper eleverne, og der serveres et let måltid."
            ),
            value(),  # left empty by the applicant: an empty_section finding
        ),
    ),
)

HAVNESTRUP_KRIMINALITET = SubAgreementContent(
    focus_area="kriminalitetsforebyggelse",
    label="Kriminalitetsforebyggelse",
    initiative=HAVNESTRUP_INITIATIVE,
    period=HAVNESTRUP_PERIOD[0],
    valid_from=HAVNESTRUP_PERIOD[1],
    valid_to=HAVNESTRUP_PERIOD[2],
    guidance_note=True,
    party_groups=(
        PartyGroup(
            None,
            (
                PartyLine("Havnestrup Almene Boliger"),
                PartyLine("Politikreds Havnestrup"),
                PartyLine("Havnestrup Kommune, SSP-samarbejdet"),
            ),
        ),
    ),
    parties_guidance=GUIDANCE_PARTIES,
    year_column=False,
    sub_goals=(
        GoalBlock(
            "Færre unge i Tårnhusene begår hærværk og kriminalitet",
            (
                IndicatorRow(
                    "Antal anmeldelser af hærværk i Tårnhusene pr. år",
                    (Figure("23 (2025)", None, 23, "count"),),
                    None,
                    "2025",
                    "Politikreds Havnestrup",
                ),
                IndicatorRow(
                    "Andel unge i Aftenklubben, der er sigtet inden for det seneste år",
                    (Figure("Data kommer"),),
                    None,
                    None,
                    "Egen registrering",
                ),
            ),
        ),
        GoalBlock(
            "Beboerne føler sig trygge i Tårnhusene om aftenen",
            (
                IndicatorRow(
                    "Andel beboere, der føler sig trygge ved at gå i området efter mørkets frembrud",
                    (pct("52 % (2024)", None, 52),),
                    pct("Havnestrup Kommune 81 % (2024)", "Havnestrup Kommune", 81),
                    "2024",
                    "Tryghedsmåling, Havnestrup Kommune",
                ),
            ),
        ),
    ),
    overview=value(
        "Aftenklubben\nÅben klub for 12-17-årige fire aftener om ugen.",
        "Trygge stier\nBeboervandringer og bedre belysning langs stien ved banen.",
        guidance=GUIDANCE_OVERVIEW,
    ),
    staff=value("• Ungemedarbejder, 100 %", "• SSP-konsulent fra Havnestrup Kommune, 6 timer ugentligt"),
    coherence=None,
    revision=value("Delaftalen revideres sammen med SSP-samarbejdets årsplan hvert år i juni."),
    activities=(
        ActivityContent(
            "Aftenklubben",
            value(
                "At give de 12-17-årige et trygt sted at være om aftenen og voksne, de kan tale med.",
                "• Færre unge hænger ud i parkeringskælderen",
                "• Unge i risiko opdages tidligt og henvises til SSP",
            ),
            value(
                "Unge mellem 12 og 17 år fra Tårnhusene og Kildevang. Vi regner med 30-40 faste brugere.",
                guidance=GUIDANCE_TARGET_GROUP,
            ),
            value(
                "Klubben holder åbent mandag til torsdag fra kl. 18 til 22 i kælderlokalet under blok 3. Der er "
                "altid to voksne til stede, og en gang om måneden kommer en betjent fra lokalpolitiet forbi."
            ),
            value(
                "Ungemedarbejderen leder klubben og har kontakten til de unges forældre. SSP-konsulenten "
                "følger op på unge, der giver anledning til bekymring.",
                guidance=GUIDANCE_RESPONSIBILITIES,
            ),
        ),
        ActivityContent(
            "Trygge stier",
            value("At beboerne igen tør bruge stien langs banen, også når det er mørkt."),
            value("Alle beboere i Tårnhusene, især ældre beboere og børnefamilier."),
            value(
                "• To beboervandringer om året sammen med politiet og driften",
                "• Ny belysning og beskæring af buske langs stien",
                "• Opfølgning i afdelingsbestyrelsen",
            ),
            value(
                "Boligforeningen Kildebo står for belysning og beskæring. Den boligsociale indsats inviterer til "
                "vandringerne og samler beboernes forslag."
            ),
        ),
    ),
)

SAMPLES_TO_MAKE = (
    Sample(
        "aftale-delaftale",
        "label_above",
        None,
        (FJORDBY_BESKAEFTIGELSE,),
        "Invented sample (scripts/make_samples.py). Label above value: each template heading in a one-cell table "
        "row, its value in the row below. Each Delmål cell is merged down over its two indicator rows. No "
        "guidance text and no missing or empty fields, so no findings. aftale-delaftale.pdf (LibreOffice) and "
        "aftale-delaftale-scan.pdf (image only, 200 dpi) share this record.",
    ),
    Sample(
        "aftale-bundle",
        "label_left",
        HAVNESTRUP_STRATEGIC,
        (HAVNESTRUP_UDDANNELSE, HAVNESTRUP_KRIMINALITET),
        "Invented sample (scripts/make_samples.py). Strategic agreement with headings and values as paragraphs, "
        "then two delaftaler with label left of value (two-cell rows). Delaftale 1 leaves the responsibilities of "
        "its second activity empty; delaftale 2 keeps green LBF guidance, has no Baseline år column (years stand "
        "in the baseline cells) and leaves out the municipal-coherence section. aftale-bundle.pdf shares this "
        "record.",
    ),
)


# --- Golden records ----------------------------------------------------------------------------------


def figure_gold(figure: Figure | None) -> Gold | None:
    if figure is None:
        return None
    return {"area": figure.area, "value": figure.value, "unit": figure.unit, "text": figure.text}


def indicator_gold(row: IndicatorRow) -> Gold:
    return {
        "indicator": row.indicator,
        "baselines": [figure_gold(f) for f in row.baselines],
        "other_baseline": figure_gold(row.other),
        "baseline_year": row.year,
        "data_source": row.source,
    }


def goals_gold(goals: Sequence[GoalBlock], key: str) -> list[Gold]:
    return [{key: g.goal, "indicators": [indicator_gold(r) for r in g.indicators]} for g in goals]


def parties_gold(groups: Sequence[PartyGroup]) -> list[Gold]:
    """A header names the organisation of the lines under it; a line without one names its own."""
    return [
        {
            "text": line.text,
            "name": line.name,
            "role": line.role,
            "organisation": group.header.rstrip(":") if group.header else line.text,
        }
        for group in groups
        for line in group.parties
    ]


def activity_gold(activity: ActivityContent) -> Gold:
    return {"name": activity.name} | {key: getattr(activity, key).text for key in ACTIVITY_FIELDS}


def sub_agreement_gold(sub: SubAgreementContent) -> Gold:
    return {
        "focus_area": sub.focus_area,
        "focus_area_label": sub.label,
        "initiative_name": sub.initiative,
        "valid_from": sub.valid_from,
        "valid_to": sub.valid_to,
        "parties": parties_gold(sub.party_groups),
        "sub_goals": goals_gold(sub.sub_goals, "sub_goal"),
        "activity_overview": list(sub.overview.lines),
        "staff_resources": sub.staff.text,
        "municipal_coherence": sub.coherence.text if sub.coherence else None,
        "revision": sub.revision.text,
        "activities": [activity_gold(a) for a in sub.activities],
    }


def strategic_gold(strategic: StrategicContent) -> Gold:
    return {
        "area_name": strategic.area_name,
        "parties": [{"text": p, "name": None, "role": None, "organisation": p} for p in strategic.parties],
        "valid_from": strategic.valid_from,
        "valid_to": strategic.valid_to,
        "sections": [
            {"number": s.number, "key": s.key, "heading": s.heading, "text": s.body.text} for s in strategic.sections
        ],
        "goals": goals_gold(strategic.goals, "goal"),
        "focus_areas": [
            {"focus_area": f.focus_area, "focus_area_label": f.label, "problem_complex": f.problem_complex.text}
            for f in strategic.focus_areas
        ],
    }


def sub_agreement_fields(sub: SubAgreementContent) -> Iterator[tuple[str, Value | None]]:
    """Every checked field of a delaftale with its path below `sub_agreements[i]`."""
    yield "parties", parties_value(sub)
    yield "activity_overview", sub.overview
    yield "staff_resources", sub.staff
    yield "municipal_coherence", sub.coherence
    yield "revision", sub.revision
    for i, activity in enumerate(sub.activities):
        for key in ACTIVITY_FIELDS:
            yield f"activities[{i}].{key}", getattr(activity, key)


def sub_agreement_findings(sub: SubAgreementContent, index: int) -> list[Gold]:
    root = f"sub_agreements[{index}]"
    findings = []
    if sub.guidance_note:
        findings.append(_finding("template_residue", root, f"{_opening(GUIDANCE_NOTE)} under the title"))
    for path, field in sub_agreement_fields(sub):
        if field is None:
            findings.append(_finding("missing_section", f"{root}.{path}", "the section is left out"))
        elif not field.lines:
            findings.append(_finding("empty_section", f"{root}.{path}", "heading present, value cell empty"))
        elif field.guidance:
            findings.append(_finding("template_residue", f"{root}.{path}", _opening(field.guidance)))
    return findings


def _opening(sentence: str) -> str:
    return " ".join(sentence.split()[:6]) + " …"


def _finding(code: str, path: str, note: str) -> Gold:
    return {"code": code, "path": path, "note": note}


def sample_gold(sample: Sample) -> Gold:
    return {
        "file": f"{sample.stem}.docx",
        "strategic_agreement": strategic_gold(sample.strategic) if sample.strategic else None,
        "sub_agreements": [sub_agreement_gold(s) for s in sample.sub_agreements],
        "expected_findings": [
            _finding("note", "", sample.note),
            *(f for i, s in enumerate(sample.sub_agreements) for f in sub_agreement_findings(s, i)),
        ],
    }


# --- DOCX rendering ----------------------------------------------------------------------------------


def new_document(title: str) -> Document:
    """A document with fixed metadata and the page furniture (header, page-number footer) PDFs repeat."""
    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "helhedsplan samples"
    props.title = title
    props.created = props.modified = props.last_printed = DOCUMENT_DATE
    props.revision = 1
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.header.paragraphs[0].text = "LANDSBYGGEFONDEN"
    footer = section.footer.paragraphs[0]
    footer.add_run("Side ")
    footer._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    return document


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, guidance: bool = False) -> None:
    """Add text as one run; "\\n" becomes a line break inside the paragraph (Shift+Enter in Word)."""
    run = paragraph.add_run()
    run.bold = bold
    if guidance:
        run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    first, *rest = text.split("\n")
    run.add_text(first)
    for line in rest:
        run.add_break()
        run.add_text(line)


def write_value(container: Document | _Cell, field: Value) -> None:
    """Write a value's lines as paragraphs ("• " lines as Word list items), then any guidance in green."""
    for line in field.lines:
        bullet = line.startswith("• ")
        paragraph = container.add_paragraph(style="List Bullet" if bullet else None)
        add_text(paragraph, line[2:] if bullet else line)
    if field.guidance:
        add_text(container.add_paragraph(), field.guidance, guidance=True)


def fill_cell(cell: _Cell, field: Value) -> None:
    """Replace a new cell's one empty paragraph by the value (an empty value keeps the empty cell)."""
    if not field.lines and not field.guidance:
        return
    placeholder = cell.paragraphs[0]._p
    write_value(cell, field)
    placeholder.getparent().remove(placeholder)


def label_cell(cell: _Cell, label: str) -> None:
    """A template heading in bold, written into the new cell's one paragraph."""
    add_text(cell.paragraphs[0], label, bold=True)


def bold_paragraph(document: Document, text: str) -> None:
    add_text(document.add_paragraph(), text, bold=True)


def new_table(document: Document, cols: int) -> Table:
    table = document.add_table(rows=0, cols=cols)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS_CM[cols], strict=True):
        column.width = Cm(width)
    return table


def fix_cell_widths(table: Table) -> None:
    """Word and LibreOffice size columns by each cell's own width, so copy the grid's widths to every cell."""
    widths = COLUMN_WIDTHS_CM[len(table.columns)]
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = Cm(width)


def field_table(document: Document, layout: Layout, fields: Sequence[tuple[str, Value]]) -> None:
    """Template headings with their values: label row above value row, or label cell left of value cell."""
    table = new_table(document, 1 if layout == "label_above" else 2)
    for label, field in fields:
        if layout == "label_above":
            label_cell(table.add_row().cells[0], label)
            fill_cell(table.add_row().cells[0], field)
        else:
            left, right = table.add_row().cells
            label_cell(left, label)
            fill_cell(right, field)
    fix_cell_widths(table)
    document.add_paragraph()


def goal_table(document: Document, header: Sequence[str], goals: Sequence[GoalBlock], year_column: bool) -> None:
    """A Delmål/Mål table whose goal cell is merged down over the rows of its indicators."""
    columns = [*header[:4], YEAR_HEADER, header[4]] if year_column else list(header)
    table = new_table(document, len(columns))
    for cell, title in zip(table.add_row().cells, columns, strict=True):
        label_cell(cell, title)
    for goal in goals:
        first = len(table.rows)
        for row in goal.indicators:
            cells = table.add_row().cells[1:]
            texts = [row.indicator, *indicator_cells(row, year_column)]
            for cell, text in zip(cells, texts, strict=True):
                fill_cell(cell, value(*text.splitlines()))
        merged = table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0))
        fill_cell(merged, value(goal.goal))
    fix_cell_widths(table)
    document.add_paragraph()


def indicator_cells(row: IndicatorRow, year_column: bool) -> list[str]:
    baselines = "\n".join(f.text for f in row.baselines)
    other = row.other.text if row.other else ""
    year = [row.year or ""] if year_column else []
    return [baselines, other, *year, row.source]


def write_sub_agreement(document: Document, sub: SubAgreementContent, layout: Layout) -> None:
    document.add_heading(f"Delaftale for indsatsområdet {sub.label}", level=1)
    if sub.guidance_note:
        add_text(document.add_paragraph(), GUIDANCE_NOTE, guidance=True)
    for paragraph in DELAFTALE_INTRO:
        document.add_paragraph(paragraph)
    field_table(
        document,
        layout,
        [
            (LABEL_INITIATIVE, value(sub.initiative)),
            (LABEL_PERIOD, value(sub.period)),
            (LABEL_PARTIES, parties_value(sub)),
        ],
    )
    bold_paragraph(document, LABEL_SUB_GOALS)
    for paragraph in SUB_GOALS_INTRO:
        document.add_paragraph(paragraph)
    goal_table(document, SUB_GOAL_HEADER, sub.sub_goals, sub.year_column)
    overview = Value(tuple(f"• {item}" for item in sub.overview.lines), sub.overview.guidance)
    coherence = [] if sub.coherence is None else [(LABEL_COHERENCE, sub.coherence)]
    field_table(
        document,
        layout,
        [(LABEL_OVERVIEW, overview), (LABEL_STAFF, sub.staff), *coherence, (LABEL_REVISION, sub.revision)],
    )
    bold_paragraph(document, LABEL_SCHEMAS)
    for activity in sub.activities:
        fields = [(ACTIVITY_LABELS["name"], value(activity.name))]
        fields += [(ACTIVITY_LABELS[key], getattr(activity, key)) for key in ACTIVITY_FIELDS]
        field_table(document, layout, fields)


def parties_value(sub: SubAgreementContent) -> Value:
    lines: list[str] = []
    for group in sub.party_groups:
        lines += [group.header] if group.header else []
        lines += [f"• {line.text}" for line in group.parties]
    return Value(tuple(lines), sub.parties_guidance)


def write_strategic(document: Document, strategic: StrategicContent) -> None:
    """The strategic agreement with labels and headings as paragraphs, each value in the paragraphs below."""
    document.add_heading("Strategisk samarbejdsaftale om boligsocial indsats", level=0)
    for label, field in (
        ("Områdets navn:", value(strategic.area_name)),
        ("Aftalens parter:", value(*(f"• {p}" for p in strategic.parties))),
        ("Samarbejdsaftalen gælder fra - til:", value(strategic.period)),
    ):
        bold_paragraph(document, label)
        write_value(document, field)
    bold_paragraph(document, "Aftaledokumenter")
    document.add_paragraph(AGREEMENT_DOCUMENTS)
    for section in strategic.sections:
        document.add_heading(f"{section.number}. {section.heading}", level=2)
        write_value(document, section.body)
        if section.key == "overordnede_maal":
            goal_table(document, GOAL_HEADER, strategic.goals, year_column=False)
        if section.key == "indsatsomraader":
            write_focus_areas(document, strategic.focus_areas)


def write_focus_areas(document: Document, focus_areas: Sequence[FocusAreaContent]) -> None:
    for focus_area in focus_areas:
        document.add_heading(focus_area.label, level=3)
        bold_paragraph(document, PROBLEM_COMPLEX_LABEL)
        write_value(document, focus_area.problem_complex)


def render(sample: Sample, path: Path) -> None:
    title = "Strategisk samarbejdsaftale" if sample.strategic else "Delaftale"
    document = new_document(title)
    if sample.strategic:
        write_strategic(document, sample.strategic)
        document.add_page_break()
    for i, sub in enumerate(sample.sub_agreements):
        if i:
            document.add_page_break()
        write_sub_agreement(document, sub, sample.layout)
    document.save(str(path))
    freeze_zip(path)


def freeze_zip(path: Path) -> None:
    """python-docx stamps zip members with the current time; rewrite them with a fixed one."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)


# --- PDF and scan ------------------------------------------------------------------------------------


def missing_tools(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def to_pdf(docx_path: Path) -> Path:
    """Convert with LibreOffice in a private profile, so a running LibreOffice does not block it."""
    with tempfile.TemporaryDirectory(prefix="make-samples-") as tmp:
        command = [
            "soffice",
            f"-env:UserInstallation={Path(tmp).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
    pdf_path = docx_path.with_suffix(".pdf")
    freeze_pdf(pdf_path, seed=docx_path.read_bytes())
    return pdf_path


def freeze_pdf(path: Path, seed: bytes) -> None:
    """Pin the creation date, file ID and checksum, replacing bytes one for one so xref offsets stay valid."""
    stamp = DOCUMENT_DATE.strftime("%Y%m%d%H%M%S").encode()
    file_id = hashlib.sha256(seed).hexdigest()[:32].upper().encode()
    data = PDF_CREATION_DATE.sub(b"/CreationDate(D:" + stamp, path.read_bytes())
    data = PDF_ID.sub(rb"\g<1>" + file_id + rb"\g<2>" + file_id + rb"\g<3>", data)
    data = PDF_CHECKSUM.sub(rb"\g<1>" + file_id, data)
    path.write_bytes(data)


def to_scan(pdf_path: Path, scan_path: Path) -> None:
    """An image-only PDF: pages rendered to grey PNGs and wrapped back into a PDF, as a scanner would."""
    with tempfile.TemporaryDirectory(prefix="make-samples-") as tmp:
        prefix = Path(tmp, "side")
        render_pages = ["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(pdf_path), str(prefix)]
        subprocess.run(render_pages, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
        pages = sorted(str(p) for p in Path(tmp).glob("side*.png"))
        wrap = ["img2pdf", "--nodate", "--producer", "", "-o", str(scan_path), *pages]
        subprocess.run(wrap, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
    freeze_pdf(scan_path, seed=pdf_path.read_bytes())


def write_gold(sample: Sample) -> Path:
    path = GOLDEN / f"{sample.stem}.json"
    path.write_text(json.dumps(sample_gold(sample), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def make_pdfs(docx_paths: Sequence[Path]) -> None:
    if missing := missing_tools("soffice"):
        logger.warning("skipping PDF samples: %s not installed", ", ".join(missing))
        return
    pdfs = [to_pdf(path) for path in docx_paths]
    logger.info("wrote %s", ", ".join(str(p.relative_to(REPO)) for p in pdfs))
    if missing := missing_tools("pdftoppm", "img2pdf"):
        logger.warning("skipping scanned sample: %s not installed", ", ".join(missing))
        return
    scan = SAMPLES / f"{SCAN_SOURCE}-scan.pdf"
    to_scan(SAMPLES / f"{SCAN_SOURCE}.pdf", scan)
    logger.info("wrote %s", scan.relative_to(REPO))


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    SAMPLES.mkdir(exist_ok=True)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    docx_paths = []
    for sample in SAMPLES_TO_MAKE:
        path = SAMPLES / f"{sample.stem}.docx"
        render(sample, path)
        docx_paths.append(path)
        logger.info("wrote %s and %s", path.relative_to(REPO), write_gold(sample).relative_to(REPO))
    try:
        make_pdfs(docx_paths)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, FileNotFoundError) as exc:
        logger.error("PDF conversion failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
