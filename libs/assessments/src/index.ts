export * from './assessments.module';
export * from './assessments-http.module';
export * from './assessments.service';
export * from './assessment-advice.port';
export * from './assessment-workflow';
export * from './assessments.errors';
export { Assessment, AssessmentStatus, RequestSource, WithdrawalReason, OPEN_STATUSES } from './entities/assessment.entity';
export { AssessmentException } from './entities/assessment-exception.entity';
export { SchoolConsultation } from './entities/school-consultation.entity';
