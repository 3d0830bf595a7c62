export { startEmulator, DEFAULT_APP, type Emulator, type EmulatorOptions, type EmulatorFaults } from './server.js';
export type { EmulatorState } from './state-snapshot.js';
export type { EmulatorClock, ClockOption } from './clock.js';
export type { Fault, FaultKind, FaultSpec } from './faults.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export type {
  App,
  RequestRecord,
  StoredArticle,
  NewsRecord,
  DraftRecord,
  FilteredRecord,
  ImageRecord,
  MediaRecord,
  MaterialRecord,
} from './store.js';
