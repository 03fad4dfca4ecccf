import { Routes } from '@angular/router';

/** «Заявки» (the Inbox module): every request by status and pipeline. */
export const inboxRoutes: Routes = [
  {
    path: '',
    title: 'nav.inbox',
    loadComponent: () => import('./requests/inbox-requests').then((m) => m.InboxRequests),
  },
];

/** Settings → the Inbox's (admins; the guard is the app's): web forms, regions, mailboxes. */
export const inboxSettingsRoutes: Routes = [
  {
    path: 'forms',
    title: 'forms.title',
    loadComponent: () => import('./admin/web-forms').then((m) => m.WebForms),
  },
  {
    path: 'mailboxes',
    title: 'mailboxes.title',
    loadComponent: () => import('./admin/mailboxes').then((m) => m.Mailboxes),
  },
  {
    path: 'regions',
    title: 'regions.title',
    loadComponent: () => import('./admin/regions').then((m) => m.Regions),
  },
];
