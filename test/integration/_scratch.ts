import { startRegistry } from '../support/server';
const r = await startRegistry();
const admin = r.token('2321000131', 'regional_admin');
const q = process.argv[2]!;
const vars = process.argv[3] ? JSON.parse(process.argv[3]) : undefined;
const who = process.argv[4];
const tok = who === 'anon' ? undefined : who ? r.token(who.split(':')[0]!, who.split(':')[1] as any) : admin;
console.log(JSON.stringify(await r.gql(q, vars, tok), null, 1));
await r.close();
