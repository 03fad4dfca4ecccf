import { CustomFieldValue } from '../../shared/forms/custom-field';
import { MoneySum } from '../../shared/format/money';
import { Tag } from '../../shared/ui/tags/tags-api';

/** Types of docs/pipelines-deals-api.md, Deals module. */
export interface Card {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly companyId: string | null;
  readonly companyName: string | null;
  /** The deal's main contact. */
  readonly contactId: string | null;
  readonly contactName: string | null;
  readonly responsibleId: string;
  readonly stageEnteredAt: string;
  readonly deadline: string | null;
  readonly version: number;
  /**
   * Tasks' facts about the deal (issue 5; the backend fills them from Tasks' events): open
   * tasks and the nearest due time. Absent from older servers: the card shows nothing then.
   */
  readonly openTaskCount?: number;
  readonly nextTaskDue?: string | null;
}

/** A contact linked to a deal (docs/directory-api.md, "From the deal"). */
export interface DealContact {
  /** Null on deals from before «Списки»: a typed name only (saved back, it becomes a record). */
  readonly contactId: string | null;
  readonly name: string;
  readonly isMain: boolean;
}

/**
 * A contact in a deal write: a record of «Списки» by id (a new one is added there first,
 * `recordForDeal`). The first is main unless one says.
 */
export interface DealContactInput {
  readonly contactId: string;
  readonly isMain?: boolean;
}

/**
 * The company of a deal write: a record of «Списки» by id, or none. `companyName` only sends
 * back the typed name of a deal from before «Списки» unchanged (the server refuses any other).
 */
export interface DealCompanyInput {
  readonly companyId?: string | null;
  readonly companyName?: string | null;
}

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
  readonly companyId: string | null;
  readonly companyName: string | null;
  /** The main one first is not promised: look at `isMain`. */
  readonly contacts: readonly DealContact[];
  readonly deadline: string | null;
  readonly customFields: Readonly<Record<string, CustomFieldValue>>;
  readonly lossReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly stageEnteredAt: string;
  readonly createdBy: string;
  readonly version: number;
  readonly openTaskCount?: number;
  readonly nextTaskDue?: string | null;
  /** «Теги», in order (Deals' own catalog). */
  readonly tags?: readonly Tag[];
}

export interface BoardStage {
  readonly stageId: string;
  readonly count: number;
  /** One sum per currency with a non-zero amount, roubles first, then by code (never mixed). */
  readonly budgetSums: readonly MoneySum[];
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
  /** «Без задач» / «С просроченными задачами» (`tasks=none|overdue`); absent: every deal. */
  readonly tasks?: BoardTaskFilter | null;
}

export type BoardTaskFilter = 'none' | 'overdue';

export interface CreateDealRequest {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly name?: string;
  readonly budget?: number | null;
  readonly currency?: string;
  readonly goal?: string | null;
  readonly companyId?: string | null;
  readonly companyName?: string | null;
  readonly contacts?: readonly DealContactInput[];
  readonly responsibleId?: string;
  readonly deadline?: string | null;
  readonly customFields?: Readonly<Record<string, CustomFieldValue>>;
}

export interface UpdateDealRequest {
  readonly name: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly goal: string | null;
  /** Both null: no company. */
  readonly companyId: string | null;
  readonly companyName: string | null;
  /** Replaces the deal's contacts; left out, they stay as they are. */
  readonly contacts?: readonly DealContactInput[];
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
  /** The stage a move left ("moved" only). */
  readonly fromStageId: string | null;
  readonly card: Card | null;
  readonly change: DealChange;
}

/** The board's card from a full deal (what the server answered a command with). */
export function toCard(deal: Deal): Card {
  const main = deal.contacts.find((c) => c.isMain) ?? deal.contacts[0] ?? null;
  return {
    id: deal.id,
    number: deal.number,
    name: deal.name,
    budget: deal.budget,
    currency: deal.currency,
    companyId: deal.companyId,
    companyName: deal.companyName,
    contactId: main?.contactId ?? null,
    contactName: main?.name ?? null,
    responsibleId: deal.responsibleId,
    stageEnteredAt: deal.stageEnteredAt,
    deadline: deal.deadline,
    version: deal.version,
    ...(deal.openTaskCount === undefined
      ? {}
      : { openTaskCount: deal.openTaskCount, nextTaskDue: deal.nextTaskDue ?? null }),
  };
}

/** A row of GET /api/deals?companyId=… or ?contactId=… (the deals of a company or contact). */
export interface DealListItem {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly responsibleId: string;
  readonly closedAt: string | null;
  readonly updatedAt: string;
}

export interface DealList {
  readonly items: readonly DealListItem[];
  readonly total: number;
}

/** A row of GET /api/deals/search: deals across all pipelines, open before closed. */
export interface DealSearchItem {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly stageId: string;
  readonly stageName: string;
  readonly companyName: string | null;
  readonly responsibleId: string;
  readonly closed: boolean;
}

/** Whose deals: exactly one of the two. */
export type DealParty = { readonly companyId: string } | { readonly contactId: string };

/** A row of the deals table (`GET /api/deals` without companyId/contactId): docs/pipelines-deals-api.md. */
export interface DealRow {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly budget: number | null;
  readonly currency: string;
  readonly responsibleId: string;
  readonly companyId: string | null;
  readonly companyName: string | null;
  readonly contactId: string | null;
  readonly contactName: string | null;
  readonly deadline: string | null;
  readonly customFields: Readonly<Record<string, CustomFieldValue>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly stageEnteredAt: string;
  readonly version: number;
  readonly openTaskCount: number;
  readonly nextTaskDue: string | null;
  readonly tags: readonly Tag[];
}

/** A page of the deals table; `total` and `budgetSums` come with the first page only, unless `totals=false`. */
export interface DealTablePage {
  readonly items: readonly DealRow[];
  readonly nextCursor: string | null;
  readonly total: number | null;
  readonly budgetSums: readonly MoneySum[] | null;
}

/** What a deals table view selects: `GET /api/deals/totals`. */
export interface DealTableTotals {
  readonly total: number;
  readonly budgetSums: readonly MoneySum[];
}

/** A change of many deals at once: `POST /api/deals/bulk` (up to 200 ids). */
export type BulkChange =
  | { readonly action: 'assign'; readonly ids: readonly string[]; readonly responsibleId: string }
  | { readonly action: 'move'; readonly ids: readonly string[]; readonly stageId: string }
  | { readonly action: 'addTag'; readonly ids: readonly string[]; readonly tagId: string }
  | { readonly action: 'delete'; readonly ids: readonly string[] };

export type { BulkJob, BulkResult } from '../../shared/ui/bulk-job/bulk-job';

/** The most deals one bulk change takes (a page of the table). */
export const BULK_MAX = 200;

/** The most deals one bulk change job takes (`POST /api/deals/bulk-jobs`). */
export const BULK_JOB_MAX = 10_000;

/** A bulk change without its ids: what a job does to every deal a view selects. */
export type BulkJobChange = DistributiveOmit<BulkChange, 'ids'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
