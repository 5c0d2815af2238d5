import type { Role } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import { UserRole } from './enums';

// Where the server allows it (FVM_DEMO_SIGNIN=1, loopback only, never in production: `npm start`)
// and demo data is loaded, anyone may sign in as a demo user; the token reads and changes demo data
// only and lasts a day at most. Elsewhere there are no demo users, and signing in as one is refused.

const DemoUserRef = builder.objectRef<{ role: Role; organisation: string }>('DemoUser').implement({
  description: 'A demo user one can sign in as while demo data is loaded.',
  fields: (t) => ({
    role: t.field({ type: UserRole.ref, description: 'The demo user’s role.', resolve: (u) => u.role }),
    organisationName: t.exposeString('organisation', { description: 'The demo user’s organisation.' }),
  }),
});

builder.queryField('demoUsers', (t) =>
  t.field({
    type: [DemoUserRef],
    description: 'The demo users (one per role) while demo data is loaded and this server allows demo sign-in; empty otherwise.',
    resolve: (_r, _a, ctx) => (ctx.demoSignIn ? ctx.stores.tokens.demoUsers() : []),
  }),
);

builder.mutationField('signInAsDemoUser', (t) =>
  t.field({
    type: 'String',
    description:
      'Issues a fresh API token for the demo user with this role, while demo data is loaded and this server allows demo sign-in. A demo token reads and changes demo data only and lasts a day at most.',
    args: { role: t.arg({ type: UserRole.ref, required: true, description: 'The role to sign in as.' }) },
    resolve: async (_r, args, ctx) => {
      if (!ctx.demoSignIn) {
        throw new GraphQLError('Demo sign-in is off on this server; sign in with an API token (npm run fvm -- token create).', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        });
      }
      const token = await ctx.stores.tokens.issueDemoToken(args.role as Role, ctx.now());
      if (!token) throw new GraphQLError('There is no demo data, so there are no demo users.', { extensions: { code: 'NOT_FOUND' } });
      return token;
    },
  }),
);
