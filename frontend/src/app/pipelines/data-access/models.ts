/** Types of docs/pipelines-deals-api.md, Pipelines module. */
export type PipelineKind = 'sales' | 'todo';
export const PIPELINE_KINDS: readonly PipelineKind[] = ['sales', 'todo'];
export type StageKind = 'unsorted' | 'open' | 'won' | 'lost';

export interface Stage {
  readonly id: string;
  readonly name: string;
  /** "#RRGGBB" */
  readonly color: string;
  readonly kind: StageKind;
  /** 0..100 */
  readonly probability: number;
  readonly position: number;
  readonly dealCount: number;
  readonly version: number;
  /** A removal was asked and Deals has not answered yet: no deal may enter the stage meanwhile. */
  readonly removing: boolean;
  /** The last removal was refused because this many deals stood in the stage; null when none was. */
  readonly refusedDealCount: number | null;
}

export interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly kind: PipelineKind;
  readonly position: number;
  readonly archived: boolean;
  readonly version: number;
  readonly stages: readonly Stage[];
}

export interface UpdatePipelineRequest {
  readonly name: string;
  readonly position: number;
  readonly archived: boolean;
  readonly version: number;
}

export interface CreateStageRequest {
  readonly name: string;
  readonly color: string;
  readonly kind: StageKind;
  readonly probability: number;
  readonly position?: number;
}

export interface UpdateStageRequest {
  readonly name: string;
  readonly color: string;
  readonly probability: number;
  readonly version: number;
}

/** Won and lost close a deal; the board shows them as drop zones, not columns. */
export const isClosingStage = (stage: Pick<Stage, 'kind'>): boolean =>
  stage.kind === 'won' || stage.kind === 'lost';
