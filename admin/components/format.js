// Units for people: durations in s / min / h, sizes in KB / MB. Shared by the
// panel's custom components (bundled with them).

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || seconds === '') return '–';
  const s = Math.round(Number(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const h = Math.floor(s / 3600);
  const min = Math.round((s % 3600) / 60);
  return min ? `${h} h ${min} min` : `${h} h`;
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || bytes === '') return '–';
  const b = Number(bytes);
  if (b < 1024) return `${b} bytes`;
  const units = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];
  const [unit, size] = units.find(([, size]) => b >= size);
  const value = b / size;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
