import { Routes } from '@angular/router';
import { SectionPlaceholder } from '../shared/ui/section-placeholder';

/** Incoming requests (the Inbox module). */
export const inboxRoutes: Routes = [
  {
    path: '',
    title: 'nav.inbox',
    component: SectionPlaceholder,
    data: { titleKey: 'nav.inbox', textKey: 'inbox.empty', icon: 'move_to_inbox' },
  },
];
