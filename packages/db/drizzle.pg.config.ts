import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: its own schema and its own migrations, since drizzle-kit
// knows one dialect per config. The migrations carry hand-written SQL: see src/schema-pg/HAND_WRITTEN.md.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema-pg/index.ts',
  out: './migrations-pg',
});
