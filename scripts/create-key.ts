// `npm run create-key -- --user <id> [--company <id>] [--name <name>] [--role <role>]`: creates a
// legacy API credential pair (access key / secret key) for a user, creating the user (and its
// company) when missing, and prints the pair once: only a hash of the secret is stored.
// Uses DATABASE_URL, or the embedded database in DATA_DIR (./data) when it is unset; the embedded
// database cannot be open in a running server at the same time.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db.ts';
import { createCredentials } from '../src/resolvers/auth.ts';
import { ensureUser } from '../src/resolvers/bootstrap.ts';

const usage = 'usage: npm run create-key -- --user <id> [--company <id>] [--name <name>] [--role <role>]';

const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    company: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.user) {
  console.error(usage);
  process.exit(values.help ? 0 : 1);
}

const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR,
  log: (message) => console.error(message),
});
try {
  const user = await ensureUser({
    userId: values.user,
    companyId: values.company,
    name: values.name,
    role: values.role,
  });
  const { accessKey, secretKey } = await createCredentials(user.userId);
  const which = user.created ? 'created user' : 'user';
  console.error(`${which} ${user.userId} (company ${user.companyId}); the secret is shown only once`);
  console.log(`access_key: ${accessKey}\nsecret_key: ${secretKey}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
