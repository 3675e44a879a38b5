import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import * as argon2 from 'argon2';

/** The argon2id cost of new password hashes (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_TIME_COST). */
export type PasswordHashCost = Pick<AppConfig, 'passwordHashMemoryKib' | 'passwordHashTimeCost'>;

/**
 * argon2id at the configured cost: by default the library's own (64 MiB, 3 passes, 4 lanes, as OWASP recommends);
 * production refuses less than OWASP's minimum (19 MiB, 2 passes). A hash records its own parameters, so verifying
 * costs what the hash was made with: lowering the cost in tests never weakens hashes made elsewhere.
 */
export function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: cost.passwordHashMemoryKib, timeCost: cost.passwordHashTimeCost, parallelism: 4 });
}

@Injectable()
export class PasswordHasher {
  // Verified against when the email is unknown, so the response time does not reveal which emails exist: made at
  // the same cost as real hashes.
  private readonly dummyHash: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.dummyHash = hashPassword('not-a-real-password-' + Math.random(), config);
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.config);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.dummyHash), password);
    } catch {
      return false;
    }
  }
}
