import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Discipline, Permission, Role } from './roles';

/** A professional's admission to one LA's organisation record (identity's organisation_members). */
export interface OrganisationMembership {
  organisationId: string;
  /** The LA that owns the organisation and admitted the professional to it. */
  localAuthorityId: string;
}

/**
 * The authenticated caller, as every service receives it. The local authority always comes from here, never from
 * a request body (architecture.md: tenancy everywhere).
 */
export interface Actor {
  userId: string;
  localAuthorityId: string;
  role: Role;
  discipline: Discipline | null;
  /** The organisations a professional was admitted to, each by its own LA; empty for everyone else. */
  memberships: readonly OrganisationMembership[];
  requestId: string;
  /** The sign-in session the access token belongs to (user_sessions); absent for system actors and enrolment tokens. */
  sessionId?: string;
}

/**
 * Whether an LA has admitted the actor: their home LA, or one that admitted them to one of its organisations. A request
 * addressed to a professional by name reaches them only in such an LA.
 */
export function admittedBy(actor: Actor, localAuthorityId: string): boolean {
  return actor.localAuthorityId === localAuthorityId || actor.memberships.some((m) => m.localAuthorityId === localAuthorityId);
}

/** Whether the actor is a member of this organisation as the given LA knows it. */
export function memberOf(actor: Actor, organisationId: string, localAuthorityId: string): boolean {
  return actor.memberships.some((m) => m.organisationId === organisationId && m.localAuthorityId === localAuthorityId);
}

/** The user id of the system actor: no row in users stands behind it. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

/** A system actor for jobs and CLI commands that act on behalf of a local authority. */
export function systemActor(localAuthorityId: string, requestId = 'system'): Actor {
  return { userId: SYSTEM_USER_ID, localAuthorityId, role: Role.LaAdmin, discipline: null, memberships: [], requestId };
}

export const IS_PUBLIC = 'auth:isPublic';
export const IS_FAMILY_ROUTE = 'auth:isFamilyRoute';
export const REQUIRED_PERMISSIONS = 'auth:permissions';

/** The endpoint needs no authentication (health, login, OpenAPI). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The endpoint is for family members (libs/families): it takes a family token only (a staff token gets 403), and a
 * family token is refused (403) on every endpoint without this mark.
 */
export const FamilyRoute = () => SetMetadata(IS_FAMILY_ROUTE, true);

/** A signed-in family member, as the family routes receive them (no local authority: access is per child granted). */
export interface FamilyMemberActor {
  memberId: string;
  sessionId: string;
  requestId: string;
}

/** Resolves a family token's session: the port `identity.family-sessions`, bound by libs/families (libs/core/src/events). */
export interface FamilySessionResolver {
  /** True when the session is live (not revoked, not expired) and belongs to the member; records its last use. */
  isLive(memberId: string, sessionId: string): Promise<boolean>;
}

export const CurrentFamilyMember = createParamDecorator((_data: unknown, context: ExecutionContext): FamilyMemberActor => {
  const request = context.switchToHttp().getRequest<{ familyMember?: FamilyMemberActor }>();
  if (!request.familyMember) throw new Error('CurrentFamilyMember used on a route without @FamilyRoute()');
  return request.familyMember;
});

/** The endpoint needs every listed permission; record-level access is then checked by the service. */
export const RequirePermissions = (...permissions: Permission[]) => SetMetadata(REQUIRED_PERMISSIONS, permissions);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
