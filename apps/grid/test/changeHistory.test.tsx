// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'urql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// The db package through its path: the grid does not depend on it, only this check does.
import { writeSpecs } from '../../../packages/db/src/entities';
import '../src/agGrid';
import { DICTIONARIES, ENTITY_TYPE_NAMES, entityTypeLabel, I18nProvider, LANGUAGES, useI18n, type EntityTypeName } from '../src/i18n';
import { ChangesView } from '../src/views/ChangesView';
import { scriptedClient } from './scriptedClient';

const db = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'packages', 'db', 'src');

/** Every entity name the server records a change under: its write specs, and any name its sources spell out (`entity: 'CallOff'`). */
function recordedEntities(): string[] {
  const names = new Set<string>([...Object.keys(writeSpecs), ...Object.values(writeSpecs).map((s) => s.entity)]);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  for (const file of walk(db)) for (const m of readFileSync(file, 'utf8').matchAll(/\bentity: '([A-Za-z]+)'/g)) names.add(m[1]!);
  return [...names].sort();
}

describe('entity types in the change history', () => {
  it('every type the server records has a name in Swedish and in English, and none is named that it does not record', () => {
    const recorded = recordedEntities();
    expect(recorded).toContain('CallOff');
    for (const lang of LANGUAGES) {
      const missing = recorded.filter(
        (name) => !(Object.hasOwn(DICTIONARIES[lang].entityTypes, name) && DICTIONARIES[lang].entityTypes[name as EntityTypeName].trim()),
      );
      expect(missing, `no ${lang} name in dictionary.ts entityTypes`).toEqual([]);
    }
    expect([...ENTITY_TYPE_NAMES].sort()).toEqual(recorded);
    expect(Object.keys(DICTIONARIES.en.entityTypes).sort()).toEqual(recorded);
  });

  it('reads a type in the language asked for; an unknown type as the server spells it', () => {
    expect(entityTypeLabel(DICTIONARIES.sv, 'CallOff')).toBe('Avrop');
    expect(entityTypeLabel(DICTIONARIES.en, 'CallOff')).toBe('Call-off');
    expect(entityTypeLabel(DICTIONARIES.sv, 'RetentionRule')).toBe('Gallringsregel');
    expect(entityTypeLabel(DICTIONARIES.sv, 'Widget')).toBe('Widget');
    expect(entityTypeLabel(DICTIONARIES.sv, 'constructor')).toBe('constructor');
    expect(DICTIONARIES.sv.changeDetailTitle('Avtal 7')).toBe('Avtal 7: före och efter');
    expect(DICTIONARIES.en.changeDetailTitle('Widget 7')).toBe('Widget 7: before and after');
  });
});

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1400 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1400 });
});
afterEach(cleanup);

const change = (id: string, entity: string) => ({
  __typename: 'Change',
  id,
  at: '2026-03-01T10:00:00.000Z',
  entity,
  entityId: 1,
  operation: 'UPDATE',
  actorRole: 'REGIONAL_ADMIN',
  actorOrganisation: { __typename: 'Organisation', id: 'VGR', name: 'Västra Götalandsregionen' },
  subjectId: `S-${id}`,
  before: { years: 10, categoryId: 5 },
  after: { years: 11, categoryId: 6 },
});
const CHANGES = [change('C1', 'CallOff'), change('C2', 'RetentionRule'), change('C3', 'Widget')];

/** A real urql client over a fake transport: the change history, filtered by `entity: { eq }`, and empty lookups. */
function fakeServer() {
  return scriptedClient((name, op): unknown => {
    if (name === 'GridLookups') {
      const empty = { __typename: 'Connection', nodes: [] };
      return {
        organisations: empty,
        municipalities: empty,
        informationCategories: empty,
        procurements: empty,
        options: empty,
        services: empty,
        processorAgreements: empty,
        jointControllerships: empty,
        informationAssets: empty,
      };
    }
    if (name === 'HistoryNames') {
      // The changed retention rule and the categories its fields point at; the others are gone.
      const known: Record<string, unknown> = {
        'S-C2': {
          __typename: 'RetentionRule',
          id: 'S-C2',
          owner: { __typename: 'Organisation', name: 'Borås' },
          category: { __typename: 'InformationCategory', name: 'Journalanteckning', nameEn: 'Record note' },
        },
        [btoa('InformationCategory:5')]: { __typename: 'InformationCategory', id: 'IC5', name: 'Journalanteckning', nameEn: 'Record note' },
        [btoa('InformationCategory:6')]: { __typename: 'InformationCategory', id: 'IC6', name: 'Remiss', nameEn: 'Referral' },
      };
      return { nodes: (op.variables as { ids: string[] }).ids.map((id) => known[id] ?? null) };
    }
    if (name === 'Changes') {
      const only = (op.variables as { filter?: { entity?: { eq?: string } } }).filter?.entity?.eq;
      const nodes = CHANGES.filter((c) => !only || c.entity === only);
      return {
        changes: {
          __typename: 'QueryChangesConnection',
          totalCount: nodes.length,
          pageInfo: { __typename: 'PageInfo', endCursor: 'c', hasNextPage: false },
          nodes,
        },
      };
    }
    return {};
  });
}

function English() {
  const { setLang } = useI18n();
  return (
    <button type="button" data-testid="to-english" onClick={() => setLang('en')}>
      en
    </button>
  );
}

describe('ChangesView', () => {
  it('shows each type in the reader’s language, offers the types in the same words and asks the server for the one chosen', async () => {
    const { client, seen } = fakeServer();
    const { container } = render(
      <Provider value={client}>
        <I18nProvider initial="sv">
          <English />
          <div style={{ height: 600, width: 1400, display: 'flex' }}>
            <ChangesView viewer={{ role: 'ANALYST', organisationId: 'VGR' }} />
          </div>
        </I18nProvider>
      </Provider>,
    );
    const typeOf = (id: string) => container.querySelector(`.ag-row[row-id="${id}"] .ag-cell[col-id="entity"]`)?.textContent;
    await waitFor(() => expect(typeOf('C3')).toBe('Widget'), { timeout: 5000 });
    expect([typeOf('C1'), typeOf('C2')]).toEqual(['Avrop', 'Gallringsregel']);

    // Rows and fields by name, in the reader's words: the row as the API names it, a row it does
    // not name by number; the related rows by name; the time in Swedish time.
    const cell = (id: string, col: string) => container.querySelector(`.ag-row[row-id="${id}"] .ag-cell[col-id="${col}"]`)?.textContent;
    await waitFor(() => expect(cell('C2', 'subject')).toBe('Borås – Journalanteckning'));
    expect(cell('C1', 'subject')).toBe('#1');
    await waitFor(() => expect(cell('C2', 'changed')).toBe('År: 10 → 11; Informationsmängd: Journalanteckning → Remiss'));
    expect(cell('C2', 'at')).toBe('2026-03-01 11:00:00');

    // The list names every known type once, in Swedish, sorted by that name.
    const select = screen.getByTestId('changes-entity') as HTMLSelectElement;
    const options = [...select.options].map((o) => [o.value, o.textContent]);
    expect(options[0]).toEqual(['', 'Alla typer']);
    expect(
      options
        .slice(1)
        .map(([value]) => value)
        .sort(),
    ).toEqual([...ENTITY_TYPE_NAMES].sort());
    expect(options.slice(1).map(([value, text]) => text === DICTIONARIES.sv.entityTypes[value as EntityTypeName])).not.toContain(false);
    const words = options.slice(1).map(([, text]) => text!);
    expect(words).toEqual([...words].sort((a, b) => a.localeCompare(b, 'sv')));
    expect(options).toContainEqual(['CallOff', 'Avrop']);

    // A type chosen is a condition on the server's name.
    fireEvent.change(select, { target: { value: 'CallOff' } });
    await waitFor(() => expect(screen.getByTestId('row-count').textContent).toBe('1 rad'));
    const last = seen.filter((op) => op.query.definitions.some((d) => 'name' in d && d.name?.value === 'Changes')).at(-1)!;
    expect((last.variables as { filter?: unknown }).filter).toEqual({ entity: { eq: 'CallOff' } });
    expect(typeOf('C1')).toBe('Avrop');

    // In English, the cells and the list follow.
    fireEvent.click(screen.getByTestId('to-english'));
    await waitFor(() => expect(typeOf('C1')).toBe('Call-off'));
    expect([...select.options].find((o) => o.value === 'CallOff')?.textContent).toBe('Call-off');
    expect(select.options[0]!.textContent).toBe('All types');
    // A grid in happy-dom on a loaded machine: more than vitest's 5 s default.
  }, 30_000);
});
