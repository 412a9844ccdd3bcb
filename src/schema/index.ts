// Assembles the GraphQL schema from the entity files.
import { builder } from './builder.ts';
import './errors.ts';
import './artifact.ts';
import './task.ts';
import './task-queries.ts';
import './task-mutations.ts';
import './project.ts';
import './queue.ts';
import './model.ts';
// --- events (write & logs) ---
import './events-log.ts';

export const schema = builder.toSchema({ sortSchema: true });
