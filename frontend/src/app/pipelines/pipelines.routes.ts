import { Routes } from '@angular/router';
import { salesAdminGuard } from '../identity';

/** Settings → pipelines and stages (Admin, HeadOfSales), under /settings/pipelines. */
export const pipelinesAdminRoutes: Routes = [
  {
    path: '',
    canActivate: [salesAdminGuard],
    title: 'pipelinesAdmin.title',
    loadComponent: () => import('./admin/pipelines-admin').then((m) => m.PipelinesAdmin),
  },
  {
    path: ':id',
    canActivate: [salesAdminGuard],
    title: 'stagesAdmin.pageTitle',
    loadComponent: () => import('./admin/stages-admin').then((m) => m.StagesAdmin),
  },
];
