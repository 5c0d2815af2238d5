import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder';
import { describeRelayTypes } from './relayDescriptions';
import './scalars';
import './types/organisations';
import './types/callOffs';
import './types/agreements';
import './types/information';
import './types/changes';
import './types/aggregates';
import './types/checks';
import './types/userLogs';
import './types/userLogAppend';
import './types/userLogReview';
import './types/userLogFhir';
import './types/logReview';
import './types/demoSignIn';
import './types/followUp';
import './types/policy';
import './node';
import './viewer';

builder.queryType({ description: 'Read the registry: every list is a Relay connection with filter and orderBy.' });
builder.mutationType({ description: 'Change the registry: bulk mutations per entity, one transaction per batch, one typed result per row.' });

export const schema = describeRelayTypes(builder.toSchema({ sortSchema: true }));

/** The SDL integrators build against; checked in as schema.graphql and kept in sync by a test. */
export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
