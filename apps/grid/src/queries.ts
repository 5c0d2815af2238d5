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

export type MunicipalityRow = ResultOf<typeof MunicipalitiesQuery>['municipalities']['nodes'][number];
