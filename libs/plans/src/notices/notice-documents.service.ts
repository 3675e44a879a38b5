import { TxHost } from '@app/database';
import { Injectable } from '@nestjs/common';
import { Actor, ConflictError } from '@app/core';
import { AuditService } from '@app/audit';
import { NoticeDocument } from '../entities/notice-document.entity';
import { PlanDocumentStatus } from '../entities/plan-document.entity';
import { NoticeLetterInput } from '../pdf/notice-letter.renderer';
import { PlanDocumentsQueue } from '../pdf/plan-documents.queue';

/** Which notice a letter is: the subject the decision was made on, the decision and the day the family was told. */
export interface NoticeLetterKey {
  localAuthorityId: string;
  childId: string;
  assessmentId: string;
  subjectType: string;
  subjectId: string;
  decision: string;
  notifiedOn: string;
}

export interface NoticeLetterAnswer {
  status: 'ready' | 'pending';
  document: NoticeDocument & { content: Buffer | null };
}

export class NoticeLetterFailedError extends ConflictError {
  constructor(attempts: number, reason: string | null) {
    super('pdf_render_failed', `The letter could not be produced after ${attempts} attempt${attempts === 1 ? '' : 's'}${reason ? `: ${reason}` : '.'} The notice itself stands; give your administrator the case and the decision.`, { attempts, reason });
  }
}

/**
 * Decision notice letters (the API's side): the first request writes the letter's row with its content frozen and
 * enqueues its rendering; later requests answer 202 until the worker has rendered it, then the PDF (each read
 * audited as a plan PDF's is). The caller (the appeals context) has already checked the subject is the actor's.
 */
@Injectable()
export class NoticeDocumentsService {
  constructor(
    private readonly txHost: TxHost,
    private readonly queue: PlanDocumentsQueue,
    private readonly audit: AuditService,
  ) {}

  /** Inside the caller's transaction: the letter's row (written once; a replay or a race finds the first). */
  async obtain(key: NoticeLetterKey, input: () => NoticeLetterInput): Promise<NoticeDocument> {
    const manager = this.txHost.tx;
    await manager
      .createQueryBuilder()
      .insert()
      .into(NoticeDocument)
      .values({ ...key, input: input(), status: PlanDocumentStatus.Pending })
      .orIgnore()
      .execute();
    return manager
      .getRepository(NoticeDocument)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.subject_type = :subjectType AND d.subject_id = :subjectId AND d.decision = :decision AND d.notified_on = :notifiedOn AND d.local_authority_id = :la', { ...key, la: key.localAuthorityId })
      .getOneOrFail();
  }

  /** After the caller's transaction: the PDF (audited read), or pending (enqueued again), or a 409 once given up. */
  async answer(actor: Actor, document: NoticeDocument): Promise<NoticeLetterAnswer> {
    if (document.status === PlanDocumentStatus.Failed) throw new NoticeLetterFailedError(document.attempts, document.failureReason);
    if (document.status !== PlanDocumentStatus.Rendered || !document.content) {
      await this.queue.enqueueNotice(document.id).catch(() => undefined); // the sweeper will, if Redis cannot now
      return { status: 'pending', document };
    }
    await this.audit.recordRead(actor, {
      action: 'decision_notice.pdf_read',
      entityType: document.subjectType,
      entityId: document.subjectId,
      metadata: { decision: document.decision, notifiedOn: document.notifiedOn, childId: document.childId, noticeDocumentId: document.id },
    });
    return { status: 'ready', document };
  }
}
