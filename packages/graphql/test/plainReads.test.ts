import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isPlainRead, readsUserLog, schema } from '../src';

const plain = (query: string, operationName?: string) => isPlainRead(schema, parse(query), operationName);

describe('which operations the server may compile (isPlainRead)', () => {
  it('takes a page of log entries with the names of their organisations and category', () => {
    expect(
      plain(
        '{ userLogs(first: 10) { edges { cursor node { entryId careProvider { id name } dataOwner { name municipalityCode } category { code } } } pageInfo { hasNextPage } } }',
      ),
    ).toBe(true);
    expect(
      plain(
        'query S($from: DateTime!, $to: DateTime!) { userLogStatistics(from: $from, to: $to, by: DATA_OWNER) { periodStart value count organisation { name } } }',
      ),
    ).toBe(true);
  });

  it('follows fragments, inline fragments and interfaces to the fields they read', () => {
    expect(
      plain(
        'query { userLogs { nodes { ...E } } } fragment E on UserLogEntry { careProvider { ... on Node { id } ...O } } fragment O on Organisation { name }',
      ),
    ).toBe(true);
  });

  it('leaves to the interpreter whatever plugin-drizzle plans: relations, connections, entity root fields', () => {
    expect(plain('{ userLogs { nodes { careProvider { association { name } } } } }')).toBe(false);
    expect(plain('{ userLogs { nodes { careProvider { history(first: 1) { totalCount } } } } }')).toBe(false);
    expect(plain('query { userLogs { nodes { careProvider { ...O } } } } fragment O on Organisation { members { totalCount } }')).toBe(false);
    expect(plain('{ municipalities(first: 3) { nodes { name } } }')).toBe(false);
    expect(plain('{ userLogs { nodes { entryId } } municipalities { totalCount } }')).toBe(false);
  });

  it('never compiles mutations or introspection, and picks the named operation of several', () => {
    expect(plain('mutation { appendUserLogEntries(input: { entries: [] }) { stored } }')).toBe(false);
    expect(plain('{ __schema { queryType { name } } }')).toBe(false);
    const two = 'query A { userLogs { nodes { entryId } } } query B { municipalities { totalCount } }';
    expect(plain(two, 'A')).toBe(true);
    expect(plain(two, 'B')).toBe(false);
    expect(plain(two)).toBe(false);
  });

  it('does not loop on a fragment that spreads itself', () => {
    expect(plain('query { userLogs { nodes { ...E } } } fragment E on UserLogEntry { entryId ...E }')).toBe(false);
  });
});

describe('which operations read the user log at scale (readsUserLog), for the server’s admission gate', () => {
  const reads = (query: string, operationName?: string) => readsUserLog(parse(query), operationName);

  it('finds a log read among other root fields, behind aliases and fragments', () => {
    expect(reads('{ a: userLogsAsFhirBundle(first: 10) }')).toBe(true);
    expect(reads('{ municipalities(first: 5) { totalCount } userLogs(first: 1) { totalCount } }')).toBe(true);
    expect(reads('query { ...Q } fragment Q on Query { ... on Query { patientAccessExtract(patient: "x") { entryId } } }')).toBe(true);
    expect(reads('{ verifyUserLogs { ok } }')).toBe(true);
  });

  it('lets everything else by: reference data, registry rows, appending entries', () => {
    expect(reads('{ municipalities(first: 5) { edges { node { name } } } }')).toBe(false);
    expect(reads('mutation { appendUserLogEntries(input: { entries: [] }) { stored } }')).toBe(false);
    expect(reads('query { ...Q } fragment Q on Query { ...Q }')).toBe(false);
    const two = 'query A { userLogs { nodes { entryId } } } query B { municipalities { totalCount } }';
    expect(reads(two, 'A')).toBe(true);
    expect(reads(two, 'B')).toBe(false);
  });
});
