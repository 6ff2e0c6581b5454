/**
 * The databases an evidence pack is generated from, for the CLI and for `serve`:
 * the ECM database and the governance store (the same database unless
 * GOVERNANCE_DATABASE_URL names another), each a pool of one connection, so a pack
 * never takes the connections the refresh uses.
 */
import { openDatabase } from '../db/open.ts';
import { createPgDb } from '../db/pg.ts';
import type { Db } from '../db/types.ts';
import { UserError } from '../errors.ts';
import { describeDatabase } from './provenance.ts';

export interface EvidenceDatabases {
  ecm: Db;
  governance: Db;
  ecmSource: string;
  governanceSource: string;
  close(): Promise<void>;
}

export async function openEvidenceDatabases(ecmUrl: string | undefined, governanceUrl: string | undefined): Promise<EvidenceDatabases> {
  if (!ecmUrl) throw new UserError('no ECM database URL: pass --database-url or set DATABASE_URL (or database.url in the config file)');
  const ecm = await openDatabase(ecmUrl, { max: 1 });
  const separate = governanceUrl !== undefined && governanceUrl !== ecmUrl;
  const governance = separate
    ? await openDatabase(governanceUrl, { max: 1 }).catch(async (error: unknown) => {
        await ecm.close();
        throw error;
      })
    : ecm;
  return {
    ecm,
    governance,
    ecmSource: describeDatabase(ecmUrl),
    governanceSource: separate ? describeDatabase(governanceUrl) : `${describeDatabase(ecmUrl)} (the ECM database)`,
    close: async () => {
      await Promise.all([ecm.close(), separate ? governance.close() : undefined]);
    },
  };
}

/**
 * For `serve`: the same two databases, each a pool of one connection, created without
 * connecting. A database that is down when serve starts must not stop it (the refresh
 * retries); a pack requested meanwhile fails with one line, like any database error.
 */
export function createEvidenceDatabases(
  ecmUrl: string,
  governanceUrl: string | undefined,
  timeouts: { connectTimeoutMs: number; queryTimeoutMs: number },
): EvidenceDatabases {
  const options = { max: 1, applicationName: 'ecm-adoption-exporter evidence', ...timeouts };
  const ecm = createPgDb({ connectionString: ecmUrl, ...options });
  const separate = governanceUrl !== undefined && governanceUrl !== ecmUrl;
  const governance = separate ? createPgDb({ connectionString: governanceUrl, ...options }) : ecm;
  return {
    ecm,
    governance,
    ecmSource: describeDatabase(ecmUrl),
    governanceSource: separate ? describeDatabase(governanceUrl) : `${describeDatabase(ecmUrl)} (the ECM database)`,
    close: async () => {
      await Promise.all([ecm.close(), separate ? governance.close() : undefined]);
    },
  };
}
