import { defineModule } from '../../kernel/module.ts';

export { createBackupStatusReader, type BackupStatus } from './backup.service.ts';
export { createBackupSchedule, runBackupProcess } from './backup.schedule.ts';

/**
 * Backup and restore: checked copies (`VACUUM INTO` or `pg_dump`) with the encrypted evidence store, kept N,
 * audited; restore into an empty folder only. No routes: the CLI runs it, the server schedules it daily when a
 * backup folder is configured (main.ts), and /api/health reports the newest copy's age.
 */
export const backupModule = defineModule({ name: 'backup' });
