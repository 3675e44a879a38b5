export * from './deadlines.module';
export * from './deadlines.service';
export { Deadline, DeadlineState, DeadlineSubjectType } from './entities/deadline.entity';
export * from './dto/deadline.dto';
