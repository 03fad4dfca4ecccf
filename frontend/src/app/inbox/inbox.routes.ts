import { Routes } from '@angular/router';

/** «Заявки» (the Inbox module): every request by status and pipeline. */
export const inboxRoutes: Routes = [
  {
    path: '',
    title: 'nav.inbox',
    loadComponent: () => import('./requests/inbox-requests').then((m) => m.InboxRequests),
  },
];
