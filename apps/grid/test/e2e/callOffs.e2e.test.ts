// End to end: the built grid in Debian's headless Chromium (driven by playwright-core) against the
// real registry server (yoga + SQLite with reference and demo data), over real HTTP.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, signOutAsksAndStay, hasChromium, poll, reportMissingChromium, resizeColumn, screenshot, stateWordShown } from './harness';

reportMissingChromium('browser tests', { warn: true });

interface CallOffNode {
  id: string;
  version: number;
  status: string;
  option: { number: number };
}
interface MunicipalityNode {
  id: string;
  name: string;
  callOffs: { nodes: CallOffNode[] };
}

describe.runIf(hasChromium)('the grid in Chromium against the real server', () => {
  const env = browserSuite();

  async function municipalities(): Promise<MunicipalityNode[]> {
    const r = await env.registry.gql<{ municipalities: { nodes: MunicipalityNode[] } }>(
      '{ municipalities(first: 100) { nodes { id name callOffs(first: 10) { nodes { id version status option { number } } } } } }',
      {},
      env.regionToken,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.municipalities.nodes.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }
  const byName = (all: MunicipalityNode[], name: string) => all.find((m) => m.name === name)!;
  const callOffOf = (m: MunicipalityNode, option: number) => m.callOffs.nodes.find((c) => c.option.number === option)!;

  const cell = (page: Page, rowId: string, option: number) => page.locator(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="option-${option}"]`);

  async function openCallOffs(page: Page) {
    await page.click('[data-testid="nav-call-offs"]');
    await page.waitForSelector('[data-testid="calloffs-grid"] .ag-row[row-id]');
  }

  /** Double-click opens the status editor; choose a status from its list by its label. */
  async function choose(page: Page, rowId: string, option: number, label: string) {
    await cell(page, rowId, option).dblclick({ position: { x: 8, y: 8 } });
    await page
      .locator('[data-testid="status-choice"]')
      .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
      .click();
    await poll(() => page.locator('[data-testid="status-editor"]').count()).toBe(0);
  }

  /** Typing on a focused cell opens the status editor with the keys typed; Enter takes the status marked. */
  async function typeStatus(page: Page, rowId: string, option: number, text: string) {
    await cell(page, rowId, option).click({ position: { x: 8, y: 8 } });
    await page.keyboard.press(text[0]!);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'status-input');
    await page.keyboard.type(text.slice(1), { delay: 30 });
    await page.keyboard.press('Enter');
    await poll(() => page.locator('[data-testid="status-editor"]').count()).toBe(0);
  }

  /** What Excel puts on the clipboard, delivered as the browser does: a paste event at the focused cell. */
  async function paste(page: Page, rowId: string, option: number, tsv: string) {
    // Near the cell's start: the focused cell's own buttons sit at its end.
    await cell(page, rowId, option).click({ position: { x: 8, y: 8 } });
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, tsv);
  }

  const pending = (page: Page) => page.locator('[data-testid="pending-count"]').textContent();
  const rowState = (page: Page, rowId: string) => page.locator(`.ag-row[row-id="${rowId}"] [data-testid="row-state"]`).getAttribute('data-state');

  it('org_admin (Borås): signs in, reads, cannot edit others’ rows, an invalid paste sends nothing, edits and a paste are saved in one mutation', async () => {
    const all = await municipalities();
    const boras = byName(all, 'Borås');
    const ale = byName(all, 'Ale');
    const { context, page, posts } = await env.newPage();

    await page.goto(env.registry.origin + '/');
    await page.waitForSelector('[data-testid="demo-ORG_ADMIN"]');
    await screenshot(page, '1-sign-in.png');
    await page.click('[data-testid="demo-ORG_ADMIN"]');
    await poll(() => page.locator('[data-testid="viewer"]').textContent()).toBe('BoråsOrganisationsadministratör');
    expect(await page.evaluate(() => sessionStorage.getItem('fvm.token'))).toMatch(/^fvm_/);

    // Municipalities: read-only, with its row count.
    await page.waitForSelector('[data-testid="municipalities-grid"] .ag-row[row-id]');
    expect(await page.locator('[data-testid="row-count"]').textContent()).toBe('49 rader');
    await screenshot(page, '2-municipalities.png');

    await openCallOffs(page);
    expect(await page.locator('[data-testid="row-count"]').textContent()).toBe('49 rader');

    // Another municipality's row is read-only and looks it; double-clicking opens no editor, pasting stages nothing.
    const aleCell = cell(page, ale.id, 1);
    expect(await aleCell.getAttribute('class')).toContain('cell-readonly');
    expect(await aleCell.locator('.lock').count()).toBe(1);
    expect(await rowState(page, ale.id)).toBe('readonly');
    await aleCell.dblclick();
    expect(await page.locator('.ag-cell-inline-editing').count()).toBe(0);
    await paste(page, ale.id, 1, 'Utkast');
    expect(await page.locator('[data-testid="message"]').textContent()).toContain('1 inklistrad cell hoppades över');
    expect(await pending(page)).toBe('Inga osparade ändringar');

    // An invalid paste is marked with the rule's message, Save is blocked and nothing is sent.
    const before = posts.length;
    await paste(page, boras.id, 1, 'Banan\r\n');
    const invalidCell = cell(page, boras.id, 1);
    await poll(() => invalidCell.getAttribute('class')).toContain('cell-invalid');
    expect(await invalidCell.locator('[data-message]').getAttribute('data-message')).toContain('"Banan" är inte ett tillåtet värde');
    expect(await page.locator('[data-testid="invalid-count"]').textContent()).toContain('1 ogiltig cell');
    expect(await page.locator('[data-testid="save"]').isDisabled()).toBe(true);
    await page.locator('[data-testid="save"]').click({ force: true });
    await invalidCell.hover();
    // The cell's tooltip (a header's, passed on the way, may still be fading out).
    await page.waitForSelector('.ag-cell-tooltip');
    expect(await page.locator('.ag-cell-tooltip').textContent()).toContain('Banan');
    await screenshot(page, '3-call-offs-invalid-paste.png');
    await page.waitForTimeout(300);
    expect(posts.length).toBe(before);
    await page.click('[data-testid="discard"]');
    expect(await pending(page)).toBe('Inga osparade ändringar');

    // Two edits: one chosen in the editor, then a pasted row block (its middle cell has no call-off and is skipped).
    await choose(page, boras.id, 1, 'Utkast');
    expect(await pending(page)).toBe('1 avrop ändrat');
    expect(await cell(page, boras.id, 1).getAttribute('class')).toContain('cell-pending');
    await paste(page, boras.id, 1, 'Inskickad\tx\tWithdrawn\r\n');
    await poll(() => cell(page, boras.id, 3).getAttribute('class')).toContain('cell-pending');
    expect(await page.locator('[data-testid="message"]').textContent()).toContain('2 celler inklistrade');
    expect(await cell(page, boras.id, 1).textContent()).toContain('Inskickad');
    expect(await cell(page, boras.id, 3).textContent()).toContain('Återkallad');
    // Undo takes back the whole paste, redo brings it back.
    await page.keyboard.press('Control+z');
    await poll(() => cell(page, boras.id, 1).textContent()).toContain('Utkast');
    expect(await cell(page, boras.id, 3).getAttribute('class')).not.toContain('cell-pending');
    await page.keyboard.press('Control+y');
    await poll(() => cell(page, boras.id, 3).textContent()).toContain('Återkallad');

    const sent = posts.length;
    await page.click('[data-testid="save"]');
    // (The saved rows' 2.5 s flash is checked below, as the regional admin; here, after the reload a Save makes, it may be gone by the time a loaded machine looks.)
    await poll(() => page.locator('[data-testid="message"]').textContent()).toBe('2 rader sparade.');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await screenshot(page, '4-call-offs-saved.png');
    const mutations = posts.slice(sent).filter((p) => p.includes('mutation'));
    expect(mutations).toHaveLength(1);
    expect(mutations[0]).toContain('saveCallOffs');
    expect(await pending(page)).toBe('Inga osparade ändringar');

    const after = byName(await municipalities(), 'Borås');
    expect(callOffOf(after, 1)).toMatchObject({ status: 'SUBMITTED', version: callOffOf(boras, 1).version + 1 });
    expect(callOffOf(after, 3)).toMatchObject({ status: 'WITHDRAWN', version: callOffOf(boras, 3).version + 1 });

    // The English switch changes every word, the status labels included.
    await page.click('[data-testid="lang-en"]');
    expect(await page.locator('[data-testid="save"]').textContent()).toBe('Save');
    expect(await cell(page, boras.id, 3).textContent()).toContain('Withdrawn');
    await page.click('[data-testid="lang-sv"]');

    // Sign-out clears the session.
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="demo-ORG_ADMIN"]');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await context.close();
  }, 120_000);

  it('regional admin: two cells in two rows and a 3×2 block from Excel in one Save; a stale edit conflicts and resolves both ways', async () => {
    // Arrange over the public API, as the demo regional admin (demo data, which the demo user signed
    // in below sees): Bengtsfors and Bollebygd also call off option 2 (dated within the 2020
    // window), so Alingsås–Bollebygd × options 1–2 is a 3×2 block of call-offs.
    const setup = await municipalities();
    const option2 = await env.registry.gql<{ options: { nodes: { id: string; number: number }[] } }>(
      '{ options(first: 5) { nodes { id number } } }',
      {},
      env.regionToken,
    );
    const option2Id = option2.data!.options.nodes.find((o) => o.number === 2)!.id;
    const created = await env.registry.gql<{ createCallOffs: { committed: boolean } }>(
      'mutation($rows: [CallOffCreateInput!]!) { createCallOffs(input: { rows: $rows }) { committed } }',
      {
        rows: ['Bengtsfors', 'Bollebygd'].map((name) => ({
          municipalityId: byName(setup, name).id,
          optionId: option2Id,
          status: 'SUBMITTED',
          submittedOn: '2020-05-20',
        })),
      },
      await env.demoToken('REGIONAL_ADMIN'),
    );
    expect(created.data?.createCallOffs.committed).toBe(true);

    const all = await municipalities();
    const [ale, alingsas, bengtsfors, dalsEd] = ['Ale', 'Alingsås', 'Bengtsfors', 'Dals-Ed'].map((n) => byName(all, n)) as [
      MunicipalityNode,
      MunicipalityNode,
      MunicipalityNode,
      MunicipalityNode,
    ];
    const { context, page, posts } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');
    expect(await page.locator('[data-testid="viewer"]').textContent()).toBe('Västra GötalandsregionenRegional administratör');
    await openCallOffs(page);

    // Two cells in two rows, typed.
    await choose(page, ale.id, 3, 'Inskickad');
    await choose(page, dalsEd.id, 2, 'Återkallad');
    // A 3×2 block, as Excel copies it: CRLF rows, a quoted cell, Swedish and English labels and enum values.
    await paste(page, alingsas.id, 1, 'Utkast\t"Submitted"\r\nwithdrawn\tÅterkallad\r\nINSKICKAD\tUtkast\r\n');
    // The toolbar counts call-offs, and says in how many municipalities (the matrix's rows).
    await poll(() => pending(page)).toBe('8 avrop ändrade i 5 kommuner');
    expect(await page.locator('[data-testid="invalid-count"]').count()).toBe(0);
    await screenshot(page, '5-call-offs-staged.png');

    const sent = posts.length;
    await page.click('[data-testid="save"]');
    await poll(() => page.locator('[data-testid="message"]').textContent()).toBe('8 rader sparade.');
    expect(posts.slice(sent).filter((p) => p.includes('mutation'))).toHaveLength(1);
    const saved = await municipalities();
    const status = (name: string, option: number) => callOffOf(byName(saved, name), option).status;
    expect([status('Ale', 3), status('Dals-Ed', 2)]).toEqual(['SUBMITTED', 'WITHDRAWN']);
    expect([status('Alingsås', 1), status('Alingsås', 2)]).toEqual(['DRAFT', 'SUBMITTED']);
    expect([status('Bengtsfors', 1), status('Bengtsfors', 2)]).toEqual(['WITHDRAWN', 'WITHDRAWN']);
    expect([status('Bollebygd', 1), status('Bollebygd', 2)]).toEqual(['SUBMITTED', 'DRAFT']);

    // Stale edits: someone else changes both call-offs after they were staged here.
    await choose(page, alingsas.id, 3, 'Utkast');
    await choose(page, bengtsfors.id, 3, 'Utkast');
    const current = await municipalities();
    const theirs = await env.registry.gql<{ updateCallOffs: { committed: boolean } }>(
      'mutation($rows: [CallOffUpdateInput!]!) { updateCallOffs(input: { rows: $rows }) { committed } }',
      {
        rows: [alingsas, bengtsfors].map((m) => {
          const c = callOffOf(byName(current, m.name), 3);
          return { id: c.id, version: c.version, status: 'WITHDRAWN' };
        }),
      },
      env.regionToken,
    );
    expect(theirs.data?.updateCallOffs.committed).toBe(true);

    await page.click('[data-testid="save"]');
    await poll(() => rowState(page, alingsas.id)).toBe('conflict');
    await poll(() => rowState(page, bengtsfors.id)).toBe('conflict');
    expect(await cell(page, alingsas.id, 3).textContent()).toContain('Servern: Återkallad');
    await page.waitForTimeout(500); // rows grow to hold the choices
    await screenshot(page, '6-call-offs-conflict.png');
    // Narrowed, the state column shows the icon alone (the word in its tooltip), never a word cut short.
    const stateOf = `.ag-row[row-id="${alingsas.id}"] [data-testid="row-state"]`;
    expect(await stateWordShown(page, stateOf)).toBe(true);
    await resizeColumn(page, '[data-testid="calloffs-grid"] .ag-header-cell[col-id="state"]', 50);
    await poll(() => stateWordShown(page, stateOf)).toBe(false);
    expect(await page.locator(stateOf).getAttribute('title')).toBe('Konflikt');
    expect(await page.locator(`${stateOf} svg`).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await screenshot(page, '74-call-offs-conflict-narrow-state.png');

    // Keep mine on Alingsås (re-staged on the new version), take theirs on Bengtsfors, save again.
    await cell(page, alingsas.id, 3).locator('[data-testid="keep-mine"]').click();
    await cell(page, bengtsfors.id, 3).locator('[data-testid="take-theirs"]').click();
    await poll(() => rowState(page, alingsas.id)).toBe('pending');
    await poll(() => cell(page, bengtsfors.id, 3).textContent()).toContain('Återkallad');
    await poll(() => pending(page)).toBe('1 avrop ändrat');
    await page.click('[data-testid="save"]');
    await poll(() => rowState(page, alingsas.id)).toBe('saved');
    const resolved = await municipalities();
    expect(callOffOf(byName(resolved, 'Alingsås'), 3).status).toBe('DRAFT');
    expect(callOffOf(byName(resolved, 'Bengtsfors'), 3).status).toBe('WITHDRAWN');

    // Leaving with staged edits asks first.
    await choose(page, ale.id, 1, 'Utkast');
    // The guard is armed once the edit is staged (under load that is a render later).
    await poll(() => pending(page)).toBe('1 avrop ändrat');
    // The page's own handler asks (a synthetic event: no browser timer involved)...
    const asks = await page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(asks).toBe(true);
    // ...and so does the browser on closing the tab. Chromium lets a page close unasked when its
    // renderer does not answer beforeunload in time (a loaded machine), so close it when idle.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 })));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await poll(() => dialogs).toEqual(['beforeunload']);
    await context.close();
  }, 120_000);

  it('org_admin (Borås): registers a call-off in an empty cell within the rules, types a status, withdraws, searches, filters and exports', async () => {
    const boras = byName(await municipalities(), 'Borås');
    expect(boras.callOffs.nodes.some((c) => c.option.number === 2)).toBe(false);
    const { context, page, posts } = await env.newPage({ acceptDownloads: true });
    await env.signIn(page, 'ORG_ADMIN');
    await openCallOffs(page);
    // The org admin's own municipality comes first, the others after it (all still there).
    expect(await page.locator('[data-testid="calloffs-grid"] .ag-row[row-index="0"]').first().getAttribute('row-id')).toBe(boras.id);
    expect(await page.locator('[data-testid="row-count"]').textContent()).toBe('49 rader');
    await page.mouse.move(0, 0);
    await screenshot(page, '76-call-offs-own-row-first.png');

    // Another municipality's empty cell offers nothing; Borås's own offers "+ Avropa".
    const ale = byName(await municipalities(), 'Ale');
    const aleEmpty = [1, 2, 3].find((n) => !ale.callOffs.nodes.some((c) => c.option.number === n));
    if (aleEmpty) expect(await cell(page, ale.id, aleEmpty).locator('[data-testid="register"]').count()).toBe(0);
    await cell(page, boras.id, 2).locator('[data-testid="register"]').click();
    const dialog = page.locator('[data-testid="calloff-dialog"]');
    await dialog.waitFor();
    // Today is after the procurement's call-off window: the rule says so and nothing can be added.
    await poll(() => dialog.locator('[data-testid="dialog-findings"]').textContent()).toContain('inte inom ramen för denna upphandling');
    expect(await dialog.locator('[data-testid="dialog-submit"]').isDisabled()).toBe(true);
    // Signed needs its date; submitted within the window it is within the rules.
    await dialog.locator('[data-testid="dialog-status"]').selectOption('signed');
    await dialog.locator('[data-testid="dialog-submitted"]').fill('2020-05-20');
    await poll(() => dialog.locator('[data-testid="dialog-findings"]').textContent()).toContain('behöver datumet då det undertecknades');
    await dialog.locator('[data-testid="dialog-signed"]').fill('2020-05-27');
    await poll(() => dialog.locator('[data-testid="dialog-findings"]').count()).toBe(0);
    await dialog.locator('[data-testid="dialog-submit"]').click();
    await poll(() => cell(page, boras.id, 2).textContent()).toContain('Undertecknad');
    expect(await cell(page, boras.id, 2).textContent()).toContain('Nytt');
    expect(await rowState(page, boras.id)).toBe('new');

    // A status typed on the cell: "utk" and Enter is Utkast.
    await typeStatus(page, boras.id, 1, 'utk');
    await poll(() => cell(page, boras.id, 1).textContent()).toContain('Utkast');
    expect(await cell(page, boras.id, 1).getAttribute('class')).toContain('cell-pending');
    await page.mouse.move(0, 0);
    await poll(() => page.locator('.ag-tooltip').count()).toBe(0);
    await screenshot(page, '64-call-off-matrix.png');

    const sent = posts.length;
    await page.click('[data-testid="save"]');
    await poll(() => page.locator('[data-testid="message"]').textContent()).toBe('2 rader sparade.');
    const mutations = posts.slice(sent).filter((p) => p.includes('mutation'));
    expect(mutations).toHaveLength(1);
    // One saveCallOffs: the new call-off and the changed one in one transaction.
    expect(mutations[0]).toContain('saveCallOffs');
    expect(JSON.parse(mutations[0]!).variables.input).toMatchObject({
      create: [expect.objectContaining({ status: 'SIGNED', submittedOn: '2020-05-20', signedOn: '2020-05-27' })],
      update: [expect.objectContaining({ status: 'DRAFT' })],
    });
    let stored = byName(await municipalities(), 'Borås');
    expect(callOffOf(stored, 2).status).toBe('SIGNED');
    expect(callOffOf(stored, 1).status).toBe('DRAFT');

    // A reload reads it back from the server.
    await page.reload();
    await page.waitForSelector('[data-testid="viewer"]');
    await openCallOffs(page);
    await poll(() => cell(page, boras.id, 2).textContent()).toContain('Undertecknad');
    expect(await cell(page, boras.id, 2).locator('[data-testid="register"]').count()).toBe(0);

    // Withdrawing: the cell's button, and the Delete key on a focused cell; nothing turns invalid.
    // The focused cell shows its buttons.
    await cell(page, boras.id, 2).click({ position: { x: 8, y: 8 } });
    await cell(page, boras.id, 2).locator('[data-testid="withdraw"]').click();
    await poll(() => cell(page, boras.id, 2).textContent()).toContain('Återkallad');
    await cell(page, boras.id, 1).click({ position: { x: 8, y: 8 } });
    await page.keyboard.press('Delete');
    await poll(() => cell(page, boras.id, 1).textContent()).toContain('Återkallad');
    expect(await page.locator('[data-testid="invalid-count"]').count()).toBe(0);
    await page.click('[data-testid="save"]');
    await poll(() => page.locator('[data-testid="message"]').textContent()).toBe('2 rader sparade.');
    stored = byName(await municipalities(), 'Borås');
    expect([callOffOf(stored, 1).status, callOffOf(stored, 2).status]).toEqual(['WITHDRAWN', 'WITHDRAWN']);

    // Search by name or code, and show only rows with a status.
    const shown = () => page.locator('[data-testid="calloffs-grid"] .ag-row[row-id] [col-id="name"]').count();
    await page.fill('[data-testid="search"]', '1490');
    await poll(shown).toBe(1);
    expect(await page.locator('[data-testid="row-count"]').textContent()).toBe('1 av 49 · 49 rader');
    await page.fill('[data-testid="search"]', '');
    await page.selectOption('[data-testid="show-filter"]', 'mine');
    await poll(shown).toBe(1);
    await page.selectOption('[data-testid="show-filter"]', 'status:signed');
    await poll(() => page.locator('[data-testid="row-count"]').textContent()).toMatch(/^\d+ av 49 · 49 rader$/);
    await poll(() => page.locator(`.ag-row[row-id="${boras.id}"]`).count()).toBe(stored.callOffs.nodes.some((c) => c.status === 'SIGNED') ? 1 : 0);
    expect(await page.locator('[data-testid="calloffs-grid"] .ag-row[row-id] [data-status="signed"]').count()).toBeGreaterThan(0);
    await page.selectOption('[data-testid="show-filter"]', 'all');
    await poll(shown).toBeGreaterThan(10);

    // Export: every municipality, the statuses as the cells show them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toBe('avrop.csv');
    const csv = (await readFile((await download.path())!, 'utf8')).replace('\ufeff', '').split('\r\n');
    expect(csv[0]).toMatch(/^Kommunkod;Kommun;Option 1 · .+;Option 2 · .+;Option 3 · .+$/);
    expect(csv.filter((l) => l.trim() !== '')).toHaveLength(50);
    const label: Record<string, string> = { DRAFT: 'Utkast', SUBMITTED: 'Inskickad', SIGNED: 'Undertecknad', WITHDRAWN: 'Återkallad' };
    expect(csv).toContain(['1490', 'Borås', ...[1, 2, 3].map((n) => label[callOffOf(stored, n).status])].join(';'));
    await context.close();
  }, 120_000);

  it('regional admin: staged matrix edits ask before the menu, Back or signing out takes them away, and come back with the view', async () => {
    const all = await municipalities();
    // Two call-offs not in draft, in two municipalities: choosing Utkast changes them.
    const [first, second] = all.flatMap((m) => m.callOffs.nodes.filter((c) => c.status !== 'DRAFT').map((c) => ({ m, option: c.option.number })));
    const { context, page } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');
    await openCallOffs(page);
    const hash = () => page.evaluate(() => window.location.hash);
    const dialog = page.locator('[data-testid="leave-dialog"]');

    await choose(page, first!.m.id, first!.option, 'Utkast');
    await choose(page, second!.m.id, second!.option, 'Utkast');
    await poll(() => pending(page)).toBe(first!.m.id === second!.m.id ? '2 avrop ändrade' : '2 avrop ändrade i 2 kommuner');

    // The menu asks; Stay keeps the matrix and its edits.
    await page.click('[data-testid="nav-municipalities"]');
    await dialog.waitFor();
    // The matrix's staged things are call-offs, and the question counts them so (as its counter does).
    expect(await dialog.textContent()).toContain('Du har 2 ändrade avrop som inte har sparats.');
    await screenshot(page, '72-call-offs-leave-guard.png');
    await page.click('[data-testid="leave-stay"]');
    expect(await dialog.count()).toBe(0);
    expect(await hash()).toBe('#/call-offs');
    expect(await cell(page, first!.m.id, first!.option).getAttribute('class')).toContain('cell-pending');

    // The browser's Back asks too, and Stay leaves the address where it was.
    await page.evaluate(() => history.back());
    await dialog.waitFor();
    await page.click('[data-testid="leave-stay"]');
    expect(await hash()).toBe('#/call-offs');

    // Going on keeps the edits: back in the matrix they are there, still staged.
    await page.click('[data-testid="nav-municipalities"]');
    await page.click('[data-testid="leave-keep"]');
    await page.waitForSelector('[data-testid="municipalities-grid"] .ag-row[row-id]');
    await openCallOffs(page);
    await poll(() => cell(page, first!.m.id, first!.option).getAttribute('class')).toContain('cell-pending');
    expect(await cell(page, first!.m.id, first!.option).textContent()).toContain('Utkast');
    expect(await cell(page, second!.m.id, second!.option).getAttribute('class')).toContain('cell-pending');
    await poll(() => pending(page)).toMatch(/^2 avrop ändrade/);
    await page.mouse.move(0, 0);
    await screenshot(page, '73-call-offs-edits-kept.png');

    await signOutAsksAndStay(page, '2 ändrade avrop');
    await context.close();
  }, 120_000);

  it('logged no errors in the browser', () => {
    // Server refusals the tests provoke are HTTP answers, not console errors; AG Grid reports a
    // missing module as a console error, which would show here.
    expect(env.consoleErrors).toEqual([]);
  });
});
