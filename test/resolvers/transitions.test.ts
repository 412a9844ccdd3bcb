import { describe, expect, it } from 'vitest';
import { checkTransition, taskStatuses } from '../../src/resolvers/tasks/transitions.ts';

// Spec §5.1, written out independently of the implementation's table.
const allowedTargets: Record<string, string[]> = {
  created: ['queued', 'in_progress'],
  queued: ['created', 'in_progress'],
  in_progress: ['created', 'stopped', 'failed', 'completed'],
  stopped: ['created', 'in_progress', 'closed', 'failed', 'publishing', 'published', 'completed'],
  closed: ['created', 'stopped', 'failed', 'publishing', 'published'],
  failed: ['created', 'stopped', 'published'],
  publishing: ['published'],
  published: [],
  completed: ['created', 'in_progress', 'published'],
};

describe('status state machine', () => {
  const pairs = taskStatuses.flatMap((from) => taskStatuses.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    const expected =
      from === 'unknown' ? 'unsupported' : from === to || allowedTargets[from]!.includes(to) ? 'allowed' : 'forbidden';
    expect(checkTransition(from, to)).toBe(expected);
  });
});
