export * from './data-source';
export * from './database.module';
export * from './postgres-errors';
export * from './snake-naming.strategy';
export * from './migrate';
export * from './transaction';
export * from './database-roles';
export * from './database-role.check';
