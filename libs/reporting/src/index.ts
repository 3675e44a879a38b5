export * from './reporting.module';
export * from './reporting-http.module';
export * from './timeliness.service';
export * from './risk.service';
export * from './reviews-report.service';
export * from './reporting-jobs.module';
export { BoardPackRendererService } from './board-pack/board-pack-renderer.service';
export { BoardPacksProcessor } from './board-pack/board-packs.processor';
