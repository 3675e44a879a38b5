/** Who a user is to the service. Stored on the user; carried in the access token. */
export enum Role {
  LaAdmin = 'la_admin',
  Caseworker = 'caseworker',
  Manager = 'manager',
  Professional = 'professional',
  /** Read-only national aggregates across every LA (DfE or regional analysts); no child-level data. Not assignable by an LA. */
  NationalAnalyst = 'national_analyst',
  /**
   * A parent, young person or representative invited by a caseworker (libs/families). Signs in by emailed code with a
   * family token that only `/family/...` routes accept: no permission below, nothing of the staff API.
   */
  FamilyMember = 'family_member',
}

/** The roles an LA admin may give its users (a national analyst is created by an operator: `ehcp create-national-analyst`). */
export const LA_ROLES: readonly Role[] = [Role.LaAdmin, Role.Caseworker, Role.Manager, Role.Professional];

/** A professional's discipline, matching the kinds of advice in Regs 6(1). */
export enum Discipline {
  Education = 'education',
  Health = 'health',
  SocialCare = 'social_care',
  Psychology = 'psychology',
  Other = 'other',
}

/** What a handler needs. Roles are bundles of permissions; record-level access is checked in the services. */
export enum Permission {
  /** Read one child by id; the service then checks the record is within reach (professionals: via advice). */
  ChildrenRead = 'children:read',
  ChildrenSearch = 'children:search',
  ChildrenWrite = 'children:write',
  AssessmentsRead = 'assessments:read',
  AssessmentsWrite = 'assessments:write',
  AssessmentsImport = 'assessments:import',
  AdviceRespond = 'advice:respond',
  /** See advice requests: professionals those addressed to them, LA staff those of their LA. */
  AdviceRead = 'advice:read',
  AuditRead = 'audit:read',
  UsersManage = 'users:manage',
  OrganisationsManage = 'organisations:manage',
  ReportsRead = 'reports:read',
  /** Queue and delivery health (counts only, no case data): LA administrators. */
  OperationsRead = 'operations:read',
  /** Aggregate reports across every LA (`?scope=national`): per-LA figures, never a child or a caseworker. */
  ReportsNational = 'reports:national',
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.LaAdmin]: [Permission.AdviceRead, Permission.UsersManage, Permission.OrganisationsManage, Permission.AuditRead, Permission.ChildrenRead, Permission.ChildrenSearch, Permission.AssessmentsRead, Permission.ReportsRead, Permission.OperationsRead],
  [Role.Caseworker]: [Permission.AdviceRead, Permission.ChildrenRead, Permission.ChildrenSearch, Permission.ChildrenWrite, Permission.AssessmentsRead, Permission.AssessmentsWrite],
  [Role.Manager]: [Permission.AdviceRead, Permission.ChildrenRead, Permission.ChildrenSearch, Permission.ChildrenWrite, Permission.AssessmentsRead, Permission.AssessmentsWrite, Permission.AssessmentsImport, Permission.AuditRead, Permission.ReportsRead],
  // Professionals reach a case only through an advice request addressed to them: no assessment list or view.
  [Role.Professional]: [Permission.AdviceRead, Permission.AdviceRespond, Permission.ChildrenRead],
  [Role.NationalAnalyst]: [Permission.ReportsNational],
  // Family members never reach a staff route: the guard refuses a family token anywhere but a @FamilyRoute().
  [Role.FamilyMember]: [],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}
