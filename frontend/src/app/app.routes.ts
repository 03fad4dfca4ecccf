import { Routes } from '@angular/router';
import { adminGuard, authGuard, salesAdminGuard } from './identity';

// Every feature is reached through its public entry (src/app/<feature>/index.ts), loaded when
// its route is first visited: a static import here would put the feature in the first bundle.
export const routes: Routes = [
  {
    path: 'sign-in',
    loadChildren: () => import('./identity').then((m) => m.signInRoutes),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'deals' },
      { path: 'deals', loadChildren: () => import('./deals').then((m) => m.dealsRoutes) },
      { path: 'tasks', loadChildren: () => import('./tasks').then((m) => m.tasksRoutes) },
      { path: 'lists', loadChildren: () => import('./directory').then((m) => m.directoryRoutes) },
      { path: 'inbox', loadChildren: () => import('./inbox').then((m) => m.inboxRoutes) },
      { path: 'reports', loadChildren: () => import('./reports').then((m) => m.reportsRoutes) },
      { path: 'search', loadChildren: () => import('./search').then((m) => m.searchRoutes) },
      { path: 'chat', loadChildren: () => import('./messaging').then((m) => m.messagingRoutes) },
      {
        path: 'settings/pipelines',
        loadChildren: () => import('./pipelines').then((m) => m.pipelinesAdminRoutes),
      },
      {
        path: 'settings/deal-fields',
        canActivate: [salesAdminGuard],
        title: 'fieldsAdmin.title',
        loadChildren: () => import('./deals').then((m) => m.customFieldsAdminRoutes),
      },
      {
        path: 'settings/company-fields',
        canActivate: [adminGuard],
        title: 'fieldsAdmin.companyTitle',
        loadChildren: () => import('./directory').then((m) => m.companyFieldsRoutes),
      },
      {
        path: 'settings/contact-fields',
        canActivate: [adminGuard],
        title: 'fieldsAdmin.contactTitle',
        loadChildren: () => import('./directory').then((m) => m.contactFieldsRoutes),
      },
      {
        path: 'settings/task-types',
        canActivate: [adminGuard],
        title: 'taskTypes.title',
        loadChildren: () => import('./tasks').then((m) => m.taskTypesAdminRoutes),
      },
      {
        path: 'settings/tags',
        canActivate: [adminGuard],
        title: 'tagsAdmin.title',
        loadChildren: () => import('./tags').then((m) => m.tagsAdminRoutes),
      },
      {
        path: 'settings/inbox',
        canActivate: [adminGuard],
        loadChildren: () => import('./inbox').then((m) => m.inboxSettingsRoutes),
      },
      {
        path: 'settings/notifications',
        loadChildren: () => import('./messaging').then((m) => m.notificationSettingsRoutes),
      },
      {
        path: 'settings/event-deliveries',
        canActivate: [adminGuard],
        title: 'deliveries.title',
        loadChildren: () => import('./operations').then((m) => m.operationsRoutes),
      },
      {
        path: 'settings',
        loadChildren: () => import('./identity').then((m) => m.settingsRoutes),
      },
      { path: '**', redirectTo: 'deals' },
    ],
  },
];
