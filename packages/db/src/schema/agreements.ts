import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowMeta } from './columns';
import { procurements } from './options';
import { organisations } from './organisations';

export const services = sqliteTable('services', {
  id: id(),
  name: text('name').notNull().unique(),
  description: text('description'),
  ...rowMeta(),
});

/**
 * All agreement kinds share one table; the processor (PUB) and joint-controllership specifics are
 * nullable columns so that one bulk mutation path and one filter language serve every kind.
 */
export const agreements = sqliteTable(
  'agreements',
  {
    id: id(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    reference: text('reference'),
    status: text('status').notNull(),
    signedOn: date('signed_on'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    endFollowsProcurementTerm: bool('end_follows_procurement_term').notNull().default(false),
    procurementId: integer('procurement_id').references(() => procurements.id),
    penalties: bool('penalties').notNull().default(false),
    // GDPR art. 28(3) items of a processor agreement (personuppgiftsbiträdesavtal)
    subjectMatter: bool('art28_subject_matter'),
    duration: bool('art28_duration'),
    nature: bool('art28_nature'),
    purpose: bool('art28_purpose'),
    dataTypes: bool('art28_data_types'),
    dataSubjectCategories: bool('art28_data_subject_categories'),
    controllerRights: bool('art28_controller_rights'),
    documentedInstructions: bool('art28_a_documented_instructions'),
    confidentiality: bool('art28_b_confidentiality'),
    security: bool('art28_c_security'),
    subProcessorConditions: bool('art28_d_sub_processor_conditions'),
    dataSubjectRightsAssistance: bool('art28_e_data_subject_rights'),
    complianceAssistance: bool('art28_f_compliance_assistance'),
    deleteOrReturn: bool('art28_g_delete_or_return'),
    audits: bool('art28_h_audits'),
    // joint controllership (gemensamt personuppgiftsansvar, GDPR art. 26)
    governingBody: text('governing_body'),
    contactPoint: text('contact_point'),
    publicSummary: text('public_summary'),
    ...rowMeta(),
  },
  (t) => [
    index('agreements_kind_status_idx').on(t.kind, t.status),
    index('agreements_valid_to_idx').on(t.validTo),
    index('agreements_owner_idx').on(t.ownerOrgId),
  ],
);

export const agreementParties = sqliteTable(
  'agreement_parties',
  {
    id: id(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role').notNull(),
    ...rowMeta(),
  },
  (t) => [uniqueIndex('agreement_parties_uq').on(t.agreementId, t.organisationId, t.role), index('agreement_parties_organisation_idx').on(t.organisationId)],
);

export const agreementServices = sqliteTable(
  'agreement_services',
  {
    id: id(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    ...rowMeta(),
  },
  (t) => [uniqueIndex('agreement_services_uq').on(t.agreementId, t.serviceId), index('agreement_services_service_idx').on(t.serviceId)],
);

/** One processing instruction per service a processor agreement covers. */
export const processingInstructions = sqliteTable(
  'processing_instructions',
  {
    id: id(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    processing: text('processing').notNull(),
    dataCategories: text('data_categories'),
    dataSubjectCategories: text('data_subject_categories'),
    purpose: text('purpose'),
    retention: text('retention'),
    subProcessorsAllowed: bool('sub_processors_allowed').notNull().default(false),
    transfersOutsideEea: bool('transfers_outside_eea').notNull().default(false),
    ...rowMeta(),
  },
  (t) => [uniqueIndex('processing_instructions_uq').on(t.agreementId, t.serviceId)],
);

export const jointControllerResponsibilities = sqliteTable(
  'joint_controller_responsibilities',
  {
    id: id(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id),
    area: text('area').notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    description: text('description'),
    ...rowMeta(),
  },
  (t) => [uniqueIndex('joint_controller_responsibilities_uq').on(t.agreementId, t.area, t.organisationId)],
);

export const licences = sqliteTable(
  'licences',
  {
    id: id(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => organisations.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => organisations.id),
    modules: text('modules'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    ...rowMeta(),
  },
  (t) => [index('licences_municipality_idx').on(t.municipalityId), index('licences_provider_idx').on(t.providerId)],
);
