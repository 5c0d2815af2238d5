import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import {
  accessPolicies,
  agreementParties,
  agreements,
  informationCategories,
  optionLinks,
  options,
  organisations,
  powersOfAttorney,
  procurements,
  services,
} from '../schema';
import { ASSOCIATIONS, MUNICIPALITIES, type AssociationKey } from './municipalities';
import { insertFollowUpReference } from './followUp';

export { ASSOCIATIONS, MUNICIPALITIES, type AssociationKey, type Municipality } from './municipalities';

// Everything in this file comes from shared/seeds (000–004) and DOMAIN.md. What the sources
// do not state (municipal organisation numbers, which municipalities gave a power of attorney in
// 2017, when the call-off window opened) is left null rather than guessed.

/** VGR's organisation number 232100-0131, stored as bare digits like every organisation number. */
export const VGR_ORGANISATION_NUMBER = '2321000131';

export const PROCUREMENT_NAME = 'Framtidens vårdinformationsmiljö (FVM) – upphandling av kärnsystem (Millennium)';

export const OPTIONS = [
  {
    number: 1,
    name: 'Informationsutbyte mellan vårdgivare',
    nameEn: 'Information exchange between care providers',
  },
  {
    number: 2,
    name: 'Journalsystem för elevhälsa',
    nameEn: 'School health records system',
  },
  {
    number: 3,
    name: 'Journalsystem för kommunal hälso- och sjukvård',
    nameEn: 'Municipal health care records system',
  },
] as const;

export const SERVICES = [
  {
    name: 'Millennium',
    description:
      'Kärnsystemet i Framtidens vårdinformationsmiljö: det vårdinformationssystem som VGR upphandlade 2018 för VGR, kommunerna och privata vårdgivare. Leverantör: Cerner.',
  },
  {
    name: 'SAMSA',
    description:
      'IT-stöd för samordnad vårdplanering vid in- och utskrivning från sluten hälso- och sjukvård, inom GITS; gemensamt personuppgiftsansvar mellan de 49 kommunerna och VGR.',
  },
  { name: 'NPÖ', description: 'Nationell patientöversikt.' },
] as const;

export type InformationCategoryCode = 'journal_note' | 'medication_order' | 'delegated_task' | 'school_health_record' | 'sip' | 'care_plan' | 'access_log';

export const INFORMATION_CATEGORIES: readonly {
  code: InformationCategoryCode;
  name: string;
  nameEn: string;
  recordKind: 'patient_record' | 'access_log';
  optionNumber: 1 | 2 | 3 | null;
  harmAssessmentRequired: boolean;
}[] = [
  { code: 'journal_note', name: 'Journalanteckning', nameEn: 'Journal note', recordKind: 'patient_record', optionNumber: 3, harmAssessmentRequired: false },
  {
    code: 'medication_order',
    name: 'Ordination',
    nameEn: 'Medication or treatment order',
    recordKind: 'patient_record',
    optionNumber: 3,
    harmAssessmentRequired: false,
  },
  { code: 'delegated_task', name: 'Delegerad uppgift', nameEn: 'Delegated task', recordKind: 'patient_record', optionNumber: 3, harmAssessmentRequired: false },
  {
    code: 'school_health_record',
    name: 'Elevhälsojournal',
    nameEn: 'School health record',
    recordKind: 'patient_record',
    optionNumber: 2,
    harmAssessmentRequired: true,
  },
  {
    code: 'sip',
    name: 'Samordnad individuell plan (SIP)',
    nameEn: 'Coordinated individual plan (SIP)',
    recordKind: 'patient_record',
    optionNumber: 1,
    harmAssessmentRequired: false,
  },
  { code: 'care_plan', name: 'Vårdplan', nameEn: 'Care plan', recordKind: 'patient_record', optionNumber: 1, harmAssessmentRequired: false },
  { code: 'access_log', name: 'Användarlogg', nameEn: 'User access log', recordKind: 'access_log', optionNumber: null, harmAssessmentRequired: false },
];

const POWER_OF_ATTORNEY_SCOPE = 'Att företräda kommunen i upphandlingen av kärnsystemet (Millennium) genom option';

const OPTION_LINK_NOTE =
  'VästKoms frågor och svar (seed 000): "Finns det några kopplingar mellan optionerna? – Ja, avseende funktionalitet samt att arbetsflöden påverkas." ' +
  'Källan namnger inga enskilda par, så varje par av optioner är registrerat.';

/**
 * Loads the sourced reference data once. Idempotent on VGR's organisation number: a second call
 * (or a call against a registry whose reference rows have since been edited) changes nothing.
 * The follow-up (seed 002 and 004) is idempotent on its own rows: see insertFollowUpReference.
 */
export function loadReferenceData(db: Db): { inserted: boolean } {
  return db.transaction((tx) => {
    const existing = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.organisationNumber, VGR_ORGANISATION_NUMBER)).get();
    // The follow-up has its own check, so it also reaches a registry loaded before it existed.
    if (existing) {
      insertFollowUpReference(tx);
      return { inserted: false };
    }
    insertReference(tx);
    insertFollowUpReference(tx);
    return { inserted: true };
  });
}

function insertReference(tx: Tx): void {
  // VGR owns every reference row, itself included. Its id is not known before the insert, and
  // VGR owns itself, and its id is known only once it is stored: a placeholder owner is written
  // and corrected in the same transaction, the owner's foreign key checked at commit.
  tx.run(sql`PRAGMA defer_foreign_keys = ON`);
  const vgr = tx
    .insert(organisations)
    .values({
      kind: 'region',
      name: 'Västra Götalandsregionen',
      organisationNumber: VGR_ORGANISATION_NUMBER,
      ownPrincipal: true,
      ownerOrgId: 0,
    })
    .returning({ id: organisations.id })
    .get();
  const vgrId = vgr.id;
  tx.update(organisations).set({ ownerOrgId: vgrId }).where(eq(organisations.id, vgrId)).run();

  const org = (values: Omit<typeof organisations.$inferInsert, 'ownerOrgId'>) =>
    tx
      .insert(organisations)
      .values({ ...values, ownerOrgId: vgrId })
      .returning({ id: organisations.id })
      .get().id;

  const vastkomId = org({ kind: 'collaboration_body', name: 'VästKom' });
  // Seed 001: "Materialet är framtaget av Cerner, leverantör av Millennium."
  org({ kind: 'supplier', name: 'Cerner' });

  const associationIds = new Map<AssociationKey, number>();
  for (const a of ASSOCIATIONS) associationIds.set(a.key, org({ kind: 'municipal_association', name: a.name }));

  const municipalityIds: number[] = [];
  for (const m of MUNICIPALITIES) {
    municipalityIds.push(
      org({
        kind: 'municipality',
        name: m.name,
        municipalityCode: m.code,
        associationId: associationIds.get(m.association)!,
        ownPrincipal: true,
      }),
    );
  }

  const optionIds = OPTIONS.map(
    (o) =>
      tx
        .insert(options)
        .values({
          number: o.number,
          name: o.name,
          nameEn: o.nameEn,
          description: `Option ${o.number}: ${o.name}. En av de tre kommunala optionerna i VGR:s upphandling av Millennium 2018; kommunerna skrev i maj 2020 avtal om vilka optioner de valt (seed 001).`,
          ownerOrgId: vgrId,
        })
        .returning({ id: options.id })
        .get().id,
  );

  // One row per pair, stored lower-numbered first; a link counts in both directions when read.
  for (let i = 0; i < optionIds.length; i++) {
    for (let j = i + 1; j < optionIds.length; j++) {
      tx.insert(optionLinks).values({ optionId: optionIds[i]!, linkedOptionId: optionIds[j]!, note: OPTION_LINK_NOTE, ownerOrgId: vgrId }).run();
    }
  }

  tx.insert(procurements)
    .values({
      name: PROCUREMENT_NAME,
      year: 2018,
      // Seed 003: "i en formell upphandling, genom konkurrenspräglad dialog".
      method: 'competitive_dialogue',
      callOffWindowOpensOn: null,
      // Seed 001 says only that the municipalities signed their options "i maj 2020"; the window's
      // end is taken as the end of that month, so May call-offs fit and nothing later does.
      callOffWindowClosesOn: '2020-05-31',
      // Not yet known: the term runs "tio år efter slutförd implementering" (seed 001).
      implementationCompletedOn: null,
      termYears: 10,
      maxExtensionYears: 4,
      extensionYears: 0,
      ownerOrgId: vgrId,
    })
    .run();

  tx.insert(services)
    .values(SERVICES.map((s) => ({ ...s, ownerOrgId: vgrId })))
    .run();

  // Seed 003 says 21 municipalities had given a power of attorney by 2017-02-27 but not which,
  // and seed 001 that all 49 had for the 2018 procurement; so one undated row each.
  tx.insert(powersOfAttorney)
    .values(
      municipalityIds.map((municipalityId) => ({
        municipalityId,
        grantedToId: vgrId,
        grantedOn: null,
        scope: POWER_OF_ATTORNEY_SCOPE,
        validFrom: null,
        validTo: null,
        // The power of attorney is the municipality's own act: it may amend or end it.
        ownerOrgId: municipalityId,
      })),
    )
    .run();

  // Seed 003, signed "Göteborg 2017-02-27"; "gäller för perioden februari 2017 – december 2018".
  const declaration = tx
    .insert(agreements)
    .values({
      kind: 'declaration_of_intent',
      title: 'Avsiktsförklaring mellan Västra Götalandsregionen och VästKom rörande Framtidens vårdinformationsmiljö, FVM',
      status: 'signed',
      signedOn: '2017-02-27',
      validFrom: '2017-02-01',
      validTo: '2018-12-31',
      penalties: false,
      ownerOrgId: vgrId,
    })
    .returning({ id: agreements.id })
    .get();
  tx.insert(agreementParties)
    .values([
      { agreementId: declaration.id, organisationId: vgrId, role: 'party', ownerOrgId: vgrId },
      { agreementId: declaration.id, organisationId: vastkomId, role: 'party', ownerOrgId: vgrId },
    ])
    .run();

  tx.insert(informationCategories)
    .values(
      INFORMATION_CATEGORIES.map((c) => ({
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        recordKind: c.recordKind,
        optionId: c.optionNumber === null ? null : optionIds[c.optionNumber - 1]!,
        harmAssessmentRequired: c.harmAssessmentRequired,
        ownerOrgId: vgrId,
      })),
    )
    .run();

  insertReferenceAccessPolicies(tx, vgrId);
}

/**
 * The one access-policy row the seeds fix, as the regional default owned by VGR. Seed 000 ("Kan
 * undersköterskor få ordineringshandling?"): "Omvårdnadspersonal kommer kunna läsa och ta del av
 * ordinationer, instruktioner och delegerade uppgifter. De ska även kunna signera via mobil enhet."
 * The registry has no category of its own for instructions: in Millennium an instruction is given
 * as an order, so "instruktioner" falls under `medication_order` ("Ordination", medication or
 * treatment order). Reading and signing on a mobile device are granted; the seed grants nothing
 * else, so writing and signing at a desktop are not. The migration that creates the table adds the
 * same rows to a registry whose reference data was loaded before the table existed.
 */
export const REFERENCE_ACCESS_POLICIES: readonly {
  profession: 'nursing_assistant';
  category: InformationCategoryCode;
  mayRead: boolean;
  mayWrite: boolean;
  maySign: boolean;
  maySignMobile: boolean;
}[] = [
  { profession: 'nursing_assistant', category: 'medication_order', mayRead: true, mayWrite: false, maySign: false, maySignMobile: true },
  { profession: 'nursing_assistant', category: 'delegated_task', mayRead: true, mayWrite: false, maySign: false, maySignMobile: true },
];

function insertReferenceAccessPolicies(tx: Tx, vgrId: number): void {
  const categoryIds = new Map(
    tx
      .select({ id: informationCategories.id, code: informationCategories.code })
      .from(informationCategories)
      .all()
      .map((c) => [c.code, c.id]),
  );
  tx.insert(accessPolicies)
    .values(REFERENCE_ACCESS_POLICIES.map(({ category, ...p }) => ({ ...p, categoryId: categoryIds.get(category)!, ownerOrgId: vgrId })))
    .run();
}
