// Writes the GraphQL schema as SDL to schema.graphql (committed; a test fails when it is stale).
import fs from 'node:fs';
import { printSchemaFile, schemaFile } from '../src/schema/print.ts';

fs.writeFileSync(schemaFile, printSchemaFile());
console.log(`wrote ${schemaFile}`);
