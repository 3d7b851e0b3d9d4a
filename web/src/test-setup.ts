import { loadAllFeatureStrings } from './i18n';

// The app loads a feature's dictionaries with its pages; a component test renders pages directly.
await loadAllFeatureStrings();
