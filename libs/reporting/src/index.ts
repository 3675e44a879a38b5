export * from './reporting.module';
export * from './reporting-http.module';
export * from './timeliness.service';
export * from './risk.service';
export * from './reviews-report.service';
