// Where the real development images live (../shared/data beside the repository; never copied into it).
// One rule for the whole repository: lab/shared-data.ts (DOCLIVE_SHARED_DATA overrides).
export { sharedDataDir } from '../../lab/shared-data.js';
