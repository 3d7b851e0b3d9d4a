export * from './calendar.rules.ts';
export * from './calendar-data.ts';
export * from './calendar.schemas.ts';
export * from './calendar.contract.ts';
