// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider, type Client } from 'urql';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import '../src/agGrid';
import { I18nProvider } from '../src/i18n';
import { CallOffsView } from '../src/views/CallOffsView';
import { Header } from '../src/views/Header';
import { SignIn } from '../src/views/SignIn';
import { ALE, BORAS, matrixData, orgAdmin } from './fixtures';
import { pasteAt } from './pasteAt';

beforeAll(() => {
  // AG Grid measures its viewport; happy-dom lays nothing out, so give the grid a size.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1000 });
});
afterEach(cleanup);

function mockClient(data: Record<string, unknown>, mutation: Record<string, unknown> = {}) {
  const executeMutation = vi.fn(() => fromValue({ data: mutation }));
  const client = {
    executeQuery: vi.fn(() => fromValue({ data })),
    executeMutation,
    executeSubscription: vi.fn(),
  } as unknown as Client;
  return { client, executeMutation };
}

const matrix = matrixData();

describe('SignIn', () => {
  it('offers the demo users while there are any, and signs in with the token the server gives', async () => {
    const { client, executeMutation } = mockClient({ demoUsers: [{ role: 'ORG_ADMIN', organisationName: 'Borås' }] }, { signInAsDemoUser: 'fvm_demo' });
    const onSignIn = vi.fn();
    render(
      <Provider value={client}>
        <I18nProvider initial="sv">
          <SignIn onSignIn={onSignIn} notice={null} />
        </I18nProvider>
      </Provider>,
    );
    expect(screen.getByText('Demoanvändare')).toBeTruthy();
    fireEvent.click(screen.getByTestId('demo-ORG_ADMIN'));
    await waitFor(() => expect(onSignIn).toHaveBeenCalledWith('fvm_demo'));
    expect(executeMutation).toHaveBeenCalledOnce();
  });

  it('without demo data only asks for a token, and says why a token was refused', () => {
    const { client } = mockClient({ demoUsers: [] });
    const onSignIn = vi.fn();
    render(
      <Provider value={client}>
        <I18nProvider initial="en">
          <SignIn onSignIn={onSignIn} notice="invalidToken" />
        </I18nProvider>
      </Provider>,
    );
    expect(screen.queryByText('Demo users')).toBeNull();
    expect(screen.getByTestId('signin-notice').textContent).toBe('The token is unknown or revoked.');
    fireEvent.change(screen.getByTestId('token-input'), { target: { value: '  fvm_abc  ' } });
    fireEvent.click(screen.getByTestId('token-submit'));
    expect(onSignIn).toHaveBeenCalledWith('fvm_abc');
  });
});

describe('Header', () => {
  it('shows the organisation and role, switches language, and signs out', () => {
    const onSignOut = vi.fn();
    render(
      <I18nProvider initial="sv">
        <Header viewer={{ role: 'ORG_ADMIN', organisation: { name: 'Borås' } }} onSignOut={onSignOut} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('viewer').textContent).toContain('Borås');
    expect(screen.getByTestId('viewer').textContent).toContain('Organisationsadministratör');
    fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('viewer').textContent).toContain('Organisation administrator');
    expect(document.documentElement.lang).toBe('en');
    fireEvent.click(screen.getByTestId('sign-out'));
    expect(onSignOut).toHaveBeenCalledOnce();
  });
});

describe('CallOffsView', () => {
  function renderView() {
    const { client, executeMutation } = mockClient(matrix);
    const view = render(
      <Provider value={client}>
        <I18nProvider initial="sv">
          <div style={{ height: 600, width: 1000, display: 'flex' }}>
            <CallOffsView viewer={orgAdmin} />
          </div>
        </I18nProvider>
      </Provider>,
    );
    return { ...view, executeMutation };
  }

  it('shows a row per municipality, its count, and other organisations’ rows read-only', async () => {
    const { container } = renderView();
    await waitFor(() => expect(container.querySelectorAll('.ag-row[row-id]').length).toBeGreaterThanOrEqual(2));
    expect(screen.getByTestId('row-count').textContent).toBe('2 rader');
    expect(screen.getByTestId('pending-count').textContent).toBe('Inga osparade ändringar');
    const ale = container.querySelector(`.ag-row[row-id="${ALE}"] [col-id="option-1"]`)!;
    expect(ale.classList.contains('cell-readonly')).toBe(true);
    expect(ale.querySelector('.lock')).toBeTruthy();
    const boras = container.querySelector(`.ag-row[row-id="${BORAS}"] [col-id="option-1"]`)!;
    expect(boras.classList.contains('cell-readonly')).toBe(false);
    // No call-off: the municipality's own admin is offered to register one; another's says there is none.
    expect(container.querySelector(`.ag-row[row-id="${BORAS}"] [col-id="option-2"] [data-testid="register"]`)!.textContent).toBe('+ Avropa');
    expect(container.querySelector(`.ag-row[row-id="${ALE}"] [col-id="option-3"]`)!.textContent).toBe('Inget avrop');
  });

  it('a pasted block is staged, marked, counted and validated; an invalid cell blocks Save; Ctrl+Z undoes the paste', async () => {
    const { container, executeMutation } = renderView();
    await waitFor(() => expect(container.querySelector(`.ag-row[row-id="${BORAS}"] [col-id="option-1"]`)).toBeTruthy());
    const cell = container.querySelector<HTMLElement>(`.ag-row[row-id="${BORAS}"] [col-id="option-1"]`)!;
    const paste = pasteAt(cell);
    paste('Inskickad\tIngen\tUndertecknad\r\n');
    await waitFor(() => expect(screen.getByTestId('pending-count').textContent).toBe('2 avrop ändrade'));
    const c1 = container.querySelector(`.ag-row[row-id="${BORAS}"] [col-id="option-1"]`)!;
    const c3 = container.querySelector(`.ag-row[row-id="${BORAS}"] [col-id="option-3"]`)!;
    expect(c1.classList.contains('cell-pending')).toBe(true);
    expect(c1.textContent).toContain('Inskickad');
    // Withdrawn call-offs have no signed date: "Undertecknad" breaks the domain rule.
    expect(c3.classList.contains('cell-invalid')).toBe(true);
    expect(c3.querySelector('[data-message]')!.getAttribute('data-message')).toBe('Ett undertecknat avrop behöver datumet då det undertecknades.');
    expect(screen.getByTestId('invalid-count').textContent).toContain('1 ogiltig cell');
    expect((screen.getByTestId('save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('message').textContent).toContain('1 inklistrad cell hoppades över');
    fireEvent.click(screen.getByTestId('save'));
    expect(executeMutation).not.toHaveBeenCalled();

    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('pending-count').textContent).toBe('Inga osparade ändringar'));
    fireEvent.keyDown(window, { key: 'y', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('pending-count').textContent).toBe('2 avrop ändrade'));
    fireEvent.click(screen.getByTestId('discard'));
    await waitFor(() => expect(screen.getByTestId('pending-count').textContent).toBe('Inga osparade ändringar'));
  });
});
