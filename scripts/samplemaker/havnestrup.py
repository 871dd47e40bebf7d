"""Invented content: Havnestrup, strategic agreement and two delaftaler (label left of value)."""

from __future__ import annotations

from samplemaker.content import (
    ActivityContent,
    Figure,
    FocusAreaContent,
    GoalBlock,
    IndicatorRow,
    PartyGroup,
    PartyLine,
    SectionContent,
    StrategicContent,
    SubAgreementContent,
    pct,
    value,
)
from samplemaker.template_text import (
    FOCUS_AREAS_FIXED,
    GOALS_FIXED,
    GUIDANCE_OVERVIEW,
    GUIDANCE_PARTIES,
    GUIDANCE_RESPONSIBILITIES,
    GUIDANCE_TARGET_GROUP,
    ORGANISATION_FIXED,
    REVISION_FIXED,
)

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
