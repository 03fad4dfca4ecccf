import { Routes } from '@angular/router';
import { SectionPlaceholder } from '../shared/ui/section-placeholder';

/** The team chat (the Messaging module). */
export const messagingRoutes: Routes = [
  {
    path: '',
    title: 'nav.chat',
    component: SectionPlaceholder,
    data: { titleKey: 'nav.chat', textKey: 'chat.empty', icon: 'forum' },
  },
];
