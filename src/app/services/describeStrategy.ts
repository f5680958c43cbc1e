import { z } from 'zod';
import type { StrategyDefinition } from '../../strategy/strategy.ts';

/** One parameter of a strategy as its schema states it. */
export interface StrategyParamDescription {
  readonly name: string;
  /** The JSON-schema type with its bounds, e.g. `integer ≥ 1`, `number in (0, 1]`. */
  readonly type: string;
  /** The default as JSON; undefined when the parameter is required. */
  readonly defaultValue?: string;
  readonly description: string;
}

export interface StrategyDescription {
  readonly name: string;
  readonly description: string;
  /** Empty for a strategy without parameters (or with a schema that is not an object). */
  readonly params: StrategyParamDescription[];
}

interface JsonSchemaProperty {
  type?: string | string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  items?: JsonSchemaProperty;
}

/** A strategy's name, description and parameters (name, type, default, description), read from its zod schema. */
export function describeStrategy(definition: StrategyDefinition): StrategyDescription {
  let properties: Record<string, JsonSchemaProperty> = {};
  try {
    const schema = z.toJSONSchema(definition.paramsSchema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
    properties = schema.properties ?? {};
  } catch {
    // A schema JSON Schema cannot express (a transform, a custom type) lists no parameters rather than failing.
  }
  const params = Object.entries(properties).map(([name, property]) => ({
    name,
    type: typeText(property),
    ...(property.default === undefined ? {} : { defaultValue: JSON.stringify(property.default) }),
    description: property.description ?? '',
  }));
  return { name: definition.name, description: definition.description, params };
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function typeText(property: JsonSchemaProperty): string {
  if (property.enum !== undefined) return property.enum.map((value) => JSON.stringify(value)).join(' | ');
  const type = Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'any');
  if (type === 'array') return `array of ${property.items === undefined ? 'any' : typeText(property.items)}`;
  const low = property.exclusiveMinimum !== undefined ? `> ${property.exclusiveMinimum}` : property.minimum !== undefined && property.minimum > -MAX_SAFE ? `≥ ${property.minimum}` : undefined;
  const high = property.exclusiveMaximum !== undefined ? `< ${property.exclusiveMaximum}` : property.maximum !== undefined && property.maximum < MAX_SAFE ? `≤ ${property.maximum}` : undefined;
  return [type, low, high].filter((part) => part !== undefined).join(' ');
}

/** The description as the CLI prints it: the header, then a table of the parameters. */
export function formatStrategyDescription(description: StrategyDescription): string {
  const lines = [`${description.name}${description.description === '' ? '' : ` — ${description.description}`}`];
  if (description.params.length === 0) {
    lines.push('  no parameters');
    return `${lines.join('\n')}\n`;
  }
  const rows = description.params.map((param) => [param.name, param.type, param.defaultValue ?? '(required)', param.description]);
  const headers = ['parameter', 'type', 'default', 'description'];
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}`.trimEnd();
  lines.push(line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line));
  return `${lines.join('\n')}\n`;
}
