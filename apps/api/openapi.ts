import { INestApplicationContext, ParseUUIDPipe } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { MAX_DATE_YEAR, MIN_DATE_YEAR, ProblemDetailsDto } from '@app/core';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { SchemaObjectFactory as SchemaObjectFactoryClass } from '@nestjs/swagger/dist/services/schema-object-factory';
import { dirname, join } from 'node:path';

/**
 * The OpenAPI document integrators generate clients from (docs/api.md, "The OpenAPI document"). Swagger builds it
 * from the controllers and DTO decorators; then the constraints the server enforces are copied in from the same
 * class-validator decorators that enforce them (formats, lengths, patterns, integer bounds), so the document and
 * the validation cannot drift apart, and a new DTO is described as precisely as the old ones without extra work.
 */
export const API_VERSION = '1.1.1';

/** The versioned records: every answer that is one of them carries its version as the ETag (send it back as If-Match). */
const ETAG_SCHEMAS = ['AppealDto', 'AssessmentDto', 'CessationDto', 'ChildDto', 'OrganisationDto', 'PlanDto', 'ReviewDto'];
const ETAG_HEADER = { description: 'The record’s version, quoted (e.g. "3"): send it as If-Match to change the record', schema: { type: 'string', pattern: '^"[0-9]+"$' } };

/** What versionFromIfMatch accepts: a quoted version, optionally weak. */
const IF_MATCH_PATTERN = '^(?:W/)?"[0-9]{1,9}"$';
const OPTIONAL_IF_MATCH_PATTERN = '^(?:\\*|(?:W/)?"[0-9]{1,9}")$';

const TAGS: Record<string, string> = {
  health: 'Liveness and readiness (no auth)',
  'identity-providers': "Each LA's OpenID Connect providers (Microsoft Entra ID, NHS CIS2, NHSmail) for single sign-on",
  'local-authority': "Your local authority's settings (the sign-in policy)",
  auth: 'Signing in and out; who you are',
  users: 'Users of your local authority (LA administrators)',
  organisations: 'Schools, services and teams that receive advice requests',
  audit: 'The audit trail of every change',
  children: 'Children and young people, with their identifiers and family contacts',
  assessments: 'EHC needs assessments: the 20-week statutory workflow from request to final plan',
  advice: 'Advice requests to professionals and their submissions',
  plans: 'EHC plans: sections A to K, quality checks, issued versions and their PDFs; ceasing a plan',
  reviews: 'After the final plan: annual reviews, amendments and phase transfers (CFA s44; SEND Regulations 2014, regs 18-22)',
  appeals: 'Disagreements: appeals to the Tribunal, mediation, orders and concessions and the duties they create',
  transfers: 'Children moving between local authorities (SEND Regulations 2014, reg 15): transfers out and in, the documented transfer package',
  reassessment: 'Re-assessment of a maintained plan (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27)',
  'health and social care': 'Section G agreed by the health commissioning body (CFA s42(3)); the DCO and DSCO; notices to health and social care (Regs 4(2), 5(2))',
  'personal budgets': 'Personal budgets and direct payments (CFA s49)',
  'provision delivered': 'Provision actually delivered against sections F and G (CFA s42(2)-(3)), reported by settings and the case team',
  'preparing for adulthood': 'Preparing for adulthood from Year 9 (CoP 8.9, 9.166; Regs 12(3)); plans to 25 (CFA s46); transition to adult social care',
  reports: 'Timeliness, risk, review, exception and SEN2 reports',
  notifications: 'Your inbox of reminders and escalations',
  operations: 'Operational status of the background jobs',
  families: 'Co-production, the caseworker’s side: inviting family members, and answering what the family said',
  family: 'For family members (a family token from the emailed code): their children’s cases in plain English, views, documents and responses to a draft',
};

/** The two (private) helpers of Swagger's SchemaObjectFactory the check uses to name a schema exactly as Swagger does. */
type Factory = { isLazyTypeFunc(type: unknown): boolean; getSchemaMetadata(type: unknown): { schemaName: string } };
type ExploreModelSchema = (this: Factory, type: unknown, ...rest: unknown[]) => string;

/**
 * Runs `build` while recording which classes Swagger turns into each named schema. Swagger names a schema after its
 * class and keeps one of two classes with the same name (with at most a warning when they differ), so the other's
 * operations would silently document the wrong body: two classes under one name stop the build, naming them.
 */
export function refusingDuplicateSchemaNames<T>(build: () => T): T {
  // Not exported by the package (its `exports` map): loaded by its file, so a move in a new version fails loudly here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SchemaObjectFactory } = require(join(dirname(require.resolve('@nestjs/swagger')), 'services', 'schema-object-factory.js')) as { SchemaObjectFactory: typeof SchemaObjectFactoryClass };
  const prototype = SchemaObjectFactory.prototype as unknown as { exploreModelSchema: ExploreModelSchema };
  const original = prototype.exploreModelSchema;
  const classes = new Map<string, Set<unknown>>();
  prototype.exploreModelSchema = function (this: Factory, type: unknown, ...rest: unknown[]) {
    const resolved = this.isLazyTypeFunc(type) ? (type as () => unknown)() : type;
    if (typeof resolved === 'function') {
      const { schemaName } = this.getSchemaMetadata(resolved);
      classes.set(schemaName, (classes.get(schemaName) ?? new Set()).add(resolved));
    }
    return original.call(this, type, ...rest);
  };
  try {
    const result = build();
    const duplicates = [...classes].filter(([, types]) => types.size > 1);
    if (duplicates.length > 0) {
      const listed = duplicates.map(([name, types]) => `${name} (${types.size} classes, with properties ${[...types].map((type) => `[${propertyNames(type).join(', ')}]`).join(' and ')})`);
      throw new Error(`OpenAPI: more than one class is documented under the schema name ${listed.join('; ')}. Rename one (schema names are class names).`);
    }
    return result;
  } finally {
    prototype.exploreModelSchema = original;
  }
}

function propertyNames(type: unknown): string[] {
  const names = (Reflect.getMetadata('swagger/apiModelPropertiesArray', (type as { prototype: object }).prototype) ?? []) as string[];
  return names.map((name) => name.replace(/^:/, ''));
}

/** Builds the document from an application (a running one, or one created with `preview: true`: no database needed). */
export function createOpenApiDocument(app: INestApplicationContext & Parameters<typeof SwaggerModule.createDocument>[0]): OpenAPIObject {
  const document = refusingDuplicateSchemaNames(() => SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('EHCP case management API')
      .setDescription(
        'Education, Health and Care needs assessments, advice, plans and reviews for local authorities in England. ' +
          'Errors are RFC 9457 problem details (application/problem+json). Dates are YYYY-MM-DD (Europe/London). ' +
          'Versioning: docs/api.md ("Versions"); the path carries the major version, `info.version` the document release.',
      )
      .setVersion(API_VERSION)
      .setLicense('MIT', 'https://opensource.org/licenses/MIT')
      .addServer('/', 'This host (paths carry the /api/v1 prefix)')
      .addBearerAuth()
      .build(),
    { extraModels: [ProblemDetailsDto] },
  ));
  document.info.contact = { name: 'EHCP case management maintainers' };
  refineDocument(document, app);
  return document;
}

/** Everything Swagger cannot infer: validation constraints, UUID path parameters, public operations, tags. */
export function refineDocument(document: OpenAPIObject, app: INestApplicationContext): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const storage = getMetadataStorage();
  const handlers = routeHandlers(app);
  // Classes with validators of their own, and request bodies that only inherit theirs (`extends PartialType(...)`).
  const targets = new Set<new () => unknown>((storage as unknown as { validationMetadatas: Map<new () => unknown, ValidationMetadata[]> }).validationMetadatas.keys());
  for (const { controller, method } of handlers) {
    const args = Object.entries((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number }>);
    const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as (new () => unknown)[];
    for (const [key, arg] of args) if (Number(key.split(':')[0]) === RouteParamtypes.BODY && paramTypes[arg.index]) targets.add(paramTypes[arg.index]);
  }
  for (const target of targets) {
    const schema = schemas[target.name];
    if (!schema?.properties) continue;
    const byProperty = groupByProperty(storage.getTargetValidationMetadatas(target, '', true, false));
    for (const [name, property] of Object.entries(schema.properties)) {
      const metas = byProperty.get(name);
      if (metas) applyConstraints(property as SchemaObject, metas, `${target.name}.${name}`);
    }
  }

  for (const schema of Object.values(schemas)) nullableReferences(schema);

  const operations = new Map<string, OperationObject>();
  for (const byMethod of Object.values(document.paths)) {
    for (const operation of Object.values(byMethod) as OperationObject[]) {
      if (operation && typeof operation === 'object' && operation.operationId) operations.set(operation.operationId, operation);
    }
  }
  for (const { controller, method } of handlers) {
    const operation = operations.get(`${controller.name}_${method}`);
    if (!operation) continue;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number; data?: string; pipes?: unknown[] }>;
    const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as (new () => unknown)[];
    for (const [key, arg] of Object.entries(args)) {
      const kind = Number(key.split(':')[0]);
      const parameters = (operation.parameters ?? []) as ParameterObject[];
      if (kind === RouteParamtypes.PARAM && arg.data && arg.pipes?.some((pipe) => pipe instanceof ParseUUIDPipe)) {
        const parameter = parameters.find((p) => p.in === 'path' && p.name === arg.data);
        if (parameter?.schema) Object.assign(parameter.schema, { type: 'string', format: 'uuid', pattern: UUID_PATTERN });
      }
      if (kind === RouteParamtypes.QUERY && !arg.data && paramTypes[arg.index]) {
        const byProperty = groupByProperty(storage.getTargetValidationMetadatas(paramTypes[arg.index], '', true, false));
        for (const parameter of parameters.filter((p) => p.in === 'query')) {
          const metas = byProperty.get(parameter.name);
          if (metas && parameter.schema) applyConstraints(parameter.schema as SchemaObject, metas, `${operation.operationId} ?${parameter.name}`);
        }
      }
    }
  }

  for (const operation of operations.values()) {
    for (const [status, response] of Object.entries(operation.responses ?? {}) as [string, ResponseObject][]) {
      const ref = (response.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref?.split('/').pop();
      if (status.startsWith('2') && ref && ETAG_SCHEMAS.includes(ref)) response.headers = { ...response.headers, ETag: ETAG_HEADER };
    }
  }

  // The validation pipe refuses unknown fields (forbidNonWhitelisted), in the body and in every object nested in it.
  for (const name of referencedSchemas([...operations.values()].map((operation) => operation.requestBody), schemas)) {
    const schema = schemas[name];
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }

  const used = new Set<string>();
  for (const operation of operations.values()) {
    for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
      if (parameter.in === 'header' && parameter.name.toLowerCase() === 'if-match') {
        // Where it is optional (the steps of an assessment, a review, an appeal, a cease), `*` is taken as "any version".
        parameter.schema = { type: 'string', pattern: parameter.required ? IF_MATCH_PATTERN : OPTIONAL_IF_MATCH_PATTERN, example: '"3"' };
        parameter.description ??= 'The ETag from your last read of the record, e.g. "3"';
      }
    }
    // Every operation is behind the rate limit (ThrottlerGuard is global).
    operation.responses['429'] ??= {
      description: 'Too many requests',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
      headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } },
    };
    // Public operations say so: an empty requirement, not an absent one (which tools read as "undocumented").
    if (!operation.security) operation.security = [];
    for (const tag of operation.tags ?? []) used.add(tag);
    if (!operation.description && operation.summary) operation.description = operation.summary;
  }
  // A tag missing from TAGS has no description: the lint (tag-description) and the e2e test then name it.
  document.tags = [...used].sort().map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
}

/**
 * Swagger writes a nullable nested DTO as `{type: object, nullable: true, allOf: [$ref]}`; read strictly (OAS 3.0.3),
 * the `$ref` still refuses null, and validators that honour `nullable` next to `type` keep the allOf that refuses it.
 * `oneOf: [$ref, null]` (null spelt the OAS 3.0 way) says the same to every validator and linter, and generators
 * still type it `X | null`.
 */
function nullableReferences(schema: SchemaObject): void {
  for (const property of Object.values(schema.properties ?? {}) as SchemaObject[]) {
    if (property.nullable && property.allOf?.length === 1 && '$ref' in property.allOf[0]) {
      property.oneOf = [property.allOf[0], { type: 'object', nullable: true, enum: [null] }];
      delete property.allOf;
      delete property.type;
      delete property.nullable;
    }
    // OAS 3.0.3: `nullable` does not extend an enum; null must be one of its values.
    if (property.nullable && property.enum && !property.enum.includes(null)) property.enum = [...property.enum, null];
    if (property.items && !('$ref' in property.items)) nullableReferences(property.items);
  }
}

/** The component schemas a value refers to, directly or through other schemas. */
function referencedSchemas(roots: unknown[], schemas: Record<string, SchemaObject>): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.split('/').pop() ?? '';
      if (!found.has(name)) {
        found.add(name);
        visit(schemas[name]);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  roots.forEach(visit);
  return found;
}

function groupByProperty(metas: ValidationMetadata[]): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  return byProperty;
}

const FORMATS: Record<string, string> = { isUuid: 'uuid', isCalendarDate: 'date', isEmail: 'email' };
/** The UUIDs class-validator and ParseUUIDPipe accept (version 1 to 8 with the RFC variant, nil, max): narrower than `format: uuid`. */
export const UUID_PATTERN = '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';
/** Request dates are real calendar dates in MIN_DATE_YEAR..MAX_DATE_YEAR (1900 to 2199): narrower than `format: date`. */
const DATE_PATTERN = '^(?:19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$';
if (MIN_DATE_YEAR !== 1900 || MAX_DATE_YEAR !== 2199) throw new Error('DATE_PATTERN no longer matches MIN_DATE_YEAR..MAX_DATE_YEAR');
const PATTERNS: Record<string, string> = { isUuid: UUID_PATTERN, isCalendarDate: DATE_PATTERN };

/** Copies what a property's validators enforce into its schema (into `items` for `{each: true}`). */
export function applyConstraints(property: SchemaObject, metas: ValidationMetadata[], where: string): void {
  for (const meta of metas) {
    const name = meta.name ?? '';
    const target = meta.each ? property.items : property;
    if (!target || '$ref' in target || (target as SchemaObject).allOf) continue;
    const schema = target as SchemaObject;
    const [first, second] = (meta.constraints ?? []) as unknown[];
    if (FORMATS[name]) {
      if (schema.format && schema.format !== FORMATS[name]) throw new Error(`${where}: documented as ${schema.format} but validated as ${FORMATS[name]}`);
      schema.type = 'string';
      schema.format = FORMATS[name];
      if (PATTERNS[name]) schema.pattern = PATTERNS[name];
    } else if (name === 'isString' && !schema.type) schema.type = 'string';
    else if (name === 'maxLength') schema.maxLength = first as number;
    else if (name === 'minLength') schema.minLength = first as number;
    else if (name === 'matches' && first instanceof RegExp) {
      if (first.flags.includes('i')) throw new Error(`${where}: a case-insensitive pattern cannot be documented as a JSON Schema pattern`);
      schema.pattern = first.source;
    } else if (name === 'isInt') schema.type = 'integer';
    else if (name === 'isBoolean') schema.type = 'boolean';
    else if (name === 'min') schema.minimum = first as number;
    else if (name === 'max') schema.maximum = first as number;
    else if (name === 'arrayMaxSize') schema.maxItems = first as number;
    else if (name === 'arrayMinSize') schema.minItems = first as number;
    else if (name === 'arrayUnique') schema.uniqueItems = true;
    else if (name === 'isIn' && Array.isArray(first) && !schema.enum) schema.enum = first;
    else if (name === 'isEnum' && Array.isArray(second) && !schema.enum) schema.enum = second;
  }
  // A format written by hand must be one a validator enforces, or the document promises what the server does not check.
  const validated = metas.some((meta) => FORMATS[meta.name ?? ''] && !meta.each);
  if (property.format && ['uuid', 'date', 'email'].includes(property.format) && !validated && metas.some((meta) => !meta.each && meta.name === 'isString')) {
    throw new Error(`${where}: documented with format ${property.format} but only validated as a string`);
  }
}

/** Every controller method that is a route, with its class. */
function routeHandlers(app: INestApplicationContext): { controller: new (...args: never[]) => unknown; method: string }[] {
  const handlers: { controller: new (...args: never[]) => unknown; method: string }[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (method !== 'constructor' && typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined) handlers.push({ controller, method });
      }
    }
  }
  return handlers;
}
