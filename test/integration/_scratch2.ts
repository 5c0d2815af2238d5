import { startRegistry } from '../support/server';
const r = await startRegistry();
const admin = r.token('2321000131', 'regional_admin');
const before = (r.sqlite.prepare('select count(*) n from changes').get() as any).n;
const id = Buffer.from('AgreementParty:1').toString('base64');
console.log(JSON.stringify(await r.gql(`mutation { deleteAgreementParties(input: { rows: [{ id: "${id}", version: 1 }, { id: "${id}", version: 1 }] }) { committed succeeded results { __typename } } }`, undefined, admin)));
console.log(before, r.sqlite.prepare('select operation, entity, entity_id from changes').all());
await r.close();
