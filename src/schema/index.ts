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
// --- lead ---
import './access-key.ts';
// --- projects & organization ---
import './user.ts';
// --- queues & workers ---
import './worker.ts';
// --- events (metrics & series) ---
import './events-metrics.ts';
// --- events (write & logs) ---
import './events-log.ts';
// --- live updates ---
import './subscriptions.ts';

export const schema = builder.toSchema({ sortSchema: true });
