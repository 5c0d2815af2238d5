import type { GraphQLContext } from '@fvm/graphql';
import { readsUserLog } from '@fvm/graphql';
import type { ExecutionResult } from 'graphql';
import { processRegularResult, type Plugin } from 'graphql-yoga';

// An export of 1,000 AuditEvents is a 3.4 MB answer, and JSON.stringify writes it in one piece:
// 30 to 200 ms in which the server answers no one. This plugin has one job: write the answers of
// operations that read the user log in slices of about 64 KB, each array element whole, with a
// turn of the event loop between slices. Answers with errors keep yoga's own writer (it sets the
// status code from them and strips internal extensions).

const SLICE = 64 * 1024;
const MEDIA_TYPES = ['application/graphql-response+json', 'application/json'];

/** The pieces of `value`'s JSON, descending through objects to arrays and writing each element whole. */
export function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i) yield ',';
      yield JSON.stringify(value[i]) ?? 'null';
    }
    yield ']';
  } else if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    let first = true;
    yield '{';
    for (const [key, v] of Object.entries(value)) {
      // JSON.stringify leaves these out of objects.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(v);
    }
    yield '}';
  } else yield JSON.stringify(value) ?? 'null';
}

/** A byte stream of the JSON, one slice per pull, each after a turn of the event loop. */
function slicedJson(value: unknown): ReadableStream<Uint8Array> {
  const pieces = jsonPieces(value);
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (started) await new Promise<void>((resolve) => setImmediate(resolve));
      started = true;
      let slice = '';
      for (let next = pieces.next(); ; next = pieces.next()) {
        if (next.done) {
          if (slice) controller.enqueue(encoder.encode(slice));
          controller.close();
          return;
        }
        slice += next.value;
        if (slice.length >= SLICE) break;
      }
      controller.enqueue(encoder.encode(slice));
    },
  });
}

/** The media type yoga's regular writer settles on for this request: the last acceptable one it matches. */
function acceptedMediaType(request: Request): string | null {
  let chosen: string | null = null;
  const asked = (request.headers.get('accept') || '*/*').replace(/\s/g, '').toLowerCase().split(',').reverse();
  for (const entry of asked) {
    const [type, ...params] = entry.split(';');
    if (!type || (params.find((p) => p.includes('charset=')) ?? 'charset=utf-8') !== 'charset=utf-8') continue;
    const [askedPre, askedSuf] = type.split('/');
    for (const media of MEDIA_TYPES) {
      const [pre, suf] = media.split('/');
      if ((askedPre === '*' || askedPre === pre) && (askedSuf === '*' || askedSuf === suf)) chosen = media;
    }
  }
  return chosen;
}

export function useSlicedLogAnswers(): Plugin<GraphQLContext> {
  const logReads = new WeakSet<Request>();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request && readsUserLog(args.document, args.operationName)) logReads.add(request);
    },
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      if (!logReads.has(request) || resultProcessor !== processRegularResult || Array.isArray(result)) return;
      const single = result as ExecutionResult;
      if (Symbol.asyncIterator in single || single.errors?.length || single.extensions) return;
      const mediaType = acceptedMediaType(request);
      if (!mediaType) return;
      setResultProcessor(
        (_result, fetchAPI) =>
          new fetchAPI.Response(slicedJson({ data: single.data }), { status: 200, headers: { 'Content-Type': `${mediaType}; charset=utf-8` } }),
        mediaType,
      );
    },
  };
}
