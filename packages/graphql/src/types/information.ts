import { informationAssetSpec, informationCategorySpec, licenceSpec, retentionRuleSpec } from '@fvm/db';
import { defineEntity } from '../entity';
import { defineBulkMutations } from '../mutations';
import { RecordKind, RetentionAction, RetentionTrigger } from './enums';

export const InformationCategory = defineEntity({
  name: 'InformationCategory',
  table: 'informationCategories',
  plural: 'informationCategories',
  description:
    'An information category (informationsmängd): journal note, medication order, delegated task, school-health record, SIP, care plan, access log, …',
  columns: {
    code: { type: 'String', description: 'Stable code.', order: true },
    name: { type: 'String', description: 'Name in Swedish (namn).', order: true },
    nameEn: { type: 'String', description: 'Name in English.' },
    recordKind: { type: RecordKind, description: 'The kind of record, which sets the legal minimum retention.', order: true },
    harmAssessmentRequired: { type: 'Boolean', description: 'Whether disclosure needs a harm assessment (menprövning) first.' },
  },
  refs: { optionId: { types: ['Option'], description: 'The option the category belongs to.' } },
  relations: {
    option: { description: 'The option the category belongs to.' },
    assets: { many: true, description: 'The category as owned by each organisation (informationstillgångar).' },
    retentionRules: { many: true, description: 'Owners’ retention rules for the category.' },
  },
  search: ['code', 'name', 'nameEn'],
  write: { spec: informationCategorySpec, plural: 'InformationCategories' },
});
defineBulkMutations(InformationCategory);

export const InformationAsset = defineEntity({
  name: 'InformationAsset',
  table: 'informationAssets',
  plural: 'informationAssets',
  description:
    'An information asset (informationstillgång): a category as owned by one organisation. "Each information item is owned by whoever created it"; the owner answers for its archiving and purging.',
  columns: { description: { type: 'String', description: 'What the asset holds.', noFilter: true } },
  refs: { categoryId: { types: ['InformationCategory'], description: 'The category.' } },
  relations: { category: { description: 'The category.' } },
  write: { spec: informationAssetSpec, plural: 'InformationAssets' },
});
defineBulkMutations(InformationAsset);

export const RetentionRule = defineEntity({
  name: 'RetentionRule',
  table: 'retentionRules',
  plural: 'retentionRules',
  description:
    'An owner’s retention rule (gallrings- eller bevarandebeslut) for a category: preserve or purge, after how many years, from what. No purge without the owner’s purge decision; patient records at least 10 years, access logs at least 5.',
  columns: {
    action: { type: RetentionAction, description: 'Preserve (bevara) or purge (gallra).', order: true },
    years: { type: 'Int', description: 'After how many years.', order: true },
    trigger: { type: RetentionTrigger, description: 'Counted from what: last entry, end of care, creation.' },
    legalBasis: { type: 'String', description: 'Legal basis (rättslig grund).' },
    purgeDecisionBody: { type: 'String', description: 'Which body took the purge decision (gallringsbeslut).' },
    purgeDecisionReference: { type: 'String', description: 'The purge decision’s reference (diarienummer).' },
    purgeDecisionOn: { type: 'Date', description: 'When the purge decision was taken.' },
  },
  refs: { categoryId: { types: ['InformationCategory'], description: 'The category.' } },
  relations: { category: { description: 'The category.' } },
  write: { spec: retentionRuleSpec, plural: 'RetentionRules' },
});
defineBulkMutations(RetentionRule);

export const Licence = defineEntity({
  name: 'Licence',
  table: 'licences',
  plural: 'licences',
  description:
    'A licence (licens) a municipality grants its private care provider to parts of the core system; never to a provider that is its own principal (an independent school running school health).',
  columns: {
    modules: { type: 'String', description: 'Which modules (moduler).' },
    validFrom: { type: 'Date', description: 'In force from.', order: true },
    validTo: { type: 'Date', description: 'In force until.', order: true },
  },
  refs: {
    municipalityId: { types: ['Municipality', 'Organisation'], description: 'The municipality granting it.' },
    providerId: { types: ['Organisation'], description: 'The private care provider holding it.' },
  },
  relations: {
    municipality: { type: 'Municipality', description: 'The municipality granting it.' },
    provider: { description: 'The private care provider holding it.' },
  },
  write: { spec: licenceSpec, plural: 'Licences' },
});
defineBulkMutations(Licence);
