import { graphql, type ResultOf } from './graphql';

export const DemoUsersQuery = graphql(`
  query DemoUsers {
    demoUsers {
      role
      organisationName
    }
  }
`);

export const SignInAsDemoUserMutation = graphql(`
  mutation SignInAsDemoUser($role: UserRole!) {
    signInAsDemoUser(role: $role)
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      organisation {
        id
        name
      }
    }
  }
`);

export const MunicipalitiesQuery = graphql(`
  query Municipalities {
    municipalities(first: 100, orderBy: [{ field: NAME }]) {
      totalCount
      nodes {
        id
        code
        name
        association {
          id
          name
        }
        rolloutStage {
          id
          number
          area
        }
      }
    }
  }
`);

export const CallOffFields = graphql(`
  fragment CallOffFields on CallOff {
    id
    version
    status
    signedOn
    submittedOn
    option {
      id
      number
    }
    owner {
      id
    }
  }
`);

/** Everything the call-off matrix shows, and what validateCallOff needs: powers of attorney and the window. */
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
              procurement {
                id
              }
            }
          }
        }
      }
    }
  `,
  [CallOffFields],
);

export const UpdateCallOffsMutation = graphql(
  `
    mutation UpdateCallOffs($rows: [CallOffUpdateInput!]!) {
      updateCallOffs(input: { rows: $rows, allowPartial: true }) {
        committed
        succeeded
        failed
        results {
          __typename
          ... on RowResult {
            index
          }
          ... on CallOffSaved {
            node {
              ...CallOffFields
            }
            warnings {
              field
              code
              message
              messageSv
              severity
            }
          }
          ... on CallOffConflict {
            yourVersion
            current {
              ...CallOffFields
            }
          }
          ... on RowInvalid {
            violations {
              field
              code
              message
              messageSv
              severity
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
      }
    }
  `,
  [CallOffFields],
);

export type MunicipalityRow = ResultOf<typeof MunicipalitiesQuery>['municipalities']['nodes'][number];
export type CallOffMatrixData = ResultOf<typeof CallOffMatrixQuery>;
export type UpdateCallOffsResult = ResultOf<typeof UpdateCallOffsMutation>;
