import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ConflictError, DomainError, ValidationFailedError } from '@app/core';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const WAIT_MS = 10_000;

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(422, 'idempotency_key_reused', 'Rule violated', 'This Idempotency-Key was first used with another request: send a new key for a new command.');
  }
}

export class IdempotencyInProgressError extends ConflictError {
  constructor() {
    super('idempotency_key_in_progress', 'The first request with this Idempotency-Key is still running: retry it in a moment to get its answer.');
  }
}

interface HttpRequest {
  method: string;
  url: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * `Idempotency-Key` on creating commands (POST): the first request with a key runs and its answer is kept; a replay of
 * the same key and request (a double click, a retry after a lost response, three at once) repeats that answer and
 * creates nothing; the same key with another request is a 422. A request that failed keeps nothing (it may be retried).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || raw === undefined || !request.actor) return next.handle();
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!KEY_PATTERN.test(key)) throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable characters without spaces' }]);
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return from(this.run(request, request.actor, key, status, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async run(request: HttpRequest, actor: Actor, key: string, status: number, handle: () => Promise<unknown>): Promise<unknown> {
    const path = request.url.split('?')[0].slice(0, 500);
    const requestHash = createHash('sha256').update(JSON.stringify([request.method, path, request.body ?? null])).digest('hex');
    const repo = this.dataSource.getRepository(IdempotencyKey);
    const started = Date.now();
    for (;;) {
      const inserted = await repo
        .createQueryBuilder()
        .insert()
        .values({ localAuthorityId: actor.localAuthorityId, key, userId: actor.userId, method: request.method, path, requestHash, state: 'pending', statusCode: null })
        .orIgnore()
        .returning(['key'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) break;
      const first = await repo.findOneBy({ localAuthorityId: actor.localAuthorityId, key });
      if (!first) continue; // the first request failed and let the key go: this one runs
      if (first.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
      if (first.state === 'done') return first.response;
      if (Date.now() - started > WAIT_MS) throw new IdempotencyInProgressError();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      const response = await handle();
      await repo.update({ localAuthorityId: actor.localAuthorityId, key }, { state: 'done', statusCode: status, response: (response ?? null) as object });
      return response;
    } catch (error) {
      await repo.delete({ localAuthorityId: actor.localAuthorityId, key, state: 'pending' });
      throw error;
    }
  }
}
