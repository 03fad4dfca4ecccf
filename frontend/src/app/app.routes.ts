import { Routes } from '@angular/router';
import { adminGuard, authGuard, salesAdminGuard } from './identity/auth-guard';
import { companyFieldsProvider, contactFieldsProvider } from './directory/directory-fields';

export const routes: Routes = [
  {
    path: 'sign-in',
    loadChildren: () => import('./identity/identity.routes').then((m) => m.signInRoutes),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'deals' },
      {
        path: 'deals',
        loadChildren: () => import('./deals/deals.routes').then((m) => m.dealsRoutes),
      },
      {
        path: 'tasks',
        loadChildren: () => import('./tasks/tasks.routes').then((m) => m.tasksRoutes),
      },
      {
        path: 'lists',
        loadChildren: () => import('./directory/directory.routes').then((m) => m.directoryRoutes),
      },
      {
        path: 'inbox',
        loadChildren: () => import('./inbox/inbox.routes').then((m) => m.inboxRoutes),
      },
      {
        path: 'reports',
        loadChildren: () => import('./reports/reports.routes').then((m) => m.reportsRoutes),
      },
      {
        path: 'chat',
        loadChildren: () => import('./messaging/messaging.routes').then((m) => m.messagingRoutes),
      },
      {
        path: 'settings/pipelines',
        loadChildren: () =>
          import('./pipelines/pipelines.routes').then((m) => m.pipelinesAdminRoutes),
      },
      {
        path: 'settings/deal-fields',
        canActivate: [salesAdminGuard],
        title: 'fieldsAdmin.title',
        loadComponent: () => import('./deals/admin/deal-fields').then((m) => m.DealFields),
      },
      {
        path: 'settings/company-fields',
        canActivate: [adminGuard],
        title: 'fieldsAdmin.companyTitle',
        providers: [companyFieldsProvider],
        loadComponent: () => import('./deals/admin/deal-fields').then((m) => m.DealFields),
      },
      {
        path: 'settings/contact-fields',
        canActivate: [adminGuard],
        title: 'fieldsAdmin.contactTitle',
        providers: [contactFieldsProvider],
        loadComponent: () => import('./deals/admin/deal-fields').then((m) => m.DealFields),
      },
      {
        path: 'settings/task-types',
        canActivate: [adminGuard],
        title: 'taskTypes.title',
        loadComponent: () => import('./tasks/admin/task-types').then((m) => m.TaskTypes),
      },
      {
        path: 'settings',
        loadChildren: () => import('./identity/identity.routes').then((m) => m.settingsRoutes),
      },
      { path: '**', redirectTo: 'deals' },
    ],
  },
];
