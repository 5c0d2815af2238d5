import { printSdl } from '@fvm/graphql';
process.stdout.write(printSdl());
