// The estimated cost, depth and breadth of an operation, for the limits of src/graphql-limits.ts.
// Each (cached) document is planned once: what every field costs and how many items it multiplies
// its selection by. A request then only evaluates the plan with its variables, and a plan that
// does not depend on variables (page sizes given literally, or none) is a constant.
//
// The rules (those of Pothos' complexity plugin, which this replaces):
// - every selected field costs 1, plus the cost of its selection times its multiplier;
// - the multiplier is `first`/`last` when given, else an assumed page for a connection (50) or
//   list (10); a connection's `edges`/`nodes` count once (the connection already multiplies);
// - depth is the deepest chain of fields (`__typename` included), breadth the number of fields;
// - fragments count where they are spread, for the type they are spread on; @skip/@include are
//   not evaluated (a field that may be selected is counted).
import {
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface OperationCost {
  complexity: number;
  depth: number;
  breadth: number;
}

/** Items a list field is assumed to return when the query does not say (`first`/`last`). */
const ASSUMED_LIST_SIZE = 10;
const ASSUMED_PAGE_SIZE = 50;

type Variables = Record<string, unknown>;
/** A page-size argument given by a variable: its value for a request (or the variable's default). */
type VariableValue = (variables: Variables) => unknown;

interface FieldPlan {
  /** A constant multiplier, or how a request's variables set it. */
  multiplier: number | ((variables: Variables) => number);
  selection?: SetPlan;
}

interface SetPlan {
  items: (FieldPlan | SetPlan)[];
  /** The cost when nothing in the set depends on variables. */
  constant?: OperationCost;
}

const isSetPlan = (item: FieldPlan | SetPlan): item is SetPlan => 'items' in item;

/** How many items a field is assumed to return when `first`/`last` do not say. */
function assumedItems(field: GraphQLField<unknown, unknown>): number {
  if (getNamedType(field.type).name.endsWith('Connection')) return ASSUMED_PAGE_SIZE;
  if (field.name === 'edges' || field.name === 'nodes') return 1;
  return isListType(getNullableType(field.type)) ? ASSUMED_LIST_SIZE : 1;
}

/** A literal argument's value, or a function giving a variable's value per request. */
function argumentValue(value: ValueNode, operation: OperationDefinitionNode): unknown {
  if (value.kind !== Kind.VARIABLE) return valueFromASTUntyped(value);
  const name = value.name.value;
  const definition = operation.variableDefinitions?.find((v) => v.variable.name.value === name);
  const fallback = definition?.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
  const variable: VariableValue = (variables) => (variables[name] === undefined ? fallback : variables[name]);
  return variable;
}

class Planner {
  private readonly sets = new Map<SelectionSetNode, Map<GraphQLNamedType, SetPlan>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly operation: OperationDefinitionNode,
  ) {}

  set(node: SelectionSetNode, type: GraphQLNamedType): SetPlan {
    let byType = this.sets.get(node);
    if (!byType) this.sets.set(node, (byType = new Map()));
    const known = byType.get(type);
    if (known) return known;
    const plan: SetPlan = { items: [] };
    byType.set(type, plan); // before descending: a fragment cycle (refused by validation) ends here
    for (const selection of node.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        plan.items.push(field ? this.field(field, selection.arguments ?? [], selection.selectionSet) : { multiplier: 1 });
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? this.fragments.get(selection.name.value) : selection;
        if (!fragment) continue; // unknown fragment: refused by validation
        const condition = fragment.typeCondition ? this.schema.getType(fragment.typeCondition.name.value) : type;
        if (condition) plan.items.push(this.set(fragment.selectionSet, condition));
      }
    }
    plan.constant = plan.items.every((item) => (isSetPlan(item) ? item.constant : typeof item.multiplier === 'number' && (!item.selection || item.selection.constant)))
      ? evaluate(plan, {}, new Map())
      : undefined;
    return plan;
  }

  private field(
    field: GraphQLField<unknown, unknown>,
    args: readonly ArgumentNode[],
    selectionSet: SelectionSetNode | undefined,
  ): FieldPlan {
    const otherwise = assumedItems(field);
    const [first, last] = (['first', 'last'] as const).map((name) => {
      const node = args.find((a) => a.name.value === name);
      return node && argumentValue(node.value, this.operation);
    });
    // first wins over last, as in the resolvers; neither given: the assumed number of items
    const items = (a: unknown, b: unknown) => (typeof a === 'number' ? Math.max(1, a) : typeof b === 'number' ? Math.max(1, b) : otherwise);
    const valueOf = (argument: unknown, variables: Variables) => (typeof argument === 'function' ? (argument as VariableValue)(variables) : argument);
    const multiplier =
      typeof first === 'function' || typeof last === 'function'
        ? (variables: Variables) => items(valueOf(first, variables), valueOf(last, variables))
        : items(first, last);
    return { multiplier, selection: selectionSet ? this.set(selectionSet, getNamedType(field.type)) : undefined };
  }
}

const multiplierOf = ({ multiplier }: FieldPlan, variables: Variables): number =>
  typeof multiplier === 'number' ? multiplier : multiplier(variables);

function evaluate(plan: SetPlan, variables: Variables, memo: Map<SetPlan, OperationCost>): OperationCost {
  if (plan.constant) return plan.constant;
  const known = memo.get(plan);
  if (known) return known;
  const cost: OperationCost = { complexity: 0, depth: 0, breadth: 0 };
  memo.set(plan, cost); // a cycle counts as empty
  for (const item of plan.items) {
    let inner: OperationCost;
    if (isSetPlan(item)) inner = evaluate(item, variables, memo);
    else if (item.selection) {
      const below = evaluate(item.selection, variables, memo);
      inner = { complexity: 1 + below.complexity * multiplierOf(item, variables), depth: 1 + below.depth, breadth: 1 + below.breadth };
    } else inner = { complexity: 1, depth: 1, breadth: 1 };
    cost.complexity += inner.complexity;
    cost.breadth += inner.breadth;
    cost.depth = Math.max(cost.depth, inner.depth);
  }
  return cost;
}

/** Plans per document and operation name ('' for an anonymous or only operation). */
const plans = new WeakMap<DocumentNode, Map<string, SetPlan | null>>();

function planOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): SetPlan | null {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const key = operationName ?? '';
  let plan = byName.get(key);
  if (plan === undefined) {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    const root = operation && schema.getRootType(operation.operation);
    if (operation && root) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      plan = new Planner(schema, fragments, operation).set(operation.selectionSet, root);
    } else plan = null; // no such operation: execution refuses it
    byName.set(key, plan);
  }
  return plan;
}

/** The cost of the operation a request executes, or undefined when it names no operation of the document. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables | null | undefined,
): OperationCost | undefined {
  const plan = planOf(schema, document, operationName);
  return plan ? evaluate(plan, variables ?? {}, new Map()) : undefined;
}
