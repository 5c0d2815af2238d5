import { demoUsers, issueDemoToken } from '@fvm/db';
import type { Role } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import { UserRole } from './enums';

// While demo data is loaded, anyone may sign in as a demo user: that is what demo data is for.
// A registry without demo data has no demo users, and these fields answer nothing.

const DemoUserRef = builder.objectRef<{ role: Role; organisation: string }>('DemoUser').implement({
  description: 'A demo user one can sign in as while demo data is loaded.',
  fields: (t) => ({
    role: t.field({ type: UserRole.ref as never, description: 'The demo user’s role.', resolve: (u) => u.role as never }),
    organisationName: t.exposeString('organisation', { description: 'The demo user’s organisation.' }),
  }),
});

builder.queryField('demoUsers', (t) =>
  t.field({ type: [DemoUserRef], description: 'The demo users (one per role) while demo data is loaded; empty otherwise.', resolve: (_r, _a, ctx) => demoUsers(ctx.db) }),
);

builder.mutationField('signInAsDemoUser', (t) =>
  t.field({
    type: 'String',
    description: 'Issues a fresh API token for the demo user with this role, while demo data is loaded. Demo tokens go with the demo data.',
    args: { role: t.arg({ type: UserRole.ref as never, required: true, description: 'The role to sign in as.' }) },
    resolve: (_r, args, ctx) => {
      const token = issueDemoToken(ctx.db, args.role as Role);
      if (!token) throw new GraphQLError('There is no demo data, so there are no demo users.', { extensions: { code: 'NOT_FOUND' } });
      return token;
    },
  }),
);
