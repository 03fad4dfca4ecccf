/** Types of docs/pipelines-deals-api.md, Deals module. */
export interface Card {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly companyName: string | null;
  readonly contactName: string | null;
  readonly responsibleId: string;
  readonly stageEnteredAt: string;
  readonly deadline: string | null;
  readonly version: number;
}

export type CustomFieldValue = string | number | boolean | readonly string[] | null;

export interface Deal {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly goal: string | null;
  readonly responsibleId: string;
  readonly companyName: string | null;
  readonly contactName: string | null;
  readonly deadline: string | null;
  readonly customFields: Readonly<Record<string, CustomFieldValue>>;
  readonly lossReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly stageEnteredAt: string;
  readonly createdBy: string;
  readonly version: number;
}

export type CustomFieldType =
  'text' | 'number' | 'date' | 'select' | 'multiselect' | 'checkbox' | 'url';
export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
  'text',
  'number',
  'date',
  'select',
  'multiselect',
  'checkbox',
  'url',
];

export interface CustomField {
  readonly id: string;
  readonly name: string;
  readonly type: CustomFieldType;
  readonly options: readonly string[];
  readonly position: number;
  readonly version: number;
}

export interface HistoryEntry {
  readonly fromStageId: string | null;
  readonly fromStageName: string | null;
  readonly toStageId: string;
  /** Null when the stage was removed since. */
  readonly toStageName: string | null;
  readonly changedAt: string;
  readonly changedBy: string;
}

export interface BoardStage {
  readonly stageId: string;
  readonly count: number;
  readonly budgetSum: number;
  readonly cards: readonly Card[];
  readonly nextCursor: string | null;
}

export interface Board {
  readonly pipelineId: string;
  readonly stages: readonly BoardStage[];
}

export interface StagePage {
  readonly stageId: string;
  readonly cards: readonly Card[];
  readonly nextCursor: string | null;
}

export interface BoardFilter {
  /** The responsible user's id for "Мои", null for "Все". */
  readonly responsibleId: string | null;
  readonly q: string;
}

export interface CreateDealRequest {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly name?: string;
  readonly budget?: number | null;
  readonly currency?: string;
  readonly goal?: string | null;
  readonly companyName?: string | null;
  readonly contactName?: string | null;
  readonly responsibleId?: string;
  readonly deadline?: string | null;
  readonly customFields?: Readonly<Record<string, CustomFieldValue>>;
}

export interface UpdateDealRequest {
  readonly name: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly goal: string | null;
  readonly companyName: string | null;
  readonly contactName: string | null;
  readonly deadline: string | null;
  readonly customFields: Readonly<Record<string, CustomFieldValue>>;
  readonly version: number;
}

export type DealChange = 'created' | 'updated' | 'moved' | 'assigned' | 'won' | 'lost' | 'deleted';

/** The hub's `dealChanged` message to everyone watching "pipeline:{id}". */
export interface DealChanged {
  readonly pipelineId: string;
  readonly dealId: string;
  readonly stageId: string;
  readonly card: Card | null;
  readonly change: DealChange;
}

/** The board's card from a full deal (what the server answered a command with). */
export function toCard(deal: Deal): Card {
  return {
    id: deal.id,
    number: deal.number,
    name: deal.name,
    budget: deal.budget,
    currency: deal.currency,
    companyName: deal.companyName,
    contactName: deal.contactName,
    responsibleId: deal.responsibleId,
    stageEnteredAt: deal.stageEnteredAt,
    deadline: deal.deadline,
    version: deal.version,
  };
}
