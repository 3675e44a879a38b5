export * from './boundaries.module';
export * from './boundaries-http.module';
export * from './transfers/transfers.service';
export { Transfer } from './entities/transfer.entity';
export * from './reassessment/reassessments.service';
export { ReassessmentRequest } from './entities/reassessment-request.entity';
export * from './health/health.service';
export * from './budgets/budgets.service';
export * from './provision/provision.service';
