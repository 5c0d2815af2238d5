import { callOffSpec, optionLinkSpec, optionSpec, procurementSpec } from '@fvm/db';
import { agreementEndDate } from '@fvm/domain';
import { defineEntity } from '../entity';
import { defineBulkMutations } from '../mutations';
import { CallOffStatus } from './enums';

export const Procurement = defineEntity({
  name: 'Procurement',
  table: 'procurements',
  plural: 'procurements',
  description: 'The procurement (upphandling) of the core system, with its call-off window and agreement term.',
  columns: {
    name: { type: 'String', description: 'Name.', order: true },
    year: { type: 'Int', description: 'Year procured.', order: true },
    method: { type: 'String', description: 'Procedure, e.g. competitive_dialogue (konkurrenspräglad dialog).' },
    callOffWindowOpensOn: { type: 'Date', description: 'First day options could be called off; empty when not known.' },
    callOffWindowClosesOn: {
      type: 'Date',
      description: 'Last day options could be called off; after it no new option can be added ("inte inom ramen för denna upphandling").',
    },
    implementationCompletedOn: { type: 'Date', description: 'When implementation was completed (slutförd implementering): the agreement term counts from it.' },
    termYears: { type: 'Int', description: 'Agreement term in years after completed implementation (10).' },
    maxExtensionYears: { type: 'Int', description: 'At most this many years of extension (4).' },
    extensionYears: { type: 'Int', description: 'Years of extension decided so far.' },
  },
  relations: { callOffs: { many: true, description: 'The call-offs made under it.' } },
  fields: (t) => ({
    agreementEndsOn: t.field({
      type: 'Date',
      nullable: true,
      description:
        'The derived end of agreements that follow the procurement’s term: implementation completed + term + extension. Empty until implementation is completed.',
      select: { columns: { implementationCompletedOn: true, termYears: true, maxExtensionYears: true, extensionYears: true } },
      resolve: (p) => agreementEndDate(p),
    }),
  }),
  write: { spec: procurementSpec, plural: 'Procurements' },
});
defineBulkMutations(Procurement);

export const Option = defineEntity({
  name: 'Option',
  table: 'options',
  plural: 'options',
  pluralDescription: 'The three options (optioner) municipalities could call off.',
  description: 'One of the three options (option): 1 information exchange, 2 school health records, 3 municipal health care records.',
  columns: {
    number: { type: 'Int', description: 'Option number, 1–3.', order: true },
    name: { type: 'String', description: 'Name in Swedish (namn).', order: true },
    nameEn: { type: 'String', description: 'Name in English.' },
    description: { type: 'String', description: 'What the option covers.', noFilter: true },
  },
  relations: {
    links: { many: true, description: 'Options this one is linked to through functionality and workflows.' },
    callOffs: { many: true, description: 'Call-offs (avrop) of this option.' },
    informationCategories: { many: true, description: 'Information categories that belong to this option.' },
  },
  defaultOrder: { number: 'asc' },
  write: { spec: optionSpec, plural: 'Options' },
});
defineBulkMutations(Option);

export const OptionLink = defineEntity({
  name: 'OptionLink',
  table: 'optionLinks',
  plural: 'optionLinks',
  description: 'A link between two options (koppling): taking one without the other is a warning, not an error.',
  columns: { note: { type: 'String', description: 'Why the options are linked, with its source.', noFilter: true } },
  refs: {
    optionId: { types: ['Option'], description: 'One option of the pair.' },
    linkedOptionId: { types: ['Option'], description: 'The other option of the pair.' },
  },
  relations: {
    option: { description: 'One option of the pair.' },
    linkedOption: { description: 'The other option of the pair.' },
  },
  write: { spec: optionLinkSpec, plural: 'OptionLinks' },
});
defineBulkMutations(OptionLink);

export const CallOff = defineEntity({
  name: 'CallOff',
  table: 'callOffs',
  plural: 'callOffs',
  pluralDescription: 'Call-offs (avrop): which municipality called off which option.',
  description:
    'A municipality’s call-off (avrop) of one option. Needs a valid power of attorney; one per municipality and option; no new option after the call-off window closed.',
  columns: {
    status: { type: CallOffStatus, description: 'Where it stands: draft, submitted, signed or withdrawn.', order: true },
    submittedOn: { type: 'Date', description: 'When it was submitted (inskickat).', order: true },
    signedOn: { type: 'Date', description: 'When it was signed (undertecknat).', order: true },
    decisionReference: { type: 'String', description: 'The municipality’s decision reference (diarienummer).' },
    operationsAgreementSigned: {
      type: 'Boolean',
      description: 'Whether the municipality also signed the operations and management agreement (drift- och förvaltningsavtal).',
    },
  },
  refs: {
    municipalityId: { types: ['Municipality', 'Organisation'], description: 'The municipality calling off.' },
    optionId: { types: ['Option'], description: 'The option called off.' },
    procurementId: { types: ['Procurement'], description: 'The procurement it is made under (defaults to the only one).' },
  },
  relations: {
    municipality: { type: 'Municipality', description: 'The municipality calling off.' },
    option: { description: 'The option called off.' },
    procurement: { description: 'The procurement it is made under.' },
  },
  search: ['decisionReference'],
  write: { spec: callOffSpec, plural: 'CallOffs' },
});
defineBulkMutations(CallOff);
