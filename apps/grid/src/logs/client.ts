import { Client, fetchExchange, mapExchange, type Client as UrqlClient } from 'urql';
import { ViewerQuery } from '../queries';
import { loadToken } from '../session';
import type { Execute } from './backend';

/**
 * The log browser's own urql client, without a cache: the app's document cache would keep every
 * page ever scrolled past (millions of rows over a long session) and re-run them all after any
 * mutation. Same token as the app's client; a 401 is handed to the app's client (by asking it who
 * is signed in), which ends the session as it does for any other request.
 */
export function makeLogExecute(app: UrqlClient): Execute {
  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.response?.status === 401) void app.query(ViewerQuery, {}, { requestPolicy: 'network-only' }).toPromise();
        },
      }),
      fetchExchange,
    ],
    fetchOptions: (): RequestInit => {
      const token = loadToken();
      return { headers: token ? { authorization: `Bearer ${token}` } : {} };
    },
  });
  return async (document, variables) => {
    const result = await client.query(document, variables, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) throw result.error;
    if (!result.data) throw new Error('no data');
    return result.data;
  };
}
