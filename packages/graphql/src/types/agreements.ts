import { agreementPartySpec, agreementServiceSpec, agreementSpec, jointControllerResponsibilitySpec, processingInstructionSpec, serviceSpec } from '@fvm/db';
import { ART_28_ITEMS, jointControllershipGaps, missingArt28Items } from '@fvm/domain';
import { builder } from '../builder';
import { defineEntity, type ColumnDef, type EntityFieldBuilder } from '../entity';
import type { Art28Key } from '@fvm/domain';
import { defineBulkMutations } from '../mutations';
import { AgreementKind, AgreementStatus, PartyRole, ResponsibilityArea } from './enums';

const Art28Item = builder.enumType('Art28Item', {
  description: 'An item GDPR art. 28(3) requires a processor agreement (personuppgiftsbiträdesavtal) to contain.',
  values: Object.fromEntries(
    ART_28_ITEMS.map((i) => [
      i.key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(),
      { value: i.key, description: `Art. ${i.article}: ${i.en} (${i.sv}).` },
    ]),
  ),
});

const art28Columns = Object.fromEntries(
  ART_28_ITEMS.map((i) => [
    i.key,
    { type: 'Boolean', description: `Art. 28(3) ${i.article}: ${i.en} (${i.sv}). Processor agreements only.` } satisfies ColumnDef,
  ]),
) as Record<Art28Key, ColumnDef>;

const common = {
  kind: { type: AgreementKind, description: 'What kind of agreement (avtalstyp).', order: true },
  title: { type: 'String', description: 'Title (rubrik).', order: true },
  reference: { type: 'String', description: 'Reference or case number (diarienummer).' },
  status: { type: AgreementStatus, description: 'Where it stands (status).', order: true },
  signedOn: { type: 'Date', description: 'When it was signed (undertecknat).', order: true },
  validFrom: { type: 'Date', description: 'In force from (giltigt från).', order: true },
  validTo: { type: 'Date', description: 'In force until (giltigt till). Derived, never typed, when endFollowsProcurementTerm is true.', order: true },
  endFollowsProcurementTerm: {
    type: 'Boolean',
    description: 'The end date follows the procurement’s term (10 years after completed implementation, + extension) and is derived from it.',
  },
  penalties: { type: 'Boolean', description: 'Whether the agreement has penalties (viten).' },
} satisfies Record<string, ColumnDef>;
const jointColumns = {
  governingBody: { type: 'String', description: 'Joint controllership: the governing body of the joint controllers (e.g. ledningsrådet).' },
  contactPoint: { type: 'String', description: 'Joint controllership: the contact point for data subjects (kontaktpunkt).' },
  publicSummary: {
    type: 'String',
    description: 'Joint controllership: the essence of the arrangement made available to data subjects (GDPR art. 26.2).',
    noFilter: true,
  },
} satisfies Record<string, ColumnDef>;
const refs = { procurementId: { types: ['Procurement'], description: 'The procurement whose term the end date follows.' } };
const relations = {
  procurement: { description: 'The procurement whose term the end date follows.' },
  parties: { many: true, description: 'The parties, each with its role (parter).' },
  services: { many: true, description: 'The services it covers (tjänster): Millennium, SAMSA, NPÖ, …' },
};

const missingItemsField = (t: EntityFieldBuilder<'agreements'>) =>
  t.field({
    type: [Art28Item],
    nullable: true,
    description: 'For a processor agreement: the art. 28(3) items it lacks (an agreement lacking any cannot be signed). Null for other kinds.',
    select: { columns: { kind: true, ...(Object.fromEntries(ART_28_ITEMS.map((i) => [i.key, true])) as Record<Art28Key, true>) } },
    resolve: (a) => (a.kind === 'processor' ? missingArt28Items(a) : null),
  });

export const Agreement = defineEntity({
  name: 'Agreement',
  table: 'agreements',
  plural: 'agreements',
  pluralDescription:
    'Every agreement: cooperation, operations and management, call-off, processor (PUB), joint controllership, licence, declaration of intent.',
  description: 'An agreement (avtal) between parties. Processor agreements and joint controllerships are also available as their own types.',
  columns: { ...common, ...art28Columns, ...jointColumns },
  refs,
  relations: {
    ...relations,
    instructions: { many: true, description: 'Processor agreements: one processing instruction per service.' },
    responsibilities: { many: true, description: 'Joint controllership: who answers for what.' },
  },
  search: ['title', 'reference'],
  fields: (t) => ({ missingArt28Items: missingItemsField(t) }),
  write: { spec: agreementSpec, plural: 'Agreements' },
});
defineBulkMutations(Agreement);

export const ProcessorAgreement = defineEntity({
  name: 'ProcessorAgreement',
  table: 'agreements',
  variant: true,
  baseWhere: { kind: 'processor' },
  plural: 'processorAgreements',
  pluralDescription: 'Processor agreements (personuppgiftsbiträdesavtal, PUB-avtal), GDPR art. 28.',
  description:
    'A processor agreement (PUB-avtal): the services it covers, one processing instruction per service, and the GDPR art. 28(3) items. Written through the Agreement mutations with kind PROCESSOR.',
  columns: { ...common, ...art28Columns },
  refs,
  relations: { ...relations, instructions: { many: true, description: 'One processing instruction (instruktion) per service.' } },
  search: ['title', 'reference'],
  fields: (t) => ({ missingArt28Items: missingItemsField(t) }),
});

const JointControllershipGap = builder.enumType('JointControllershipGap', {
  description: 'Something a joint-controller arrangement lacks.',
  values: {
    PARTY_MISSING: { value: 'joint_controllership.party_missing', description: 'Fewer than two joint controllers.' },
    CONTACT_POINT_MISSING: { value: 'joint_controllership.contact_point_missing', description: 'No contact point for data subjects.' },
    PUBLIC_SUMMARY_MISSING: { value: 'joint_controllership.public_summary_missing', description: 'No public summary of the arrangement.' },
  } as const,
});

export const JointControllership = defineEntity({
  name: 'JointControllership',
  table: 'agreements',
  variant: true,
  baseWhere: { kind: 'joint_controllership' },
  plural: 'jointControllerships',
  pluralDescription: 'Joint controllership arrangements (gemensamt personuppgiftsansvar), GDPR art. 26.',
  description:
    'A joint controllership arrangement (gemensamt personuppgiftsansvar): the parties, the governing body, the services, who answers for what, a contact point and a public summary. Written through the Agreement mutations with kind JOINT_CONTROLLERSHIP.',
  columns: { ...common, ...jointColumns },
  refs,
  relations: { ...relations, responsibilities: { many: true, description: 'Who answers for what (ansvarsfördelning).' } },
  search: ['title', 'reference'],
  fields: (t) => ({
    gaps: t.field({
      type: [JointControllershipGap],
      description: 'What the arrangement lacks: a party, a contact point or a public summary.',
      select: { columns: { contactPoint: true, publicSummary: true }, with: { parties: { columns: { role: true } } } },
      resolve: (a) => jointControllershipGaps(a, a.parties.filter((p) => p.role === 'joint_controller').length),
    }),
  }),
});

export const Service = defineEntity({
  name: 'Service',
  table: 'services',
  plural: 'services',
  description: 'A service (tjänst) agreements cover: Millennium, SAMSA, NPÖ, …',
  columns: { name: { type: 'String', description: 'Name.', order: true }, description: { type: 'String', description: 'What it is.', noFilter: true } },
  relations: { agreementServices: { many: true, description: 'Agreements covering this service.' } },
  search: ['name'],
  write: { spec: serviceSpec, plural: 'Services' },
});
defineBulkMutations(Service);

const agreementRef = { types: ['Agreement', 'ProcessorAgreement', 'JointControllership'], description: 'The agreement.' };

export const AgreementParty = defineEntity({
  name: 'AgreementParty',
  table: 'agreementParties',
  plural: 'agreementParties',
  description: 'An organisation’s part in an agreement, with its role (part och roll).',
  columns: {
    role: {
      type: PartyRole,
      description: 'Its role: party, controller, joint controller, processor, sub-processor, licensor, licensee, supplier.',
      order: true,
    },
  },
  refs: { agreementId: agreementRef, organisationId: { types: ['Organisation', 'Municipality'], description: 'The organisation.' } },
  relations: { agreement: { description: 'The agreement.' }, organisation: { description: 'The organisation.' } },
  write: { spec: agreementPartySpec, plural: 'AgreementParties' },
});
defineBulkMutations(AgreementParty);

export const AgreementService = defineEntity({
  name: 'AgreementService',
  table: 'agreementServices',
  plural: 'agreementServices',
  description: 'A service an agreement covers.',
  columns: {},
  refs: { agreementId: agreementRef, serviceId: { types: ['Service'], description: 'The service.' } },
  relations: { agreement: { description: 'The agreement.' }, service: { description: 'The service.' } },
  write: { spec: agreementServiceSpec, plural: 'AgreementServices' },
});
defineBulkMutations(AgreementService);

export const ProcessingInstruction = defineEntity({
  name: 'ProcessingInstruction',
  table: 'processingInstructions',
  plural: 'processingInstructions',
  description: 'A processing instruction (instruktion för personuppgiftsbehandling): what the processor does with personal data in one service.',
  columns: {
    processing: { type: 'String', description: 'What processing: storage, support, register maintenance, …' },
    dataCategories: { type: 'String', description: 'Categories of personal data (kategorier av personuppgifter).' },
    dataSubjectCategories: { type: 'String', description: 'Categories of data subjects (kategorier av registrerade).' },
    purpose: { type: 'String', description: 'Purpose (ändamål).' },
    retention: { type: 'String', description: 'How long the data is kept (lagringstid).' },
    subProcessorsAllowed: { type: 'Boolean', description: 'Whether sub-processors (underbiträden) may be used.' },
    transfersOutsideEea: { type: 'Boolean', description: 'Whether data is transferred outside the EU/EEA (tredjelandsöverföring).' },
  },
  refs: { agreementId: agreementRef, serviceId: { types: ['Service'], description: 'The service it instructs for.' } },
  relations: { agreement: { description: 'The processor agreement.' }, service: { description: 'The service.' } },
  write: { spec: processingInstructionSpec, plural: 'ProcessingInstructions' },
});
defineBulkMutations(ProcessingInstruction);

export const JointControllerResponsibility = defineEntity({
  name: 'JointControllerResponsibility',
  table: 'jointControllerResponsibilities',
  plural: 'jointControllerResponsibilities',
  description: 'Who answers for what under a joint controllership (ansvarsfördelning).',
  columns: {
    area: { type: ResponsibilityArea, description: 'The area: data-subject rights, information, security, breach notification, DPIA.', order: true },
    description: { type: 'String', description: 'How the responsibility is carried out.', noFilter: true },
  },
  refs: { agreementId: agreementRef, organisationId: { types: ['Organisation', 'Municipality'], description: 'The organisation that answers for it.' } },
  relations: { agreement: { description: 'The joint controllership.' }, organisation: { description: 'The organisation that answers for it.' } },
  write: { spec: jointControllerResponsibilitySpec, plural: 'JointControllerResponsibilities' },
});
defineBulkMutations(JointControllerResponsibility);
