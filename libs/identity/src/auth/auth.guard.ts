import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Discipline, ForbiddenError, IS_PUBLIC, OrganisationMembership, Permission, REQUIRED_PERMISSIONS, Role, roleHasPermission, UnauthenticatedError } from '@app/core';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { TokenService } from './token.service';

type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

interface GuardUserRow {
  id: string;
  local_authority_id: string;
  role: Role;
  discipline: Discipline | null;
  token_version: number;
  memberships: OrganisationMembership[] | null;
}

/** An active user by id; a professional's organisation memberships come in the same row (organisation_members). */
const GUARD_USER_SQL = `
  SELECT u.id, u.local_authority_id, u.role, u.discipline, u.token_version,
         CASE WHEN u.role = '${Role.Professional}' THEN
           (SELECT json_agg(json_build_object('organisationId', m.organisation_id, 'localAuthorityId', m.local_authority_id) ORDER BY m.created_at, m.organisation_id)
              FROM organisation_members m WHERE m.user_id = u.id)
         END AS memberships
    FROM users u
   WHERE u.id = $1 AND u.active`;

/**
 * The global guard: every route needs a valid bearer token unless marked @Public(). The user is re-read on each
 * request so that deactivation and role changes apply immediately, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.actor = await this.authenticate(request.headers.authorization, String(request.id));
    const user = request.actor;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [];
    if (!required.every((permission) => roleHasPermission(user.role, permission))) throw new ForbiddenError();
    return true;
  }

  /**
   * The signed-in user behind an `Authorization: Bearer` header, re-read from the database; throws
   * UnauthenticatedError otherwise. Also used outside Nest's routing (the queue dashboard), so one sign-in guards both.
   */
  async authenticate(header: string | string[] | undefined, requestId: string): Promise<Actor> {
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthenticatedError();
    const claims = this.tokens.verify(match[1]);
    if (!claims) throw new UnauthenticatedError('The access token is invalid or has expired: sign in again.');

    // One round trip: the user's columns the guard needs and, for a professional alone, their memberships (oldest
    // first); no entity mapping on the path every request takes.
    const [user] = await this.dataSource.query<GuardUserRow[]>(GUARD_USER_SQL, [claims.sub]);
    if (!user || user.local_authority_id !== claims.la) throw new UnauthenticatedError('The access token is no longer valid: sign in again.');
    // Revoked (no extra query): signed out, or password, role, organisation, discipline or active changed since issue.
    if (user.token_version !== claims.tv) throw new UnauthenticatedError('The access token is no longer valid: sign in again.');
    return {
      userId: user.id,
      localAuthorityId: user.local_authority_id,
      role: user.role,
      discipline: user.discipline,
      memberships: user.role === Role.Professional ? (user.memberships ?? []) : [],
      requestId,
    };
  }
}
