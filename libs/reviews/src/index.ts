export * from './reviews.module';
export * from './reviews-http.module';
export * from './reviews-jobs.module';
export * from './reviews.service';
export * from './reviews.errors';
export { Review, ReviewStatus } from './entities/review.entity';
export { ReviewSchedule } from './entities/review-schedule.entity';
