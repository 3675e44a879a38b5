import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { admitMember, bearer, createLocalAuthority, createOrganisation, createUser, TEST_PASSWORD, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { familySignIn } from './support/family';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * The role matrix of docs/roles.md, cell by cell. `allow`: the role gets past access control (any answer but 401,
 * 403 or 404: a 409 or 422 about the record's state still means it was allowed to try); `deny`: 403, the role has
 * no such action; `hidden`: 404, the record is not one the caller may know of.
 */
type Outcome = 'allow' | 'deny' | 'hidden';
type Who = 'la_admin' | 'caseworker' | 'manager' | 'adviser' | 'other_professional' | 'national_analyst' | 'family';
/** `family`: a family member signed in by emailed code, invited to the child of the draft plan (issue 26). */
const WHO: Who[] = ['la_admin', 'caseworker', 'manager', 'adviser', 'other_professional', 'national_analyst', 'family'];
const FAMILY_EMAIL = 'matrix.parent@family.example';

interface Fixture {
  childId: string;
  contactId: string;
  assessmentId: string;
  adviceId: string;
  attachmentId: string;
  userId: string;
  organisationId: string;
  planId: string;
  notificationId: string;
  /** An issued plan with a review arranged (the review rows). */
  issuedPlanId: string;
  reviewId: string;
  appealId: string;
  /** The family's rows: the draft plan's case (the family member reaches it), a grant, a comment and a document on it. */
  familyAssessmentId: string;
  accessId: string;
  contributionId: string;
  documentId: string;
  viewId: string;
  /** An outgoing transfer of the fixture's assessment (issue 28). */
  transferId: string;
  /** A re-assessment request on a plan (issue 28). */
  reassessmentId: string;
  /** A personal budget request on the draft plan (issue 28). */
  budgetRequestId: string;
  /** A board pack the LA's manager asked for (issue 27). */
  boardPackId: string;
}

interface Row {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: (f: Fixture) => string;
  body?: unknown;
  contentType?: string;
  ifMatch?: string;
  /** Build a fresh fixture for each role (the call removes or changes what the next role would reach). */
  perRole?: boolean;
  /** The call revokes the caller's tokens: each role signs in again afterwards so the next rows have a live token. */
  signsOut?: boolean;
  /** A family token is refused (403) on every staff endpoint: rows say `family` only where it differs. */
  expect: Record<Exclude<Who, 'family'>, Outcome> & { family?: Outcome };
}

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');
const NIL = '00000000-0000-4000-8000-000000000000';
const A = 'allow' as const;
const D = 'deny' as const;
const H = 'hidden' as const;
const staffOnly = (admin: Outcome = D): Row['expect'] => ({ la_admin: admin, caseworker: A, manager: A, adviser: D, other_professional: D, national_analyst: D });
const readers: Row['expect'] = { la_admin: A, caseworker: A, manager: A, adviser: D, other_professional: D, national_analyst: D };
/** The family's own endpoints: every staff token is refused. */
const familyOnly: Row['expect'] = { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D, family: A };

/** Operations without a bearer token (sign-in steps whose own credential is in the body). */
const PUBLIC_OPERATIONS = ['GET /health', 'GET /health/live', 'GET /health/ready', 'GET /version', 'POST /family/sign-in', 'POST /family/sign-in/verify', 'POST /auth/login', 'POST /auth/login/mfa', 'POST /auth/refresh', 'GET /auth/oidc/providers', 'POST /auth/oidc/:providerId/authorize-url', 'POST /auth/oidc/:providerId/callback'];

export const MATRIX: Record<string, Row> = {
  'GET /auth/me': { method: 'get', path: () => '/api/v1/auth/me', expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: A } },
  'POST /auth/logout': { method: 'post', path: () => '/api/v1/auth/logout', signsOut: true, expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: A } },
  'GET /auth/sessions': { method: 'get', path: () => '/api/v1/auth/sessions', expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: A } },
  'DELETE /auth/sessions/:id': { method: 'delete', path: () => '/api/v1/auth/sessions/00000000-0000-4000-8000-000000000000', expect: { la_admin: H, caseworker: H, manager: H, adviser: H, other_professional: H, national_analyst: H } },
  // Confirm before enrol: with nothing being enrolled every role gets past access control to a 409.
  'POST /auth/totp/confirm': { method: 'post', path: () => '/api/v1/auth/totp/confirm', body: { code: '000000' }, expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: A } },
  'POST /auth/totp/enrol': { method: 'post', path: () => '/api/v1/auth/totp/enrol', expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: A } },
  'GET /users/:id/sessions': { method: 'get', path: (f) => `/api/v1/users/${f.userId}/sessions`, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'DELETE /users/:id/sessions': { method: 'delete', path: (f) => `/api/v1/users/${f.userId}/sessions`, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'DELETE /users/:id/second-factor': { method: 'delete', path: (f) => `/api/v1/users/${f.userId}/second-factor`, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'POST /identity-providers': { method: 'post', path: () => '/api/v1/identity-providers', body: { name: 'IdP', issuer: 'https://idp.example', clientId: 'c', clientSecretRef: 'env:IDP_SECRET' }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /identity-providers': { method: 'get', path: () => '/api/v1/identity-providers', expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /identity-providers/:id': { method: 'get', path: () => '/api/v1/identity-providers/00000000-0000-4000-8000-000000000000', expect: { la_admin: H, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /local-authority/sign-in-policy': { method: 'get', path: () => '/api/v1/local-authority/sign-in-policy', expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'PUT /local-authority/sign-in-policy': { method: 'put', path: () => '/api/v1/local-authority/sign-in-policy', body: { mfaRequiredFor: 'none' }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /users': { method: 'get', path: () => '/api/v1/users', expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'POST /users': { method: 'post', path: () => '/api/v1/users', body: { email: 'x@y.test', displayName: 'X', role: 'caseworker', password: 'long-enough-password' }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /users/:id': { method: 'get', path: (f) => `/api/v1/users/${f.userId}`, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'PATCH /users/:id': { method: 'patch', path: (f) => `/api/v1/users/${f.userId}`, body: { displayName: 'Renamed' }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'POST /organisations': { method: 'post', path: () => '/api/v1/organisations', body: { name: 'New org', kind: 'school' }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /organisations': { method: 'get', path: () => '/api/v1/organisations', expect: readers },
  'GET /organisations/:id': { method: 'get', path: (f) => `/api/v1/organisations/${f.organisationId}`, expect: readers },
  'PATCH /organisations/:id': { method: 'patch', path: (f) => `/api/v1/organisations/${f.organisationId}`, body: { sharedInboxEmail: null }, ifMatch: '"999"', expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /organisations/:id/members': { method: 'get', path: (f) => `/api/v1/organisations/${f.organisationId}/members`, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'POST /organisations/:id/members': { method: 'post', path: (f) => `/api/v1/organisations/${f.organisationId}/members`, body: { email: 'nobody@nowhere.test' }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'DELETE /organisations/:id/members/:userId': { method: 'delete', path: (f) => `/api/v1/organisations/${f.organisationId}/members/${f.userId}`, perRole: true, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /operations/queues': { method: 'get', path: () => '/api/v1/operations/queues', expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /audit': { method: 'get', path: (f) => `/api/v1/audit?entityType=child&entityId=${f.childId}`, expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'POST /children': { method: 'post', path: () => '/api/v1/children', body: { givenName: 'New', familyName: 'Child', dateOfBirth: '2015-01-01' }, expect: staffOnly() },
  'GET /children': { method: 'get', path: () => '/api/v1/children', expect: readers },
  'GET /children/:id': { method: 'get', path: (f) => `/api/v1/children/${f.childId}`, expect: { la_admin: A, caseworker: A, manager: A, adviser: H, other_professional: H, national_analyst: D } },
  'PATCH /children/:id': { method: 'patch', path: (f) => `/api/v1/children/${f.childId}`, body: { familyName: 'Changed' }, ifMatch: '"1"', perRole: true, expect: staffOnly() },
  'POST /children/:id/contacts': { method: 'post', path: (f) => `/api/v1/children/${f.childId}/contacts`, body: { name: 'Aunt', relationship: 'other' }, expect: staffOnly() },
  'PATCH /children/:id/contacts/:contactId': { method: 'patch', path: (f) => `/api/v1/children/${f.childId}/contacts/${f.contactId}`, body: { name: 'Renamed' }, expect: staffOnly() },
  'DELETE /children/:id/contacts/:contactId': { method: 'delete', path: (f) => `/api/v1/children/${f.childId}/contacts/${f.contactId}`, perRole: true, expect: staffOnly() },
  'POST /assessments': { method: 'post', path: () => '/api/v1/assessments', body: { childId: '00000000-0000-4000-8000-000000000000', requestReceivedOn: '2026-01-05', requestSource: 'parent' }, expect: { ...staffOnly(), caseworker: H, manager: H } },
  'GET /assessments': { method: 'get', path: () => '/api/v1/assessments', expect: readers },
  'GET /assessments/:id': { method: 'get', path: (f) => `/api/v1/assessments/${f.assessmentId}`, expect: readers },
  'GET /assessments/:id/timeline': { method: 'get', path: (f) => `/api/v1/assessments/${f.assessmentId}/timeline`, expect: readers },
  'POST /assessments/:id/decision-to-assess': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/decision-to-assess`, body: { decision: 'assess', decidedOn: '2026-02-02' }, expect: staffOnly() },
  'POST /assessments/:id/decision-to-issue': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/decision-to-issue`, body: { decision: 'issue', decidedOn: '2026-03-02' }, expect: staffOnly() },
  'POST /assessments/:id/draft-plan': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/draft-plan`, body: { issuedOn: '2026-03-03' }, expect: staffOnly() },
  'POST /assessments/:id/representations': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/representations`, body: { receivedOn: '2026-03-04' }, expect: staffOnly() },
  'POST /assessments/:id/final-plan': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/final-plan`, body: { issuedOn: '2026-03-05' }, expect: staffOnly() },
  'POST /assessments/:id/withdraw': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/withdraw`, body: { withdrawnOn: '2026-03-06', reason: 'moved_away' }, perRole: true, expect: staffOnly() },
  'POST /assessments/:id/exceptions': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/exceptions`, body: { ground: 'personal_circumstances', startsOn: '2026-02-10', reason: 'Bereavement' }, expect: staffOnly() },
  'POST /assessments/:id/school-consultations': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/school-consultations`, body: { schoolName: 'Matrix School', consultedOn: '2026-03-01' }, expect: staffOnly() },
  // The fixture has no consultation, so the LA's staff pass the permission check and find nothing (404).
  'POST /assessments/:id/school-consultations/:consultationId/response': {
    method: 'post',
    path: (f) => `/api/v1/assessments/${f.assessmentId}/school-consultations/00000000-0000-4000-8000-000000000000/response`,
    body: { respondedOn: '2026-03-02', response: 'agrees' },
    expect: { ...staffOnly(), caseworker: H, manager: H },
  },
  'POST /assessments/:id/caseworker': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/caseworker`, body: { caseworkerId: '00000000-0000-4000-8000-000000000000' }, expect: staffOnly() },
  'POST /assessments/import': { method: 'post', path: () => '/api/v1/assessments/import', body: '{}', contentType: 'application/x-ndjson', expect: { la_admin: D, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'POST /assessments/:id/advice-requests': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/advice-requests`, body: { discipline: 'psychology', requestedOn: '2026-02-10' }, expect: staffOnly() },
  'POST /assessments/:id/reused-advice': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/reused-advice`, body: { discipline: 'psychology', reusedAdvice: 'EP report', adviserAgreedOn: '2026-02-10', localAuthorityAgreedOn: '2026-02-10', familyAgreedOn: '2026-02-10' }, expect: staffOnly() },
  'GET /advice-requests': { method: 'get', path: () => '/api/v1/advice-requests', expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: D } },
  'GET /advice-requests/summary': { method: 'get', path: () => '/api/v1/advice-requests/summary?groupBy=discipline', expect: readers },
  'GET /advice-requests/:id': { method: 'get', path: (f) => `/api/v1/advice-requests/${f.adviceId}`, expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: H, national_analyst: D } },
  'POST /advice-requests/:id/submission': { method: 'post', path: (f) => `/api/v1/advice-requests/${f.adviceId}/submission`, body: { summary: 'Advice', needs: [], outcomes: [], provision: [] }, expect: { la_admin: D, caseworker: D, manager: D, adviser: A, other_professional: H, national_analyst: D } },
  'POST /advice-requests/:id/received': { method: 'post', path: (f) => `/api/v1/advice-requests/${f.adviceId}/received`, body: { receivedOn: '2026-02-20' }, perRole: true, expect: staffOnly() },
  'POST /advice-requests/:id/accept': { method: 'post', path: (f) => `/api/v1/advice-requests/${f.adviceId}/accept`, expect: staffOnly() },
  'POST /advice-requests/:id/return': { method: 'post', path: (f) => `/api/v1/advice-requests/${f.adviceId}/return`, body: { reason: 'Please add detail' }, expect: staffOnly() },
  'POST /advice-requests/:id/exceptions': { method: 'post', path: (f) => `/api/v1/advice-requests/${f.adviceId}/exceptions`, body: { ground: 'missed_appointment', startsOn: '2026-02-12', reason: 'Missed clinic' }, expect: { la_admin: D, caseworker: A, manager: A, adviser: A, other_professional: H, national_analyst: D } },
  'POST /advice-requests/:id/attachments': { method: 'post', path: (f) => `/api/v1/advice-requests/${f.adviceId}/attachments?fileName=a.pdf`, body: PDF, contentType: 'application/octet-stream', expect: { la_admin: D, caseworker: A, manager: A, adviser: A, other_professional: H, national_analyst: D } },
  'GET /advice-requests/:id/attachments/:attachmentId': { method: 'get', path: (f) => `/api/v1/advice-requests/${f.adviceId}/attachments/${f.attachmentId}`, expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: H, national_analyst: D } },
  'GET /plans/:id': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}`, expect: readers },
  'PUT /plans/:id/sections/:code': { method: 'put', path: (f) => `/api/v1/plans/${f.planId}/sections/J`, body: { text: 'No personal budget.' }, ifMatch: '"1"', expect: staffOnly() },
  'POST /plans/:id/from-advice': { method: 'post', path: (f) => `/api/v1/plans/${f.planId}/from-advice`, body: { adviceRequestId: '00000000-0000-4000-8000-000000000000' }, ifMatch: '"1"', expect: staffOnly() },
  'GET /plans/:id/quality': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/quality`, expect: readers },
  'GET /plans/:id/versions': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/versions`, expect: readers },
  'GET /plans/:id/versions/:number': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/versions/1`, expect: readers },
  'GET /plans/:id/compare': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/compare?from=1&to=1`, expect: readers },
  'GET /plans/:id/pdf': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/pdf`, expect: readers },
  'GET /plans': { method: 'get', path: () => '/api/v1/plans?phaseTransferYear=2027', expect: readers },
  'POST /plans/:id/reviews': { method: 'post', path: (f) => `/api/v1/plans/${f.issuedPlanId}/reviews`, body: { meetingOn: '2026-06-01' }, expect: staffOnly() },
  'GET /plans/:id/reviews': { method: 'get', path: (f) => `/api/v1/plans/${f.issuedPlanId}/reviews`, expect: readers },
  'PUT /plans/:id/phase-transfer': { method: 'put', path: (f) => `/api/v1/plans/${f.issuedPlanId}/phase-transfer`, body: { kind: 'primary_to_secondary', transferOn: '2027-09-01' }, expect: staffOnly() },
  'PUT /plans/:id/review-interval': { method: 'put', path: (f) => `/api/v1/plans/${f.issuedPlanId}/review-interval`, body: { months: 12 }, expect: staffOnly() },
  'GET /reviews/:id': { method: 'get', path: (f) => `/api/v1/reviews/${f.reviewId}`, expect: readers },
  'POST /reviews/:id/invitations': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/invitations`, body: { sentOn: '2026-04-01' }, expect: staffOnly() },
  'PUT /reviews/:id/meeting': { method: 'put', path: (f) => `/api/v1/reviews/${f.reviewId}/meeting`, body: { meetingOn: '2026-06-01' }, expect: staffOnly() },
  'POST /reviews/:id/meeting-held': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/meeting-held`, body: {}, expect: staffOnly() },
  'POST /reviews/:id/report': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/report`, body: { issuedOn: '2026-04-01' }, expect: staffOnly() },
  'POST /reviews/:id/decision': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/decision`, body: { decision: 'maintain', notifiedOn: '2026-04-01' }, expect: staffOnly() },
  'POST /reviews/:id/representations': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/representations`, body: { receivedOn: '2026-04-01' }, expect: staffOnly() },
  'POST /reviews/:id/not-amending': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/not-amending`, body: { notifiedOn: '2026-04-01', reasons: 'No change needed' }, expect: staffOnly() },
  'POST /reviews/:id/amended-plan': { method: 'post', path: (f) => `/api/v1/reviews/${f.reviewId}/amended-plan`, body: { issuedOn: '2026-04-01' }, expect: staffOnly() },
  'GET /reports/timeliness': { method: 'get', path: () => '/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/timeliness?scope=national': { method: 'get', path: () => '/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31&scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/risk': { method: 'get', path: () => '/api/v1/reports/risk', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/risk?scope=national': { method: 'get', path: () => '/api/v1/reports/risk?scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/exception-rates': { method: 'get', path: () => '/api/v1/reports/exception-rates?from=2026-01-01&to=2026-12-31', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/exception-rates?scope=national': { method: 'get', path: () => '/api/v1/reports/exception-rates?from=2026-01-01&to=2026-12-31&scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/reviews': { method: 'get', path: () => '/api/v1/reports/reviews?from=2026-01-01&to=2026-12-31', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/reviews?scope=national': { method: 'get', path: () => '/api/v1/reports/reviews?from=2026-01-01&to=2026-12-31&scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/appeals': { method: 'get', path: () => '/api/v1/reports/appeals?from=2026-01-01&to=2026-12-31', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/appeals?scope=national': { method: 'get', path: () => '/api/v1/reports/appeals?from=2026-01-01&to=2026-12-31&scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/ceased-plans': { method: 'get', path: () => '/api/v1/reports/ceased-plans?from=2026-01-01&to=2026-12-31', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/ceased-plans?scope=national': { method: 'get', path: () => '/api/v1/reports/ceased-plans?from=2026-01-01&to=2026-12-31&scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/sen2': { method: 'get', path: () => '/api/v1/reports/sen2?censusDate=2027-01-21', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/sen2 (xml)': { method: 'get', path: () => '/api/v1/reports/sen2?censusDate=2027-01-21&format=xml', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/dashboard': { method: 'get', path: () => '/api/v1/reports/dashboard', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/dashboard (national)': { method: 'get', path: () => '/api/v1/reports/dashboard?scope=national', expect: { la_admin: D, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: A } },
  'GET /reports/scorecard': { method: 'get', path: () => '/api/v1/reports/scorecard?from=2026-01-01&to=2026-12-31', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/scorecard/targets': { method: 'get', path: () => '/api/v1/reports/scorecard/targets', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'PUT /reports/scorecard/targets/:measure': { method: 'put', path: () => '/api/v1/reports/scorecard/targets/appeal_rate', body: { target: 5, amber: 10 }, expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/scorecard/commentary': { method: 'get', path: () => '/api/v1/reports/scorecard/commentary', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'POST /reports/board-packs': { method: 'post', path: () => '/api/v1/reports/board-packs', body: { from: '2026-01-01', to: '2026-03-31' }, expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/board-packs': { method: 'get', path: () => '/api/v1/reports/board-packs', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/board-packs/:id': { method: 'get', path: (f) => `/api/v1/reports/board-packs/${f.boardPackId}`, expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/board-packs/:id/pdf': { method: 'get', path: (f) => `/api/v1/reports/board-packs/${f.boardPackId}/pdf`, expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'POST /reports/scorecard/commentary': { method: 'post', path: () => '/api/v1/reports/scorecard/commentary', body: { measure: 'appeal_rate', periodFrom: '2026-01-01', periodTo: '2026-12-31', owner: 'Head of SEN', action: 'Mediation first', dueOn: '2026-12-31' }, expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /reports/sen2/validation': { method: 'get', path: () => '/api/v1/reports/sen2/validation?censusDate=2027-01-21', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  'GET /notifications': { method: 'get', path: () => '/api/v1/notifications', expect: { la_admin: A, caseworker: A, manager: A, adviser: A, other_professional: A, national_analyst: A } },
  'POST /notifications/:id/read': { method: 'post', path: (f) => `/api/v1/notifications/${f.notificationId}/read`, expect: { la_admin: H, caseworker: A, manager: H, adviser: H, other_professional: H, national_analyst: H } },
  'DELETE /advice-requests/:id/attachments/:attachmentId': { method: 'delete', path: (f) => `/api/v1/advice-requests/${f.adviceId}/attachments/${f.attachmentId}`, perRole: true, expect: { la_admin: D, caseworker: A, manager: A, adviser: A, other_professional: H, national_analyst: D } },
  // Disagreements and endings (issue 14): appeals, orders, ceasing.
  // No such review: the LA's staff pass the permission check and find nothing (404).
  'POST /appeals': { method: 'post', path: () => '/api/v1/appeals', body: { subjectType: 'review', subjectId: '00000000-0000-4000-8000-000000000000', decision: 'not_to_amend', noticeOn: '2026-03-01' }, expect: { ...staffOnly(), caseworker: H, manager: H } },
  'GET /appeals': { method: 'get', path: () => '/api/v1/appeals', expect: readers },
  'GET /appeals/:id': { method: 'get', path: (f) => `/api/v1/appeals/${f.appealId}`, expect: readers },
  'POST /appeals/:id/mediation': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/mediation`, body: { adviserContactedOn: '2026-03-01' }, expect: staffOnly() },
  'POST /appeals/:id/mediation-certificate': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/mediation-certificate`, body: { issuedOn: '2026-03-02' }, expect: staffOnly() },
  'POST /appeals/:id/lodged': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/lodged`, body: { lodgedOn: '2026-03-03' }, expect: staffOnly() },
  'POST /appeals/:id/hearing': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/hearing`, body: { hearingOn: '2026-06-01' }, expect: staffOnly() },
  'POST /appeals/:id/outcome': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/outcome`, body: { outcome: 'withdrawn', decidedOn: '2026-03-04' }, perRole: true, expect: staffOnly() },
  'POST /appeals/:id/orders': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/orders`, body: { kind: 'dismissed', orderedOn: '2026-03-05' }, perRole: true, expect: staffOnly() },
  'POST /appeals/:id/orders/:orderId/compliance': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/orders/00000000-0000-4000-8000-000000000000/compliance`, body: { duty: 'notify_assess', doneOn: '2026-03-05' }, expect: { la_admin: D, caseworker: H, manager: H, adviser: D, other_professional: D, national_analyst: D } },
  'POST /appeals/:id/orders/:orderId/recommendations': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/orders/00000000-0000-4000-8000-000000000000/recommendations`, body: { kind: 'health', body: 'NHS North ICB', text: 'A sensory assessment.' }, expect: { la_admin: D, caseworker: H, manager: H, adviser: D, other_professional: D, national_analyst: D } },
  'POST /appeals/:id/recommendations/:recommendationId/answer': { method: 'post', path: (f) => `/api/v1/appeals/${f.appealId}/recommendations/00000000-0000-4000-8000-000000000000/answer`, body: { text: 'Agreed.', answeredOn: '2026-03-05', answeredBy: 'DCO' }, expect: { la_admin: D, caseworker: H, manager: H, adviser: D, other_professional: D, national_analyst: D } },
  'POST /plans/:id/cease': { method: 'post', path: (f) => `/api/v1/plans/${f.planId}/cease`, body: { reason: 2, notifiedOn: '2026-03-20' }, expect: staffOnly() },
  'POST /plans/:id/cease/consultations': { method: 'post', path: (f) => `/api/v1/plans/${f.planId}/cease/consultations`, body: { consultee: 'family', consultedOn: '2026-03-15' }, expect: staffOnly() },
  'GET /plans/:id/cessation': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/cessation`, expect: readers },
  // Families in the process (issue 26): the caseworker's side, then the family's own endpoints.
  'POST /children/:id/family-access': { method: 'post', path: (f) => `/api/v1/children/${f.childId}/family-access`, body: { email: 'invited@family.example', name: 'Invited', relationship: 'parent' }, expect: staffOnly() },
  'GET /children/:id/family-access': { method: 'get', path: (f) => `/api/v1/children/${f.childId}/family-access`, expect: readers },
  'DELETE /family-access/:id': { method: 'delete', path: (f) => `/api/v1/family-access/${f.accessId}`, perRole: true, expect: staffOnly() },
  'POST /family-access/:id/consent': { method: 'post', path: (f) => `/api/v1/family-access/${f.accessId}/consent`, body: { consentedOn: '2026-03-01' }, expect: staffOnly() },
  'GET /assessments/:id/family-contributions': { method: 'get', path: (f) => `/api/v1/assessments/${f.familyAssessmentId}/family-contributions`, expect: readers },
  'POST /family-contributions/:id/answer': { method: 'post', path: (f) => `/api/v1/family-contributions/${f.contributionId}/answer`, body: { reflected: true, reason: 'Added to section B.' }, expect: staffOnly() },
  // The family's views (version 1) on the draft case; its plan is past version 1, so the LA's staff get 412 (allowed to try).
  'POST /family-contributions/:id/section-a': { method: 'post', path: (f) => `/api/v1/family-contributions/${f.viewId}/section-a`, ifMatch: '"1"', expect: staffOnly() },
  'GET /family-contributions/:id/document': { method: 'get', path: (f) => `/api/v1/family-contributions/${f.documentId}/document`, expect: readers },
  'GET /family/me': { method: 'get', path: () => '/api/v1/family/me', expect: { ...familyOnly } },
  'POST /family/sign-out': { method: 'post', path: () => '/api/v1/family/sign-out', signsOut: true, expect: { ...familyOnly } },
  'GET /family/sessions': { method: 'get', path: () => '/api/v1/family/sessions', expect: { ...familyOnly } },
  'DELETE /family/sessions/:id': { method: 'delete', path: () => '/api/v1/family/sessions/00000000-0000-4000-8000-000000000000', expect: { ...familyOnly, family: H } },
  'GET /family/children': { method: 'get', path: () => '/api/v1/family/children', expect: { ...familyOnly } },
  'GET /family/assessments/:id': { method: 'get', path: (f) => `/api/v1/family/assessments/${f.familyAssessmentId}`, expect: { ...familyOnly } },
  'GET /family/assessments/:id/contributions': { method: 'get', path: (f) => `/api/v1/family/assessments/${f.familyAssessmentId}/contributions`, expect: { ...familyOnly } },
  'POST /family/assessments/:id/views': { method: 'post', path: (f) => `/api/v1/family/assessments/${f.familyAssessmentId}/views`, body: { aboutMe: { likedAndAdmired: 'Kind', important: 'Friends', support: 'Calm', aspirations: 'Vet' } }, expect: { ...familyOnly } },
  'POST /family/assessments/:id/documents': { method: 'post', path: (f) => `/api/v1/family/assessments/${f.familyAssessmentId}/documents?fileName=a.pdf`, body: PDF, contentType: 'application/octet-stream', expect: { ...familyOnly } },
  'POST /family/assessments/:id/representations': { method: 'post', path: (f) => `/api/v1/family/assessments/${f.familyAssessmentId}/representations`, body: { comments: [{ section: 'F', text: 'More help please' }], meetingRequested: false }, expect: { ...familyOnly } },
  'POST /family/assessments/:id/mediation': { method: 'post', path: (f) => `/api/v1/family/assessments/${f.familyAssessmentId}/mediation`, body: { issues: ['Section F'] }, expect: { ...familyOnly } },
  'GET /family/plans/:id': { method: 'get', path: (f) => `/api/v1/family/plans/${f.planId}`, expect: { ...familyOnly } },
  'GET /family/plans/:id/pdf': { method: 'get', path: (f) => `/api/v1/family/plans/${f.planId}/pdf`, expect: { ...familyOnly } },
  // Across boundaries (issue 28): transfers between LAs.
  'POST /plans/:id/transfer-out': { method: 'post', path: (f) => `/api/v1/plans/${f.planId}/transfer-out`, body: { toLocalAuthorityName: 'Elsewhere', movesOn: '2026-04-10', learnedOn: '2026-04-01' }, expect: staffOnly() },
  'POST /assessments/:id/transfer-out': { method: 'post', path: (f) => `/api/v1/assessments/${f.assessmentId}/transfer-out`, body: { toLocalAuthorityName: 'Elsewhere', movesOn: '2026-04-10', learnedOn: '2026-04-01' }, expect: staffOnly() },
  'GET /transfers': { method: 'get', path: () => '/api/v1/transfers', expect: readers },
  'GET /transfers/:id': { method: 'get', path: (f) => `/api/v1/transfers/${f.transferId}`, expect: readers },
  'GET /transfers/:id/package': { method: 'get', path: (f) => `/api/v1/transfers/${f.transferId}/package`, expect: staffOnly() },
  'POST /transfers/:id/sent': { method: 'post', path: (f) => `/api/v1/transfers/${f.transferId}/sent`, body: { sentOn: '2026-04-01' }, expect: staffOnly() },
  'POST /transfers/:id/cancel': { method: 'post', path: (f) => `/api/v1/transfers/${f.transferId}/cancel`, body: {}, expect: staffOnly() },
  'POST /transfers/import': { method: 'post', path: () => '/api/v1/transfers/import', body: {}, expect: staffOnly() },
  // An outgoing transfer has no notice to the family: the new LA's own (incoming) transfer does.
  'POST /plans/:id/reassessment-requests': { method: 'post', path: (f) => `/api/v1/plans/${f.issuedPlanId}/reassessment-requests`, body: { receivedOn: '2026-04-01', requestedBy: 'parent' }, expect: staffOnly() },
  'GET /plans/:id/reassessment-requests': { method: 'get', path: (f) => `/api/v1/plans/${f.issuedPlanId}/reassessment-requests`, expect: readers },
  'GET /reassessment-requests/:id': { method: 'get', path: (f) => `/api/v1/reassessment-requests/${f.reassessmentId}`, expect: readers },
  'POST /reassessment-requests/:id/decision': { method: 'post', path: (f) => `/api/v1/reassessment-requests/${f.reassessmentId}/decision`, body: { decision: 'reassess', notifiedOn: '2026-04-01' }, expect: staffOnly() },
  'POST /reassessment-requests/:id/exceptions': { method: 'post', path: (f) => `/api/v1/reassessment-requests/${f.reassessmentId}/exceptions`, body: { ground: 'personal_circumstances', startsOn: '2026-04-01', endsOn: '2026-04-02', reason: 'x' }, expect: staffOnly() },
  'POST /reassessment-requests/:id/outcome': { method: 'post', path: (f) => `/api/v1/reassessment-requests/${f.reassessmentId}/outcome`, body: { kind: 'notice_not_to_amend', issuedOn: '2026-04-01' }, expect: staffOnly() },
  // Health and social care (issue 28): the draft plan's health body is the adviser's organisation.
  'POST /plans/:id/health-sign-off': { method: 'post', path: (f) => `/api/v1/plans/${f.planId}/health-sign-off`, body: { agreedOn: '2026-04-01' }, expect: { la_admin: D, caseworker: A, manager: A, adviser: A, other_professional: H, national_analyst: D } },
  'GET /plans/:id/health-sign-off': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/health-sign-off`, expect: readers },
  'POST /health-body-changes/:id/answer': { method: 'post', path: () => '/api/v1/health-body-changes/00000000-0000-4000-8000-000000000000/answer', body: { answer: 'secures_provision', answeredOn: '2026-04-01' }, expect: { la_admin: D, caseworker: H, manager: H, adviser: H, other_professional: H, national_analyst: D } },
  'PUT /plans/:id/health-body': { method: 'put', path: (f) => `/api/v1/plans/${f.planId}/health-body`, body: { organisationId: '00000000-0000-4000-8000-000000000000' }, expect: { ...staffOnly(), caseworker: H, manager: H } },
  'GET /designated-officers': { method: 'get', path: () => '/api/v1/designated-officers', expect: readers },
  'PUT /designated-officers': { method: 'put', path: () => '/api/v1/designated-officers', body: { dco: { name: 'DCO', email: 'dco@x.test' } }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  // Complete decision notices (issue 24, point 4): the LA's contacts and each notice's PDF letter.
  'GET /local-authority/notice-contacts': { method: 'get', path: () => '/api/v1/local-authority/notice-contacts', expect: readers },
  'PUT /local-authority/notice-contacts': { method: 'put', path: () => '/api/v1/local-authority/notice-contacts', body: { mediationAdviser: { name: 'Mediation', email: 'm@x.test' } }, expect: { la_admin: A, caseworker: D, manager: D, adviser: D, other_professional: D, national_analyst: D } },
  'GET /decision-notices/letter': { method: 'get', path: (f) => `/api/v1/decision-notices/letter?subjectType=assessment&subjectId=${f.assessmentId}&decision=refuse_to_assess&notifiedOn=2026-03-01`, expect: readers },
  'GET /assessments/:id/body-notices': { method: 'get', path: (f) => `/api/v1/assessments/${f.assessmentId}/body-notices`, expect: readers },
  // Personal budgets (issue 28).
  'POST /plans/:id/personal-budget-requests': { method: 'post', path: (f) => `/api/v1/plans/${f.planId}/personal-budget-requests`, body: { receivedOn: '2026-04-01' }, expect: staffOnly() },
  'GET /plans/:id/personal-budget-requests': { method: 'get', path: (f) => `/api/v1/plans/${f.planId}/personal-budget-requests`, expect: readers },
  'GET /personal-budget-requests/:id': { method: 'get', path: (f) => `/api/v1/personal-budget-requests/${f.budgetRequestId}`, expect: readers },
  'POST /personal-budget-requests/:id/decision': { method: 'post', path: (f) => `/api/v1/personal-budget-requests/${f.budgetRequestId}/decision`, body: { decision: 'agree', amount: 100, notifiedOn: '2026-04-01' }, expect: staffOnly() },
  'POST /personal-budget-requests/:id/direct-payment-reviews': { method: 'post', path: (f) => `/api/v1/personal-budget-requests/${f.budgetRequestId}/direct-payment-reviews`, body: { reviewedOn: '2026-04-01' }, expect: staffOnly() },
  // Provision delivered (issue 28): the setting named in section I reports; the adviser's organisation is not it.
  'PUT /plans/:id/provision/:provisionId/delivery': { method: 'put', path: (f) => `/api/v1/plans/${f.issuedPlanId}/provision/p1/delivery`, body: { inPlace: true }, expect: { la_admin: D, caseworker: A, manager: A, adviser: H, other_professional: H, national_analyst: D } },
  'GET /plans/:id/provision': { method: 'get', path: (f) => `/api/v1/plans/${f.issuedPlanId}/provision`, expect: { la_admin: A, caseworker: A, manager: A, adviser: H, other_professional: H, national_analyst: D } },
  'GET /health-sign-off-inbox': { method: 'get', path: () => '/api/v1/health-sign-off-inbox', expect: { la_admin: D, caseworker: D, manager: D, adviser: A, other_professional: A, national_analyst: D } },
  'GET /provision-inbox': { method: 'get', path: () => '/api/v1/provision-inbox', expect: { la_admin: D, caseworker: D, manager: D, adviser: A, other_professional: A, national_analyst: D } },
  'GET /reports/provision-not-in-place': { method: 'get', path: () => '/api/v1/reports/provision-not-in-place', expect: { la_admin: A, caseworker: D, manager: A, adviser: D, other_professional: D, national_analyst: D } },
  // Preparing for adulthood (issue 28).
  'PUT /reviews/:id/preparing-for-adulthood': { method: 'put', path: (f) => `/api/v1/reviews/${f.reviewId}/preparing-for-adulthood`, body: { employment: 'e', independentLiving: 'i', community: 'c', health: 'h' }, expect: staffOnly() },
  'GET /plans/:id/preparing-for-adulthood': { method: 'get', path: (f) => `/api/v1/plans/${f.issuedPlanId}/preparing-for-adulthood`, expect: readers },
  'PUT /plans/:id/adult-social-care-transition': { method: 'put', path: (f) => `/api/v1/plans/${f.issuedPlanId}/adult-social-care-transition`, body: { notes: 'n' }, expect: staffOnly() },
  'POST /transfers/:id/notice': { method: 'post', path: (f) => `/api/v1/transfers/${f.transferId}/notice`, body: { sentOn: '2026-04-01', willAssess: false }, expect: { la_admin: D, caseworker: H, manager: H, adviser: D, other_professional: D, national_analyst: D } },
};

describe('role matrix (e2e): who sees and does what', () => {
  let t: TestApp;
  let users: Record<Who, TestUser>;
  let laId: string;
  let organisationId: string;
  let planId: string;
  let issuedPlanId: string;
  let reviewId: string;
  let familyCase: { childId: string; assessmentId: string };
  let contributionId: string;
  let documentId: string;
  let viewId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    laId = la.id;
    organisationId = await createOrganisation(t.dataSource, [la.id]);
    const elsewhere = await createOrganisation(t.dataSource, [la.id]);
    users = {
      la_admin: await createUser(t.dataSource, t.http, la.id, Role.LaAdmin),
      caseworker: await createUser(t.dataSource, t.http, la.id, Role.Caseworker),
      manager: await createUser(t.dataSource, t.http, la.id, Role.Manager),
      adviser: await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId }),
      other_professional: await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: elsewhere }),
      national_analyst: await createUser(t.dataSource, t.http, la.id, Role.NationalAnalyst),
    } as Record<Who, TestUser>;
    ({ planId, ...familyCase } = await issuedDraftPlan());
    // A parent invited to the draft plan's child, signed in by emailed code; a comment and a document of theirs.
    await t.http.post(`/api/v1/children/${familyCase.childId}/family-access`).set(bearer(users.caseworker)).send({ email: FAMILY_EMAIL, name: 'Matrix Parent', relationship: 'parent' }).expect(201);
    users.family = { id: '', email: FAMILY_EMAIL, role: Role.FamilyMember, localAuthorityId: la.id, organisationId: null, token: await familySignIn(t.http, t.dataSource, FAMILY_EMAIL) };
    const made = await t.http.post(`/api/v1/family/assessments/${familyCase.assessmentId}/representations`).set(bearer(users.family)).send({ comments: [{ section: 'B', text: 'Add her anxiety' }], meetingRequested: false }).expect(201);
    contributionId = made.body.contributions[0].id;
    viewId = (await t.http.post(`/api/v1/family/assessments/${familyCase.assessmentId}/views`).set(bearer(users.family)).send({ aboutMe: { likedAndAdmired: 'Kind', important: 'x', support: 'x', aspirations: 'x' } }).expect(201)).body.id;
    documentId = (await t.http.post(`/api/v1/family/assessments/${familyCase.assessmentId}/documents?fileName=a.pdf`).set(bearer(users.family)).set('content-type', 'application/octet-stream').send(PDF).expect(201)).body.id;
    ({ planId: issuedPlanId } = await issueFinalPlan(t.http, users.caseworker, { dateOfBirth: '2015-01-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-04-01' }));
    // The draft plan's health commissioning body: the adviser's organisation (issue 28).
    await t.http.put(`/api/v1/plans/${planId}/health-body`).set(bearer(users.caseworker)).send({ organisationId }).expect(200);
    reviewId = (await t.http.post(`/api/v1/plans/${issuedPlanId}/reviews`).set(bearer(users.caseworker)).send({ meetingOn: '2026-05-20' }).expect(201)).body.id;
  });

  /** One plan with a draft issued (version 1), shared by the plan rows: none of them removes anything. */
  async function issuedDraftPlan(): Promise<{ planId: string; childId: string; assessmentId: string }> {
    const cw = bearer(users.caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Plan', familyName: 'Child', dateOfBirth: '2016-01-01' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    const id = assessment.body.id as string;
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const decided = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-02' }).expect(200);
    const plan = decided.body.planId as string;
    const sections: [string, unknown][] = [
      ['A', { text: 'Views' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    for (const [index, [code, body]] of sections.entries()) {
      await t.http.put(`/api/v1/plans/${plan}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
    }
    await seekAdviceForDraft(t.http, cw, id);
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: '2026-03-10' }).expect(200);
    return { planId: plan, childId: child.body.id, assessmentId: id };
  }
  afterAll(() => t.close());

  /**
   * The records a row's calls reach, made through the API. `needs` names the fields the row's path reads: only those
   * records (and what they stand on) are made, so a row about a child's contact does not also make an appeal. With no
   * `needs`, everything (the fixture shared by the rows that cannot change it).
   */
  async function fixture(needs?: Set<string>): Promise<Fixture> {
    const want = (...fields: (keyof Fixture)[]) => !needs || fields.some((field) => needs.has(field));
    const cw = bearer(users.caseworker);
    const f: Fixture = {
      childId: NIL, contactId: NIL, assessmentId: NIL, adviceId: NIL, attachmentId: NIL, userId: NIL, organisationId, planId, notificationId: NIL, issuedPlanId, reviewId, appealId: NIL,
      familyAssessmentId: familyCase.assessmentId, accessId: NIL, contributionId, documentId, viewId, transferId: NIL, reassessmentId: NIL, budgetRequestId: NIL, boardPackId: NIL,
    };
    if (want('childId', 'contactId', 'assessmentId', 'adviceId', 'attachmentId', 'notificationId', 'appealId', 'accessId', 'transferId')) {
      const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Matrix', familyName: 'Child', dateOfBirth: '2016-01-01', contacts: [{ name: 'Parent', relationship: 'parent' }] }).expect(201);
      Object.assign(f, { childId: child.body.id, contactId: child.body.contacts[0].id });
    }
    if (want('assessmentId', 'adviceId', 'attachmentId', 'notificationId', 'transferId')) {
      const assessment = await t.http.post('/api/v1/assessments').set(cw).send({ childId: f.childId, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
      await t.http.post(`/api/v1/assessments/${assessment.body.id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
      f.assessmentId = assessment.body.id;
    }
    if (want('adviceId', 'attachmentId')) {
      const advice = await t.http.post(`/api/v1/assessments/${f.assessmentId}/advice-requests`).set(cw).send({ discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: users.adviser.email }).expect(201);
      f.adviceId = advice.body.id;
    }
    if (want('attachmentId')) {
      const attachment = await t.http.post(`/api/v1/advice-requests/${f.adviceId}/attachments?fileName=a.pdf`).set(bearer(users.adviser)).set('content-type', 'application/octet-stream').send(PDF).expect(201);
      f.attachmentId = attachment.body.id;
    }
    if (want('userId')) {
      const user = await createUser(t.dataSource, t.http, laId, Role.Caseworker);
      await admitMember(t.dataSource, organisationId, user.id); // for the membership rows: revoking it is the LA admin's
      f.userId = user.id;
    }
    if (want('notificationId')) {
      // A reminder addressed to the caseworker (written as the worker's sweep would).
      const [notification] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO notifications (local_authority_id, recipient_user_id, kind, subject_type, subject_id, dedupe_key) VALUES ($1, $2, 'deadline_due_soon', 'assessment', $3, $4) RETURNING id`,
        [laId, users.caseworker.id, f.assessmentId, `matrix-${f.assessmentId}`],
      );
      f.notificationId = notification.id;
    }
    if (want('appealId')) {
      // A refused case with an appeal registered against the refusal (issue 14's rows).
      const refused = await t.http.post('/api/v1/assessments').set(cw).send({ childId: f.childId, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
      await t.http.post(`/api/v1/assessments/${refused.body.id}/decision-to-assess`).set(cw).send({ decision: 'refuse', decidedOn: '2026-02-02' }).expect(200);
      const appeal = await t.http.post('/api/v1/appeals').set(cw).send({ subjectType: 'assessment', subjectId: refused.body.id, decision: 'refuse_to_assess', noticeOn: '2026-02-02' }).expect(201);
      f.appealId = appeal.body.id;
    }
    if (want('accessId')) {
      const access = await t.http.post(`/api/v1/children/${f.childId}/family-access`).set(cw).send({ email: `fixture-${f.childId}@family.example`, name: 'Fixture Parent', relationship: 'parent' }).expect(201);
      f.accessId = access.body.id;
    }
    if (want('reassessmentId')) {
      // One open re-assessment request per plan: a row that decided the last one leaves none open, so make another.
      const open = (await t.http.get(`/api/v1/plans/${issuedPlanId}/reassessment-requests`).set(cw).expect(200)).body.find((r: { status: string }) => r.status === 'awaiting_decision' || r.status === 'reassessing');
      f.reassessmentId = open?.id ?? (await t.http.post(`/api/v1/plans/${issuedPlanId}/reassessment-requests`).set(cw).send({ receivedOn: '2026-04-01', requestedBy: 'parent' }).expect(201)).body.id;
    }
    if (want('budgetRequestId')) {
      f.budgetRequestId = (await t.http.post(`/api/v1/plans/${planId}/personal-budget-requests`).set(cw).send({ receivedOn: '2026-04-01' }).expect(201)).body.id;
    }
    if (want('boardPackId')) {
      f.boardPackId = (await t.http.post('/api/v1/reports/board-packs').set(bearer(users.manager)).send({ from: '2026-01-01', to: '2026-03-31' }).expect(202)).body.id;
    }
    if (want('transferId')) {
      f.transferId = (await t.http.post(`/api/v1/assessments/${f.assessmentId}/transfer-out`).set(cw).send({ toLocalAuthorityName: 'Elsewhere', movesOn: '2026-04-10', learnedOn: '2026-04-01' }).expect(201)).body.id;
    }
    return f;
  }

  function outcome(status: number): Outcome | `unexpected ${number}` {
    if (status === 403) return 'deny';
    if (status === 404) return 'hidden';
    if (status === 401 || status >= 500) return `unexpected ${status}`;
    return 'allow';
  }

  /**
   * One fixture for every row that cannot change it: reads, and rows whose path names only records shared by the
   * whole matrix (or none). A row that may change a record of the fixture gets a fresh one, shared by its six calls
   * (as before); a perRole row one per call.
   */
  let unchanged: Promise<Fixture> | undefined;
  const SHARED_FIELDS: (keyof Fixture)[] = ['organisationId', 'planId', 'issuedPlanId', 'reviewId'];
  function fieldsRead(row: Row): string[] {
    const read: string[] = [];
    row.path(new Proxy({} as Fixture, { get: (_target, key) => (read.push(String(key)), NIL) }));
    return read;
  }
  function changesFixture(row: Row): boolean {
    return row.method !== 'get' && fieldsRead(row).some((field) => !SHARED_FIELDS.includes(field as keyof Fixture));
  }

  it.each(Object.keys(MATRIX))('%s', async (name) => {
    const row = MATRIX[name];
    let shared: Fixture | undefined = row.perRole || changesFixture(row) ? undefined : await (unchanged ??= fixture());
    const results: Record<string, string> = {};
    let last: Fixture | undefined;
    for (const who of WHO) {
      // A family token on a staff row is refused before anything is read or changed: the last role's fixture serves.
      const refusedFamily = who === 'family' && row.expect.family === undefined && last !== undefined;
      const f = refusedFamily ? last! : row.perRole || !shared ? await fixture(new Set(fieldsRead(row))) : shared;
      last = f;
      if (!row.perRole) shared = f;
      let call = t.http[row.method](row.path(f)).set(bearer(users[who]));
      if (row.ifMatch) call = call.set('if-match', row.ifMatch);
      if (row.contentType) call = call.set('content-type', row.contentType);
      const response = await (row.body !== undefined ? call.send(row.body as object) : call);
      results[who] = outcome(response.status);
      if (row.signsOut && who === 'family') {
        if (response.status < 400) users.family = { ...users.family, token: await familySignIn(t.http, t.dataSource, FAMILY_EMAIL) };
      } else if (row.signsOut) {
        const login = await t.http.post('/api/v1/auth/login').send({ email: users[who].email, password: TEST_PASSWORD }).expect(200);
        users[who] = { ...users[who], token: login.body.accessToken as string };
      }
    }
    expect(results).toEqual({ family: D, ...row.expect });
  });

  it('has a row for every endpoint of the API', async () => {
    const openapi = await t.http.get('/docs-json').expect(200);
    const operations = Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, byMethod]) =>
      Object.keys(byMethod).map((method) => `${method.toUpperCase()} ${path.replace('/api/v1', '').replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const unlisted = operations.filter((op) => !(op in MATRIX) && !PUBLIC_OPERATIONS.includes(op));
    expect(unlisted).toEqual([]);
  });
});
