// The app's name as people see it: window and tray titles, menus, notifications, messages.
export const APP_NAME = 'Datafiniti Downloads';
