import { FieldError } from '../errors/domain-error';

/**
 * Limits on the shape of any request, checked before the body is transformed or validated so that one request
 * cannot stall the process (issue 12): class-transformer recurses once per level and visits every array element
 * before @ArrayMaxSize is looked at.
 */
/** Deepest nesting of arrays and objects in a JSON body (the deepest DTO needs 4). */
export const MAX_JSON_DEPTH = 32;
/** Most elements in one JSON array, or members in one JSON object (the largest DTO array allows 500). */
export const MAX_JSON_ITEMS = 1000;
/**
 * Most values (elements, members and containers) in one JSON body: many arrays each under MAX_JSON_ITEMS still make
 * class-transformer and class-validator walk every node. A full plan section of 500 provision items fits.
 */
export const MAX_JSON_VALUES = 20_000;
/** Most field errors one 400 lists; `errorsNotShown` counts the rest. */
export const MAX_VALIDATION_ERRORS = 50;
/** Numbers in a body fit a PostgreSQL integer (int4); nothing the API stores is larger. */
export const MAX_INT4 = 2_147_483_647;

/**
 * Why raw JSON text is too deep or too wide, or null when its shape is within the limits. A linear scan counting
 * brackets and commas outside strings: no recursion, no allocation per element, so it is safe on any input.
 * Malformed text is left to the JSON parser.
 */
export function jsonShapeProblem(text: string): string | null {
  const separators: number[] = [];
  let inString = false;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      separators.push(0);
      if (++values > MAX_JSON_VALUES) return `The JSON body has more than ${MAX_JSON_VALUES} values.`;
      if (separators.length > MAX_JSON_DEPTH) return `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`;
    } else if (c === 0x5d || c === 0x7d) {
      separators.pop();
    } else if (c === 0x2c && separators.length > 0) {
      if (++values > MAX_JSON_VALUES) return `The JSON body has more than ${MAX_JSON_VALUES} values.`;
      if (++separators[separators.length - 1] >= MAX_JSON_ITEMS) return `A JSON array or object in the body has more than ${MAX_JSON_ITEMS} items.`;
    }
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which text fields may not hold';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return null;
}

/** A field name fit to echo back: the offending characters replaced. */
function printable(key: string): string {
  return key.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * The first string (value or key) that PostgreSQL cannot store as text (NUL) or that is not Unicode (a lone
 * surrogate), and the first number outside int4, anywhere in a parsed body, query or path parameter. Walks only
 * plain objects and arrays (Buffers of uploads are bytes, not text) and stops at the first problem. Depth and
 * width are already bounded by jsonShapeProblem for bodies; the walk keeps its own depth bound for everything else.
 */
export function unsafeInputProblem(value: unknown, field: string, depth = 0): FieldError | null {
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    return problem ? { field: field || 'body', message: `${field || 'body'} ${problem}` } : null;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > MAX_INT4) {
      return { field: field || 'body', message: `${field || 'body'} must be between -${MAX_INT4} and ${MAX_INT4}` };
    }
    return null;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  if (depth > MAX_JSON_DEPTH) return { field: field || 'body', message: `${field || 'body'} is nested more than ${MAX_JSON_DEPTH} levels deep` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const path = field ? `${field}.${printable(key)}` : printable(key);
    const keyProblem = stringProblem(key);
    if (keyProblem) return { field: path, message: `The field name ${path} ${keyProblem}` };
    const problem = unsafeInputProblem(item, path, depth + 1);
    if (problem) return problem;
  }
  return null;
}
