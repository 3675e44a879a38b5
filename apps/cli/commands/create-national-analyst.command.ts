import { parseArgs } from 'node:util';
import { loadConfig } from '@app/core';
import { hashPassword } from '@app/identity';
import { Client } from 'pg';

/**
 * `ehcp create-national-analyst --email a@dfe.gov.uk --name "A Analyst" --la-code 201`, password from
 * EHCP_NEW_USER_PASSWORD: a national analyst (reports:national only) cannot be made by an LA admin through the API,
 * only by an operator here. The LA code names the analyst's home LA (notifications only).
 */
export async function createNationalAnalystCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, 'la-code': { type: 'string' } } });
  const password = process.env.EHCP_NEW_USER_PASSWORD ?? '';
  if (!values.email || !values.name || !values['la-code'] || password.length < 12) {
    console.error('Usage: create-national-analyst --email <email> --name <display name> --la-code <3-digit LA code>, with EHCP_NEW_USER_PASSWORD (12+ characters)');
    return 2;
  }
  const config = loadConfig();
  const client = new Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const la = await client.query<{ id: string }>(`SELECT id FROM local_authorities WHERE code = $1`, [values['la-code']]);
    if (!la.rows[0]) {
      console.error(`No local authority with code ${values['la-code']}.`);
      return 1;
    }
    const hash = await hashPassword(password, config);
    await client.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) VALUES ($1, $2, $3, $4, 'national_analyst')`, [la.rows[0].id, values.email.trim().toLowerCase(), values.name.trim(), hash]);
    console.log(`National analyst ${values.email} created.`);
    return 0;
  } finally {
    await client.end();
  }
}
