import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

export interface NestingLimitOptions {
  /** The most braces, brackets and parentheses open at once. */
  n: number;
  /** Tokens to look at: past graphql-armor's token limit the parser refuses the document anyway. */
  tokens: number;
  /** Called with the rejection before it is thrown (as graphql-armor's onReject). */
  onReject: ((context: null, error: GraphQLError) => void)[];
}

/**
 * graphql-js parses recursively, one stack frame set per level of nesting, so a document of a
 * few thousand nested braces overflows the stack inside the parser (a 500) before graphql-armor's
 * token or depth limits get to look at it. This counts nesting on the lexer's tokens, which is
 * iterative, and refuses the document before the parser runs. Syntax errors are left to the
 * parser, so they read as ever.
 */
export function useNestingLimit(options: NestingLimitOptions): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, parseOptions) => {
        if (nestsDeeperThan(source, options.n, options.tokens)) {
          const error = new GraphQLError(`Syntax Error: Nesting limit of ${options.n} exceeded (braces, brackets and parentheses).`);
          for (const handler of options.onReject) handler(null, error);
          throw error;
        }
        return parseFn(source, parseOptions);
      });
    },
  };
}

/** Whether the document's first `tokens` tokens nest deeper than `limit`. */
function nestsDeeperThan(source: string | Source, limit: number, tokens: number): boolean {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let depth = 0;
  try {
    for (let token = lexer.advance(), seen = 1; token.kind !== TokenKind.EOF && seen <= tokens; token = lexer.advance(), seen++) {
      if (OPENING.has(token.kind) && ++depth > limit) return true;
      if (CLOSING.has(token.kind)) depth--;
    }
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
  }
  return false;
}
