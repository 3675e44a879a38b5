import { Role, systemActor } from '@app/core';
import { createTestDatabase, dropTestDatabase, openDataSource, ownerUrlOf, transactionHostFor } from '@app/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { TxHost } from '@app/database';
import { AuditService } from './audit.service';

/** The audit trail against a real PostgreSQL: it commits with the change, or not at all, and cannot be rewritten. */
describe('AuditService (integration)', () => {
  let url: string;
  let dataSource: DataSource;
  let audit: AuditService;
  let laId: string;
  let txHost: TxHost;

  beforeAll(async () => {
    url = await createTestDatabase();
    dataSource = await openDataSource(url);
    txHost = transactionHostFor(dataSource);
    audit = new AuditService(txHost, dataSource);
    [{ id: laId }] = await dataSource.query(`INSERT INTO local_authorities (name, code) VALUES ('Audit LA', '901') RETURNING id`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(url);
  });

  const count = async () => Number((await dataSource.query('SELECT count(*) AS n FROM audit_events'))[0].n);

  it('writes the event in the caller’s transaction: a rolled-back command leaves no audit row', async () => {
    const before = await count();
    await expect(
      txHost.withTransaction(async () => {
        await audit.record(systemActor(laId, 'test'), { action: 'child.created', entityType: 'child', entityId: 'x' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await count()).toBe(before);
    await txHost.withTransaction(() => audit.record({ ...systemActor(laId, 'test'), role: Role.Caseworker }, { action: 'child.created', entityType: 'child', entityId: 'x', changes: { familyName: { before: null, after: 'B' } } }));
    expect(await count()).toBe(before + 1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks: the app role has no such privilege, the owner meets the trigger', async () => {
    await expect(dataSource.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow('permission denied for table audit_events');
    await expect(dataSource.query('DELETE FROM audit_events')).rejects.toThrow('permission denied for table audit_events');
    await expect(dataSource.query('TRUNCATE audit_events')).rejects.toThrow('permission denied for table audit_events');
    const owner = new Client({ connectionString: ownerUrlOf(url) });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    expect(await count()).toBeGreaterThan(0);
  });
});
