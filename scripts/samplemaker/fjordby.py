"""Invented content: Fjordby, delaftale for Beskæftigelse (label above value)."""

from __future__ import annotations

from samplemaker.content import (
    ActivityContent,
    Figure,
    GoalBlock,
    IndicatorRow,
    PartyGroup,
    PartyLine,
    SubAgreementContent,
    pct,
    value,
)

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
