import { builder } from './builder';
import { Organisation } from './types/organisations';
import { UserRole } from './types/enums';
import type { Viewer } from '@fvm/domain';

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'Who the request is made as: the token’s organisation and role.',
  fields: (t) => ({
    role: t.field({ type: UserRole.ref, description: 'The token’s role.', resolve: (v) => v.role }),
    organisation: t.field({
      type: Organisation.ref,
      description: 'The token’s organisation.',
      resolve: (v, _args, ctx) => ctx.stores.registry.query.organisations.findFirst({ where: { id: v.organisationId } }),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: ViewerRef, nullable: true, description: 'Who you are; null without a token.', resolve: (_root, _args, ctx) => ctx.viewer }),
);
