import { gql, type TypedDocumentNode } from 'urql';
import { graphql } from '../graphql';

/** A rule finding as every write reports it. */
export const ViolationFields = graphql(`
  fragment ViolationFields on RuleViolation {
    field
    code
    message
    messageSv
    severity
  }
`);

/** What every row of a save answers, whichever the entity (the server's shared result types). */
export const SaveRowFields = graphql(
  `
    fragment SaveRowFields on RowResult {
      operation
      index
      ... on RowSaved {
        warnings {
          ...ViolationFields
        }
      }
      ... on RowConflict {
        yourVersion
      }
      ... on RowInvalid {
        violations {
          ...ViolationFields
        }
      }
      ... on RowForbidden {
        code
        message
        messageSv
      }
      ... on RowNotApplied {
        message
      }
      ... on RowNotFound {
        message
      }
    }
  `,
  [ViolationFields],
);

/** A fragment document: its definitions, one of them the fragment the row is read with. */
interface FragmentDocument {
  readonly definitions: readonly { readonly kind: string; readonly name?: { readonly value: string } }[];
}

function fragmentName(fields: FragmentDocument): string {
  const name = fields.definitions.find((d) => d.kind === 'FragmentDefinition')?.name?.value;
  if (!name) throw new Error('saveDocument needs a fragment of the entity’s fields');
  return name;
}

/**
 * The one mutation a Save sends for an entity: `save<Plural>` with every new, changed and deleted
 * row, in one transaction; a saved or conflicting row is read with the entity's own `fields`
 * fragment, so the grid gets it back as its list shows it. Sent as `SaveX` with `{ input }`, and
 * answered under `save`. (The shared part, SaveRowFields, is checked against the schema by
 * gql.tada; the names put together here are checked by test/registryRowConfigs.test.ts.)
 */
export function saveDocument(plural: string, fields: FragmentDocument & TypedDocumentNode): TypedDocumentNode {
  const name = fragmentName(fields);
  return gql`
    mutation Save${plural}($input: Save${plural}Input!) {
      save: save${plural}(input: $input) {
        committed
        results {
          __typename
          ...SaveRowFields
          ... on RowSaved {
            node {
              ...${name}
            }
          }
          ... on RowConflict {
            current {
              ...${name}
            }
          }
        }
      }
    }
    ${SaveRowFields}
    ${fields}
  `;
}
