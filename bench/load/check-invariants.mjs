// After a load run: for every package the run wrote, the history holds no event twice, eventCount equals the
// number of stored events, and the state is the newest stored event by event time (then event id).
// Usage: node bench/load/check-invariants.mjs <base-url> <prefix> <packages>
const [base, prefix, count] = process.argv.slice(2);
const reader = { 'x-api-key': 'local-reader-key' };
let stored = 0;
const problems = [];
for (let i = 0; i < Number(count); i++) {
  const id = `${prefix}-${String(i).padStart(2, '0')}`;
  const state = await fetch(`${base}/v1/tracking/${id}`, { headers: reader });
  if (state.status === 404) continue;
  const s = await state.json();
  const events = [];
  let cursor;
  do {
    const url = `${base}/v1/tracking/${id}/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await (await fetch(url, { headers: reader })).json();
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const ids = new Set(events.map((e) => e.eventId));
  if (ids.size !== events.length) problems.push(`${id}: an event is stored twice`);
  if (s.eventCount !== events.length) problems.push(`${id}: eventCount ${s.eventCount} for ${events.length} stored events`);
  const newest = [...events].sort((a, b) => (a.timestamp === b.timestamp ? (a.eventId < b.eventId ? -1 : 1) : (Date.parse(a.timestamp) - Date.parse(b.timestamp)))).at(-1);
  if (newest && s.eventId !== newest.eventId) problems.push(`${id}: state shows ${s.eventId}, newest stored is ${newest.eventId}`);
  stored += events.length;
}
console.log(`STORED ${stored}`);
for (const p of problems) console.log(`VIOLATION ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
