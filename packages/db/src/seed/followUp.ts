import { and, eq } from 'drizzle-orm';
import type { FollowUpTimeAssessment } from '@fvm/domain';
import type { Tx } from '../client';
import { changes, followUpGoals, followUpStatusReports, organisations } from '../schema';

// VästKom's "Resultat 2019" (seed 002) and the Kommun-FVM status report (seed 004), as the seeds
// hold them: every row, in the seed's order and words (its spelling included: "aktivitete",
// "huvudmännnen", "Upphandligsfas", "patientöverskikt"); only spaces at the ends of a cell are
// trimmed, and the lines of one cell are joined with a line break, paragraphs with an empty line.
//
// How the table's text is read: under a section heading, a cell of "Mål / aktiviteter 2019" holds
// either a goal (a state to reach: "… erbjuds kommunerna", "Videomöten … genomförs …") or an
// activity (what to do: "Driva arbetet …", "Medverka …"); some stand under a heading of their own
// (a project, with its budget, or a service such as "SITHS-organisation"). The time column
// ("Uppskattad genomförd tid / planerad tid i HP") holds "Mer än" and a percentage, or once
// "delreg. satsning", which is no assessment and is kept as the time note. Where the seed lists
// a heading's activity, then its goals, then one comment each, each becomes a row of its own with
// its comment; where a goal and its activity share one comment, they share a row.
//
// Goal status and trend: the web page showed them as icons, and the seed's text lost them. No
// row's text says which icon it had, so every row's goal status and trend are left null (unknown)
// rather than guessed from its comment.

export const FOLLOW_UP_YEAR = 2019;

export const FOLLOW_UP_SECTIONS = [
  'PROJEKT / ARBETEN SOM DRIVS NATIONELLT',
  'PROJEKT / ARBETEN SOM DRIVS I SAMVERKAN MED VÄSTRA GÖTALANDSREGIONEN',
  'PROJEKT / ARBETEN SOM DRIVS FÖR KOMMUNERNA I VÄSTRA GÖTALAND',
] as const;

export interface FollowUpSeedRow {
  section: (typeof FOLLOW_UP_SECTIONS)[number];
  heading?: string;
  goal?: string;
  activity?: string;
  budget?: number;
  budgetText?: string;
  timeAssessment?: FollowUpTimeAssessment;
  timePercent?: number;
  timeNote?: string;
  comment?: string;
}

const [NATIONAL, WITH_VGR, FOR_MUNICIPALITIES] = FOLLOW_UP_SECTIONS;
const GITS = 'GITS – Förvaltning och fortsatt utveckling';
const FVM = 'Kommunernas arbete med Framtidens vårdinformationsmiljö - informationsdelning med andra huvudmän';
const WELFARE_TECHNOLOGY = 'Drift- och utförarorganisation av välfärdsteknik';
const COMMUNICATION = 'Kommunikation och kompetenshöjande aktiviteter';

export const FOLLOW_UP_2019: readonly FollowUpSeedRow[] = [
  {
    section: NATIONAL,
    goal: 'Västra Götalands kommuner erbjuds nationella tjänster som motsvarar kommunernas behov',
    activity:
      'Upprätta struktur mellan SKL/Inera och kommunerna i VG. Kravställ behovet av internationella/nationella regelverk/standarder. Involvera och föra Västra Götalands kommuners talan med nationella aktörer. Vara stödjande i tillhandahållandet av nationella tjänster',
    timeAssessment: 'more',
    timePercent: 30,
    comment:
      'Deltagande har skett i en rad nationella aktivitete, primärt via Ineras programråd. Från 2020 kommer Karl Fors vara en del av programrådets AU.\n\n' +
      'Inga nya nationella tjänster har införts, tveksamt om någon nationell aktör vill tillhandahålla nya tjänster.',
  },
  {
    section: NATIONAL,
    goal: 'Fler nationella tjänster nyttjas av kommunerna 2019, än 2018',
    activity: 'Vara stödjande i tillhandahållandet av nationella tjänster.',
    timeAssessment: 'more',
    timePercent: 0,
    comment: 'Inga nya nationella tjänster har införts, tveksamt om någon nationell aktör vill tillhandahålla nya tjänster.',
  },
  {
    section: NATIONAL,
    goal: 'Nationell tjänst för säkra digitala meddelande erbjuds kommunerna',
    activity: 'Medverka i projekt för säkra digitala meddelande i nationella strukturer',
    timeAssessment: 'more',
    timePercent: 0,
    comment: 'VästKom har medverkat till att kommuner och Kommunalförbund finns delaktiga i styrning och genomförande av SDK',
  },
  {
    section: WITH_VGR,
    heading: GITS,
    budget: 4_030_000,
    budgetText: 'Budget: 4 030 000 kronor',
    activity:
      'Driva arbetet med nuvarande och kommande gemensamma lösningar utifrån kommunernas behov och önskemål. Tydliggöra process för hantering av nya behov. Arbeta för att GITS koordinerar VGRs och Ineras tjänster till Västra Götalands kommuner. Utveckla nuvarande koncept kring identitet och behörighet.',
    timeAssessment: 'more',
    timePercent: 30,
    comment:
      'Den lilla GITS-verksamheten fungerar väl i ett svårt organisatoriskt landskap. Men huvudmännnen har inte tydligt stöttat utförarorganisationen med tydlig målbild. Till detta är det oklart hur GITS ska påverka och påverkas av FVM.',
  },
  {
    section: WITH_VGR,
    heading: GITS,
    goal: 'Systemet SAMSA motsvarar verksamhetens behov av IT-stöd för in- och utskrivning från sluten hälsa- och sjukvård, inklusive möjlighet till mobilt arbetssätt',
    comment:
      '2018 etablerades ny rutin. 2019 har stöd fortsatt enligt plan. SITIV har inte godkänt förslag till att tillhandahålla mobilt arbetssätt. SAMSAs kommande livslängd, på grund av FVM, kommer påverka kommande utveckling.',
  },
  {
    section: WITH_VGR,
    heading: GITS,
    goal: 'Videomöten för samordnad vårdplanering genomförs i högre grad än fysiska möten',
    comment: 'Över 70 procent av de möten som kallas till är distansmöten',
  },
  {
    section: WITH_VGR,
    heading: 'SITHS-organisation',
    goal: 'Utgivning av medie för stark autenticering/certifikat finns tillgängligt i hela länet. Mobila certifikat – likt mobilt bankID finns tillgängligt',
    comment:
      'God tillgänglighet, god kompetens genom denna centraliserade stödfunktion. SITIV godkände inte förslag på tillhandahållande av mobila certifikat.',
  },
  {
    section: WITH_VGR,
    heading: 'Nationell patientöverskikt',
    goal: '5 Kommuner har med hjälp av stöd från GITS blivit producenter till NPÖ/tjänsteplattform',
    comment:
      'Uddevalla kommun planerar att bli producent under 2020. Oklart hur kommunernas utvecklingsplaner ser ut i övrigt. Inget större engagemang. FVM påverkar.',
  },
  {
    section: WITH_VGR,
    heading: 'Ersätta FAX av Epikris med NPÖ',
    goal: '49 kommuner nyttjar NPÖ istället för fax vid samordnad vård och omsorgsplanering',
    comment:
      'Projektet som tillsattes för detta uppdrag har avslutats utan att lyckas med sitt uppdrag. Slutrapport är under färdigställande. Stora utmaningar i förändringsledning samt gemensam tolkning av gällande lagrum.',
  },
  {
    section: WITH_VGR,
    heading: 'SIP',
    goal: 'Fler Samordnade Individuella planer (SIP) ska göras 2019, jämfört med 2018',
    comment: 'Dokumentation av SIP sker fortsatt analogt, vilket gör att målet är svårt att följas upp.',
  },
  {
    section: WITH_VGR,
    heading: FVM,
    activity:
      'Ingå i VGRs ledningsstruktur för FVM för att tillgodose kommunernas behov. Medverka till att ta fram attraktiva FVM-optioner. Driva arbetet med att få till informationsutbyte mellan huvudmän inom vård och omsorg. Kommunicera arbetet.',
    timeAssessment: 'more',
    timePercent: 500,
    comment:
      'Upphandligsfas avslutad. Mycket arbete har lagts på att bidra till att göra VGRs/Cerners erbjudande till kommunerna mer attraktivt. Mindre resurser än prognostiserat har lagts på frågan. VGR har tillsatt särskild enhet för kommunrelationen.',
  },
  {
    section: WITH_VGR,
    heading: FVM,
    goal: 'Kommuner som tecknat fullmakt avropar tecknade optioner',
    comment: 'Inga optioner avropas 2019. Hela projektets införande är försenat.',
  },
  {
    section: WITH_VGR,
    heading: FVM,
    goal: 'Projekt etablerat för kommunernas arbete med informationsutbytet inom vård och omsorg/FVM',
    comment: 'Inget projekt är etablerat för informationsutbytet i vård och omsorg. Dock finns ett kommunalt FVM projekt som arbetar på uppdrag av VästKom',
  },
  {
    section: FOR_MUNICIPALITIES,
    heading: WELFARE_TECHNOLOGY,
    goal: 'Koncept är framtaget, för kommunerna att ta beslut på 2019.',
    activity: 'Förtydligande av förstudie av välfärdsteknik tas fram genom ett erbjudande.',
    // "delreg.\nsatsning" (a sub-regional venture) stands where the time assessment would.
    timeNote: 'delreg. satsning',
    comment:
      'Projektet pausades under hösten. Svårigheter att hantera samtidigt som FVM. Särskilt i kommande beslutsfattande. Förslag på avsiktsförklaring med VGR är framtagen.',
  },
  {
    section: FOR_MUNICIPALITIES,
    heading: COMMUNICATION,
    budget: 100_000,
    budgetText: 'Budget: 100 000 kr',
    goal: [
      '• Ökat antal visningar på VästKoms hemsida kring eSamhället och digitalisering',
      '• Ökat antal visning av inlägg/filmer på VästKoms Facebooksida',
      '• Två uppskattade seminarium/utbildningar är genomförda, exempelvis kring arkitektur',
      '• Samtliga seminarium/utbildningar är webbsända med god kvalitet',
    ].join('\n'),
    comment:
      'Hemsidan har ej prioriterats tillräckligt, för området i stort. Inaktuell information finns.\n\n' +
      'FVM har dock hållits uppdaterad och flera seminarier har genomförts, dessa har varit möjliga att följa på distans.\n\n' +
      'Hösten 2019 rekryterades en kommunikatör för att förbättra VästKoms kommunikation.',
  },
];

/**
 * Seed 004, "Nuläge": Monica Edgren, projektledare Kommun-FVM, reports to the FVM programme every
 * month; the page holds "Summering maj" and "Planering juni". It does not say which year. 2020 is
 * the one that fits: the municipalities signed their options in May 2020 (seed 001), and this May
 * brings word that the design of options 2 and 3 can start in the autumn; it also names SKR, the
 * name SKL took at the end of 2019.
 */
export const STATUS_REPORT_2020_05 = {
  month: '2020-05',
  summary:
    'Besked har kommit från Cerner och VGR att arbetet med att designa option 2 och 3 kan starta under hösten. Kommun-FVM gör parallellt en översyn för att utveckla och anpassa projektarbetet så stödet inom design från kommunalt håll kan förstärkas. I överenskommelse med VGR och Cerner samt SSVIT, styrgrupp för projekt Kommun-FVM, kommer projektet framgent att arbeta mer operativt. Rekrytering av olika roller startar under de senare veckorna i maj och ska vara klart innan juli. Kommun-FVM efterfrågar å kommunernas vägnar information från VGR rörande informationssäkerhet i systemet medan VGR förbereder ett gemensamt arbete med en plattformsövergripande Data protection impact asessment (dpia). Beslut har fattats om att rekrytera en juridisk kompetens till Kommun-FVM projektet som i sin helhet kommer att förstärkas då projektet kommer att bli mer operativt kopplat till framförallt designarbetet från och med hösten. Expertis från kommunerna rörande skoljuridik har inte gått att få till varför frågan gått till SKR för att utgöra stöd rörande design i Millennium. Kommun-FVM har startat en översyn för att i samarbete med Cerner definiera vad option 1 ska innehålla när programmet övergår i förvaltning, vad som kommer att levereras i etapp 1 och vad som därmed behöver designas inför etapp 2. Arbetet ska resultera i en plan som alla inblandade parter kan ta del av och inte minst är det väsentligt för kommunerna för att förstå i vilken mån de kan planera för att ta emot nya releaser eller bibehålla den lokala projektorganisationen.',
  plan: 'Rekryteringen av processledare option 3 samt verksamhetsexperter för option 2 och 3 är prioriterad. Anna Lindelöf är fn rekryterad som processledare option 2 och 3 men en bedömning är att rollen behöver delas upp på två processledare. En starkare kommunal representation i SoKI, designprojektet med ett närmare samarbete med Cerner planeras i sin helhet. Förberedande arbete option 2 pågår men behöver fördjupas parallellt med att ett förberedande arbete option 3 inleds. Samverkan med samtliga projekt inom FVM-programmet intensifieras då en framgångsfaktor är förståelse för det kommunala perspektivet. Planeringen under juni inför hösten handlar också om att hitta nya former för att kunna öka transparens, insyn och delaktighet för de lokala implementeringsprojekten samtidigt som det krävs förståelse och anpassning för försening och ny tidplan.',
} as const;

/** Whether a real row of the entity exists, or ever did (its change history): rows deleted on purpose stay deleted. */
function everHeld(tx: Tx, table: typeof followUpGoals | typeof followUpStatusReports, entity: string): boolean {
  const row = tx.select({ id: table.id }).from(table).where(eq(table.isDemo, false)).limit(1).get();
  if (row) return true;
  return !!tx
    .select({ id: changes.id })
    .from(changes)
    .where(and(eq(changes.entity, entity), eq(changes.isDemo, false)))
    .limit(1)
    .get();
}

/**
 * Loads the follow-up reference rows, owned by VästKom (who publishes them), unless the registry
 * holds or has held real rows of them: idempotent, and it also reaches a registry whose reference
 * data was loaded before the follow-up existed.
 */
export function insertFollowUpReference(tx: Tx): { goals: number; statusReports: number } {
  const vastkom = tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, 'collaboration_body'), eq(organisations.name, 'VästKom'), eq(organisations.isDemo, false)))
    .get();
  if (!vastkom) return { goals: 0, statusReports: 0 };
  let goals = 0;
  let statusReports = 0;
  if (!everHeld(tx, followUpGoals, 'FollowUpGoal')) {
    tx.insert(followUpGoals)
      .values(
        FOLLOW_UP_2019.map((r, i) => ({
          year: FOLLOW_UP_YEAR,
          position: i + 1,
          section: r.section,
          heading: r.heading ?? null,
          goal: r.goal ?? null,
          activity: r.activity ?? null,
          budget: r.budget ?? null,
          budgetText: r.budgetText ?? null,
          timeAssessment: r.timeAssessment ?? null,
          timePercent: r.timePercent ?? null,
          timeNote: r.timeNote ?? null,
          // Unknown: the seed's text lost the legend icons (see above).
          goalStatus: null,
          trend: null,
          comment: r.comment ?? null,
          ownerOrgId: vastkom.id,
        })),
      )
      .run();
    goals = FOLLOW_UP_2019.length;
  }
  if (!everHeld(tx, followUpStatusReports, 'FollowUpStatusReport')) {
    tx.insert(followUpStatusReports)
      .values({ ...STATUS_REPORT_2020_05, ownerOrgId: vastkom.id })
      .run();
    statusReports = 1;
  }
  return { goals, statusReports };
}
