/** Strings of the notification bell ("Benachrichtigungen"). */
export const notificationTexts = {
  title: 'Benachrichtigungen',
  button: (unread: number) => (unread === 0 ? 'Benachrichtigungen, keine ungelesen' : unread === 1 ? 'Benachrichtigungen, 1 ungelesen' : `Benachrichtigungen, ${unread} ungelesen`),
  announce: (unread: number) => (unread === 1 ? 'Neue Benachrichtigung: 1 ungelesen' : `Neue Benachrichtigung: ${unread} ungelesen`),
  none: 'Keine Benachrichtigungen',
  loadFailed: 'Benachrichtigungen konnten nicht geladen werden.',
  newCase: (caseNumber: string, title: string) => `Neuer Vorgang ${caseNumber}: ${title}`,
  deadlineSoon: (caseNumber: string, title: string) => `Frist endet bald – ${caseNumber}: ${title}`,
  deadlineDue: (caseNumber: string, title: string) => `Frist endet heute oder ist überschritten – ${caseNumber}: ${title}`,
  taskAssigned: (caseNumber: string, title: string) => `Neue Aufgabe für Sie – ${caseNumber}: ${title}`,
  /** The line of a notification by its kind ('case.new', 'deadline.soon', 'deadline.due', 'task.assigned'). */
  line: (kind: string, caseNumber: string, title: string) =>
    kind === 'task.assigned' ? notificationTexts.taskAssigned(caseNumber, title) : kind === 'deadline.soon' ? notificationTexts.deadlineSoon(caseNumber, title) : kind === 'deadline.due' ? notificationTexts.deadlineDue(caseNumber, title) : notificationTexts.newCase(caseNumber, title),
  unread: 'ungelesen',
  readAll: 'Alle als gelesen markieren',
};
