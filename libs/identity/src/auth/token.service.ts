import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/core';

export interface AccessTokenClaims {
  sub: string;
  la: string;
  /** The user's token version when the token was issued; the guard refuses it once the user's version moved on. */
  tv: number;
  iat: number;
}

/** A family member's token (libs/families): another audience, so the staff check never accepts one. */
export interface FamilyTokenClaims {
  sub: string;
  sid: string;
  iat: number;
}

const FAMILY_AUDIENCE = 'ehcp-family';

/** How far ahead of this process's clock a token may claim to be issued (another API replica's clock drifting). */
const CLOCK_SKEW_SECONDS = 60;

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

  issue(user: { id: string; localAuthorityId: string; tokenVersion: number }): { accessToken: string; expiresIn: number } {
    const accessToken = this.jwt.sign({ la: user.localAuthorityId, tv: user.tokenVersion } satisfies Omit<AccessTokenClaims, 'sub' | 'iat'>, {
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

  /**
   * Returns the claims, or null for anything invalid, expired or forged, older than JWT_MAX_AGE_SECONDS whatever its
   * `exp` says (so a token signed with a long lifetime is still bounded), or issued in the future.
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
      if (!Number.isFinite(claims.iat) || claims.iat > now + CLOCK_SKEW_SECONDS) return null;
      return claims;
    } catch {
      return null;
    }
  }
}
