import { Routes } from '@angular/router';
import { SectionPlaceholder } from '../shared/ui/section-placeholder';

/** Pipeline reports and the forecast (read from the Deals module). */
export const reportsRoutes: Routes = [
  {
    path: '',
    title: 'nav.reports',
    component: SectionPlaceholder,
    data: { titleKey: 'nav.reports', textKey: 'reports.empty', icon: 'insights' },
  },
];
