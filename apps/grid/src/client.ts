import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';

/**
 * One urql client per sign-in: signing out (or in as someone else) makes a new client, so nothing
 * cached for one user is ever shown to the next. A 401 means the token is unknown or revoked
 * (demo tokens are replaced at every server start): the session ends.
 */
export function makeClient(token: string | null, onUnauthorized: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (token && error.response?.status === 401) onUnauthorized();
        },
      }),
      fetchExchange,
    ],
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
  });
}
