import { graphql } from '../graphql';

/** Every finding the viewer may see, with what the grid marks rows by and shows on hover. */
export const RegistryFindingsQuery = graphql(`
  query RegistryFindings {
    registryFindings {
      check
      subjectType
      subjectId
      message
      messageSv
      organisation {
        id
        name
      }
    }
  }
`);
