import { findRegistryGaps, notPermittedFindings, registryVisibility, REGISTRY_CHECKS, REGISTRY_CHECK_KEYS, userLogScope, type Finding } from '@fvm/domain';
import { andWhere, visibleWhere } from '../visibility';
import { builder } from '../builder';
import { decodeId } from '../filters';
import { Organisation } from './organisations';
import { recordRead } from './userLogs';

const RegistryCheck = builder.enumType('RegistryCheck', {
  description: 'A check the registry runs for analysts (kontroll).',
  values: Object.fromEntries(
    REGISTRY_CHECK_KEYS.map((k) => [k.toUpperCase(), { value: k, description: `${REGISTRY_CHECKS[k].en} (${REGISTRY_CHECKS[k].sv}).` }]),
  ),
});

const RegistryFinding = builder.objectRef<Finding>('RegistryFinding').implement({
  description: 'One gap a registry check found (avvikelse).',
  fields: (t) => ({
    check: t.field({ type: RegistryCheck, description: 'Which check found it.', resolve: (f) => f.check }),
    subjectType: t.exposeString('entity', { description: 'The type of the row it is about, e.g. CallOff.' }),
    subjectId: t.id({
      description: 'Global ID of the row it is about; pass it to node(id:).',
      resolve: (f) => Buffer.from(`${f.entity}:${f.entityId}`).toString('base64'),
    }),
    organisation: t.field({
      type: Organisation.ref,
      nullable: true,
      description: 'The organisation concerned, where there is one.',
      resolve: (f, _a, ctx) =>
        f.organisationId
          ? ctx.stores.registry.query.organisations.findFirst({
              where: andWhere({ id: f.organisationId }, visibleWhere(ctx.viewer, 'organisations')),
            })
          : null,
    }),
    message: t.exposeString('message', { description: 'What was found, in English.' }),
    messageSv: t.exposeString('messageSv', { description: 'Vad som hittades, på svenska.' }),
  }),
});

builder.queryField('registryFindings', (t) =>
  t.field({
    type: [RegistryFinding],
    description:
      'Runs the registry’s checks and lists every gap: missing agreements, powers of attorney, retention rules, art. 28 items, expiring agreements, logged actions a profession may not perform (counted over the entries in your log scope, naming no user or patient), … Requires a token.',
    args: {
      checks: t.arg({ type: [RegistryCheck], description: 'Only these checks (default: all).' }),
      organisation: t.arg.id({ description: 'Only findings concerning this organisation (global ID).' }),
      monthsAhead: t.arg.int({ defaultValue: 6, description: 'For agreement_expiring: how many months ahead counts as soon.' }),
    },
    resolve: async (_root, args, ctx) => {
      if (!ctx.viewer) return [];
      const today = ctx.now().toISOString().slice(0, 10);
      const only = args.checks ? new Set<string>(args.checks as string[]) : null;
      const orgId = args.organisation ? decodeId(String(args.organisation), ['Organisation', 'Municipality'], 'organisation') : null;
      const viewer = ctx.viewer;
      const visibility = (table: string) => registryVisibility(viewer, table);
      const facts = await ctx.stores.checks.registryFacts(visibility, ctx.now().getTime());
      const findings = findRegistryGaps(facts, today, args.monthsAhead ?? 6);
      if (!only || only.has('log_action_not_permitted')) {
        // Counted in SQL over the entries in the viewer's log scope; no entry leaves the database.
        const groups = await ctx.stores.checks.notPermittedLogActions(userLogScope(viewer));
        const names = new Map(facts.organisations.map((o) => [o.id, o.name]));
        const categories = new Map((await ctx.stores.organisations.lookupRows()).categories.map((c) => [c.id, c]));
        findings.push(...notPermittedFindings(groups, names, categories));
        await recordRead(
          ctx,
          'registryFindings:log_action_not_permitted',
          null,
          groups.reduce((n, g) => n + g.count, 0),
        );
      }
      return findings.filter((f) => (!only || only.has(f.check)) && (orgId === null || f.organisationId === orgId));
    },
  }),
);
