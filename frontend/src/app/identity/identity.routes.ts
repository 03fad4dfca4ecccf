import { Routes } from '@angular/router';
import { adminGuard, guestGuard } from './auth-guard';

/** Outside the shell. */
export const signInRoutes: Routes = [
  {
    path: '',
    canActivate: [guestGuard],
    title: 'signIn.title',
    loadComponent: () => import('./sign-in/sign-in').then((m) => m.SignIn),
  },
];

/** Under /settings in the shell. */
export const settingsRoutes: Routes = [
  {
    path: '',
    title: 'settings.title',
    loadComponent: () => import('./settings/settings').then((m) => m.Settings),
  },
  {
    path: 'users',
    canActivate: [adminGuard],
    title: 'settings.users',
    loadComponent: () => import('./users/users').then((m) => m.Users),
  },
  {
    path: 'profile',
    title: 'profile.title',
    loadComponent: () => import('./profile/profile').then((m) => m.Profile),
  },
];
