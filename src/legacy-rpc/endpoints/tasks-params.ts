// Legacy hyper-parameter and configuration endpoints of API 2.9 (neighbours spec A.7). Items travel
// with their real (unescaped) names; the domain (hyperparams.ts) stores them that way.
import {
  deleteConfiguration,
  deleteHyperParams,
  editConfiguration,
  editHyperParams,
  getConfigurationNames,
  getConfigurations,
  getHyperParams,
  type ConfigurationItem,
  type HyperParamItem,
  type HyperParamKey,
  type ReplaceHyperParams,
} from '../../resolvers/tasks/hyperparams.ts';
import { flag, requiredString } from '../convert.ts';
import { ApiError, type LegacyCall } from '../types.ts';

/** A required non-empty list member (the typed request models of A.7), else 400/12. */
function requiredList<T>(body: Record<string, unknown>, field: string): T[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0) {
    const message = `Validation error (error for field '${field}'. expected a non-empty list)`;
    throw new ApiError(400, 12, message);
  }
  return value as T[];
}

/** tasks.get_hyper_params: every task's items, sorted by (section, name). */
export async function getTaskHyperParams({ actor, body }: LegacyCall) {
  const results = await getHyperParams(actor, requiredList<string>(body, 'tasks'));
  return { params: results.map((r) => ({ task: r.taskId, hyperparams: r.items })) };
}

/** tasks.edit_hyper_params: set items; replace_hyperparams none | section | all. */
export async function editTaskHyperParams({ actor, body }: LegacyCall) {
  return editHyperParams(actor, {
    taskId: requiredString(body, 'task'),
    items: requiredList<HyperParamItem>(body, 'hyperparams'),
    replace: (body.replace_hyperparams ?? 'none') as ReplaceHyperParams,
  });
}

/** tasks.delete_hyper_params: by (section, name); no name deletes the section. */
export async function deleteTaskHyperParams({ actor, body }: LegacyCall) {
  return deleteHyperParams(actor, {
    taskId: requiredString(body, 'task'),
    items: requiredList<HyperParamKey>(body, 'hyperparams'),
  });
}

/** tasks.get_configurations: every task's items sorted by name, optionally only `names`. */
export async function getTaskConfigurations({ actor, body }: LegacyCall) {
  const names = body.names ?? undefined;
  if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))) {
    const message = "Validation error (error for field 'names'. expected a list of strings)";
    throw new ApiError(400, 12, message);
  }
  const tasks = requiredList<string>(body, 'tasks');
  const results = await getConfigurations(actor, tasks, names as string[] | undefined);
  return { configurations: results.map((r) => ({ task: r.taskId, configuration: r.items })) };
}

/** tasks.get_configuration_names: readable tasks with a configuration only. */
export async function getTaskConfigurationNames({ actor, body }: LegacyCall) {
  const results = await getConfigurationNames(actor, requiredList<string>(body, 'tasks'));
  return { configurations: results.map((r) => ({ task: r.taskId, names: r.names })) };
}

/** tasks.edit_configuration: set items, or replace the whole map. */
export async function editTaskConfiguration({ actor, body }: LegacyCall) {
  return editConfiguration(actor, {
    taskId: requiredString(body, 'task'),
    items: requiredList<ConfigurationItem>(body, 'configuration'),
    replace: flag(body.replace_configuration),
  });
}

/** tasks.delete_configuration: names to remove (missing ones ignored). */
export async function deleteTaskConfiguration({ actor, body }: LegacyCall) {
  return deleteConfiguration(actor, {
    taskId: requiredString(body, 'task'),
    names: requiredList<string>(body, 'configuration'),
  });
}
