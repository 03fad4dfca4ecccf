import { Routes } from '@angular/router';

/** The full results of the top bar's search. */
export const searchRoutes: Routes = [
  {
    path: '',
    title: 'search.title',
    loadComponent: () => import('./results/search-results').then((m) => m.SearchResults),
  },
];
