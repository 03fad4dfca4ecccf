import { Routes } from '@angular/router';
import { SectionPlaceholder } from '../shared/ui/section-placeholder';

/** Lists ("Списки"): companies and contacts (the Directory module). */
export const directoryRoutes: Routes = [
  {
    path: '',
    title: 'nav.lists',
    component: SectionPlaceholder,
    data: { titleKey: 'nav.lists', textKey: 'lists.empty', icon: 'contacts' },
  },
];
