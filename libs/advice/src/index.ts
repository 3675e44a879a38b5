export * from './advice.module';
export * from './advice-http.module';
export * from './advice.service';
export { AdviceDiscipline, AdviceRequest, AdviceRequestStatus } from './entities/advice-request.entity';
export { AdviceSubmission } from './entities/advice-submission.entity';
