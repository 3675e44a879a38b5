/**
 * Where each role starts (`GET /` redirects there, web-contract.md) and the service navigation it sees. Add a page
 * to a role's navigation here.
 */
/** The web's role for a family member (the API calls it `family_member`; its token opens only /api/v1/family/...). */
export const FAMILY_ROLE = 'family';

export const ROLE_HOME: Record<string, string> = {
  caseworker: '/cases',
  professional: '/advice',
  manager: '/dashboard',
  national_analyst: '/dashboard',
  la_admin: '/admin/users',
  family: '/family',
};

export interface NavItem {
  text: string;
  href: string;
}

export const ROLE_NAVIGATION: Record<string, NavItem[]> = {
  caseworker: [{ text: 'My cases', href: '/cases' }, { text: 'Moves between councils', href: '/transfers' }, { text: 'Notifications', href: '/notifications' }, { text: 'Your sessions', href: '/sessions' }],
  professional: [
    { text: 'Advice requests', href: '/advice' },
    { text: 'Section G to agree', href: '/health-sign-off' },
    { text: 'Provision you deliver', href: '/provision-inbox' },
    { text: 'Notifications', href: '/notifications' }, { text: 'Your sessions', href: '/sessions' }],
  manager: [{ text: 'Dashboard', href: '/dashboard' }, { text: 'Scorecard', href: '/scorecard' }, { text: 'Your sessions', href: '/sessions' }],
  national_analyst: [{ text: 'Dashboard', href: '/dashboard' }, { text: 'Your sessions', href: '/sessions' }],
  la_admin: [{ text: 'Users', href: '/admin/users' }, { text: 'Contacts on notices', href: '/admin/notice-contacts' }, { text: 'Your sessions', href: '/sessions' }],
  family: [{ text: 'Your children', href: '/family' }],
};

/** The navigation for a role, the item for the current section marked (`/cases/123` is under "My cases"). */
export function navigationFor(role: string | undefined, path: string): (NavItem & { active: boolean; current: boolean })[] {
  return (ROLE_NAVIGATION[role ?? ''] ?? []).map((item) => ({
    ...item,
    current: path === item.href,
    active: path !== item.href && path.startsWith(`${item.href}/`),
  }));
}
