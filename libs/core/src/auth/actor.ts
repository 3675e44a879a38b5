import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Discipline, Permission, Role } from './roles';

/**
 * The authenticated caller, as every service receives it. The local authority always comes from here, never from
 * a request body (architecture.md: tenancy everywhere).
 */
export interface Actor {
  userId: string;
  localAuthorityId: string;
  role: Role;
  discipline: Discipline | null;
  organisationId: string | null;
  requestId: string;
}

/** A system actor for jobs and CLI commands that act on behalf of a local authority. */
export function systemActor(localAuthorityId: string, requestId = 'system'): Actor {
  return { userId: '00000000-0000-0000-0000-000000000000', localAuthorityId, role: Role.LaAdmin, discipline: null, organisationId: null, requestId };
}

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_PERMISSIONS = 'auth:permissions';

/** The endpoint needs no authentication (health, login, OpenAPI). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The endpoint needs every listed permission; record-level access is then checked by the service. */
export const RequirePermissions = (...permissions: Permission[]) => SetMetadata(REQUIRED_PERMISSIONS, permissions);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
