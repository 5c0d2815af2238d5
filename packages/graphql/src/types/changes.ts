import { builder } from '../builder';
import { defineEntity } from '../entity';
import { UserRole } from './enums';

const ChangeOperationRef = builder.enumType('ChangeOperation', {
  description: 'What a change did.',
  values: {
    CREATE: { value: 'create', description: 'Created the row.' },
    UPDATE: { value: 'update', description: 'Changed the row.' },
    DELETE: { value: 'delete', description: 'Deleted the row.' },
  } as const,
});
const ChangeOperation = { enumName: 'ChangeOperation', ref: ChangeOperationRef, label: 'what the change did' };

export const Change = defineEntity({
  name: 'Change',
  table: 'changes',
  plural: 'changes',
  pluralDescription: 'The change history (ändringslogg) of the whole registry, newest first by default.',
  description: 'One recorded change (ändring): who, from which organisation, when, to which row, and the row before and after.',
  bare: true,
  columns: {
    at: { type: 'String', description: 'When (UTC).', order: true },
    entity: { type: 'String', description: 'The type of the changed row, e.g. CallOff.', order: true },
    entityId: { type: 'Int', description: 'The changed row’s internal number (see subjectId for its global ID).' },
    operation: { type: ChangeOperation, description: 'Create, update or delete.' },
    actorRole: { type: UserRole, description: 'The role of the token that made the change.' },
  },
  refs: { actorOrgId: { types: ['Organisation', 'Municipality'], description: 'The organisation whose token made the change.' } },
  relations: { actorOrganisation: { description: 'The organisation whose token made the change.' } },
  defaultOrder: { id: 'desc' },
  fields: (t) => ({
    subjectId: t.id({
      description: 'Global ID of the changed row.',
      select: { columns: { entity: true, entityId: true } },
      resolve: (c) => Buffer.from(`${c.entity}:${c.entityId}`).toString('base64'),
    }),
    before: t.expose('before', { type: 'JSON', nullable: true, description: 'The row before the change (null for a create).' }),
    after: t.expose('after', { type: 'JSON', nullable: true, description: 'The row after the change (null for a delete).' }),
  }),
});
