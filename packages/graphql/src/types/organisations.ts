import { organisationSpec, powerOfAttorneySpec, rolloutStageSpec } from '@fvm/db';
import { defineEntity, type ColumnDef } from '../entity';
import { defineBulkMutations } from '../mutations';
import { OrganisationKind } from './enums';

const name: ColumnDef = { type: 'String', description: 'Name (namn).', order: true };
const organisationNumber: ColumnDef = {
  type: 'String',
  description: 'Organisation number (organisationsnummer), 10 digits with a Luhn check digit.',
  order: true,
};
const hsaId: ColumnDef = { type: 'String', description: 'HSA-id where known: SE + organisation number + "-" + letters/digits, at most 31 characters.' };

export const Organisation = defineEntity({
  name: 'Organisation',
  table: 'organisations',
  plural: 'organisations',
  pluralDescription: 'Every organisation in the registry: the region, municipalities, associations, suppliers, private care providers, independent schools.',
  description: 'An organisation (organisation): a party to agreements, an owner of information, a licensee.',
  columns: {
    kind: { type: OrganisationKind, description: 'What kind of body it is (organisationstyp).', order: true },
    name,
    organisationNumber,
    hsaId,
    ownPrincipal: { type: 'Boolean', description: 'Whether it is its own principal (egen huvudman); such private providers never get licences.' },
    municipalityCode: { type: 'String', description: 'Municipality code (kommunkod), 4 digits, for municipalities only.', order: true },
  },
  refs: {
    associationId: { types: ['Organisation'], description: 'The municipal association (kommunalförbund) a municipality belongs to.' },
    licensingMunicipalityId: { types: ['Municipality', 'Organisation'], description: 'For a private care provider: the municipality that licenses it.' },
    rolloutStageId: { types: ['RolloutStage'], description: 'The roll-out stage (etapp) the organisation goes live in.' },
  },
  relations: {
    association: { description: 'The municipal association (kommunalförbund) it belongs to.' },
    members: { many: true, description: 'For an association: its member municipalities.' },
    licensingMunicipality: { type: 'Municipality', description: 'For a private care provider: the municipality that licenses it.' },
    licencesHeld: { many: true, description: 'Licences the organisation holds as a private care provider.' },
    rolloutStage: { description: 'The roll-out stage (etapp) it goes live in.' },
    agreementParties: { many: true, description: 'The agreements it is party to, with its role in each.' },
  },
  search: ['name', 'organisationNumber', 'municipalityCode', 'hsaId'],
  defaultOrder: { name: 'asc' },
  write: { spec: organisationSpec, plural: 'Organisations' },
});
defineBulkMutations(Organisation);

export const Municipality = defineEntity({
  name: 'Municipality',
  table: 'organisations',
  variant: true,
  baseWhere: { kind: 'municipality' },
  plural: 'municipalities',
  pluralDescription: 'The 49 municipalities (kommuner) of Västra Götaland.',
  description: 'A municipality (kommun) of Västra Götaland: its code, association, roll-out stage, powers of attorney and call-offs.',
  columns: {
    name,
    code: { type: 'String', column: 'municipalityCode', description: 'Municipality code (kommunkod): 4 digits, county 14.', order: true },
    organisationNumber,
    hsaId,
  },
  refs: {
    associationId: { types: ['Organisation'], description: 'The municipal association (kommunalförbund).' },
    rolloutStageId: { types: ['RolloutStage'], description: 'The roll-out stage (etapp).' },
  },
  relations: {
    association: { description: 'The municipal association (kommunalförbund): Fyrbodal, Göteborgsregionen, Sjuhärad or Skaraborg.' },
    rolloutStage: { description: 'The roll-out stage (etapp) it goes live in.' },
    powersOfAttorney: { many: true, description: 'Powers of attorney (fullmakter) it has given, history included.' },
    callOffs: { many: true, description: 'Its call-offs (avrop) of the three options.' },
    licencesGranted: { many: true, description: 'Licences it has granted to its private care providers.' },
    licensedProviders: { many: true, description: 'Private care providers it licenses.' },
    informationAssets: { many: true, description: 'Information assets (informationstillgångar) it owns.' },
    retentionRules: { many: true, description: 'Its retention rules (gallrings- och bevaranderegler).' },
    agreementParties: { many: true, description: 'The agreements it is party to, with its role in each.' },
  },
  search: ['name', 'municipalityCode'],
  defaultOrder: { name: 'asc' },
});

export const RolloutStage = defineEntity({
  name: 'RolloutStage',
  table: 'rolloutStages',
  plural: 'rolloutStages',
  description: 'A roll-out stage (etapp): a geographic area that goes live in Millennium together.',
  columns: {
    number: { type: 'Int', description: 'Stage number.', order: true },
    area: { type: 'String', description: 'Geographic area, following VGR’s health-care areas.', order: true },
    plannedGoLive: { type: 'Date', description: 'Planned go-live (planerad driftstart).', order: true },
    actualGoLive: { type: 'Date', description: 'Actual go-live (faktisk driftstart): completes implementation for the area.', order: true },
  },
  relations: { members: { many: true, description: 'The organisations in this stage.' } },
  search: ['area'],
  defaultOrder: { number: 'asc' },
  write: { spec: rolloutStageSpec, plural: 'RolloutStages' },
});
defineBulkMutations(RolloutStage);

export const PowerOfAttorney = defineEntity({
  name: 'PowerOfAttorney',
  table: 'powersOfAttorney',
  plural: 'powersOfAttorney',
  description:
    'A power of attorney (fullmakt) a municipality gave VGR to represent it in the procurement. History is kept: a new one does not replace the old.',
  columns: {
    grantedOn: { type: 'Date', description: 'When it was given, where known.', order: true },
    scope: { type: 'String', description: 'What it covers (omfattning).' },
    validFrom: { type: 'Date', description: 'In force from; empty when the start is not known.', order: true },
    validTo: { type: 'Date', description: 'In force until; empty while it has no end.', order: true },
  },
  refs: {
    municipalityId: { types: ['Municipality', 'Organisation'], description: 'The municipality that gave it.' },
    grantedToId: { types: ['Organisation'], description: 'Who it was given to (VGR).' },
  },
  relations: {
    municipality: { type: 'Municipality', description: 'The municipality that gave it.' },
    grantedTo: { description: 'Who it was given to (VGR).' },
  },
  write: { spec: powerOfAttorneySpec, plural: 'PowersOfAttorney' },
});
defineBulkMutations(PowerOfAttorney);
