import { Routes } from '@angular/router';

/** The team chat (the Messaging module): `?channel=<id>` opens a channel. */
export const messagingRoutes: Routes = [
  {
    path: '',
    title: 'nav.chat',
    loadComponent: () => import('./chat/chat').then((m) => m.Chat),
  },
];
