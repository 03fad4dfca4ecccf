import { Routes } from '@angular/router';
import { loadDealCard } from '../deals';

/** Tasks (the Tasks module): the organizer, a deal opened in place from a task, the calendar. */
export const tasksRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'nav.tasks',
    loadComponent: () => import('./organizer/organizer').then((m) => m.Organizer),
  },
  {
    // «Список»: every task in the shared table «как в Excel» (the view in the URL)
    path: 'list',
    title: 'tasksTable.label',
    loadComponent: () => import('./table/tasks-table').then((m) => m.TasksTable),
  },
  {
    path: 'calendar',
    title: 'tasks.calendarView',
    loadComponent: () => import('./calendar/calendar').then((m) => m.TasksCalendar),
  },
  {
    // The manual: click the deal name on a task → the deal card opens right there; «Назад»
    // returns to the list.
    path: 'deal/:id',
    title: 'deal.title',
    loadComponent: loadDealCard,
  },
];

/** Settings → task types. */
export const taskTypesAdminRoutes: Routes = [
  { path: '', loadComponent: () => import('./admin/task-types').then((m) => m.TaskTypes) },
];
