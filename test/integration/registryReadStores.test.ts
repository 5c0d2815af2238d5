import { loadLogKeys, openSqliteStores, pgRegistryStores, TokenExpiryError, type Stores } from '@fvm/db';
import { registryVisibility, type Viewer } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../packages/db/src/postgres/migrate';
import { openPgPool } from '../../packages/db/src/postgres/pool';
import { describeOnPostgres, freshPostgresDatabase } from '../support/postgres';
import { BORAS, DAY, GOTEBORG, NOW_MS, registryRows, VASTKOM, VGR } from '../support/registryRows';
import { fillPostgres, fillSqlite } from '../support/registryRowsFill';

// One contract for the registry's read stores (organisations, tokens, checks), run on each engine
// holding the same rows: the same answers, to the value.

type ReadStores = Pick<Stores, 'organisations' | 'tokens' | 'checks'>;
interface Opened {
  stores: ReadStores;
  close(): Promise<void>;
}

async function openSqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-read-stores-'));
  const stores = openSqliteStores(join(dir, 'registry.sqlite'), loadLogKeys(join(dir, 'keys'), {}));
  fillSqlite(stores.handles.db, registryRows());
  return { stores, close: async () => (await stores.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function openPostgres(): Promise<Opened> {
  const database = await freshPostgresDatabase();
  const pool = openPgPool(database.url);
  await migratePostgres(pool);
  await fillPostgres(pool, registryRows());
  return { stores: pgRegistryStores(pool), close: async () => (await pool.end(), await database.drop()) };
}

const now = new Date(NOW_MS);
const later = (ms: number) => new Date(NOW_MS + ms);
const all = (table: string) => registryVisibility({ tokenId: 1, organisationId: VGR, role: 'regional_admin' }, table);
const demoViewer: Viewer = { tokenId: 1, organisationId: VGR, role: 'regional_admin', demoOnly: true };

function contract(open: () => Promise<Opened>) {
  return () => {
    let opened: Opened;
    let stores: ReadStores;
    beforeAll(async () => {
      opened = await open();
      stores = opened.stores;
    });
    afterAll(() => opened?.close());

    describe('organisations', () => {
      it('finds one by municipality code or organisation number (with or without its dash)', async () => {
        const byCode = await stores.organisations.findByCodeOrNumber('1480');
        expect(byCode).toMatchObject({
          id: GOTEBORG,
          name: 'Göteborg',
          kind: 'municipality',
          ownPrincipal: false,
          isDemo: false,
          version: 1,
          associationId: null,
        });
        expect(await stores.organisations.findByCodeOrNumber('212000-1561')).toMatchObject({ id: BORAS, municipalityCode: '1490' });
        expect(await stores.organisations.findByCodeOrNumber('2321000131')).toMatchObject({ id: VGR, kind: 'region' });
        expect(await stores.organisations.findByCodeOrNumber('9999')).toBeNull();
        expect(await stores.organisations.findByCodeOrNumber('nobody')).toBeNull();
      });

      it('reads every organisation and category whole, in id order', async () => {
        const { organisations, categories } = await stores.organisations.lookupRows();
        expect(organisations.map((o) => o.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(organisations.find((o) => o.id === 7)).toMatchObject({
          name: 'Ängens vård AB',
          ownPrincipal: true,
          licensingMunicipalityId: GOTEBORG,
          createdAt: '2026-01-10T08:00:00.000Z',
        });
        expect(categories.map((c) => [c.code, c.harmAssessmentRequired, c.optionId])).toEqual([
          ['journal', true, 1],
          ['medication', false, 2],
          ['access_log', false, null],
        ]);
      });
    });

    describe('tokens', () => {
      let secret: string;
      let id: number;

      it('creates a token that stands for its organisation and role until it expires', async () => {
        const created = await stores.tokens.create({ organisationId: BORAS, role: 'analyst', label: 'rapporter', now });
        ({ secret, id } = created);
        expect(secret).toMatch(/^fvm_[A-Za-z0-9_-]{43}$/);
        expect(created.expiresAt).toBe(later(90 * DAY).toISOString());
        expect(await stores.tokens.viewerFor(secret, later(DAY))).toEqual({ tokenId: id, organisationId: BORAS, role: 'analyst' });
        expect(await stores.tokens.viewerFor(secret, later(90 * DAY))).toBeNull();
        expect(await stores.tokens.viewerFor(`${secret}x`, now)).toBeNull();
      });

      it('refuses an expiry that is not in the future', async () => {
        await expect(stores.tokens.create({ organisationId: BORAS, role: 'analyst', now, expiresAt: now })).rejects.toThrow(TokenExpiryError);
        await expect(stores.tokens.create({ organisationId: BORAS, role: 'analyst', now, days: 0 })).rejects.toThrow(TokenExpiryError);
      });

      it('records the last use at most once a minute', async () => {
        const lastUsed = async () => (await stores.tokens.list()).find((t) => t.id === id)!.lastUsedAt;
        expect(await lastUsed()).toBe(later(DAY).toISOString());
        await stores.tokens.viewerFor(secret, later(DAY + 30_000));
        expect(await lastUsed()).toBe(later(DAY).toISOString());
        await stores.tokens.viewerFor(secret, later(DAY + 60_000));
        expect(await lastUsed()).toBe(later(DAY + 60_000).toISOString());
      });

      it('lists tokens in id order with their organisation, never their secret', async () => {
        const other = await stores.tokens.create({ organisationId: GOTEBORG, role: 'org_admin', now });
        const listed = await stores.tokens.list();
        expect(listed.map((t) => t.id)).toEqual([id, other.id]);
        expect(listed[0]).toEqual({
          id,
          prefix: secret.slice(0, 10),
          organisation: 'Borås',
          role: 'analyst',
          label: 'rapporter',
          isDemo: false,
          createdAt: now.toISOString(),
          expiresAt: later(90 * DAY).toISOString(),
          lastUsedAt: later(DAY + 60_000).toISOString(),
          revokedAt: null,
        });
        expect(JSON.stringify(listed)).not.toContain(secret);
      });

      it('revokes one token by id or prefix, none by an ambiguous prefix', async () => {
        const ambiguous = await stores.tokens.revoke('fvm_', now);
        expect(ambiguous).toMatchObject({ revoked: false });
        expect(ambiguous.matched).toHaveLength(2);
        const byPrefix = await stores.tokens.revoke(secret.slice(0, 10), later(2 * DAY));
        expect(byPrefix.revoked).toBe(true);
        expect(byPrefix.matched.map((t) => t.id)).toEqual([id]);
        expect(await stores.tokens.viewerFor(secret, later(2 * DAY))).toBeNull();
        expect(await stores.tokens.revoke(String(id), later(3 * DAY))).toMatchObject({
          revoked: false,
          matched: [{ id, revokedAt: later(2 * DAY).toISOString() }],
        });
        expect(await stores.tokens.revoke('12345', now)).toEqual({ matched: [], revoked: false });
      });

      it('names the demo users while demo rows exist, and issues them demo tokens', async () => {
        expect(await stores.tokens.demoUsers()).toEqual([
          { role: 'regional_admin', organisationId: VGR, organisation: 'Västra Götalandsregionen' },
          { role: 'org_admin', organisationId: BORAS, organisation: 'Borås' },
          { role: 'analyst', organisationId: VASTKOM, organisation: 'VästKom' },
          { role: 'log_reviewer', organisationId: GOTEBORG, organisation: 'Göteborg' },
          { role: 'integrator', organisationId: GOTEBORG, organisation: 'Göteborg' },
        ]);
        const single = await stores.tokens.issueDemoToken('analyst', new Date());
        expect(await stores.tokens.viewerFor(single!, new Date())).toMatchObject({ organisationId: VASTKOM, role: 'analyst', demoOnly: true });

        const issued = await stores.tokens.issueDemoTokens();
        expect(issued.map((t) => [t.role, t.organisation])).toEqual([
          ['regional_admin', 'Västra Götalandsregionen'],
          ['org_admin', 'Borås'],
          ['analyst', 'VästKom'],
          ['log_reviewer', 'Göteborg'],
          ['integrator', 'Göteborg'],
        ]);
        // Issuing replaces the demo tokens: the one issued before is revoked.
        expect(await stores.tokens.viewerFor(single!, new Date())).toBeNull();
        for (const t of issued) expect(await stores.tokens.viewerFor(t.secret, new Date())).toMatchObject({ role: t.role, demoOnly: true });
        const demo = (await stores.tokens.list()).filter((t) => t.isDemo);
        expect(demo.map((t) => [t.label, t.revokedAt === null])).toEqual([['demo analyst', false], ...issued.map((t) => [`demo ${t.role}`, true])]);
      });
    });

    describe('checks', () => {
      it('reads the registry facts, every row in id order', async () => {
        const facts = await stores.checks.registryFacts(all, NOW_MS);
        expect(
          Object.fromEntries(
            Object.entries(facts)
              .filter(([k]) => k !== 'logReview')
              .map(([k, rows]) => [k, (rows as unknown[]).length]),
          ),
        ).toEqual({
          organisations: 9,
          options: 4,
          optionLinks: 1,
          callOffs: 6,
          powersOfAttorney: 2,
          agreements: 4,
          parties: 7,
          agreementServices: 3,
          services: 2,
          licences: 1,
          assets: 3,
          retentionRules: 2,
          categories: 3,
        });
        expect(facts.organisations[6]).toEqual({ id: 7, name: 'Ängens vård AB', kind: 'private_care_provider', ownPrincipal: true, isDemo: false });
        expect(facts.agreements[1]).toMatchObject({
          id: 2,
          kind: 'processor',
          subjectMatter: true,
          nature: false,
          purpose: null,
          penalties: false,
          validTo: '2026-06-30',
        });
        expect(facts.callOffs.map((c) => c.status)).toEqual(['signed', 'submitted', 'signed', 'withdrawn', 'draft', 'signed']);
      });

      it('reads the log review facts: counts per owner, the emergency accesses no decided item covers', async () => {
        const { logReview } = await stores.checks.registryFacts(all, NOW_MS);
        expect(logReview).toEqual({
          routines: [
            { id: 1, ownerOrgId: GOTEBORG, name: 'Kvartalsgranskning', intervalDays: 90, isDemo: false },
            { id: 2, ownerOrgId: GOTEBORG, name: 'Demogranskning', intervalDays: 90, isDemo: true },
          ],
          lastCompleted: [{ routineId: 1, completedOn: '2026-01-05' }],
          ownersWithLogs: [
            { ownerOrgId: GOTEBORG, isDemo: false, entryCount: 5 },
            { ownerOrgId: BORAS, isDemo: false, entryCount: 1 },
          ],
          // Göteborg's routine allows 7 days: entry 1 (60 days) is covered by a decided item, entry 3
          // (20 days) is not, entry 4 (2 days) is not due. Borås has no routine: 14 days.
          emergencyBacklog: [
            { ownerOrgId: GOTEBORG, isDemo: false, count: 1, oldestMs: NOW_MS - 20 * DAY, days: 7 },
            { ownerOrgId: BORAS, isDemo: false, count: 1, oldestMs: NOW_MS - 40 * DAY, days: 14 },
          ],
        });
      });

      it('keeps to what a demo token may see', async () => {
        const facts = await stores.checks.registryFacts((table) => registryVisibility(demoViewer, table), NOW_MS);
        // Public reference (municipalities, associations), what demo rows stand on (the region, VästKom), and demo rows.
        expect(facts.organisations.map((o) => o.name)).toEqual([
          'Västra Götalandsregionen',
          'VästKom',
          'Göteborg',
          'Borås',
          'Dals-Ed',
          'Sjuhärads kommunalförbund',
          'Demoköping',
        ]);
        expect(facts.callOffs.map((c) => c.id)).toEqual([6]);
        expect(facts.agreements.map((a) => a.id)).toEqual([4]);
        expect(facts.logReview!.routines.map((r) => r.name)).toEqual(['Demogranskning']);
        expect(facts.logReview!.emergencyBacklog).toEqual([]);
      });

      it('counts logged actions the effective policy denies, per owner, profession, category and action', async () => {
        // Göteborg's own policy lets nursing assistants write but not sign on a mobile device; the
        // region's default lets nurses sign only at a desktop and nursing assistants only read (Borås
        // has no policy of its own). Reads are allowed; physicians have no policy.
        expect(await stores.checks.notPermittedLogActions({ kind: 'pseudonymised' })).toEqual([
          { policyId: 2, dataOwnerId: GOTEBORG, profession: 'nurse', categoryId: 2, action: 'sign', count: 1, mobileCount: 1 },
          { policyId: 3, dataOwnerId: GOTEBORG, profession: 'nursing_assistant', categoryId: 2, action: 'sign', count: 1, mobileCount: 1 },
          { policyId: 1, dataOwnerId: BORAS, profession: 'nursing_assistant', categoryId: 2, action: 'update', count: 1, mobileCount: 0 },
        ]);
        expect(await stores.checks.notPermittedLogActions({ kind: 'organisation', organisationId: BORAS })).toEqual([
          { policyId: 1, dataOwnerId: BORAS, profession: 'nursing_assistant', categoryId: 2, action: 'update', count: 1, mobileCount: 0 },
        ]);
        expect(await stores.checks.notPermittedLogActions({ kind: 'pseudonymised', demoOnly: true })).toEqual([]);
        expect(await stores.checks.notPermittedLogActions({ kind: 'none' })).toEqual([]);
      });
    });
  };
}

describe('the registry read stores on SQLite', contract(openSqlite));
describeOnPostgres('the registry read stores on PostgreSQL', contract(openPostgres));
