/** The messaging feature's public entry: the chat's routes, the cards' «Лента», the bell and its settings, the chat's counts. */
export { messagingRoutes } from './messaging.routes';
export { notificationSettingsRoutes } from './settings/settings.routes';
export { Feed } from './feed/feed';
export { NotificationBell } from './bell/bell';
export { NotificationsStore } from './data-access/notifications-store';
export { ChatStore } from './data-access/chat-store';
