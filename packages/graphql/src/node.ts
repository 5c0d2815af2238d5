import { MAX_REGISTRY_ID, registryReads } from '@fvm/db';
import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import { builder } from './builder';
import type { GraphQLContext } from './context';
import { tableOfType } from './entity';
import { andWhere, visibleWhere } from './visibility';

// node(id) and nodes(ids) check in SQL that the viewer may see the row before loading it, and
// answer a hidden row exactly as a missing one (null), so an ID proves nothing about existence.

async function visibleIds(ctx: GraphQLContext, ids: readonly string[]) {
  const parsed = ids.map((raw) => {
    try {
      const { typename, id } = decodeGlobalID(raw);
      const target = tableOfType.get(typename);
      const n = Number(id);
      return target && Number.isSafeInteger(n) && n <= MAX_REGISTRY_ID ? { typename, id: n, ...target } : null;
    } catch {
      return null;
    }
  });
  const byTable = new Map<string, { where: Record<string, unknown> | undefined; ids: number[] }>();
  for (const p of parsed) {
    if (!p) continue;
    const key = `${p.typename}`;
    const entry = byTable.get(key) ?? { where: andWhere(visibleWhere(ctx.viewer, p.table), p.baseWhere), ids: [] };
    entry.ids.push(p.id);
    byTable.set(key, entry);
  }
  const visible = new Set<string>();
  for (const [typename, { where, ids: list }] of byTable) {
    const table = tableOfType.get(typename)!.table;
    const rows = await registryReads(ctx.stores.registry, table).findMany({ where: andWhere({ id: { in: list } }, where), columns: { id: true } });
    for (const r of rows) visible.add(`${typename}:${r.id}`);
  }
  return parsed.map((p) => (p && visible.has(`${p.typename}:${p.id}`) ? { typename: p.typename, id: String(p.id) } : null));
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Fetches any row by its global ID; null when it does not exist or you may not see it.',
    args: { id: t.arg.id({ required: true, description: 'A global ID from any `id` field.' }) },
    resolve: async (_root, args, ctx, info) => {
      const [visible] = await visibleIds(ctx, [String(args.id)]);
      if (!visible) return null;
      const [node] = await resolveNodes(builder, ctx, info, [visible]);
      return node ?? null;
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: 'Fetches rows by global ID, in the order given; null for each that does not exist or you may not see.',
    args: { ids: t.arg.idList({ required: true, description: 'Global IDs.' }) },
    resolve: async (_root, args, ctx, info) => {
      const visible = await visibleIds(ctx, args.ids.map(String));
      const found = await resolveNodes(
        builder,
        ctx,
        info,
        visible.filter((v) => v !== null),
      );
      let i = 0;
      return visible.map((v) => (v ? (found[i++] ?? null) : null));
    },
  }),
}));
