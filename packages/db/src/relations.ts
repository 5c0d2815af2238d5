import { defineRelations, type ExtractTablesFromSchema, type Many, type ManyConfig, type One, type OneConfig, type RelationsBuilderTables } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';
import type * as pgSchema from './schema-pg';

// One definition of the registry's relations for both engines: the SQLite schema and its
// PostgreSQL twin have the same table and column keys (test/schemaParity.test.ts), so the same
// builder callback, given either engine's helpers, relates the same columns. Copying it per
// engine would let the two drift apart where nothing but a failing query would notice.

type SqliteTables = ExtractTablesFromSchema<typeof schema>;
type PgTables = ExtractTablesFromSchema<typeof pgSchema>;
type SharedTable = keyof SqliteTables & keyof PgTables;

/**
 * What `defineRelations` hands its callback, as both engines' schemas give it: the tables' columns
 * by key, and `one`/`many` whose `where` must hold on either engine's table. Drizzle's helpers of
 * either schema are assignable to it, so a callback written against it is typed for both.
 */
export type RegistryRelationsHelpers = RelationsBuilderTables<Pick<SqliteTables, SharedTable>> & {
  one: {
    [K in SharedTable]: <TOptional extends boolean = true>(
      config?: OneConfig<SqliteTables[K], TOptional> & OneConfig<PgTables[K], TOptional>,
    ) => One<K, TOptional>;
  };
  many: { [K in SharedTable]: (config?: ManyConfig<SqliteTables[K]> & ManyConfig<PgTables[K]>) => Many<K> };
};

/** The registry's relations, for `defineRelations` over either engine's schema. */
export const registryRelations = (r: RegistryRelationsHelpers) => ({
  organisations: {
    owner: r.one.organisations({ from: r.organisations.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.organisations.id, to: r.changes.entityId, where: { entity: 'Organisation' } }),
    association: r.one.organisations({ from: r.organisations.associationId, to: r.organisations.id, alias: 'association' }),
    members: r.many.organisations({ alias: 'association' }),
    licensingMunicipality: r.one.organisations({ from: r.organisations.licensingMunicipalityId, to: r.organisations.id, alias: 'licensing' }),
    licensedProviders: r.many.organisations({ alias: 'licensing' }),
    rolloutStage: r.one.rolloutStages({ from: r.organisations.rolloutStageId, to: r.rolloutStages.id }),
    callOffs: r.many.callOffs({ from: r.organisations.id, to: r.callOffs.municipalityId }),
    powersOfAttorney: r.many.powersOfAttorney({ from: r.organisations.id, to: r.powersOfAttorney.municipalityId }),
    agreementParties: r.many.agreementParties({ from: r.organisations.id, to: r.agreementParties.organisationId }),
    informationAssets: r.many.informationAssets({ from: r.organisations.id, to: r.informationAssets.ownerOrgId }),
    retentionRules: r.many.retentionRules({ from: r.organisations.id, to: r.retentionRules.ownerOrgId }),
    licencesGranted: r.many.licences({ from: r.organisations.id, to: r.licences.municipalityId }),
    licencesHeld: r.many.licences({ from: r.organisations.id, to: r.licences.providerId }),
  },
  rolloutStages: {
    owner: r.one.organisations({ from: r.rolloutStages.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.rolloutStages.id, to: r.changes.entityId, where: { entity: 'RolloutStage' } }),
    members: r.many.organisations({ from: r.rolloutStages.id, to: r.organisations.rolloutStageId }),
  },
  powersOfAttorney: {
    owner: r.one.organisations({ from: r.powersOfAttorney.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.powersOfAttorney.id, to: r.changes.entityId, where: { entity: 'PowerOfAttorney' } }),
    municipality: r.one.organisations({ from: r.powersOfAttorney.municipalityId, to: r.organisations.id, optional: false }),
    grantedTo: r.one.organisations({ from: r.powersOfAttorney.grantedToId, to: r.organisations.id, optional: false }),
  },
  procurements: {
    owner: r.one.organisations({ from: r.procurements.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.procurements.id, to: r.changes.entityId, where: { entity: 'Procurement' } }),
    callOffs: r.many.callOffs({ from: r.procurements.id, to: r.callOffs.procurementId }),
  },
  options: {
    owner: r.one.organisations({ from: r.options.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.options.id, to: r.changes.entityId, where: { entity: 'Option' } }),
    links: r.many.optionLinks({ from: r.options.id, to: r.optionLinks.optionId }),
    callOffs: r.many.callOffs({ from: r.options.id, to: r.callOffs.optionId }),
    informationCategories: r.many.informationCategories({ from: r.options.id, to: r.informationCategories.optionId }),
  },
  optionLinks: {
    owner: r.one.organisations({ from: r.optionLinks.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.optionLinks.id, to: r.changes.entityId, where: { entity: 'OptionLink' } }),
    option: r.one.options({ from: r.optionLinks.optionId, to: r.options.id, optional: false }),
    linkedOption: r.one.options({ from: r.optionLinks.linkedOptionId, to: r.options.id, optional: false }),
  },
  callOffs: {
    owner: r.one.organisations({ from: r.callOffs.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.callOffs.id, to: r.changes.entityId, where: { entity: 'CallOff' } }),
    municipality: r.one.organisations({ from: r.callOffs.municipalityId, to: r.organisations.id, optional: false }),
    option: r.one.options({ from: r.callOffs.optionId, to: r.options.id, optional: false }),
    procurement: r.one.procurements({ from: r.callOffs.procurementId, to: r.procurements.id, optional: false }),
  },
  services: {
    owner: r.one.organisations({ from: r.services.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.services.id, to: r.changes.entityId, where: { entity: 'Service' } }),
    agreementServices: r.many.agreementServices({ from: r.services.id, to: r.agreementServices.serviceId }),
  },
  agreements: {
    owner: r.one.organisations({ from: r.agreements.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.agreements.id, to: r.changes.entityId, where: { entity: 'Agreement' } }),
    procurement: r.one.procurements({ from: r.agreements.procurementId, to: r.procurements.id }),
    parties: r.many.agreementParties({ from: r.agreements.id, to: r.agreementParties.agreementId }),
    services: r.many.agreementServices({ from: r.agreements.id, to: r.agreementServices.agreementId }),
    instructions: r.many.processingInstructions({ from: r.agreements.id, to: r.processingInstructions.agreementId }),
    responsibilities: r.many.jointControllerResponsibilities({ from: r.agreements.id, to: r.jointControllerResponsibilities.agreementId }),
  },
  agreementParties: {
    owner: r.one.organisations({ from: r.agreementParties.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.agreementParties.id, to: r.changes.entityId, where: { entity: 'AgreementParty' } }),
    agreement: r.one.agreements({ from: r.agreementParties.agreementId, to: r.agreements.id, optional: false }),
    organisation: r.one.organisations({ from: r.agreementParties.organisationId, to: r.organisations.id, optional: false }),
  },
  agreementServices: {
    owner: r.one.organisations({ from: r.agreementServices.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.agreementServices.id, to: r.changes.entityId, where: { entity: 'AgreementService' } }),
    agreement: r.one.agreements({ from: r.agreementServices.agreementId, to: r.agreements.id, optional: false }),
    service: r.one.services({ from: r.agreementServices.serviceId, to: r.services.id, optional: false }),
  },
  processingInstructions: {
    owner: r.one.organisations({ from: r.processingInstructions.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.processingInstructions.id, to: r.changes.entityId, where: { entity: 'ProcessingInstruction' } }),
    agreement: r.one.agreements({ from: r.processingInstructions.agreementId, to: r.agreements.id, optional: false }),
    service: r.one.services({ from: r.processingInstructions.serviceId, to: r.services.id, optional: false }),
  },
  jointControllerResponsibilities: {
    owner: r.one.organisations({ from: r.jointControllerResponsibilities.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.jointControllerResponsibilities.id, to: r.changes.entityId, where: { entity: 'JointControllerResponsibility' } }),
    agreement: r.one.agreements({ from: r.jointControllerResponsibilities.agreementId, to: r.agreements.id, optional: false }),
    organisation: r.one.organisations({ from: r.jointControllerResponsibilities.organisationId, to: r.organisations.id, optional: false }),
  },
  licences: {
    owner: r.one.organisations({ from: r.licences.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.licences.id, to: r.changes.entityId, where: { entity: 'Licence' } }),
    municipality: r.one.organisations({ from: r.licences.municipalityId, to: r.organisations.id, optional: false }),
    provider: r.one.organisations({ from: r.licences.providerId, to: r.organisations.id, optional: false }),
  },
  informationCategories: {
    owner: r.one.organisations({ from: r.informationCategories.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.informationCategories.id, to: r.changes.entityId, where: { entity: 'InformationCategory' } }),
    option: r.one.options({ from: r.informationCategories.optionId, to: r.options.id }),
    assets: r.many.informationAssets({ from: r.informationCategories.id, to: r.informationAssets.categoryId }),
    retentionRules: r.many.retentionRules({ from: r.informationCategories.id, to: r.retentionRules.categoryId }),
  },
  informationAssets: {
    owner: r.one.organisations({ from: r.informationAssets.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.informationAssets.id, to: r.changes.entityId, where: { entity: 'InformationAsset' } }),
    category: r.one.informationCategories({ from: r.informationAssets.categoryId, to: r.informationCategories.id, optional: false }),
  },
  retentionRules: {
    owner: r.one.organisations({ from: r.retentionRules.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.retentionRules.id, to: r.changes.entityId, where: { entity: 'RetentionRule' } }),
    category: r.one.informationCategories({ from: r.retentionRules.categoryId, to: r.informationCategories.id, optional: false }),
  },
  changes: {
    actorOrganisation: r.one.organisations({ from: r.changes.actorOrgId, to: r.organisations.id }),
  },
  logReviewRoutines: {
    owner: r.one.organisations({ from: r.logReviewRoutines.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.logReviewRoutines.id, to: r.changes.entityId, where: { entity: 'LogReviewRoutine' } }),
    runs: r.many.logReviewRuns({ from: r.logReviewRoutines.id, to: r.logReviewRuns.routineId }),
  },
  logReviewRuns: {
    owner: r.one.organisations({ from: r.logReviewRuns.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.logReviewRuns.id, to: r.changes.entityId, where: { entity: 'LogReviewRun' } }),
    routine: r.one.logReviewRoutines({ from: r.logReviewRuns.routineId, to: r.logReviewRoutines.id, optional: false }),
    items: r.many.logReviewItems({ from: r.logReviewRuns.id, to: r.logReviewItems.runId }),
  },
  logReviewItems: {
    owner: r.one.organisations({ from: r.logReviewItems.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.logReviewItems.id, to: r.changes.entityId, where: { entity: 'LogReviewItem' } }),
    run: r.one.logReviewRuns({ from: r.logReviewItems.runId, to: r.logReviewRuns.id, optional: false }),
  },
  apiTokens: {
    organisation: r.one.organisations({ from: r.apiTokens.organisationId, to: r.organisations.id, optional: false }),
  },
  followUpGoals: {
    owner: r.one.organisations({ from: r.followUpGoals.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.followUpGoals.id, to: r.changes.entityId, where: { entity: 'FollowUpGoal' } }),
  },
  followUpStatusReports: {
    owner: r.one.organisations({ from: r.followUpStatusReports.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.followUpStatusReports.id, to: r.changes.entityId, where: { entity: 'FollowUpStatusReport' } }),
  },
  accessPolicies: {
    owner: r.one.organisations({ from: r.accessPolicies.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.accessPolicies.id, to: r.changes.entityId, where: { entity: 'AccessPolicy' } }),
    category: r.one.informationCategories({ from: r.accessPolicies.categoryId, to: r.informationCategories.id, optional: false }),
  },
  disclosureRequests: {
    owner: r.one.organisations({ from: r.disclosureRequests.ownerOrgId, to: r.organisations.id, optional: false }),
    history: r.many.changes({ from: r.disclosureRequests.id, to: r.changes.entityId, where: { entity: 'DisclosureRequest' } }),
    asset: r.one.informationAssets({ from: r.disclosureRequests.assetId, to: r.informationAssets.id, optional: false }),
  },
});

export const relations = defineRelations(schema, (r) => registryRelations(r));

export type Relations = typeof relations;

/** How the relations' tables describe themselves (their engine's getTableConfig), for Pothos's drizzle plugin. */
export const registryTableConfig = getTableConfig;
