/** The approvals page's one stylesheet: readable on a laptop and a phone, light and dark, no external fonts. */
export const APPROVALS_CSS = `
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --ink: #1c2430; --muted: #5d6b7c; --line: #d9dee5;
  --ok: #1f7a3f; --bad: #b3261e; --wait: #9a6700; --accent: #2456a6; }
@media (prefers-color-scheme: dark) { :root { --bg: #14181e; --card: #1d232b; --ink: #e6eaef; --muted: #9aa7b6; --line: #313a45;
  --ok: #5cc98a; --bad: #ff8a80; --wait: #e3b341; --accent: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap;
  padding: .75rem 1.5rem; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.1rem; margin: 0; } header h1 a { color: inherit; text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.count { background: var(--line); border-radius: 1rem; padding: 0 .5rem; font-size: .85rem; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px;
  padding: .75rem 1rem; margin: .75rem 0; }
.card.pending { border-left-color: var(--wait); } .card.approved, .card.used { border-left-color: var(--ok); }
.card.denied, .card.cancelled { border-left-color: var(--bad); } .card.expired { opacity: .8; }
.head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.head h3 { margin: 0; font-size: 1.05rem; } .name { font-weight: 700; }
.status { font-size: .8rem; font-weight: 700; text-transform: uppercase; padding: .1rem .5rem; border-radius: 3px; border: 1px solid currentColor; }
.status.pending { color: var(--wait); } .status.approved, .status.used { color: var(--ok); }
.status.denied, .status.cancelled { color: var(--bad); } .status.expired { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: 8rem 1fr; gap: .2rem .75rem; margin: .6rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.resource { padding: .5rem .75rem; background: var(--bg); border-radius: 4px; }
.tag { display: inline-block; font: .85rem ui-monospace, monospace; background: var(--card); border: 1px solid var(--line);
  border-radius: 3px; padding: 0 .35rem; margin: 0 .2rem .2rem 0; }
.muted { color: var(--muted); } .empty { color: var(--muted); font-style: italic; }
a { color: var(--accent); }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, monospace; }
details summary { cursor: pointer; color: var(--muted); margin: .25rem 0; }
table.params { border-collapse: collapse; margin: .25rem 0 .5rem; width: 100%; }
table.params th, table.params td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.params th { width: 12rem; font-weight: 500; color: var(--muted); } table.params td { overflow-wrap: anywhere; }
.decide { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: .5rem; }
.decide form { display: flex; gap: .4rem; flex: 1 1 18rem; }
input { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--ink); flex: 1; min-width: 0; }
button { font: inherit; font-weight: 600; padding: .35rem .9rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.approve { background: var(--ok); border-color: var(--ok); } button.deny { background: var(--bad); border-color: var(--bad); }
button.quiet { background: transparent; color: var(--accent); }
.signout { display: flex; gap: .5rem; align-items: center; margin: 0; }
.signin { max-width: 28rem; margin: 2rem auto; } .signin form { display: grid; gap: .75rem; }
.signin label { display: grid; gap: .25rem; color: var(--muted); }
.notice { padding: .5rem .75rem; border-radius: 4px; border: 1px solid var(--line); background: var(--card); }
.notice.ok { border-color: var(--ok); } .notice.error { border-color: var(--bad); color: var(--bad); }
`;
