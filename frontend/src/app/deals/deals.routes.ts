import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';
import { PipelinesStore } from '../pipelines';

/** /deals opens the pipeline used last on this browser, or the first one. */
export const toRememberedPipeline: CanActivateFn = async () => {
  const pipelines = inject(PipelinesStore);
  const router = inject(Router);
  await pipelines.ensureLoaded();
  const pipeline = pipelines.defaultPipeline();
  return pipeline ? router.createUrlTree(['/deals/pipeline', pipeline.id]) : true;
};

/** Pipelines' boards and deal cards (the Deals module). */
export const dealsRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'nav.deals',
    canActivate: [toRememberedPipeline],
    loadComponent: () => import('./no-pipelines').then((m) => m.NoPipelines),
  },
  {
    path: 'pipeline/:pipelineId',
    title: 'nav.deals',
    loadComponent: () => import('./board/board').then((m) => m.Board),
  },
  {
    path: 'list',
    title: 'nav.deals',
    loadComponent: () => import('./table/deals-table').then((m) => m.DealsTable),
  },
  {
    path: ':id',
    title: 'deal.title',
    loadComponent: () => import('./deal-card/deal-card').then((m) => m.DealCard),
  },
];

/**
 * The custom-fields screen: the deals' fields, or another feature's when its route provides
 * CUSTOM_FIELDS_SOURCE (Directory's companies and contacts).
 */
export const customFieldsAdminRoutes: Routes = [
  { path: '', loadComponent: () => import('./admin/deal-fields').then((m) => m.DealFields) },
];
