/** The API token lives in sessionStorage: it goes when the tab closes, and sign-out removes it. */
const TOKEN_KEY = 'fvm.token';

export function loadToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Sign-out clears everything this tab kept (the language choice lives in localStorage and stays). */
export function clearSession(): void {
  try {
    sessionStorage.clear();
  } catch {
    // nothing stored
  }
}
