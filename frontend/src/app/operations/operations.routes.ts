import { Routes } from '@angular/router';

/** Under /settings/event-deliveries in the shell (admins only: the guard is on the parent route). */
export const operationsRoutes: Routes = [
  {
    path: '',
    loadComponent: () =>
      import('./event-deliveries/event-deliveries').then((m) => m.EventDeliveries),
  },
];
