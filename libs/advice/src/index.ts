export * from './advice.module';
export * from './advice-http.module';
export * from './advice.service';
export { AdviceDiscipline, AdviceRequest, AdviceRequestStatus } from './entities/advice-request.entity';
export { AdviceSubmission } from './entities/advice-submission.entity';
export * from './attachments/advice-attachments.service';
export { AttachmentType, MAX_ATTACHMENT_BYTES } from './attachments/file-type';
export { AdviceException } from './entities/advice-exception.entity';
export { AdviceAttachment } from './entities/advice-attachment.entity';
