import { Client, makeResult, type Exchange, type Operation } from 'urql';
import { filter, map, pipe } from 'wonka';

/**
 * A real urql client over a fake transport: `answer` gets each operation with its name and
 * returns the data; every request is recorded in `seen`.
 */
export function scriptedClient(answer: (name: string | undefined, op: Operation) => unknown) {
  const seen: Operation[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      map((op) => {
        seen.push(op);
        const name = op.query.definitions.map((d) => ('name' in d ? d.name?.value : '')).find(Boolean);
        return makeResult(op, { data: answer(name, op) as Record<string, unknown> });
      }),
    );
  return { client: new Client({ url: '/graphql', exchanges: [exchange] }), seen };
}
