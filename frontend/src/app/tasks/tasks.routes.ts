import { Routes } from '@angular/router';
import { SectionPlaceholder } from '../shared/ui/section-placeholder';

/** Tasks (the Tasks module): today, tomorrow, overdue, calendar. */
export const tasksRoutes: Routes = [
  {
    path: '',
    title: 'nav.tasks',
    component: SectionPlaceholder,
    data: { titleKey: 'nav.tasks', textKey: 'tasks.empty', icon: 'task_alt' },
  },
];
