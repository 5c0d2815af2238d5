import { CallOffFields } from '../entities/callOffs';
import { graphql, type ResultOf } from '../graphql';

/**
 * Everything the call-off matrix shows, and what the call-off rules need: the options (the
 * columns), the procurements (their call-off window), and per municipality its powers of attorney
 * and call-offs. The 49 municipalities are few: the matrix holds them all, so search, filter and
 * export see every row.
 */
export const CallOffMatrixQuery = graphql(
  `
    query CallOffMatrix {
      options(first: 10) {
        nodes {
          id
          number
          name
          nameEn
        }
      }
      procurements(first: 10) {
        nodes {
          id
          name
          callOffWindowOpensOn
          callOffWindowClosesOn
        }
      }
      municipalities(first: 100, orderBy: [{ field: NAME }]) {
        totalCount
        nodes {
          id
          code
          name
          powersOfAttorney(first: 10) {
            nodes {
              id
              validFrom
              validTo
            }
          }
          callOffs(first: 12) {
            nodes {
              ...CallOffFields
            }
          }
        }
      }
    }
  `,
  [CallOffFields],
);

export type CallOffMatrixData = ResultOf<typeof CallOffMatrixQuery>;
export type MatrixOption = CallOffMatrixData['options']['nodes'][number];
export type MatrixMunicipality = CallOffMatrixData['municipalities']['nodes'][number];
