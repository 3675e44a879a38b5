import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ForbiddenError, IS_PUBLIC, Permission, REQUIRED_PERMISSIONS, Role, roleHasPermission, UnauthenticatedError } from '@app/core';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { User } from '../entities/user.entity';
import { OrganisationsService } from '../organisations.service';
import { TokenService } from './token.service';

type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/**
 * The global guard: every route needs a valid bearer token unless marked @Public(). The user is re-read on each
 * request so that deactivation and role changes apply immediately, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly organisations: OrganisationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthenticatedError();
    const claims = this.tokens.verify(match[1]);
    if (!claims) throw new UnauthenticatedError('The access token is invalid or has expired: sign in again.');

    const user = await this.dataSource.getRepository(User).findOne({ where: { id: claims.sub, active: true } });
    if (!user || user.localAuthorityId !== claims.la) throw new UnauthenticatedError('The access token is no longer valid: sign in again.');
    // Revoked (no extra query): signed out, or password, role, organisation, discipline or active changed since issue.
    if (user.tokenVersion !== claims.tv) throw new UnauthenticatedError('The access token is no longer valid: sign in again.');

    request.actor = {
      userId: user.id,
      localAuthorityId: user.localAuthorityId,
      role: user.role,
      discipline: user.discipline,
      // Only a professional reaches anything through organisations; one indexed read, for them alone.
      memberships: user.role === Role.Professional ? await this.organisations.membershipsOf(user.id) : [],
      requestId: String(request.id),
    };
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [];
    if (!required.every((permission) => roleHasPermission(user.role, permission))) throw new ForbiddenError();
    return true;
  }
}
