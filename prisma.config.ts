import { defineConfig } from 'prisma/config';

// generate/validate/format never run the native schema engine, but the CLI insists on locating
// (downloading) it. Stub it only for those commands so migrate/db commands still fetch the real
// engine where there is internet.
const ENGINE_FREE = ['generate', 'validate', 'format', 'version', '-v', '--version'];
if (
  !process.env.PRISMA_SCHEMA_ENGINE_BINARY &&
  process.argv.slice(2).some((a) => ENGINE_FREE.includes(a))
) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
process.env.CHECKPOINT_DISABLE ??= '1'; // the CLI's update check would do a DNS lookup

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/placeholder' },
});
