import { Routes } from '@angular/router';

/** Settings → Уведомления (under /settings/notifications in the shell): everyone's own. */
export const notificationSettingsRoutes: Routes = [
  {
    path: '',
    title: 'notificationSettings.title',
    loadComponent: () => import('./notification-settings').then((m) => m.NotificationSettingsPage),
  },
];
