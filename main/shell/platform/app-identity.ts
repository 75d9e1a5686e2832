// The app's identity on the desktop. It must equal `appId` in electron-builder.yml: Windows
// shows a packaged app's notifications only under the AppUserModelId its installer registered
// (a packaging test compares the two).
export const APP_ID = 'app.datafiniti-downloads';
