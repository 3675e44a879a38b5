import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsCalendarDate } from '@app/core';
import { ArrayMaxSize, getMetadataStorage, IsEmail, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Body, Controller, Module, Post, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyConstraints, createOpenApiDocument, UUID_PATTERN } from './openapi';

class Sample {
  @IsUUID() childId: string;
  @IsCalendarDate() receivedOn: string;
  @IsEmail() @MaxLength(320) email: string;
  @IsString() @MinLength(3) @MaxLength(2000) reason: string;
  @IsOptional() @IsInt() @Min(1) @Max(200) limit?: number;
  @Matches(/^\d{6}$/) urn: string;
  @ArrayMaxSize(5) @IsUUID(undefined, { each: true }) ids: string[];
  @IsString() looksLikeAnId: string;
  @Matches(/^[a-z]+$/i) caseless: string;
}

const metas = (property: string) => getMetadataStorage().getTargetValidationMetadatas(Sample, '', true, false).filter((meta) => meta.propertyName === property);
const constrained = (property: string, schema: SchemaObject = {}): SchemaObject => {
  applyConstraints(schema, metas(property), `Sample.${property}`);
  return schema;
};

describe('OpenAPI constraints copied from the validators', () => {
  it('gives formats and the exact patterns the server accepts', () => {
    expect(constrained('childId')).toEqual({ type: 'string', format: 'uuid', pattern: UUID_PATTERN });
    expect(constrained('receivedOn')).toMatchObject({ type: 'string', format: 'date', pattern: '^(?:19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$' });
    expect(constrained('email')).toEqual({ type: 'string', format: 'email', maxLength: 320 });
    expect(new RegExp(UUID_PATTERN).test('3f2b8c1e-7d4a-4b6e-9a0c-1d2e3f4a5b6c')).toBe(true);
    expect(new RegExp(UUID_PATTERN).test('3f2b8c1e-7d4a-0b6e-9a0c-1d2e3f4a5b6c')).toBe(false); // version 0: ParseUUIDPipe refuses it
  });

  it('gives lengths, integer bounds, patterns and array limits, per element for `each`', () => {
    expect(constrained('reason')).toEqual({ type: 'string', minLength: 3, maxLength: 2000 });
    expect(constrained('limit', { type: 'number' })).toEqual({ type: 'integer', minimum: 1, maximum: 200 });
    expect(constrained('urn', { type: 'string' })).toEqual({ type: 'string', pattern: '^\\d{6}$' });
    expect(constrained('ids', { type: 'array', items: { type: 'string' } })).toEqual({ type: 'array', maxItems: 5, items: { type: 'string', format: 'uuid', pattern: UUID_PATTERN } });
  });

  it('refuses a hand-written format no validator enforces, and a pattern JSON Schema cannot express', () => {
    expect(() => constrained('looksLikeAnId', { type: 'string', format: 'uuid' })).toThrow(/documented with format uuid but only validated as a string/);
    expect(() => constrained('caseless', { type: 'string' })).toThrow(/case-insensitive/);
  });
});

describe('OpenAPI schema names', () => {
  // Two request bodies of one name, as two contexts once had (assessments' and reviews' RepresentationsDto).
  const assessmentBody = (() => {
    class RepresentationsDto {
      @ApiProperty() @IsString() receivedOn: string;
      @ApiPropertyOptional() @IsOptional() @IsString() schoolRequested?: string;
    }
    return RepresentationsDto;
  })();
  const reviewBody = (() => {
    class RepresentationsDto {
      @ApiProperty() @IsString() receivedOn: string;
    }
    return RepresentationsDto;
  })();
  class ReviewRepresentationsDto {
    @ApiProperty() @IsString() receivedOn: string;
  }

  async function documentOf(controllers: Type<unknown>[]) {
    @Module({ controllers })
    class SampleModule {}
    const app = await NestFactory.create<NestFastifyApplication>(SampleModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
    try {
      return createOpenApiDocument(app);
    } finally {
      await app.close();
    }
  }

  @Controller('assessments')
  class AssessmentsSample {
    @Post(':id/representations') representations(@Body() _dto: InstanceType<typeof assessmentBody>) {}
  }
  @Controller('reviews')
  class ReviewsSample {
    @Post(':id/representations') representations(@Body() _dto: InstanceType<typeof reviewBody>) {}
  }
  @Controller('reviews')
  class RenamedReviewsSample {
    @Post(':id/representations') representations(@Body() _dto: ReviewRepresentationsDto) {}
  }
  // Decorator metadata records the parameter's class: give each handler its own body class explicitly.
  Reflect.defineMetadata('design:paramtypes', [assessmentBody], AssessmentsSample.prototype, 'representations');
  Reflect.defineMetadata('design:paramtypes', [reviewBody], ReviewsSample.prototype, 'representations');

  it('fails on two classes under one schema name, naming it, rather than documenting one body for both', async () => {
    await expect(documentOf([AssessmentsSample, ReviewsSample])).rejects.toThrow(/more than one class is documented under the schema name RepresentationsDto \(2 classes, with properties \[receivedOn, schoolRequested\] and \[receivedOn\]\)/);
  });

  it('documents each body under its own name once they differ', async () => {
    const document = await documentOf([AssessmentsSample, RenamedReviewsSample]);
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(expect.arrayContaining(['RepresentationsDto', 'ReviewRepresentationsDto']));
    expect(document.paths['/reviews/{id}/representations'].post?.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ReviewRepresentationsDto' } } } });
  });
});

describe('the published OpenAPI text', () => {
  it('names only CLI commands that exist', () => {
    const root = join(__dirname, '..', '..');
    const document = readFileSync(join(root, 'docs', 'openapi.json'), 'utf8');
    const cli = readFileSync(join(root, 'apps', 'cli', 'main.ts'), 'utf8');
    const commands = new Set([...cli.matchAll(/^\s+'?([a-z][a-z-]*)'?: \{ summary:/gm)].map((match) => match[1]));
    expect(commands).toContain('create-national-analyst');
    const named = [...document.matchAll(/(?:cli\/main\.js|`ehcp) ([a-z][a-z-]*)/g)].map((match) => match[1]);
    expect(named.filter((name) => !commands.has(name))).toEqual([]);
  });
});
