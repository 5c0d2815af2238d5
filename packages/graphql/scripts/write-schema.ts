import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSdl } from '../src/schema';

const target = join(import.meta.dirname, '..', 'schema.graphql');
writeFileSync(target, printSdl());
console.log(`wrote ${target}`);
