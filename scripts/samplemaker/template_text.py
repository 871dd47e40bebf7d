"""The LBF template's own text (headings, fixed paragraphs, guidance), copied verbatim: the exact
text the parser has to recognise."""

from __future__ import annotations

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
