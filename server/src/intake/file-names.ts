const MAX_NAME_LENGTH = 180;

/**
 * A file name that is safe to show and to use in a Content-Disposition header: no directories
 * (both slash kinds, drive letters), no control or bidi-override characters, no leading dots,
 * at most 180 characters with the extension kept.
 */
export function sanitizeFileName(raw: string | null | undefined, fallback = 'anlage'): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/^[a-zA-Z]:/, '');
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  name = name.replace(/[<>:"|?*]/g, '_').trim();
  name = name.replace(/^\.+/, '').trim();
  if (!name) name = fallback;
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return name;
}
