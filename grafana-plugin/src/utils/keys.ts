/** A tile's key: unique within the panel by room, device and kind. */
export function deviceKey(room: string | undefined, device: string, kind: string): string {
  return `${room ?? ''}/${device}/${kind}`;
}
