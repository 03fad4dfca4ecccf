/** The pipelines feature's public entry (pipelines, stages, their admin): see deals/index.ts. */
export { isClosingStage } from './data-access/models';
export type { Pipeline, Stage } from './data-access/models';
export { PipelinesStore, REMEMBERED_PIPELINE_KEY } from './data-access/pipelines-store';
export { pipelinesAdminRoutes } from './pipelines.routes';
