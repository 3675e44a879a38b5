export * from './appeals.module';
export * from './appeals-http.module';
export * from './appeals.service';
export * from './appeal-subjects';
export * from './appeals.errors';
export { Appeal, AppealOutcome, AppealSubjectType, MediationOutcome } from './entities/appeal.entity';
export { AppealOrder } from './entities/appeal-order.entity';
export { AppealOrderDuty } from './entities/appeal-order-duty.entity';
export { AppealRecommendation } from './entities/appeal-recommendation.entity';
