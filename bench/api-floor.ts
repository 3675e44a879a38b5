/**
 * The floor for `npm run bench:api`: bare Fastify and pg doing the same work as the API's routes, hand-written, with
 * no framework, ORM or validation library. Started by bench/api.bench.ts as a child process (PORT, DATABASE_URL as the
 * app role, JWT_SECRET); it answers only 127.0.0.1. Not part of the product.
 *
 * Each route does what the product does for the same request: verify the bearer token (HS256, issuer, audience, max
 * age; the key object created once), read the user (active, same LA, token version), read what the response shows,
 * compute the deadlines with the same statutory clock, write one audit row, answer JSON.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import jwt from 'jsonwebtoken';
import { Pool } from 'pg';
import { computeAssessmentDeadlines, todayInLondon } from '@app/statutory-clock';

const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });

interface Caller {
  id: string;
  la: string;
  role: string;
  memberships: { organisation_id: string; local_authority_id: string }[];
}

async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Caller | null> {
  const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(request.headers.authorization ?? '')?.[1];
  type Claims = { sub: string; la: string; tv: number };
  let claims: Claims | null = null;
  try {
    if (token) claims = jwt.verify(token, key, { algorithms: ['HS256'], issuer: 'ehcp', audience: 'ehcp-api', maxAge: 28_800 }) as unknown as Claims;
  } catch {
    claims = null;
  }
  if (!claims) {
    void reply.code(401).send({ status: 401 });
    return null;
  }
  const { rows } = await pool.query('SELECT id, local_authority_id, role, token_version FROM users WHERE id = $1 AND active', [claims.sub]);
  const user = rows[0];
  if (!user || user.local_authority_id !== claims.la || user.token_version !== claims.tv) {
    void reply.code(401).send({ status: 401 });
    return null;
  }
  const memberships = user.role === 'professional' ? (await pool.query('SELECT organisation_id, local_authority_id FROM organisation_members WHERE user_id = $1 ORDER BY created_at', [user.id])).rows : [];
  return { id: user.id, la: user.local_authority_id, role: user.role, memberships };
}

function audit(caller: Caller, request: FastifyRequest, action: string, entityType: string, entityId: string | null, metadata: object, la = caller.la) {
  return pool.query(
    `INSERT INTO audit_events (actor_user_id, actor_role, local_authority_id, action, entity_type, entity_id, metadata, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [caller.id, caller.role, la, action, entityType, entityId, JSON.stringify(metadata), String(request.id)],
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

app.get('/floor/health', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok' };
});

app.get('/floor/auth/me', async (request, reply) => {
  const caller = await authenticate(request, reply);
  if (!caller) return reply;
  const { rows } = await pool.query(
    `SELECT u.id, u.email, u.display_name, u.role, u.discipline, u.active, la.name AS la_name FROM users u JOIN local_authorities la ON la.id = u.local_authority_id WHERE u.id = $1`,
    [caller.id],
  );
  return { ...rows[0], memberships: caller.memberships };
});

app.get<{ Params: { id: string } }>('/floor/assessments/:id', async (request, reply) => {
  const caller = await authenticate(request, reply);
  if (!caller) return reply;
  const id = request.params.id;
  if (!UUID.test(id)) return reply.code(400).send({ status: 400 });
  const a = (await pool.query('SELECT * FROM assessments WHERE id = $1 AND local_authority_id = $2', [id, caller.la])).rows[0];
  if (!a || caller.role === 'professional') return reply.code(404).send({ status: 404 });
  const exceptions = (await pool.query('SELECT * FROM assessment_exceptions WHERE assessment_id = $1 ORDER BY starts_on, created_at', [id])).rows;
  const requests = (await pool.query('SELECT * FROM advice_requests WHERE assessment_id = $1 ORDER BY requested_on, id', [id])).rows;
  const adviceExceptions = requests.length === 0 ? [] : (await pool.query('SELECT * FROM advice_exceptions WHERE advice_request_id = ANY($1)', [requests.map((r) => r.id)])).rows;
  const date = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
  const deadlines = computeAssessmentDeadlines(
    {
      requestReceivedOn: date(a.request_received_on)!,
      decisionToAssess: a.decision_to_assess ? { decision: a.decision_to_assess, decidedOn: date(a.decision_to_assess_on)! } : null,
      decisionToIssue: a.decision_to_issue ? { decision: a.decision_to_issue, decidedOn: date(a.decision_to_issue_on)! } : null,
      draftIssuedOn: date(a.draft_issued_on),
      representationsReceivedOn: date(a.representations_received_on),
      finalIssuedOn: date(a.final_issued_on),
      withdrawnOn: date(a.withdrawn_on),
      adviceRequests: requests.filter((r) => r.status !== 'reused').map((r) => ({ id: r.id, requestedOn: date(r.requested_on)!, receivedOn: date(r.received_on), cancelledOn: date(r.cancelled_on) })),
      adviceExceptions: adviceExceptions.map((e) => ({ id: e.id, adviceRequestId: e.advice_request_id, ground: e.ground, startsOn: date(e.starts_on)!, endsOn: date(e.ends_on) })),
      exceptions: exceptions.map((e) => ({ id: e.id, ground: e.ground, startsOn: date(e.starts_on)!, endsOn: date(e.ends_on), affects: e.affects })),
    },
    todayInLondon(new Date()),
  );
  await audit(caller, request, 'assessment.read', 'assessment', id, { childId: a.child_id });
  void reply.header('etag', `"${a.version}"`);
  return { ...a, deadlines, exceptions, adviceRequests: requests };
});

app.get<{ Querystring: { limit?: string } }>('/floor/assessments', async (request, reply) => {
  const caller = await authenticate(request, reply);
  if (!caller) return reply;
  const limit = Math.min(Number(request.query.limit ?? 50) || 50, 100);
  const page = (await pool.query('SELECT * FROM assessments WHERE local_authority_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [caller.la, limit + 1])).rows;
  const items = page.slice(0, limit);
  const ids = items.map((a) => a.id);
  const deadlines = ids.length === 0 ? [] : (await pool.query('SELECT * FROM deadlines WHERE assessment_id = ANY($1) ORDER BY due_on', [ids])).rows;
  await audit(caller, request, 'assessment.listed', 'assessment', null, { results: ids });
  return {
    items: items.map((a) => {
      const own = deadlines.filter((d) => d.assessment_id === a.id);
      return { ...a, finalPlanDueOn: own.find((d) => d.kind === 'final_plan')?.due_on ?? a.request_received_on, nextDeadline: own.find((d) => d.state === 'open') ?? null };
    }),
    nextCursor: page.length > limit ? `${items[items.length - 1].id}` : null,
  };
});

app.get('/floor/advice-requests', async (request, reply) => {
  const caller = await authenticate(request, reply);
  if (!caller) return reply;
  const params: unknown[] = [caller.id, [caller.la, ...caller.memberships.map((m) => m.local_authority_id)]];
  const orgs = caller.memberships.map((m) => {
    params.push(m.organisation_id, m.local_authority_id);
    return `(assignee_organisation_id = $${params.length - 1} AND local_authority_id = $${params.length})`;
  });
  const where = caller.role === 'professional' ? `(assignee_user_id = $1 AND local_authority_id = ANY($2))${orgs.map((o) => ` OR ${o}`).join('')}` : 'local_authority_id = $2[1]';
  const page = (await pool.query(`SELECT * FROM advice_requests WHERE ${where} ORDER BY requested_on DESC, id DESC LIMIT 51`, params)).rows;
  const items = page.slice(0, 50);
  const ids = items.map((r) => r.id);
  const children = (await pool.query('SELECT id, given_name, family_name, date_of_birth, setting_name FROM children WHERE id = ANY($1)', [items.map((r) => r.child_id)])).rows;
  const submissions = (await pool.query('SELECT * FROM advice_submissions WHERE advice_request_id = ANY($1) ORDER BY version DESC', [ids])).rows;
  const exceptions = (await pool.query('SELECT * FROM advice_exceptions WHERE advice_request_id = ANY($1) ORDER BY starts_on', [ids])).rows;
  const attachments = (await pool.query('SELECT id, advice_request_id, file_name, media_type, size_bytes, sha256, created_at FROM advice_attachments WHERE advice_request_id = ANY($1) ORDER BY created_at', [ids])).rows;
  const deadlines = (await pool.query('SELECT * FROM deadlines WHERE advice_request_id = ANY($1)', [ids])).rows;
  const byLa = new Map<string, string[]>();
  for (const r of items) byLa.set(r.local_authority_id, [...(byLa.get(r.local_authority_id) ?? []), r.id]);
  if (byLa.size === 0) byLa.set(caller.la, []);
  for (const [la, results] of byLa) await audit(caller, request, 'advice.listed', 'advice_request', null, { results }, la);
  return {
    items: items.map((r) => ({
      ...r,
      child: children.find((c) => c.id === r.child_id) ?? null,
      latestSubmission: submissions.find((s) => s.advice_request_id === r.id) ?? null,
      exceptions: exceptions.filter((e) => e.advice_request_id === r.id),
      attachments: attachments.filter((f) => f.advice_request_id === r.id),
      deadline: deadlines.find((d) => d.advice_request_id === r.id) ?? null,
    })),
    nextCursor: page.length > 50 ? randomUUID() : null,
  };
});

app
  .listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
  .then(() => process.send?.('ready'))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
