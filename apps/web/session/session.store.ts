import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { WEB_CONFIG, WebConfig } from '../web-config';
import type { FieldError } from '../core/form-errors';

/** Who is signed in: what the pages show and route on. Never the API token (that is `apiToken`, kept apart). */
export interface SignedInPerson {
  id: string;
  email: string;
  displayName: string;
  role: string;
  discipline: string | null;
  localAuthorityName: string;
}

/** What a form left behind for the page it redirects to (post/redirect/get): errors, what was typed, a notice. */
export interface Flash {
  errors?: FieldError[];
  values?: Record<string, unknown>;
  /** A success banner: one heading line. */
  notice?: string;
  /** Which form the errors belong to, when a page has several. */
  form?: string;
}

export interface SessionData {
  /** Milliseconds since the epoch: sign-in time (the absolute lifetime counts from it) and the last change of the data. */
  createdAt: number;
  lastSeenAt: number;
  person: SignedInPerson;
  /** The API's bearer token. Stays in Redis: never rendered, never in a cookie. */
  apiToken: string;
  /** The API's refresh token (rotated at each refresh) and when the access token expires (ms since the epoch). */
  refreshToken?: string;
  accessExpiresAt?: number;
  flash?: Flash;
  /** Pages may keep small state of their own here (JSON only). */
  extra?: Record<string, unknown>;
}

/** A loaded session: its id (the cookie's value) and data; `dirty` makes the hook write it back. */
export class WebSession {
  dirty = false;
  constructor(
    readonly id: string,
    public data: SessionData,
  ) {}

  get person(): SignedInPerson {
    return this.data.person;
  }

  setFlash(flash: Flash): void {
    this.data.flash = flash;
    this.dirty = true;
  }

  /** The flash, once: reading it removes it, so a reload shows a clean form. */
  takeFlash(): Flash {
    const flash = this.data.flash ?? {};
    if (this.data.flash) {
      delete this.data.flash;
      this.dirty = true;
    }
    return flash;
  }
}

/**
 * Sessions on the server, in Redis: the cookie carries only a random 256-bit id. A key expires after the idle
 * timeout (each request's read pushes it back) and is refused past the absolute lifetime counted from sign-in.
 */
@Injectable()
export class SessionStore implements OnModuleDestroy {
  readonly redis: Redis;

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
    // A Redis outage surfaces as a failed request (the error page), not an unhandled event.
    this.redis.on('error', () => undefined);
  }

  private key(id: string): string {
    return `${this.config.sessionPrefix}${id}`;
  }

  /** Milliseconds this session may still live: the idle timeout, capped by what is left of the absolute lifetime. */
  private ttlMs(data: SessionData, now: number): number {
    const absoluteLeft = data.createdAt + this.config.sessionMaxSeconds * 1000 - now;
    return Math.min(this.config.sessionIdleSeconds * 1000, absoluteLeft);
  }

  async create(person: SignedInPerson, apiToken: string, now = Date.now(), refresh?: { refreshToken: string; expiresIn: number }): Promise<WebSession> {
    const id = randomBytes(32).toString('base64url');
    const session = new WebSession(id, { createdAt: now, lastSeenAt: now, person, apiToken, ...(refresh ? { refreshToken: refresh.refreshToken, accessExpiresAt: now + refresh.expiresIn * 1000 } : {}) });
    await this.save(session, now);
    return session;
  }

  /**
   * The session, if it exists and is within its limits, read and its expiry pushed back to the idle timeout in one
   * round trip (GETEX): every request counts as a use, so a page that changes nothing needs no second command at the
   * end. Signing out deletes the key, and the next request finds nothing.
   */
  async load(id: string, now = Date.now()): Promise<WebSession | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const key = this.key(id);
    const raw = await this.redis.getex(key, 'PX', this.config.sessionIdleSeconds * 1000);
    if (!raw) return undefined;
    const data = JSON.parse(raw) as SessionData;
    // The idle timeout is the key's own expiry (every request pushes it back); the absolute lifetime is checked here,
    // and within the last idle period of it the key's expiry is brought forward to it (not awaited: it only tidies,
    // as this check refuses the session past its lifetime whatever the key's expiry).
    const ttl = this.ttlMs(data, now);
    if (ttl <= 0) {
      await this.destroy(id);
      return undefined;
    }
    if (ttl < this.config.sessionIdleSeconds * 1000) void this.redis.pexpire(key, ttl).catch(() => undefined);
    return new WebSession(id, data);
  }

  /** Writes the session back (a flash set or taken, a new API token), recording this use. */
  async save(session: WebSession, now = Date.now()): Promise<void> {
    session.data.lastSeenAt = now;
    const ttl = this.ttlMs(session.data, now);
    if (ttl <= 0) return this.destroy(session.id);
    await this.redis.set(this.key(session.id), JSON.stringify(session.data), 'PX', ttl);
    session.dirty = false;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
