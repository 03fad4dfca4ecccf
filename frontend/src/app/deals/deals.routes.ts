import { Routes } from '@angular/router';
import { SectionPlaceholder } from '../shared/ui/section-placeholder';

/** Pipelines and deals (the Deals module); the board comes here. */
export const dealsRoutes: Routes = [
  {
    path: '',
    title: 'nav.deals',
    component: SectionPlaceholder,
    data: { titleKey: 'nav.deals', textKey: 'deals.empty', icon: 'view_kanban' },
  },
];
