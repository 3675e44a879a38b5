import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/core';

export interface AccessTokenClaims {
  sub: string;
  la: string;
  /** The user's token version when the token was issued; the guard refuses it once the user's version moved on. */
  tv: number;
  /** The session (user_sessions) the token belongs to; the guard refuses it once the session has ended. */
  sid: string;
  iat: number;
}

/** What a second-factor token allows: completing a sign-in with a code (`mfa`), or enrolling a first factor (`enrol`). */
export type MfaTokenKind = 'mfa' | 'enrol';

export interface MfaTokenClaims {
  sub: string;
  la: string;
  tv: number;
  k: MfaTokenKind;
  iat: number;
}

/** How far ahead of this process's clock a token may claim to be issued (another API replica's clock drifting). */
/** A family member's token (libs/families): another audience, so the staff check never accepts one. */
export interface FamilyTokenClaims {
  sub: string;
  sid: string;
  iat: number;
}

const FAMILY_AUDIENCE = 'ehcp-family';

const CLOCK_SKEW_SECONDS = 60;
/** A password accepted waits this long for its second factor (or its enrolment). */
export const MFA_TOKEN_TTL_SECONDS = 600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Short-lived access tokens. Roles are re-read from the database on every request, so a change applies at once.
 * Token times are wall-clock seconds (the JWT library's clock), not the injected business Clock, which tests move by
 * months while a token stays in use.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(user: { id: string; localAuthorityId: string; tokenVersion: number }, sessionId: string): { accessToken: string; expiresIn: number } {
    const accessToken = this.jwt.sign({ la: user.localAuthorityId, tv: user.tokenVersion, sid: sessionId } satisfies Omit<AccessTokenClaims, 'sub' | 'iat'>, {
      subject: user.id,
      expiresIn: this.config.jwtTtlSeconds,
      issuer: 'ehcp',
      audience: 'ehcp-api',
      algorithm: 'HS256',
    });
    return { accessToken, expiresIn: this.config.jwtTtlSeconds };
  }

  /** A family member's access token for one session (the guard checks the session on every request). */
  issueFamily(member: { memberId: string; sessionId: string; ttlSeconds?: number }): { accessToken: string; expiresIn: number } {
    const expiresIn = Math.min(member.ttlSeconds ?? this.config.jwtTtlSeconds, this.config.jwtMaxAgeSeconds);
    const accessToken = this.jwt.sign({ sid: member.sessionId }, { subject: member.memberId, expiresIn, issuer: 'ehcp', audience: FAMILY_AUDIENCE, algorithm: 'HS256' });
    return { accessToken, expiresIn };
  }

  /** A family token's claims, or null (as `verify`, for the family audience). */
  verifyFamily(token: string): FamilyTokenClaims | null {
    const now = Math.floor(Date.now() / 1000);
    try {
      const claims = this.jwt.verify<FamilyTokenClaims>(token, { issuer: 'ehcp', audience: FAMILY_AUDIENCE, algorithms: ['HS256'], maxAge: this.config.jwtMaxAgeSeconds, clockTimestamp: now });
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
      if (!Number.isFinite(claims.iat) || claims.iat > now + CLOCK_SKEW_SECONDS) return null;
      return claims;
    } catch {
      return null;
    }
  }

  /** A token that only completes a sign-in (its audience is not the API's: the guard refuses it everywhere else). */
  issueMfa(user: { id: string; localAuthorityId: string; tokenVersion: number }, kind: MfaTokenKind): string {
    return this.jwt.sign({ la: user.localAuthorityId, tv: user.tokenVersion, k: kind } satisfies Omit<MfaTokenClaims, 'sub' | 'iat'>, {
      subject: user.id,
      expiresIn: MFA_TOKEN_TTL_SECONDS,
      issuer: 'ehcp',
      audience: 'ehcp-mfa',
      algorithm: 'HS256',
    });
  }

  verifyMfa(token: string, kind: MfaTokenKind): MfaTokenClaims | null {
    const now = Math.floor(Date.now() / 1000);
    try {
      const claims = this.jwt.verify<MfaTokenClaims>(token, { issuer: 'ehcp', audience: 'ehcp-mfa', algorithms: ['HS256'], maxAge: MFA_TOKEN_TTL_SECONDS, clockTimestamp: now });
      if (claims.k !== kind || typeof claims.sub !== 'string' || !UUID.test(claims.sub) || typeof claims.la !== 'string' || !Number.isSafeInteger(claims.tv)) return null;
      if (!Number.isFinite(claims.iat) || claims.iat > now + CLOCK_SKEW_SECONDS) return null;
      return claims;
    } catch {
      return null;
    }
  }

  /**
   * Returns the claims, or null for anything invalid, expired or forged, older than JWT_MAX_AGE_SECONDS whatever its
   * `exp` says (so a token signed with a long lifetime is still bounded), issued in the future, or without a session.
   */
  verify(token: string): AccessTokenClaims | null {
    const now = Math.floor(Date.now() / 1000);
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, {
        issuer: 'ehcp',
        audience: 'ehcp-api',
        algorithms: ['HS256'],
        maxAge: this.config.jwtMaxAgeSeconds,
        clockTimestamp: now,
      });
      if (typeof claims.sub !== 'string' || typeof claims.la !== 'string' || !Number.isSafeInteger(claims.tv)) return null;
      if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) return null;
      if (!Number.isFinite(claims.iat) || claims.iat > now + CLOCK_SKEW_SECONDS) return null;
      return claims;
    } catch {
      return null;
    }
  }
}
