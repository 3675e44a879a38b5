import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ForbiddenError, NotFoundError } from '@app/core';
import { AuditService } from '@app/audit';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdviceRequestClosedError, AttachmentFrozenError, AttachmentTooLargeError, UnsupportedAttachmentError } from '../advice.errors';
import { AdviceService } from '../advice.service';
import { AdviceAttachment } from '../entities/advice-attachment.entity';
import { AdviceRequestStatus } from '../entities/advice-request.entity';
import { attachmentFileName, detectAttachmentType, MAX_ATTACHMENT_BYTES } from './file-type';
import { TxHost } from '@app/database';

/** A file that passed the upload checks: its stored name (extension from the content), type, size and digest. */
export interface CheckedFile {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Files sent with advice. The type is read from the content and names the stored file's extension; a file joins the adviser's next submission and is
 * frozen with it, so what the LA relied on can always be shown again.
 */
@Injectable()
export class AdviceAttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly advice: AdviceService,
    private readonly audit: AuditService,
  ) {}

  async upload(actor: Actor, requestId: string, fileName: string, content: Buffer): Promise<AdviceAttachment> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await this.advice.requireVisible(actor, requestId, true);
      if (!this.advice.mayContribute(actor, request)) throw new ForbiddenError('Only the adviser or a caseworker adds files to advice.');
      if (request.status === AdviceRequestStatus.Cancelled || request.status === AdviceRequestStatus.Reused) throw new AdviceRequestClosedError(`it is ${request.status}`);
      const file = this.checkFile(fileName, content);
      const mediaType = file.mediaType;
      const attachment = manager.create(AdviceAttachment, { adviceRequestId: request.id, localAuthorityId: request.localAuthorityId, submissionVersion: null, ...file, content, uploadedById: actor.userId });
      await manager.insert(AdviceAttachment, attachment);
      await this.audit.record(this.advice.actingForRequest(actor, request), {
        action: 'advice.attachment_added',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, attachmentId: attachment.id, mediaType, sizeBytes: content.length, sha256: attachment.sha256 },
      });
      return attachment;
    });
  }

  /**
   * The checks every upload passes, here and in other contexts (the family's documents): at most 10 MB (413), a PDF,
   * DOCX, PNG or JPEG by its content (415); the stored name takes its extension from the content, not the name.
   */
  checkFile(fileName: string, content: Buffer): CheckedFile {
    if (content.length > MAX_ATTACHMENT_BYTES) throw new AttachmentTooLargeError(MAX_ATTACHMENT_BYTES);
    const mediaType = detectAttachmentType(content);
    if (!mediaType) throw new UnsupportedAttachmentError();
    return { fileName: attachmentFileName(fileName, mediaType), mediaType, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
  }

  async download(actor: Actor, requestId: string, attachmentId: string): Promise<AdviceAttachment> {
    const manager = this.dataSource.manager;
    const request = await this.advice.requireVisible(actor, requestId);
    const attachment = await manager
      .getRepository(AdviceAttachment)
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :attachmentId AND a.advice_request_id = :requestId', { attachmentId, requestId: request.id })
      .getOne();
    if (!attachment) throw new NotFoundError('attachment', attachmentId);
    await this.audit.recordRead(this.advice.actingForRequest(actor, request), {
      action: 'advice.attachment_read',
      entityType: 'advice_request',
      entityId: request.id,
      metadata: { assessmentId: request.assessmentId, childId: request.childId, attachmentId },
    });
    return attachment;
  }

  /** A file not yet submitted can be withdrawn by whoever may contribute; a submitted one is frozen. */
  async remove(actor: Actor, requestId: string, attachmentId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await this.advice.requireVisible(actor, requestId, true);
      if (!this.advice.mayContribute(actor, request)) throw new ForbiddenError('Only the adviser or a caseworker removes files from advice.');
      const attachment = await manager.findOneBy(AdviceAttachment, { id: attachmentId, adviceRequestId: request.id });
      if (!attachment) throw new NotFoundError('attachment', attachmentId);
      if (attachment.submissionVersion !== null) throw new AttachmentFrozenError();
      await manager.delete(AdviceAttachment, { id: attachment.id });
      await this.audit.record(this.advice.actingForRequest(actor, request), {
        action: 'advice.attachment_removed',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, attachmentId },
      });
    });
  }
}
