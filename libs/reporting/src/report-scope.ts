import { Actor, ForbiddenError, Permission, roleHasPermission } from '@app/core';

/** Whose figures a report covers: the caller's LA, or every LA (aggregates only, for the national analyst role). */
export type ReportScope = { kind: 'local_authority'; localAuthorityId: string } | { kind: 'national' };

/**
 * `?scope=national` needs reports:national (national analysts); anything else reads the caller's own LA and needs
 * reports:read. A manager asking for national figures and an analyst asking for an LA's are both refused (403).
 */
export function resolveScope(actor: Actor, requested: 'local_authority' | 'national' | undefined): ReportScope {
  if (requested === 'national') {
    if (!roleHasPermission(actor.role, Permission.ReportsNational)) throw new ForbiddenError('National figures need the national analyst role; managers see their own local authority.');
    return { kind: 'national' };
  }
  if (!roleHasPermission(actor.role, Permission.ReportsRead)) throw new ForbiddenError();
  return { kind: 'local_authority', localAuthorityId: actor.localAuthorityId };
}
