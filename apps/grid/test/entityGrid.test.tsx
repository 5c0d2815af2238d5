// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'urql';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../src/agGrid';
import { EntityGrid } from '../src/editing/EntityGrid';
import { licences } from '../src/entities/licences';
import { I18nProvider } from '../src/i18n';
import { scriptedClient } from './scriptedClient';
import { pasteAt } from './pasteAt';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1400 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1400 });
});
afterEach(cleanup);

const BORAS = 'T3JnYW5pc2F0aW9uOjM1';
const node = (id: string, owner: string, ownerName: string, validFrom: string, validTo: string | null) => ({
  __typename: 'Licence',
  id,
  version: 1,
  modules: 'Journal',
  validFrom,
  validTo,
  municipality: { __typename: 'Municipality', id: `M-${ownerName}`, name: ownerName },
  provider: { __typename: 'Organisation', id: 'P1', name: 'Omsorg AB' },
  owner: { __typename: 'Organisation', id: owner, name: ownerName },
});

/** A real urql client over a fake transport: answers by operation name and records every request. */
function fakeServer() {
  return scriptedClient((name, op): unknown => {
    if (name === 'GridLookups')
      return {
        organisations: {
          __typename: 'QueryOrganisationsConnection',
          nodes: [{ __typename: 'Organisation', id: 'P1', name: 'Omsorg AB', kind: 'PRIVATE_CARE_PROVIDER', ownPrincipal: false }],
        },
        municipalities: {
          __typename: 'QueryMunicipalitiesConnection',
          nodes: [
            { __typename: 'Municipality', id: 'M-Borås', name: 'Borås' },
            { __typename: 'Municipality', id: 'M-Ale', name: 'Ale' },
          ],
        },
        informationCategories: { __typename: 'C', nodes: [] },
        procurements: { __typename: 'P', nodes: [] },
        options: { __typename: 'O', nodes: [] },
        informationAssets: { __typename: 'A', nodes: [] },
        services: { __typename: 'S', nodes: [] },
        processorAgreements: { __typename: 'PA', nodes: [] },
        jointControllerships: { __typename: 'JC', nodes: [] },
      };
    if (name === 'Licences') {
      const filtered = !!op.variables && 'filter' in (op.variables as object) && (op.variables as { filter?: unknown }).filter;
      const nodes = filtered
        ? [node('L1', BORAS, 'Borås', '2026-01-01', '2027-06-30')]
        : [node('L1', BORAS, 'Borås', '2026-01-01', '2027-06-30'), node('L2', 'ALE', 'Ale', '2025-01-01', null)];
      return {
        licences: {
          __typename: 'QueryLicencesConnection',
          totalCount: nodes.length,
          pageInfo: { __typename: 'PageInfo', endCursor: 'c', hasNextPage: false },
          nodes,
        },
      };
    }
    if (name === 'SaveLicences')
      return {
        save: {
          __typename: 'SavePayload',
          committed: true,
          results: [
            {
              __typename: 'RowSaved',
              operation: 'UPDATE',
              index: 0,
              node: { ...node('L1', BORAS, 'Borås', '2026-01-01', '2027-12-31'), version: 2 },
              warnings: [],
            },
          ],
        },
      };
    return {};
  });
}

describe('EntityGrid (licences)', () => {
  it('reads through the connection, marks another organisation’s row read-only, validates a paste with the domain rules and saves one bulk mutation', async () => {
    const errors = vi.spyOn(console, 'error');
    const warns = vi.spyOn(console, 'warn');
    const { client, seen } = fakeServer();
    const { container } = render(
      <Provider value={client}>
        <I18nProvider initial="sv">
          <div style={{ height: 600, width: 1400, display: 'flex' }}>
            <EntityGrid config={licences} viewer={{ role: 'ORG_ADMIN', organisationId: BORAS, organisationName: 'Borås' }} testId="licences-view" />
          </div>
        </I18nProvider>
      </Provider>,
    );
    await waitFor(() => expect(container.querySelector('.ag-row[row-id="L2"]')).toBeTruthy(), { timeout: 10_000 });
    expect(screen.getByTestId('row-count').textContent).toBe('2 rader');
    expect(container.querySelector('.ag-row[row-id="L2"] [data-testid="row-state"]')!.getAttribute('data-state')).toBe('readonly');
    expect(container.querySelector('.ag-row[row-id="L2"]')!.classList.contains('row-readonly')).toBe(true);

    // Paste at the focused cell: the end date before the start date breaks validateLicence.
    const cell = container.querySelector<HTMLElement>('.ag-row[row-id="L1"] .ag-cell[col-id="validTo"]')!;
    const paste = pasteAt(cell);
    paste('2020-01-01');
    await waitFor(() => expect(screen.getByTestId('pending-count').textContent).toBe('1 rad ändrad'));
    const invalid = container.querySelector('.ag-row[row-id="L1"] .ag-cell[col-id="validTo"]')!;
    expect(invalid.classList.contains('cell-invalid')).toBe(true);
    expect(invalid.querySelector('[data-message]')!.getAttribute('data-message')).toBe('Slutdatumet 2020-01-01 ligger före startdatumet 2026-01-01.');
    expect((screen.getByTestId('save') as HTMLButtonElement).disabled).toBe(true);

    paste('2027-12-31');
    await waitFor(() => expect(screen.queryByTestId('invalid-count')).toBeNull());
    expect(container.querySelector('.ag-row[row-id="L1"] .ag-cell[col-id="validTo"]')!.classList.contains('cell-pending')).toBe(true);
    fireEvent.click(screen.getByTestId('save'));
    await waitFor(() => expect(screen.getByTestId('message').textContent).toBe('1 rad sparad.'));
    const save = seen.filter((op) => op.kind === 'mutation');
    expect(save).toHaveLength(1);
    // One save request: the changed row alone, no empty lists.
    expect(save[0]!.variables).toEqual({ input: { update: [{ id: 'L1', version: 1, validTo: '2027-12-31' }], allowPartial: true } });
    // AG Grid reports a module it lacks (the validation module is on in tests); none may be missing.
    const agErrors = [...errors.mock.calls, ...warns.mock.calls].map((c) => String(c[0])).filter((m) => m.includes('AG Grid'));
    expect(agErrors).toEqual([]);
  });
});
