export { uiLogReaderChecks } from './checks.js';
export { LOGGING_CONFIG_CLASS, READER_LAYOUT, READER_SOURCE_NAME } from './layout.js';
export { localSettingsSource, READER_SOURCE_FILE, readerSource } from './local-settings.js';
export {
  ATTEMPT_FIELDS,
  type AttemptField,
  LOKI_MAX_ENTRIES,
  type ReaderSettings,
  readerSettings,
} from './settings.js';
export { uiLogReaderValues } from './values.js';
