/** Strings of the notification bell ("Benachrichtigungen"). */
export const notificationTexts = {
  title: 'Benachrichtigungen',
  button: (unread: number) => (unread === 0 ? 'Benachrichtigungen, keine ungelesen' : unread === 1 ? 'Benachrichtigungen, 1 ungelesen' : `Benachrichtigungen, ${unread} ungelesen`),
  announce: (unread: number) => (unread === 1 ? 'Neue Benachrichtigung: 1 ungelesen' : `Neue Benachrichtigung: ${unread} ungelesen`),
  none: 'Keine Benachrichtigungen',
  loadFailed: 'Benachrichtigungen konnten nicht geladen werden.',
  newCase: (caseNumber: string, title: string) => `Neuer Vorgang ${caseNumber}: ${title}`,
  unread: 'ungelesen',
  readAll: 'Alle als gelesen markieren',
};
