import { Routes } from '@angular/router';

/** Under /settings/tags in the shell (admins only: the guard is on the parent route). */
export const tagsAdminRoutes: Routes = [
  { path: '', loadComponent: () => import('./admin/tags-admin').then((m) => m.TagsAdmin) },
];
