// End to end: the registry views (editable entity grids) in Debian's headless Chromium against the
// real server: every view opens with its row count, filters and sort run on the server, a licence
// and a retention rule are edited with an invalid value marked first and then saved, rows are
// added and deleted, one value is set for many rows, a CSV import is previewed, views are saved,
// and the change history shows the changes. A screenshot of each main view goes to screenshots/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, poll, resizeColumn, screenshot } from './harness';

describe.runIf(hasChromium)('the registry views in Chromium against the real server', () => {
  const env = browserSuite();

  async function open(role: 'REGIONAL_ADMIN' | 'ORG_ADMIN') {
    const { context, page, requests } = await env.newPage({ acceptDownloads: true });
    await env.signIn(page, role);
    return { context, page, requests };
  }

  async function view(page: Page, route: string) {
    await page.click(`[data-testid="nav-${route}"]`);
    await page.waitForSelector(`[data-testid="${route}-view-grid"] .ag-row[row-id]`);
    await poll(() => page.locator(`[data-testid="${route}-view"] [data-testid="row-count"]`).first().count()).toBe(1);
  }
  const scope = (route: string) => `[data-testid="${route}-view"]`;
  const cellOf = (page: Page, route: string, rowId: string, col: string) =>
    page.locator(`${scope(route)} .ag-row[row-id="${rowId}"] .ag-cell[col-id="${col}"]`);
  const count = (page: Page, route: string) =>
    page
      .locator(`${scope(route)} [data-testid="row-count"]`)
      .first()
      .textContent();
  const pending = (page: Page, route: string) => page.locator(`${scope(route)} [data-testid="pending-count"]`).textContent();
  const rowState = async (page: Page, route: string, rowId: string) => {
    const state = page.locator(`${scope(route)} .ag-row[row-id="${rowId}"] [data-testid="row-state"]`);
    return (await state.count()) ? state.getAttribute('data-state') : null;
  };

  /** Types into a cell as a spreadsheet user does: select it, type (which opens the editor), Enter. */
  async function type(page: Page, route: string, rowId: string, col: string, text: string) {
    await cellOf(page, route, rowId, col).click();
    await page.keyboard.press('Control+a').catch(() => {});
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.ag-cell-inline-editing').count()).toBe(0);
  }
  async function shot(page: Page, name: string) {
    await page.mouse.move(0, 0);
    await page.waitForTimeout(250);
    await screenshot(page, name);
  }
  /** The count as the demo regional admin signed in to the grid sees it. */
  async function total(query: string): Promise<number> {
    const r = await env.registry.gql<Record<string, { totalCount: number }>>(`{ x: ${query} { totalCount } }`, {}, await env.demoToken('REGIONAL_ADMIN'));
    return r.data!.x!.totalCount;
  }

  it('regional admin: every view opens with its row count from the server; filters and sort run on the server', async () => {
    const { context, page, requests } = await open('REGIONAL_ADMIN');
    // The test server offers GraphiQL (as in development), so the grid links to it.
    await page.waitForSelector('[data-testid="nav-graphiql"]');
    const views: [string, string, string][] = [
      ['agreements', 'agreements(first: 1)', '8-agreements.png'],
      ['processor-agreements', 'processorAgreements(first: 1)', '9-processor-agreements.png'],
      ['joint-controllerships', 'jointControllerships(first: 1)', '10-joint-controllerships.png'],
      ['information-categories', 'informationCategories(first: 1)', '11-information-categories.png'],
      ['information-assets', 'informationAssets(first: 1)', '12-information-assets.png'],
      ['retention-rules', 'retentionRules(first: 1)', '13-retention-rules.png'],
      ['licences', 'licences(first: 1)', '14-licences.png'],
      ['rollout-stages', 'rolloutStages(first: 1)', '15-rollout-stages.png'],
    ];
    for (const [route, query, file] of views) {
      await view(page, route);
      const n = await total(query);
      expect(await count(page, route)).toBe(`${n} ${n === 1 ? 'rad' : 'rader'}`);
      if (route === 'agreements') {
        // The parties of the focused agreement, in a grid of their own below.
        const second = page.locator(`${scope(route)} .ag-row[row-index="1"] .ag-cell[col-id="kind"]`).first();
        await second.click();
        await page.waitForSelector('[data-testid="parties-view-grid"] .ag-row[row-id]');
        expect(await page.locator('[data-testid="parties-view"] [data-testid="row-count"]').textContent()).toMatch(/^\d+ rader$/);
      }
      if (route === 'processor-agreements') {
        // The art. 28(3) items missing, by the domain's missingArt28Items.
        await poll(() => page.locator(`${scope(route)} .ag-cell[col-id="missingArt28Items"]`).allTextContents()).toEqual(
          expect.arrayContaining(['Inget saknas', '1 saknas: behandlingens ändamål']),
        );
      }
      if (route === 'joint-controllerships') {
        await poll(() => page.locator(`${scope(route)} .ag-cell[col-id="gaps"]`).allTextContents()).toEqual(expect.arrayContaining(['Sammanfattning saknas']));
      }
      await shot(page, file);
    }

    // A column filter is a condition in the query's `filter`: the server filters, the count follows.
    await view(page, 'licences');
    const before = requests.length;
    await page.locator(`${scope('licences')} .ag-header-cell[col-id="municipalityId"] .ag-header-cell-filter-button`).click();
    await page.locator('.ag-filter-body input').first().fill('Borås');
    await poll(() => count(page, 'licences')).toBe('2 rader');
    const filtered = requests.slice(before).filter((r) => r.operationName === 'Licences');
    expect(filtered.at(-1)?.variables?.filter).toEqual({ municipality: { name: { contains: 'Borås' } } });
    await page.keyboard.press('Escape');
    await shot(page, '16-licences-filtered.png');

    // Sorting is the query's `orderBy`.
    const beforeSort = requests.length;
    await page.locator(`${scope('licences')} .ag-header-cell[col-id="validFrom"] .ag-header-cell-label`).click();
    await poll(
      () =>
        requests
          .slice(beforeSort)
          .filter((r) => r.operationName === 'Licences')
          .at(-1)?.variables?.orderBy,
    ).toEqual([{ field: 'VALID_FROM', direction: 'ASC' }]);

    // Saved by name, and the view as left comes back after a reload (per user, in localStorage).
    await page.click(`${scope('licences')} [data-testid="views-menu"]`);
    await page.fill('[data-testid="view-name"]', 'Borås efter start');
    await page.click('[data-testid="view-save"]');
    await page.reload();
    await page.waitForSelector(`[data-testid="licences-view-grid"] .ag-row[row-id]`);
    await poll(() => count(page, 'licences')).toBe('2 rader');
    await page.click(`${scope('licences')} [data-testid="views-menu"]`);
    expect(await page.locator('[data-testid="view-apply"]').allTextContents()).toEqual(['Borås efter start']);
    await page.click('[data-testid="view-reset"]');
    await poll(() => count(page, 'licences')).toBe(`${await total('licences(first: 1)')} rader`);

    // A read-only role is offered no editing at all.
    await context.close();
  }, 120_000);

  it('org admin (Borås): a licence edit with an invalid value is marked and blocks Save; fixed, it is saved in one mutation; others’ rows are read-only', async () => {
    const { context, page, requests } = await open('ORG_ADMIN');
    await view(page, 'licences');
    const r = await env.registry.gql<{
      licences: { nodes: { id: string; version: number; validFrom: string; validTo: string | null; modules: string; owner: { name: string } }[] };
    }>('{ licences(first: 100) { nodes { id version validFrom validTo modules owner { name } } } }', {}, env.regionToken);
    const mine = r.data!.licences.nodes.filter((l) => l.owner.name === 'Borås');
    const theirs = r.data!.licences.nodes.find((l) => l.owner.name !== 'Borås')!;
    expect(mine.length).toBe(2);
    expect(await rowState(page, 'licences', theirs.id)).toBe('readonly');
    expect(await cellOf(page, 'licences', theirs.id, 'modules').getAttribute('class')).toContain('cell-readonly');

    // An end date before the start: validateLicence marks it, with the rule's words, and nothing is sent.
    const sent = requests.length;
    await type(page, 'licences', mine[0]!.id, 'validTo', '2001-01-01');
    const bad = cellOf(page, 'licences', mine[0]!.id, 'validTo');
    await poll(() => bad.getAttribute('class')).toContain('cell-invalid');
    expect(await bad.locator('[data-message]').getAttribute('data-message')).toBe(`Slutdatumet 2001-01-01 ligger före startdatumet ${mine[0]!.validFrom}.`);
    expect(await page.locator(`${scope('licences')} [data-testid="invalid-count"]`).textContent()).toContain('1 ogiltig cell');
    expect(await page.locator(`${scope('licences')} [data-testid="save"]`).isDisabled()).toBe(true);
    await shot(page, '17-licences-invalid.png');
    expect(requests.slice(sent).filter((q) => q.operationName === 'SaveLicences')).toHaveLength(0);

    // Fixed, and a second row changed too: one Save, one saveLicences.
    await type(page, 'licences', mine[0]!.id, 'validTo', '2029-12-31');
    await type(page, 'licences', mine[1]!.id, 'modules', 'Journal, Delegering');
    await poll(() => pending(page, 'licences')).toBe('2 rader ändrade');
    await page.click(`${scope('licences')} [data-testid="save"]`);
    await poll(() => page.locator(`${scope('licences')} [data-testid="message"]`).textContent()).toBe('2 rader sparade.');
    const saves = requests.slice(sent).filter((q) => q.operationName === 'SaveLicences');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.variables!.input).toEqual({
      update: [
        { id: mine[0]!.id, version: mine[0]!.version, validTo: '2029-12-31' },
        { id: mine[1]!.id, version: mine[1]!.version, modules: 'Journal, Delegering' },
      ],
      allowPartial: true,
    });
    const after = await env.registry.gql<{ licences: { nodes: { id: string; validTo: string; modules: string; version: number }[] } }>(
      '{ licences(first: 100) { nodes { id validTo modules version } } }',
      {},
      env.regionToken,
    );
    expect(after.data!.licences.nodes.find((l) => l.id === mine[0]!.id)).toMatchObject({ validTo: '2029-12-31', version: mine[0]!.version + 1 });
    expect(after.data!.licences.nodes.find((l) => l.id === mine[1]!.id)).toMatchObject({ modules: 'Journal, Delegering' });
    await shot(page, '18-licences-saved.png');

    // Stale edits: someone else changes both rows after they were staged here; Save shows each
    // conflict with the server's value, resolved one way on each row.
    await poll(() => rowState(page, 'licences', mine[0]!.id)).not.toBe('saved');
    await type(page, 'licences', mine[0]!.id, 'modules', 'Journal');
    await type(page, 'licences', mine[1]!.id, 'modules', 'Delegering');
    const theirs2 = await env.registry.gql<{ updateLicences: { committed: boolean } }>(
      'mutation($rows: [LicenceUpdateInput!]!) { updateLicences(input: { rows: $rows }) { committed } }',
      { rows: mine.map((l) => ({ id: l.id, version: l.version + 1, modules: 'Ordination' })) },
      env.regionToken,
    );
    expect(theirs2.data?.updateLicences.committed).toBe(true);
    await page.click(`${scope('licences')} [data-testid="save"]`);
    await poll(() => rowState(page, 'licences', mine[0]!.id)).toBe('conflict');
    expect(await rowState(page, 'licences', mine[1]!.id)).toBe('conflict');
    expect(await cellOf(page, 'licences', mine[0]!.id, 'modules').textContent()).toContain('Servern: Ordination');
    await shot(page, '19-licences-conflict.png');
    // Narrowed, the conflicting cell shows the server's value as an icon (the words in its tooltip), not cut short.
    const hint = cellOf(page, 'licences', mine[0]!.id, 'modules').locator('[data-testid="conflict-hint"]');
    await resizeColumn(page, `${scope('licences')} .ag-header-cell[col-id="modules"]`, 420);
    await poll(() => hint.locator('.conflict-hint-text').isVisible()).toBe(true);
    await resizeColumn(page, `${scope('licences')} .ag-header-cell[col-id="modules"]`, 100);
    await poll(() => hint.locator('.conflict-hint-text').isVisible()).toBe(false);
    expect(await hint.locator('svg').isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await screenshot(page, '75-licences-conflict-narrow.png');
    await page.locator(`${scope('licences')} .ag-row[row-id="${mine[0]!.id}"] [data-testid="keep-mine"]`).click();
    await page.locator(`${scope('licences')} .ag-row[row-id="${mine[1]!.id}"] [data-testid="take-theirs"]`).click();
    await poll(() => pending(page, 'licences')).toBe('1 rad ändrad');
    await poll(() => cellOf(page, 'licences', mine[1]!.id, 'modules').textContent()).toBe('Ordination');
    await page.click(`${scope('licences')} [data-testid="save"]`);
    await poll(() => rowState(page, 'licences', mine[0]!.id)).toBe('saved');
    const resolved = await env.registry.gql<{ licences: { nodes: { id: string; modules: string }[] } }>(
      '{ licences(first: 100) { nodes { id modules } } }',
      {},
      env.regionToken,
    );
    expect(resolved.data!.licences.nodes.find((l) => l.id === mine[0]!.id)!.modules).toBe('Journal');
    expect(resolved.data!.licences.nodes.find((l) => l.id === mine[1]!.id)!.modules).toBe('Ordination');
    await poll(() => rowState(page, 'licences', mine[0]!.id)).not.toBe('saved');

    // Select both own rows and set one column for all of them.
    for (const l of mine)
      await page
        .locator(
          `${scope('licences')} .ag-row[row-id="${l.id}"] .ag-selection-checkbox input, ${scope('licences')} .ag-row[row-id="${l.id}"] input.ag-checkbox-input`,
        )
        .first()
        .click();
    await page.click(`${scope('licences')} [data-testid="bulk-set"]`);
    await page.selectOption('[data-testid="bulk-field"]', 'modules');
    await page.fill('[data-testid="bulk-value"]', 'Journal, Ordination');
    await page.click('[data-testid="bulk-apply"]');
    await poll(() => pending(page, 'licences')).toBe('2 rader ändrade');
    expect(await cellOf(page, 'licences', mine[1]!.id, 'modules').textContent()).toBe('Journal, Ordination');
    await page.click(`${scope('licences')} [data-testid="discard"]`);
    await context.close();
  }, 120_000);

  it('regional admin: a retention rule below the legal minimum is marked, then saved; a stage is added and deleted; a CSV import is previewed; the history shows the changes', async () => {
    const { context, page, requests } = await open('REGIONAL_ADMIN');
    await view(page, 'retention-rules');
    const rules = await env.registry.gql<{
      retentionRules: { nodes: { id: string; version: number; years: number; action: string; category: { recordKind: string } }[] };
    }>('{ retentionRules(first: 20) { nodes { id version years action category { recordKind } } } }', {}, env.regionToken);
    const rule = rules.data!.retentionRules.nodes.find((x) => x.action === 'PURGE' && x.category.recordKind === 'PATIENT_RECORD')!;

    const sent = requests.length;
    await type(page, 'retention-rules', rule.id, 'years', '3');
    const years = cellOf(page, 'retention-rules', rule.id, 'years');
    await poll(() => years.getAttribute('class')).toContain('cell-invalid');
    expect(await years.locator('[data-message]').getAttribute('data-message')).toContain('Journalhandlingar ska bevaras i minst 10 år');
    await years.hover();
    // A header's tooltip may still be fading when the cell's appears: the cell's is the one asked for.
    await poll(async () => (await page.locator('.ag-tooltip').allTextContents()).join(' | ')).toContain('3 år är för kort tid');
    await shot(page, '20-retention-invalid.png');
    expect(await page.locator(`${scope('retention-rules')} [data-testid="save"]`).isDisabled()).toBe(true);

    await type(page, 'retention-rules', rule.id, 'years', '11');
    await poll(() => years.getAttribute('class')).toContain('cell-pending');
    await page.click(`${scope('retention-rules')} [data-testid="save"]`);
    await poll(() => rowState(page, 'retention-rules', rule.id)).toBe('saved');
    expect(requests.slice(sent).filter((q) => q.operationName === 'SaveRetentionRules')).toHaveLength(1);
    const saved = await env.registry.gql<{ node: { years: number; version: number } }>(
      `{ node(id: "${rule.id}") { ... on RetentionRule { years version } } }`,
      {},
      env.regionToken,
    );
    expect(saved.data!.node).toEqual({ years: 11, version: rule.version + 1 });

    // CSV import: a preview marks each invalid cell (domain rules) and sends nothing until staged and saved.
    const beforeImport = requests.length;
    await page.setInputFiles(`${scope('retention-rules')} [data-testid="import-file"]`, {
      name: 'regler.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Informationsmängd;Åtgärd;År;Räknas från\nJournalanteckning;Gallra;3;Senaste anteckning\nOrdination;Bevara;12;Upprättande\nOkänd;Banan;x;\n',
      ),
    });
    await page.waitForSelector('[data-testid="import-dialog"]');
    expect(await page.locator('[data-testid="import-table"] td[data-invalid="true"]').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-testid="import-summary"]').textContent()).toMatch(/^3 rader: 3 nya, 0 ändrade, \d+ ogiltiga celler\.$/);
    await shot(page, '21-retention-import-preview.png');
    await page.click('[data-testid="import-stage"]');
    await poll(() => pending(page, 'retention-rules')).toBe('3 rader ändrade');
    expect(await page.locator(`${scope('retention-rules')} [data-testid="save"]`).isDisabled()).toBe(true);
    expect(requests.slice(beforeImport).filter((q) => q.operationName === 'SaveRetentionRules')).toHaveLength(0);
    await page.click(`${scope('retention-rules')} [data-testid="discard"]`);

    // Add a roll-out stage, save (saveRolloutStages with `create`), then delete it (with `delete`).
    await view(page, 'rollout-stages');
    await page.click(`${scope('rollout-stages')} [data-testid="add-row"]`);
    const fresh = page.locator(`${scope('rollout-stages')} .ag-row-pinned`).first();
    await fresh.waitFor();
    const freshId = (await fresh.getAttribute('row-id'))!;
    await type(page, 'rollout-stages', freshId, 'number', '6');
    await type(page, 'rollout-stages', freshId, 'area', 'Test: Etapp 6');
    await type(page, 'rollout-stages', freshId, 'plannedGoLive', '2029-02-30');
    await poll(() => cellOf(page, 'rollout-stages', freshId, 'plannedGoLive').getAttribute('class')).toContain('cell-invalid');
    await type(page, 'rollout-stages', freshId, 'plannedGoLive', '2029-03-01');
    await page.click(`${scope('rollout-stages')} [data-testid="save"]`);
    await poll(() => count(page, 'rollout-stages')).toBe('6 rader');
    const stages = await env.registry.gql<{ rolloutStages: { nodes: { id: string; number: number; area: string }[] } }>(
      '{ rolloutStages(first: 10) { nodes { id number area } } }',
      {},
      env.regionToken,
    );
    const created = stages.data!.rolloutStages.nodes.find((s) => s.number === 6)!;
    expect(created.area).toBe('Test: Etapp 6');
    await page
      .locator(`${scope('rollout-stages')} .ag-row[row-id="${created.id}"] input.ag-checkbox-input`)
      .first()
      .click();
    await page.click(`${scope('rollout-stages')} [data-testid="delete-rows"]`);
    await poll(() => rowState(page, 'rollout-stages', created.id)).toBe('deleted');
    await page.click(`${scope('rollout-stages')} [data-testid="save"]`);
    await poll(() => count(page, 'rollout-stages')).toBe('5 rader');
    const saves = requests.filter((q) => q.operationName === 'SaveRolloutStages');
    // One request per Save, with only the lists that have rows.
    expect(saves.map((q) => Object.keys((q.variables as { input: object }).input).sort())).toEqual([
      ['allowPartial', 'create'],
      ['allowPartial', 'delete'],
    ]);

    // The change history (read-only): the changes just made, before and after, each type of row
    // in Swedish (the server records RolloutStage, RetentionRule).
    await view(page, 'changes');
    expect(await page.locator(`${scope('changes')} [data-testid="add-row"]`).count()).toBe(0);
    const types = page.locator(`${scope('changes')} .ag-row .ag-cell[col-id="entity"]`);
    await poll(() => page.locator(`${scope('changes')} .ag-cell[col-id="entity"]`).allTextContents()).toEqual(
      expect.arrayContaining(['Etapp', 'Gallringsregel']),
    );
    await types.filter({ hasText: 'Gallringsregel' }).first().click();
    await page.waitForSelector('[data-testid="change-table"]');
    // The row by name (its owner and information category), its fields in Swedish.
    await poll(() => page.locator('[data-testid="change-detail"] .sub-title').textContent()).toMatch(/^Gallringsregel: .+ – .+: före och efter$/);
    const changedYears = page.locator('[data-testid="change-table"] tr.changed[data-field="years"]');
    expect(await changedYears.locator('th').textContent()).toBe('År');
    expect(await changedYears.textContent()).toContain('11');
    await shot(page, '22-changes.png');
    // One type, chosen from a list in the same words.
    await page.selectOption('[data-testid="changes-entity"]', { label: 'Etapp' });
    await poll(async () => [...new Set(await types.allTextContents())]).toEqual(['Etapp']);
    await context.close();
  }, 120_000);

  it('logged no errors in the browser', () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
