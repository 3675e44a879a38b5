export * from './case-import.module';
export * from './case-import-http.module';
export * from './case-import.service';
