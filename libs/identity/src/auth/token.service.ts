import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/core';

export interface AccessTokenClaims {
  sub: string;
  la: string;
}

/** Short-lived access tokens. Roles are re-read from the database on every request, so a change applies at once. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(userId: string, localAuthorityId: string): { accessToken: string; expiresIn: number } {
    const accessToken = this.jwt.sign({ la: localAuthorityId } satisfies Omit<AccessTokenClaims, 'sub'>, {
      subject: userId,
      expiresIn: this.config.jwtTtlSeconds,
      issuer: 'ehcp',
      audience: 'ehcp-api',
      algorithm: 'HS256',
    });
    return { accessToken, expiresIn: this.config.jwtTtlSeconds };
  }

  /** Returns the claims, or null for anything invalid, expired or forged. */
  verify(token: string): AccessTokenClaims | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, { issuer: 'ehcp', audience: 'ehcp-api', algorithms: ['HS256'] });
      return typeof claims.sub === 'string' && typeof claims.la === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
