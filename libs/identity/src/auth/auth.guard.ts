import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Discipline, DomainEvents, FamilyMemberActor, ForbiddenError, IS_FAMILY_ROUTE, IS_PUBLIC, OrganisationMembership, Permission, REQUIRED_PERMISSIONS, Role, roleHasPermission, UnauthenticatedError } from '@app/core';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { TokenService } from './token.service';

type AuthenticatedRequest = FastifyRequest & { actor?: Actor; familyMember?: FamilyMemberActor; enrolmentToken?: boolean };

export const ALLOWS_ENROLMENT_TOKEN = 'auth:allowsEnrolmentToken';
/**
 * The route also takes the `mfaToken` a sign-in answers with `mfaEnrolmentRequired` (setting up a second factor before
 * the first session); the handler sees `request.enrolmentToken === true` then.
 */
export const AllowsEnrolmentToken = () => SetMetadata(ALLOWS_ENROLMENT_TOKEN, true);

interface GuardUserRow {
  id: string;
  local_authority_id: string;
  role: Role;
  discipline: Discipline | null;
  token_version: number;
  memberships: OrganisationMembership[] | null;
  session_live: boolean | null;
}

/** An active user by id; a professional's organisation memberships come in the same row (organisation_members). */
const GUARD_USER_SQL = `
  SELECT u.id, u.local_authority_id, u.role, u.discipline, u.token_version,
         CASE WHEN u.role = '${Role.Professional}' THEN
           (SELECT json_agg(json_build_object('organisationId', m.organisation_id, 'localAuthorityId', m.local_authority_id) ORDER BY m.created_at, m.organisation_id)
              FROM organisation_members m WHERE m.user_id = u.id)
         END AS memberships,
         (SELECT s.revoked_at IS NULL AND s.expires_at > now() AND s.token_version = u.token_version
            FROM user_sessions s WHERE s.id = $2::uuid AND s.user_id = u.id) AS session_live
    FROM users u
   WHERE u.id = $1 AND u.active`;

/** The token of an `Authorization: Bearer` header; 401 without one. */
function bearerToken(header: string | string[] | undefined): string {
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim()) : null;
  if (!match) throw new UnauthenticatedError();
  return match[1];
}

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
    private readonly events: DomainEvents,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(IS_FAMILY_ROUTE, targets)) {
      return this.admitFamilyMember(request, bearerToken(request.headers.authorization));
    }
    const allowsEnrolment = this.reflector.getAllAndOverride<boolean>(ALLOWS_ENROLMENT_TOKEN, targets) ?? false;
    request.actor = await this.authenticate(request.headers.authorization, String(request.id), { allowsEnrolment, request });
    const user = request.actor;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [];
    if (!required.every((permission) => roleHasPermission(user.role, permission))) throw new ForbiddenError();
    return true;
  }

  /**
   * The signed-in user behind an `Authorization: Bearer` header, re-read from the database with their session; throws
   * UnauthenticatedError otherwise. Also used outside Nest's routing (the queue dashboard), so one sign-in guards both.
   */
  async authenticate(
    header: string | string[] | undefined,
    requestId: string,
    options: { allowsEnrolment?: boolean; request?: AuthenticatedRequest } = {},
  ): Promise<Actor> {
    const token = bearerToken(header);
    let claims: { sub: string; la: string; tv: number; sid: string | null } | null = this.tokens.verify(token);
    if (!claims && options.allowsEnrolment) {
      const enrolment = this.tokens.verifyMfa(token, 'enrol');
      if (enrolment) {
        claims = { ...enrolment, sid: null };
        if (options.request) options.request.enrolmentToken = true;
      }
    }
    if (!claims) {
      // A family member's valid token on a staff route: the role has none of the staff API.
      if (this.tokens.verifyFamily(token)) throw new ForbiddenError('A family account reaches only the /family endpoints.');
      throw new UnauthenticatedError('The access token is invalid or has expired: sign in again.');
    }

    // One round trip: the user's columns the guard needs, whether the token's session is live and, for a professional
    // alone, their memberships (oldest first); no entity mapping on the path every request takes.
    const [user] = await this.dataSource.query<GuardUserRow[]>(GUARD_USER_SQL, [claims.sub, claims.sid]);
    if (!user || user.local_authority_id !== claims.la) throw new UnauthenticatedError('The access token is no longer valid: sign in again.');
    // Revoked (no extra query): signed out, or password, role, organisation, discipline or active changed since issue.
    if (user.token_version !== claims.tv) throw new UnauthenticatedError('The access token is no longer valid: sign in again.');
    // The session ended (signed out on that device, ended from another, by an administrator, or a refresh token replayed).
    if (claims.sid !== null && user.session_live !== true) throw new UnauthenticatedError('This session has ended: sign in again.');

    return {
      userId: user.id,
      localAuthorityId: user.local_authority_id,
      role: user.role,
      discipline: user.discipline,
      memberships: user.role === Role.Professional ? (user.memberships ?? []) : [],
      requestId,
      ...(claims.sid ? { sessionId: claims.sid } : {}),
    };
  }

  /** A family route: a family token whose session is live; a staff token is refused (403), anything else 401. */
  private async admitFamilyMember(request: AuthenticatedRequest, token: string): Promise<boolean> {
    const claims = this.tokens.verifyFamily(token);
    if (!claims) {
      if (this.tokens.verify(token)) throw new ForbiddenError('The /family endpoints are for family members; staff use the case endpoints.');
      throw new UnauthenticatedError('The access token is invalid or has expired: sign in again.');
    }
    // The families context answers (port `identity.family-sessions`): identity does not depend on families.
    if (!(await this.events.port('identity.family-sessions').isLive(claims.sub, claims.sid))) throw new UnauthenticatedError('The session has ended: sign in again.');
    request.familyMember = { memberId: claims.sub, sessionId: claims.sid, requestId: String(request.id) };
    return true;
  }
}
