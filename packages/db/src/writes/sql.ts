import type { TableCodec } from './codec';
import type { Condition, Owned, Where } from './effects';

/** A statement with `?` placeholders (PostgreSQL numbers them) and its values, encoded for the engine. */
export interface Statement {
  text: string;
  params: unknown[];
}

// One text for both engines: quoted names, no engine's functions, booleans compared as booleans.

function conditions(codec: TableCodec, where: Where, owned?: Owned): Statement {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, condition] of Object.entries(where) as [string, Condition | undefined][]) {
    if (!condition) continue;
    const column = `"${codec.sqlColumn(key)}"`;
    if ('in' in condition) {
      if (condition.in.length === 0) parts.push('false');
      else {
        parts.push(`${column} IN (${condition.in.map(() => '?').join(',')})`);
        params.push(...condition.in.map((v) => codec.encode(key, v)));
      }
    } else if ('ne' in condition) {
      parts.push(condition.ne === null ? `${column} IS NOT NULL` : `${column} <> ?`);
      if (condition.ne !== null) params.push(codec.encode(key, condition.ne));
    } else {
      parts.push(condition.eq === null ? `${column} IS NULL` : `${column} = ?`);
      if (condition.eq !== null) params.push(codec.encode(key, condition.eq));
    }
  }
  if (owned) {
    // Booleans go in encoded as the engine keeps is_demo (SQLite 0/1, PostgreSQL boolean).
    parts.push('(? OR "owner_org_id" = ?) AND (NOT ? OR "is_demo")');
    params.push(codec.encode('isDemo', owned.anyOwner), owned.ownerOrgId, codec.encode('isDemo', owned.demoRowsOnly));
  }
  return { text: parts.length ? parts.join(' AND ') : 'true', params };
}

export function selectStatement(codec: TableCodec, where: Where): Statement {
  const w = conditions(codec, where);
  return { text: `SELECT * FROM "${codec.sqlName}" WHERE ${w.text}`, params: w.params };
}

export function countStatement(codec: TableCodec, where: Where): Statement {
  const w = conditions(codec, where);
  return { text: `SELECT count(*) AS n FROM "${codec.sqlName}" WHERE ${w.text}`, params: w.params };
}

export function insertStatement(codec: TableCodec, values: Record<string, unknown>): Statement {
  const keys = codec.keys.filter((k) => k !== 'id' && values[k] !== undefined);
  return {
    text: `INSERT INTO "${codec.sqlName}" (${keys.map((k) => `"${codec.sqlColumn(k)}"`).join(',')}) VALUES (${keys.map(() => '?').join(',')}) RETURNING *`,
    params: keys.map((k) => codec.encode(k, values[k])),
  };
}

export function updateStatement(codec: TableCodec, where: Where, set: Record<string, unknown>, owned?: Owned): Statement {
  const keys = Object.keys(set);
  const w = conditions(codec, where, owned);
  return {
    text: `UPDATE "${codec.sqlName}" SET ${keys.map((k) => `"${codec.sqlColumn(k)}" = ?`).join(', ')} WHERE ${w.text}`,
    params: [...keys.map((k) => codec.encode(k, set[k])), ...w.params],
  };
}

export function deleteStatement(codec: TableCodec, where: Where, owned?: Owned): Statement {
  const w = conditions(codec, where, owned);
  return { text: `DELETE FROM "${codec.sqlName}" WHERE ${w.text}`, params: w.params };
}
