import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-redis';

/**
 * A PostgreSQL primary and a streaming replica of it, made for one test on free loopback ports: `initdb` a new
 * cluster (trust auth on 127.0.0.1, replication allowed), `pg_basebackup -R` it into a second data directory, start
 * both. The machine's own PostgreSQL is not touched (it accepts no replication connections as installed). Runs the
 * server binaries as the `postgres` user when the tests run as root (initdb refuses root).
 */
export interface ReplicaCluster {
  primaryPort: number;
  replicaPort: number;
  /** A superuser connection URL to a database on the primary or the replica. */
  url(where: 'primary' | 'replica', database: string, user?: string): string;
  stop(): void;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('initdb not found under /usr/lib/postgresql/<version>/bin: install the PostgreSQL server package');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}


export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const [command, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const result = spawnSync(command, full, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  const base = mkdtempSync(join(tmpdir(), 'ehcp-replica-'));
  chmodSync(base, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(base, uid, gid);
  }
  const primary = join(base, 'primary');
  const replica = join(base, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${base} -c max_connections=40 -c shared_buffers=16MB -c fsync=off`;

  run('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  run('pg_ctl', ['-D', primary, '-o', `${options(primaryPort)} -c wal_level=replica -c max_wal_senders=4`, '-l', join(base, 'primary.log'), '-w', 'start']);
  const cluster: ReplicaCluster = {
    primaryPort,
    replicaPort,
    url: (where, database, user = 'postgres') => `postgres://${user}@127.0.0.1:${where === 'primary' ? primaryPort : replicaPort}/${database}`,
    stop() {
      for (const directory of [replica, primary]) {
        if (existsSync(join(directory, 'postmaster.pid'))) spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', directory, '-m', 'immediate', 'stop'] : ['-D', directory, '-m', 'immediate', 'stop']);
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
  try {
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica of the primary.
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream', '--no-sync']);
    run('pg_ctl', ['-D', replica, '-o', `${options(replicaPort)} -c hot_standby=on`, '-l', join(base, 'replica.log'), '-w', 'start']);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  return cluster;
}
