import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** OpenAPI 3.0 `nullable` is not JSON Schema: rewrite it as a union with null, everywhere, so Ajv can check answers. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, example: _example, ...rest } = node as Json;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'properties' ? mapValues(value as Json) : toJsonSchema(value)]));
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string' && !converted.enum) return { ...converted, type: [converted.type, 'null'] };
  return { anyOf: [converted, { type: 'null' }] };
}

function mapValues(properties: Json): Json {
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, toJsonSchema(value)]));
}

/**
 * Checks an answer against what the document promises for that operation and status (the JSON body only): what a
 * schema-driven fuzzer's conformance check or a generated client's runtime validation would do.
 */
export function responseValidator(document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>; components: { schemas: Json } }) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: { schemas: mapValues(document.components.schemas) } });
  const cache = new Map<string, ValidateFunction>();
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const response = document.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
    if (!response) return [`${method} ${path}: ${status} is not documented`];
    const schema = (response.content?.['application/json'] ?? response.content?.['application/problem+json'])?.schema;
    if (!schema) return [`${method} ${path}: ${status} has no JSON schema`];
    const key = `${method} ${path} ${status}`;
    let validate = cache.get(key);
    if (!validate) {
      const rewritten = JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\/schemas\//g, '"openapi#/components/schemas/'));
      validate = ajv.compile(rewritten);
      cache.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((error) => `${key}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
  };
}
